#pragma once
// What a watch (--interval) keeps between its samples: the views hand it their rows before they
// report them; it sets each row's change, says who exited, and sums the series up at the end.
#include <string>
#include <vector>

#include "memwho/aggregate/watch_history.hpp"
#include "memwho/model/group_columns.hpp"
#include "memwho/model/process_columns.hpp"
#include "memwho/report/report.hpp"
#include "memwho/report/summary_report.hpp"
#include "memwho/scan/scan.hpp"

namespace memwho {

class WatchState {
 public:
  /// `reread_every`: --reread-every, the longest a process's counters are taken from memory.
  explicit WatchState(std::uint32_t reread_every = 10) : memory_(reread_every) {}
  /// Starts a sample taken `seconds` after the first, at `time` (ISO 8601).
  void begin_sample(double seconds, const std::string& time);
  /// Every process of the sample (not only those a --top keeps), before they are reported;
  /// sets their change against the previous sample for `key` (or PSS when `key` is no size).
  void observe(std::vector<ProcessRecord>& records, const ProcessSortKey& key);
  void observe(std::vector<GroupRow>& groups, const GroupSortKey& key);
  /// The notes of the sample: what exited since the previous one, what the change columns
  /// measure. Ends the sample.
  std::vector<Note> end_sample(bool explain_change);
  [[nodiscard]] bool empty() const { return history_.samples() == 0; }
  /// The summary rows, drawn for `utf8` or ASCII, and what the summary covers.
  [[nodiscard]] std::vector<SummaryRow> summary(bool utf8) const;
  [[nodiscard]] SummaryInfo info() const;
  /// What the scans of the watch need not read again.
  [[nodiscard]] const ScanMemory& memory() const { return memory_; }
  /// After a sample's scan: remembers it; the note on what was taken from memory, if any.
  std::optional<Note> remember(const ScanResult& result);

 private:
  WatchHistory history_;
  ScanMemory memory_;
  LeakRule rule_;
  std::string first_time_, last_time_;
  double seconds_ = 0;
  bool groups_ = false;
  std::string_view key_title_;  ///< what the change columns measure: "PSS"
};

}  // namespace memwho
