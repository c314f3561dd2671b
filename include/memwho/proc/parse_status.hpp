#pragma once
// Pure parser for /proc/PID/status: text in, values out, no I/O.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace memwho {

/// What memwho takes from /proc/PID/status. Sizes are KiB ("kB" in the file).
struct StatusInfo {
  std::string name;  ///< comm, with the kernel's \n and \\ escapes undone (raw bytes)
  char state = '?';  ///< first letter of State: R S D Z T t X I ...
  std::optional<int> tgid, pid, ppid;
  std::optional<int> threads;        ///< "Threads:": more than 1 when the leader may be a zombie
  std::optional<std::uint32_t> uid;  ///< real uid (first of the four Uid: values)
  std::optional<bool> kthread;       ///< "Kthread:" line (6.x kernels); absent on older ones
  std::optional<std::uint64_t> vm_size, vm_rss, rss_anon, rss_file, rss_shmem, vm_swap, vm_hwm;
  /// "HugetlbPages:" (4.4+): hugetlbfs pages mapped, which no RSS figure counts.
  std::optional<std::uint64_t> hugetlb;
  /// The first key whose value was not what the kernel prints ("VmRSS" for "VmRSS: 12abc kB"),
  /// and how many such keys there were. Such values stay unknown, never a number.
  std::string malformed;
  std::size_t malformed_count = 0;

  /// Kernel threads and zombies have no mm, and the kernel prints no Vm* lines for them.
  /// (The VmSize line counts even when its value is malformed: it is there, so is the mm.)
  [[nodiscard]] bool has_address_space() const { return has_vm_size_line; }
  /// True when the text is a status file at all: the kernel always prints Name, State and Pid.
  [[nodiscard]] bool looks_valid() const { return has_name && state != '?' && pid.has_value(); }

  bool has_name = false;
  bool has_vm_size_line = false;

  // Used while parsing.
  std::optional<std::uint64_t> take_kib(std::string_view key, std::string_view value);
  void note_malformed(std::string_view key);
};

/// Parses the whole text of a status file. Keys are matched by name, never by position; unknown
/// keys are skipped, so any kernel's status parses. Never throws; malformed values stay absent.
StatusInfo parse_status(std::string_view text);

/// Undoes the escaping of status "Name:" (seq_escape_str with "\n\\": only newline and backslash).
std::string unescape_status_name(std::string_view escaped);

}  // namespace memwho
