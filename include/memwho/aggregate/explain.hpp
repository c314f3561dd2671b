#pragma once
// --explain (issue 13): every RSS the kernel reports for a process side by side, each
// difference between them with the reason that holds on this kernel for this process, and the
// sizes (VSS, RSS, PSS, USS, swap, shared memory) applied to it. Pure: what was read comes in,
// rows and reasons go out; the report turns them into a block of rows and footer notes.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "memwho/aggregate/frees.hpp"
#include "memwho/model/frees_row.hpp"
#include "memwho/proc/kernel_release.hpp"
#include "memwho/proc/process_record.hpp"
#include "memwho/scan/read_rss_sources.hpp"

namespace memwho {

/// One figure of an explanation. `kind`: "rss" (a source of RSS), "reason" (a difference and
/// its reason: `item` is the reason's code), "size" (a size applied to the process), "group".
struct ExplainRow {
  std::optional<int> pid;  ///< the process; none for the group's rows
  std::string_view kind;
  std::string item;  ///< a stable key: "stat", "smaps_rollup", "counters_per_cpu", "uss"...
  std::optional<std::uint64_t> kib;
  bool at_least = false;                 ///< kib is a lower bound
  std::optional<std::int64_t> diff_kib;  ///< rss rows: minus the reference (a reason: signed)
  std::optional<std::uint64_t> read_us;  ///< when the read ended, µs after the first began
  std::string source;                    ///< where the figure comes from, in a few words
};

/// A reason in words, under the code its row carries.
struct ExplainReason {
  std::string code;
  std::string text;
};

struct Explanation {
  std::vector<ExplainRow> rows;
  std::vector<ExplainReason> reasons;
};

struct ExplainInput {
  const ProcessRecord* record = nullptr;
  const RssSources* sources = nullptr;
  std::string kernel;  ///< the release; empty when unknown
  RssCounting counting = RssCounting::unknown;
  /// The page size when smaps does not say (live: this machine's); nullopt for a tree from
  /// elsewhere.
  std::optional<std::uint64_t> page_kib_fallback;
  bool timed = false;  ///< the read moments mean something (a live /proc, not files on disk)
  const FreesRow* frees = nullptr;           ///< what stopping it frees (page frames or bounds)
  std::optional<MapcountBuckets> mapcounts;  ///< its frames by mapping count (root)
  std::span<const ShmemObject> objects;      ///< the shared memory objects measured
};

Explanation explain_process(const ExplainInput& in);

/// The group as a whole: the sums over its processes, and the exact figure only a census of
/// their frames gives (what only they map).
Explanation explain_group(std::span<const ProcessRecord> records, const FreesRow& all);

/// Every reason code explain_process and explain_group may give, for the docs and the tests.
std::span<const std::string_view> explain_reason_codes();

}  // namespace memwho
