#include "memwho/report/process_report.hpp"

#include <fmt/format.h>

#include <iterator>

namespace memwho {
namespace {

/// "A", "A and B", "A, B and C".
std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " and " : ", ";
    out += words[i];
  }
  return out;
}

}  // namespace

Note totals_footer(const std::vector<const ColumnMeta*>& columns, const std::vector<Total>& totals,
                   std::size_t rows, std::string_view noun, std::string_view nouns) {
  std::vector<std::string> added, left_out, unknown;
  bool pss_added = false;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const ColumnMeta& c = *columns[i];
    if (!c.is_size()) continue;
    if (!c.sums) {
      left_out.emplace_back(c.title);
      continue;
    }
    added.emplace_back(c.title);
    pss_added |= c.key == "pss";
    if (i < totals.size() && totals[i].unknown > 0) {
      const std::size_t k = totals[i].unknown;
      unknown.push_back(fmt::format("{} of {} {}", c.title, k, k == 1 ? noun : nouns));
    }
  }
  Note note{NoteKind::footer, "totals", {}, std::nullopt};
  if (added.empty() && left_out.empty()) return note;
  std::string& s = note.text;
  s = fmt::format("{} {}.", rows, rows == 1 ? noun : nouns);
  if (!added.empty()) {
    fmt::format_to(std::back_inserter(s), " TOTAL adds {}, which add{} up across {}",
                   join_words(added), added.size() == 1 ? "s" : "", nouns);
    if (pss_added) s += " (PSS splits each shared page among the processes that map it)";
    s += '.';
  }
  if (!left_out.empty()) {
    fmt::format_to(std::back_inserter(s),
                   " {} {} not added: a page shared by several processes counts once in each.",
                   join_words(left_out), left_out.size() == 1 ? "is" : "are");
  }
  if (!unknown.empty()) {
    fmt::format_to(std::back_inserter(s), " Not in TOTAL, as unknown: {}.", join_words(unknown));
  }
  return note;
}

std::vector<Label> process_labels(const ProcessRecord& r, std::string& pid_text) {
  pid_text = std::to_string(r.pid);
  std::vector<Label> labels{{"pid", pid_text}};
  if (r.identity_known) labels.push_back({"name", r.name});
  if (r.uid) labels.push_back({"user", r.user});
  return labels;
}

void report_processes(const std::vector<ProcessRecord>& records,
                      const std::vector<const ProcessColumn*>& columns, ViewInfo view,
                      ReportWriter& writer) {
  view.name = "processes";
  view.row = "process";
  view.columns = metas_of(columns);
  view.fixed_widths = false;
  view.blocks_are_processes = false;
  writer.begin(view);
  writer.begin_block({});
  Totals totals(columns.size());
  std::vector<Cell> cells(columns.size());
  std::string pid_text;
  for (const ProcessRecord& r : records) {
    for (std::size_t i = 0; i < columns.size(); ++i) cells[i] = columns[i]->value(r);
    totals.add(cells);
    const auto labels = process_labels(r, pid_text);
    writer.row(cells, labels);
  }
  BlockEnd end;
  end.totals = totals.get();
  end.show_totals = !records.empty();
  if (!records.empty()) {
    Note footer = totals_footer(view.columns, end.totals, records.size(), "process", "processes");
    if (!footer.text.empty()) end.notes.push_back(std::move(footer));
  }
  writer.end_block(end);
}

}  // namespace memwho
