#pragma once
// Pure, line-fed parser for /proc/PID/smaps and smaps_rollup. It keeps no line and allocates
// nothing per line, so a 20,000-mapping smaps streams through it in one pass.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "memwho/proc/smaps_counters.hpp"

namespace memwho {

/// The header line of one mapping: "start-end perms offset major:minor inode   path".
struct MappingHeader {
  std::uint64_t start = 0, end = 0, offset = 0, inode = 0;
  std::uint32_t dev_major = 0, dev_minor = 0;
  char perms[4] = {'-', '-', '-', '-'};  ///< r w x and s (shared) or p (private)
  /// Everything after the inode, exactly as the kernel printed it: a path (spaces, tabs and
  /// backslashes raw, a newline as "\012", maybe " (deleted)"), a [pseudo] name, or empty.
  std::string_view path;
};

/// Parses a mapping header line; nullopt when the line is not one.
std::optional<MappingHeader> parse_mapping_header(std::string_view line);

/// True when the line starts a mapping (a lower-case hex address); counter keys start upper-case.
inline bool is_mapping_header(std::string_view line) {
  if (line.empty()) return false;
  const char c = line.front();
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/// A line "Key:   1234 kB" of a counter memwho knows.
struct CounterLine {
  SmapsKey key;
  std::optional<std::uint64_t> kib;  ///< nullopt when the value is not "<digits> kB"
};
/// Parses a counter line; nullopt for other lines (unknown keys, VmFlags, ...).
std::optional<CounterLine> parse_counter_line(std::string_view line);

/// One mapping of smaps: header, counters, and the VmFlags codes ("rd wr mr mw me ac").
struct Mapping {
  MappingHeader header;
  SmapsCounters counters;
  std::string_view vm_flags;  ///< empty when the kernel printed no VmFlags line
  bool has_vm_flags = false;
};

/// Feeds smaps text one line at a time and hands each finished mapping to a sink. The
/// string_views in the Mapping stay valid only during the sink call.
class SmapsParser {
 public:
  using Sink = std::function<void(const Mapping&)>;
  explicit SmapsParser(Sink sink) : sink_(std::move(sink)) {}

  /// One line without its '\n'.
  void feed_line(std::string_view line);
  /// Emits the last mapping. Call once at end of input.
  void finish();
  /// Lines that were neither a header nor a "Key: N kB" counter, a VmFlags or a known
  /// non-counter key; a hint that the input is not smaps at all.
  [[nodiscard]] std::size_t unrecognised_lines() const { return unrecognised_; }
  [[nodiscard]] std::size_t mappings() const { return mappings_; }
  /// True when the input seems cut short: earlier mappings ended with VmFlags (every kernel
  /// since 3.8 prints it last) but the last one did not. The kernel ends smaps early, without
  /// an error, when the process exits during the read.
  [[nodiscard]] bool looks_truncated() const { return saw_vm_flags_ && !last_had_vm_flags_; }

 private:
  void emit();

  Sink sink_;
  Mapping current_;
  bool open_ = false;
  std::string path_;      // owns current_.header.path across lines
  std::string vm_flags_;  // owns current_.vm_flags
  std::size_t unrecognised_ = 0;
  std::size_t mappings_ = 0;
  bool saw_vm_flags_ = false;
  bool last_had_vm_flags_ = false;
};

/// Calls on_line for every line of text (without the '\n'); a last line without '\n' counts too.
template <class OnLine>
void for_each_line(std::string_view text, OnLine&& on_line) {
  while (!text.empty()) {
    const auto nl = text.find('\n');
    if (nl == std::string_view::npos) {
      on_line(text);
      return;
    }
    on_line(text.substr(0, nl));
    text.remove_prefix(nl + 1);
  }
}

/// Sets a parsed counter in `record`: a malformed or repeated value makes it unknown.
inline void add_counter(SmapsCounters& record, const CounterLine& counter) {
  if (counter.kib)
    record.add_once(counter.key, *counter.kib);
  else
    record.set_malformed(counter.key);
}

/// Sets the counter of one "Key: N kB" line of a record in `record`; other lines are ignored.
inline void add_counter_line(SmapsCounters& record, std::string_view line) {
  if (auto counter = parse_counter_line(line)) add_counter(record, *counter);
}

/// The counters summed over every record of smaps or smaps_rollup text. For smaps_rollup (one
/// record) these are the kernel's own per-process totals; for smaps it is the fallback used where
/// smaps_rollup does not exist (kernels before 4.14). Within a record a key repeated or a value
/// that is not "<digits> kB" makes that counter unknown.
SmapsCounters sum_smaps_counters(std::string_view text);

/// The same over a stream of lines: feed each line, then take total().
class SmapsSummer {
 public:
  void feed_line(std::string_view line) {
    if (is_mapping_header(line)) {
      total_ += record_;
      record_.clear();
    } else {
      add_counter_line(record_, line);
    }
  }
  [[nodiscard]] SmapsCounters total() const {
    SmapsCounters t = total_;
    t += record_;
    return t;
  }

 private:
  SmapsCounters total_, record_;
};

}  // namespace memwho
