#include "memwho/capture/collect_capture.hpp"

#include <cstring>
#include <set>

#include "memwho/scan/read_cgroup.hpp"

namespace memwho {
namespace {

/// A ProcDir's path below its root as a member path: "" and "." are the root.
std::string member_path(std::string_view prefix, std::string_view dir, std::string_view name) {
  std::string out(prefix);
  while (dir.substr(0, 2) == "./") dir.remove_prefix(2);
  if (!dir.empty() && dir != ".") {
    out += dir;
    out += '/';
  }
  out += name;
  return out;
}

/// Records how a read that gave no file ended.
void record_unread(CaptureFiles& files, std::string path, const ReadOutcome& outcome) {
  UnreadFile u{outcome.status, outcome.error, outcome.detail != nullptr ? outcome.detail : ""};
  files.meta.unread[std::move(path)] = std::move(u);
}

/// Reads a whole streamed file (smaps), at most kMaxStreamedBytes.
ReadOutcome read_streamed(const ProcSource& source, const ProcDir& dir, const char* name,
                          std::string& bytes) {
  ReadOutcome outcome;
  const auto stream = source.open_stream(dir, name, outcome);
  if (!stream) return outcome;
  char chunk[64 * 1024];
  for (;;) {
    const long n = stream->read(chunk, sizeof chunk);
    if (n < 0) return stream->outcome();
    if (n == 0) return {};
    bytes.append(chunk, static_cast<std::size_t>(n));
    if (bytes.size() > kMaxStreamedBytes) {
      return {ReadStatus::failed, 0, "larger than the 1 GiB a capture holds of smaps"};
    }
  }
}

/// The files of one process directory (/proc/PID or its task/TID), into `out`. False when the
/// process is gone: its status or stat vanished.
bool collect_dir(const ProcSource& proc, const ProcDir& dir, bool maps, bool leader,
                 ReadBuffer& buf, CaptureFiles& out) {
  static constexpr const char* kWhole[] = {"status", "stat", "cmdline", "smaps_rollup", "cgroup"};
  for (const char* name : kWhole) {
    if (!leader && std::strcmp(name, "cgroup") == 0) continue;  // the scan reads the leader's
    const std::string path = member_path(kProcPrefix, dir.path(), name);
    const ReadOutcome read = proc.read_file(dir, name, buf);
    if (read.ok()) {
      out.members[path] = std::string(buf.text());
    } else if (read.status == ReadStatus::gone) {
      // No status or stat: the process exited. Any other file may simply not exist (no
      // smaps_rollup before Linux 4.14): the view then finds it absent, as it would live.
      if (std::strcmp(name, "status") == 0 || std::strcmp(name, "stat") == 0) return false;
    } else {
      record_unread(out, path, read);
    }
  }
  if (maps) {
    std::string bytes;
    const std::string path = member_path(kProcPrefix, dir.path(), "smaps");
    const ReadOutcome read = read_streamed(proc, dir, "smaps", bytes);
    if (read.ok()) {
      out.members[path] = std::move(bytes);
    } else if (read.status != ReadStatus::gone) {
      record_unread(out, path, read);
    }
  }
  return true;
}

/// A source that records every whole file read through it: the cgroup reader is run against
/// it, so the capture holds exactly the files the group view reads, found the way it finds them.
class RecordingSource final : public ProcSource {
 public:
  RecordingSource(const ProcSource& inner, CaptureFiles& files) : inner_(inner), files_(files) {}
  [[nodiscard]] const std::string& name() const override { return inner_.name(); }
  [[nodiscard]] std::vector<int> list_pids() const override { return {}; }
  [[nodiscard]] std::optional<int> self_pid() const override { return std::nullopt; }
  ProcDir open_dir(const ProcDir* parent, std::string_view name,
                   ReadOutcome& outcome) const override {
    return inner_.open_dir(parent, name, outcome);
  }
  [[nodiscard]] std::vector<int> list_numbers(const ProcDir&) const override { return {}; }
  ReadOutcome read_file(const ProcDir& dir, const char* name, ReadBuffer& buf) const override {
    const ReadOutcome read = inner_.read_file(dir, name, buf);
    const std::string path = member_path(kCgroupPrefix, dir.path(), name);
    if (read.ok()) {
      files_.members[path] = std::string(buf.text());
    } else if (read.status != ReadStatus::gone) {
      record_unread(files_, path, read);
    }
    return read;
  }
  std::unique_ptr<FileStream> open_stream(const ProcDir&, const char*,
                                          ReadOutcome& outcome) const override {
    outcome = {ReadStatus::failed, 0, "not recorded"};
    return nullptr;
  }

 private:
  const ProcSource& inner_;
  CaptureFiles& files_;
};

}  // namespace

void collect_processes(const ProcSource& proc, std::span<const ProcessRecord> records, bool maps,
                       CaptureFiles& files) {
  ReadBuffer buf;
  for (const ProcessRecord& rec : records) {
    ReadOutcome opened;
    const ProcDir dir = proc.open_dir(nullptr, pid_dir_name(rec.pid), opened);
    // One process's files go in together, or not at all (it exited while they were read).
    CaptureFiles one;
    bool present = dir.is_open() && collect_dir(proc, dir, maps, true, buf, one);
    if (present && rec.mm_tid != 0) {
      // A zombie leader's memory is its live thread's: the views read that thread's files.
      const ProcDir task = proc.open_dir(&dir, "task/" + pid_dir_name(rec.mm_tid), opened);
      present = task.is_open() && collect_dir(proc, task, maps, false, buf, one);
    }
    if (!present) {
      ++files.meta.vanished;
      continue;
    }
    files.members.merge(one.members);
    files.meta.unread.merge(one.meta.unread);
    ++files.meta.processes;
  }
}

void collect_cgroups(const ProcSource& sys, std::span<const ProcessRecord> records,
                     CaptureFiles& files) {
  std::set<std::pair<bool, std::string>> seen;
  const RecordingSource recorder(sys, files);
  for (const ProcessRecord& rec : records) {
    if (!rec.cgroup || !seen.emplace(rec.cgroup->v1, rec.cgroup->path).second) continue;
    read_cgroup_memory(recorder, *rec.cgroup);
  }
}

void collect_machine(const ProcSource& proc, CaptureFiles& files) {
  ReadBuffer buf;
  ReadOutcome outcome;
  const ProcDir root = proc.open_dir(nullptr, ".", outcome);
  if (!root.is_open()) return;
  if (proc.read_file(root, "meminfo", buf).ok()) {
    files.members[std::string(kProcPrefix) + "meminfo"] = std::string(buf.text());
  }
  const ProcDir sysvipc = proc.open_dir(&root, "sysvipc", outcome);
  if (sysvipc.is_open()) {
    const ReadOutcome read = proc.read_file(sysvipc, "shm", buf);
    const std::string path = std::string(kProcPrefix) + "sysvipc/shm";
    if (read.ok()) {
      files.members[path] = std::string(buf.text());
    } else if (read.status != ReadStatus::gone) {
      record_unread(files, path, read);
    }
  }
}

std::string read_first_line(const ProcSource& proc, std::string_view dir, const char* name) {
  ReadBuffer buf(4096);
  ReadOutcome outcome;
  const ProcDir d = proc.open_dir(nullptr, dir, outcome);
  if (!d.is_open() || !proc.read_file(d, name, buf).ok()) return {};
  const std::string_view text = buf.text();
  return std::string(text.substr(0, text.find('\n')));
}

}  // namespace memwho
