#include "memwho/model/explain_columns.hpp"

#include <array>

namespace memwho {
namespace {

constexpr ColumnMeta text(std::string_view key, std::string_view title,
                          std::string_view description, Source src, std::uint8_t width) {
  ColumnMeta m{key, title, description, ValueKind::text, false, kNeedRollup, src, kInProcesses};
  m.width = width;
  return m;
}

constexpr ColumnMeta figure(std::string_view key, std::string_view title, ValueKind kind,
                            std::string_view description, Source src, std::uint8_t width) {
  // The rows are different figures of one process: adding them up means nothing.
  ColumnMeta m{key, title, description, kind, false, kNeedRollup, src, kInProcesses};
  m.width = width;
  m.not_summed_because = "the rows are different figures of one process";
  return m;
}

// clang-format off
constexpr std::array kColumns = {
    ExplainColumn{[] {
                    ColumnMeta m{"pid", "PID", "the process explained; none for the group's rows",
                                 ValueKind::number, false, kNeedNothing, {"", "the /proc directory"},
                                 kInProcesses};
                    m.width = 7;
                    return m;
                  }(),
                  [](const ExplainRow& r) -> Cell {
                    if (!r.pid) return std::monostate{};
                    return static_cast<std::int64_t>(*r.pid);
                  }},
    ExplainColumn{text("kind", "KIND",
                       "rss: a source of RSS; reason: a difference and why; size: a size applied "
                       "to the process; group: the group as a whole",
                       {"", "memwho"}, 6),
                  [](const ExplainRow& r) -> Cell { return r.kind; }},
    ExplainColumn{text("item", "ITEM",
                       "the figure's stable key (stat, smaps_rollup, uss...) or the reason's code",
                       {"", "memwho (docs/metrics.md, Explain)"}, 20),
                  [](const ExplainRow& r) -> Cell { return std::string_view(r.item); }},
    ExplainColumn{figure("kib", "KIB", ValueKind::size, "the figure, in KiB",
                         {"stat statm status smaps*", "as FROM says"},
                         10),
                  [](const ExplainRow& r) -> Cell {
                    if (!r.kib) return std::monostate{};
                    return SizeKib{*r.kib, r.at_least};
                  }},
    ExplainColumn{figure("diff", "DIFF", ValueKind::size_change,
                         "rss: minus the reference (smaps_rollup, else smaps, else status); "
                         "reason: the difference it explains",
                         {"", "KIB - the reference's KIB"}, 9),
                  [](const ExplainRow& r) -> Cell {
                    if (!r.diff_kib) return std::monostate{};
                    return SizeChangeKib{*r.diff_kib};
                  }},
    ExplainColumn{figure("read_us", "READ_US", ValueKind::number,
                         "when the file's read ended, in microseconds after the first read "
                         "began (a live /proc only)",
                         {"", "steady clock"}, 7),
                  [](const ExplainRow& r) -> Cell {
                    if (!r.read_us) return std::monostate{};
                    return static_cast<std::int64_t>(*r.read_us);
                  }},
    ExplainColumn{text("from", "FROM", "where the figure comes from, or the difference's terms",
                       {"", "memwho"}, 0),
                  [](const ExplainRow& r) -> Cell { return std::string_view(r.source); }},
};
// clang-format on

}  // namespace

std::span<const ExplainColumn> explain_columns() {
  return kColumns;
}

std::vector<const ExplainColumn*> default_explain_columns() {
  std::vector<const ExplainColumn*> out;
  for (const ExplainColumn& c : kColumns) out.push_back(&c);
  return out;
}

}  // namespace memwho
