#pragma once
// A proc tree: the live /proc, or a captured/fixture tree read the same way (--proc-root).
#include <optional>
#include <string>
#include <vector>

#include "memwho/proc/process_record.hpp"
#include "memwho/proc/read_buffer.hpp"

namespace memwho {

/// Owns a directory fd on the root of a proc tree; every read is openat() relative to it.
class ProcRoot {
 public:
  /// Opens `path`; on failure returns nullopt and sets `error` to a message naming the path.
  static std::optional<ProcRoot> open(const std::string& path, std::string& error);
  ProcRoot(ProcRoot&& other) noexcept;
  ProcRoot& operator=(ProcRoot&&) = delete;
  ProcRoot(const ProcRoot&) = delete;
  ~ProcRoot();

  [[nodiscard]] int fd() const { return fd_; }
  [[nodiscard]] const std::string& path() const { return path_; }
  /// The numeric entries of the root, i.e. the thread-group leaders, in directory order.
  [[nodiscard]] std::vector<int> list_pids() const;
  /// The pid "self" points at, when the tree has one (the live /proc does; fixtures do not).
  [[nodiscard]] std::optional<int> self_pid() const;

 private:
  ProcRoot(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::string path_;
};

/// An open /proc/PID directory. Reading every file relative to this fd means that all of a
/// record's files come from one process even if the pid is reused meanwhile.
class PidDir {
 public:
  PidDir(const ProcRoot& root, int pid);
  PidDir(const PidDir&) = delete;
  PidDir& operator=(const PidDir&) = delete;
  ~PidDir();
  [[nodiscard]] bool is_open() const { return fd_ >= 0; }
  [[nodiscard]] int fd() const { return fd_; }
  [[nodiscard]] const ReadOutcome& open_outcome() const { return outcome_; }

 private:
  int fd_ = -1;
  ReadOutcome outcome_;
};

/// What reading a process produced.
enum class IdentifyStatus { ok, gone, unreadable };

/// Reads status (and cmdline when `want_cmdline`) into `rec`. Sizes from status land in the
/// record too: they cost nothing more. `gone` means the process exited: skip it silently.
IdentifyStatus identify_process(const PidDir& dir, int pid, bool want_cmdline, ReadBuffer& buf,
                                ProcessRecord& rec);

/// Reads the smaps counters into `rec`: smaps_rollup, or Σ smaps where the tree has no rollup.
/// Returns false when the process exited meanwhile (skip it silently).
bool measure_process(const PidDir& dir, ReadBuffer& buf, ProcessRecord& rec);

}  // namespace memwho
