#include "memwho/cli/watch_state.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

namespace memwho {
namespace {

/// A cell's KiB when it is an exact size; a bound or unknown is no point of a series.
std::optional<std::uint64_t> exact_kib(const Cell& cell) {
  const auto* size = std::get_if<SizeKib>(&cell);
  if (size == nullptr || size->at_least) return std::nullopt;
  return size->kib;
}

/// The column the change columns measure: the sort key when it is a size (and not a change
/// itself), else PSS.
template <class Row>
const Column<Row>* change_key(std::span<const Column<Row>> all, const SortKey<Row>& key) {
  const ColumnMeta& m = key.column->meta;
  if (m.is_size() && (m.views & kInWatch) == 0) return key.column;
  return find_column(all, "pss", static_cast<std::uint8_t>(0xff));
}

/// Observes every row of a sample under its identity; sets its change.
template <class Row, class IdOf, class LabelOf, class SetChange>
std::string_view observe_rows(WatchHistory& history, std::vector<Row>& rows,
                              std::span<const Column<Row>> all, const SortKey<Row>& sort,
                              IdOf id_of, LabelOf label_of, SetChange set_change) {
  const Column<Row>* key = change_key(all, sort);
  const Column<Row>* pss = find_column(all, "pss", static_cast<std::uint8_t>(0xff));
  const Column<Row>* uss = find_column(all, "uss", static_cast<std::uint8_t>(0xff));
  for (Row& row : rows) {
    SeriesPoint point;
    point.pss = exact_kib(pss->value(row));
    point.uss = exact_kib(uss->value(row));
    point.key = exact_kib(key->value(row));
    set_change(row, history.observe(id_of(row), label_of(row), point));
  }
  return key->meta.title;
}

}  // namespace

void WatchState::begin_sample(double seconds, const std::string& time) {
  history_.begin_sample(seconds);
  memory_.begin_sample();
  seconds_ = seconds;
  if (first_time_.empty()) first_time_ = time;
  last_time_ = time;
}

void WatchState::observe(std::vector<ProcessRecord>& records, const ProcessSortKey& key) {
  key_title_ = observe_rows(
      history_, records, process_columns(), key,
      // pid + start time: a pid reused by another process starts a new series.
      [](const ProcessRecord& r) { return fmt::format("{}:{}", r.pid, r.start_time.value_or(0)); },
      [](const ProcessRecord& r) {
        return SeriesLabel{r.pid, r.name};
      },
      [](ProcessRecord& r, const RowChange& c) { r.change = c; });
}

void WatchState::observe(std::vector<GroupRow>& groups, const GroupSortKey& key) {
  groups_ = true;
  key_title_ = observe_rows(
      history_, groups, group_columns(), key, [](const GroupRow& g) { return g.key; },
      [](const GroupRow& g) {
        return SeriesLabel{0, g.key};
      },
      [](GroupRow& g, const RowChange& c) { g.change = c; });
}

std::vector<Note> WatchState::end_sample(bool explain_change) {
  std::vector<Note> notes;
  const std::vector<SeriesLabel> exited = history_.end_sample();
  if (!exited.empty()) {
    Note n{NoteKind::footer, "exited", {}, std::nullopt};
    n.text = fmt::format("Exited since the previous sample ({}):", exited.size());
    const std::size_t shown = std::min<std::size_t>(exited.size(), 10);
    for (std::size_t i = 0; i < shown; ++i) {
      const SeriesLabel& l = exited[i];
      if (groups_) {
        fmt::format_to(std::back_inserter(n.text), "{} {}", i == 0 ? "" : ",", l.name);
      } else {
        fmt::format_to(std::back_inserter(n.text), "{} {} ({})", i == 0 ? "" : ",", l.pid, l.name);
      }
    }
    if (exited.size() > shown)
      fmt::format_to(std::back_inserter(n.text), ", and {} more", exited.size() - shown);
    n.text += '.';
    notes.push_back(std::move(n));
  }
  if (explain_change && history_.samples() > 1 && !key_title_.empty()) {
    notes.push_back({NoteKind::footer, "change",
                     fmt::format("CHANGE: {} since the previous sample; SINCE_1ST: since the "
                                 "first sample the row was in ({} for rows there from the "
                                 "start); NEW: not in the previous sample.",
                                 key_title_, first_time_),
                     std::nullopt});
  }
  return notes;
}

std::vector<SummaryRow> WatchState::summary(bool utf8) const {
  std::vector<SummaryRow> rows;
  for (SeriesSummary& s : history_.summaries(rule_)) {
    SummaryRow row;
    row.trend = sparkline(s.pss_points, 40, utf8);
    row.summary = std::move(s);
    row.groups = groups_;
    rows.push_back(std::move(row));
  }
  // Suspects first, then the fastest growers: what a reader looks for.
  std::stable_sort(rows.begin(), rows.end(), [](const SummaryRow& a, const SummaryRow& b) {
    if (a.summary.leak_suspect != b.summary.leak_suspect) return a.summary.leak_suspect;
    return a.summary.pss_kib_per_minute.value_or(-1e300) >
           b.summary.pss_kib_per_minute.value_or(-1e300);
  });
  return rows;
}

std::optional<Note> WatchState::remember(const ScanResult& result) {
  memory_.update(result.records, result.unselected);
  if (result.reused == 0) return std::nullopt;
  return Note{NoteKind::footer, "reused",
              fmt::format("The smaps figures (PSS, USS, SWAP...) of {} of the {} processes are "
                          "from an earlier sample: their VSS and RSS did not change. Each is "
                          "read again at least every {} samples; --reread-every 1 reads all.",
                          result.reused, result.records.size(), memory_.every()),
              std::nullopt};
}

SummaryInfo WatchState::info() const {
  return {history_.samples(), first_time_, last_time_, seconds_, rule_};
}

}  // namespace memwho
