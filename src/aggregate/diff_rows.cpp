#include "memwho/aggregate/diff_rows.hpp"

#include <map>

#include "memwho/model/mapping_columns.hpp"
#include "memwho/model/process_columns.hpp"

namespace memwho {
namespace {

constexpr DiffFigure kFigures[] = {DiffFigure::rss, DiffFigure::pss, DiffFigure::uss,
                                   DiffFigure::swap};
constexpr std::string_view kFigureKeys[] = {"rss", "pss", "uss", "swap"};

/// A side's figures from the columns of the view the row comes from, so that a diff shows the
/// very figures `memwho` (or --maps --by=file) shows of each side.
template <class Row>
DiffSide side_of(const Row& row, const Column<Row>* const (&columns)[kDiffFigures]) {
  DiffSide side;
  side.present = true;
  for (std::size_t i = 0; i < kDiffFigures; ++i) side.figures[i] = columns[i]->value(row);
  return side;
}

/// A row of one side only, or of both, keyed by text: groups and objects.
template <class Item, class SideOf>
std::vector<DiffRow> diff_by_key(const std::map<std::string, const Item*>& a,
                                 const std::map<std::string, const Item*>& b, SideOf side_of_item) {
  std::vector<DiffRow> rows;
  auto ia = a.begin();
  auto ib = b.begin();
  while (ia != a.end() || ib != b.end()) {
    DiffRow row;
    const bool take_a = ib == b.end() || (ia != a.end() && ia->first <= ib->first);
    const bool take_b = ia == a.end() || (ib != b.end() && ib->first <= ia->first);
    row.key = take_a ? ia->first : ib->first;
    if (take_a) row.a = side_of_item(*(ia++)->second);
    if (take_b) row.b = side_of_item(*(ib++)->second);
    row.match = take_a && take_b ? DiffMatch::key : take_a ? DiffMatch::gone : DiffMatch::fresh;
    rows.push_back(std::move(row));
  }
  return rows;
}

DiffMatch match_of(const ProcessMatch& m) {
  if (!m.a) return DiffMatch::fresh;
  if (!m.b) return DiffMatch::gone;
  switch (*m.by) {
    case MatchedBy::pid:
      return DiffMatch::pid;
    case MatchedBy::cmdline:
      return DiffMatch::cmdline;
    case MatchedBy::name:
      break;
  }
  return DiffMatch::name;
}

}  // namespace

std::vector<DiffRow> diff_processes(const std::vector<ProcessRecord>& a,
                                    const std::vector<ProcessRecord>& b, MatchRule rule) {
  const auto keys = [](const std::vector<ProcessRecord>& records) {
    std::vector<ProcessKey> out;
    out.reserve(records.size());
    for (const ProcessRecord& r : records) {
      out.push_back({r.pid, r.start_time, r.command, r.name});
    }
    return out;
  };
  const std::vector<ProcessKey> ka = keys(a);
  const std::vector<ProcessKey> kb = keys(b);
  const ProcessColumn* columns[kDiffFigures];
  for (std::size_t i = 0; i < kDiffFigures; ++i) columns[i] = find_process_column(kFigureKeys[i]);
  const auto side = [&](const ProcessRecord& r) {
    DiffSide s = side_of(r, columns);
    s.pid = r.pid;
    s.processes = 1;
    return s;
  };
  std::vector<DiffRow> rows;
  for (const ProcessMatch& m : match_processes(ka, kb, rule)) {
    const ProcessRecord& shown = m.b ? b[*m.b] : a[*m.a];
    DiffRow row;
    row.key = shown.command;
    row.name = shown.name;
    if (m.a) row.a = side(a[*m.a]);
    if (m.b) row.b = side(b[*m.b]);
    row.match = match_of(m);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<DiffRow> diff_groups(const std::vector<GroupRow>& a, const std::vector<GroupRow>& b) {
  const auto by_key = [](const std::vector<GroupRow>& groups) {
    std::map<std::string, const GroupRow*> out;
    for (const GroupRow& g : groups) out.emplace(g.key, &g);
    return out;
  };
  return diff_by_key(by_key(a), by_key(b), [](const GroupRow& g) {
    DiffSide s;
    s.present = true;
    s.processes = g.processes;
    s.figures = {g.sum_cell(g.sum.get(SmapsKey::rss)), g.sum_cell(g.sum.get(SmapsKey::pss)),
                 g.sum_cell(g.sum.uss()), g.sum_cell(g.sum.get(SmapsKey::swap))};
    return s;
  });
}

std::vector<DiffRow> diff_objects(const std::vector<FileUsage>& a,
                                  const std::vector<FileUsage>& b) {
  // Objects of one name (the same path on two devices) added into one.
  const auto by_name = [](const std::vector<FileUsage>& objects) {
    std::map<std::string, FileUsage> merged;
    for (const FileUsage& u : objects) {
      auto [it, added] = merged.try_emplace(u.name, u);
      if (added) continue;
      it->second.counters += u.counters;
      it->second.mappings += u.mappings;
      it->second.processes += u.processes;
    }
    return merged;
  };
  const std::map<std::string, FileUsage> ma = by_name(a);
  const std::map<std::string, FileUsage> mb = by_name(b);
  const auto pointers = [](const std::map<std::string, FileUsage>& m) {
    std::map<std::string, const FileUsage*> out;
    for (const auto& [name, u] : m) out.emplace(name, &u);
    return out;
  };
  const MappingColumn* columns[kDiffFigures];
  for (std::size_t i = 0; i < kDiffFigures; ++i) {
    columns[i] = find_mapping_column(kFigureKeys[i], kInObjects);
  }
  return diff_by_key(pointers(ma), pointers(mb), [&](const FileUsage& u) {
    DiffSide s = side_of(u.row(), columns);
    s.processes = u.processes;
    return s;
  });
}

}  // namespace memwho
