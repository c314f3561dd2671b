#include "memwho/report/diff_report.hpp"

#include <fmt/format.h>

#include "memwho/report/table_report.hpp"

namespace memwho {

std::vector<Label> diff_labels(const DiffRow& r, std::uint8_t view, std::string& scratch) {
  if (view == kInGroups) return {{"group", r.key}};
  if (view == kInObjects) return {{"mapping", r.key}};
  // Both pids live in `scratch`, written before any view into it is taken.
  const std::string a = r.a.pid ? std::to_string(*r.a.pid) : std::string();
  const std::string b = r.b.pid ? std::to_string(*r.b.pid) : std::string();
  scratch = a + b;
  const std::string_view text(scratch);
  std::vector<Label> labels;
  if (r.a.pid) labels.push_back({"pid_before", text.substr(0, a.size())});
  if (r.b.pid) labels.push_back({"pid_after", text.substr(a.size())});
  labels.push_back({"name", r.name});
  return labels;
}

void report_diff(const std::vector<DiffRow>& rows, std::size_t kept, const DiffKind& kind,
                 const std::vector<const DiffColumn*>& columns, ViewInfo view, ReportWriter& writer,
                 const RowLimit& limit, std::string_view key_title, std::vector<Note> notes) {
  view.name = "diff";
  view.row = kind.view == kInGroups    ? "diff_group"
             : kind.view == kInObjects ? "diff_object"
                                       : "diff_process";
  view.columns = metas_of(columns);
  view.fixed_widths = false;
  view.blocks_are_processes = false;
  const RowWords<DiffRow> words{kind.noun, kind.nouns, [&kind](std::span<const DiffRow> shown) {
                                  std::size_t gone = 0, fresh = 0;
                                  for (const DiffRow& r : shown) {
                                    gone += r.match == DiffMatch::gone;
                                    fresh += r.match == DiffMatch::fresh;
                                  }
                                  return fmt::format(
                                      "{} {} ({} only in A, {} only in B)", shown.size(),
                                      shown.size() == 1 ? kind.noun : kind.nouns, gone, fresh);
                                }};
  const std::uint8_t mask = kind.view;
  report_table(
      rows, kept, columns, view, writer,
      [mask](const DiffRow& r, std::string& scratch) { return diff_labels(r, mask, scratch); },
      words, limit, key_title, std::move(notes));
}

}  // namespace memwho
