#include "memwho/report/process_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "memwho/report/table_report.hpp"

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
                   std::string_view count, std::string_view noun, std::string_view nouns) {
  std::vector<std::string> meant, added, unknown;
  // The columns left out, by reason, in the order the reasons first appear.
  std::vector<std::pair<std::string_view, std::vector<std::string>>> left_out;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const ColumnMeta& c = *columns[i];
    if (!c.is_size()) continue;
    if (!c.sums) {
      const std::string_view why = c.not_summed_because.empty()
                                       ? "a page shared by several processes counts once in each"
                                       : c.not_summed_because;
      auto it = std::find_if(left_out.begin(), left_out.end(),
                             [&](const auto& reason) { return reason.first == why; });
      if (it == left_out.end()) it = left_out.insert(left_out.end(), {why, {}});
      it->second.emplace_back(c.title);
      continue;
    }
    if (!c.sum_means.empty()) {
      meant.push_back(fmt::format("{} is {}", c.title, c.sum_means));
    } else {
      added.emplace_back(c.title);
    }
    if (i < totals.size() && totals[i].unknown > 0) {
      const std::size_t k = totals[i].unknown;
      unknown.push_back(fmt::format("{} of {} {}", c.title, k, k == 1 ? noun : nouns));
    }
  }
  Note note{NoteKind::footer, "totals", {}, std::nullopt};
  if (meant.empty() && added.empty() && left_out.empty()) return note;
  std::string& s = note.text;
  s = fmt::format("{}.", count);
  if (!meant.empty()) {
    fmt::format_to(std::back_inserter(s), " TOTAL {}", meant[0]);
    for (std::size_t i = 1; i < meant.size(); ++i) {
      fmt::format_to(std::back_inserter(s), "; {}", meant[i]);
    }
    s += '.';
  }
  if (!added.empty()) {
    fmt::format_to(std::back_inserter(s), " TOTAL adds {}{}, which add{} up across {}.",
                   meant.empty() ? "" : "also ", join_words(added), added.size() == 1 ? "s" : "",
                   nouns);
  }
  for (const auto& [why, titles] : left_out) {
    fmt::format_to(std::back_inserter(s), " {} {} not added: {}.", join_words(titles),
                   titles.size() == 1 ? "is" : "are", why);
  }
  bool bound = false;
  for (const Total& t : totals) bound |= t.at_least;
  if (bound) {
    s += " A sum marked >= is a lower bound: some of its processes could not be read.";
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

void report_processes(const std::vector<ProcessRecord>& records, std::size_t kept,
                      const std::vector<const ProcessColumn*>& columns, ViewInfo view,
                      ReportWriter& writer, const RowLimit& limit, std::string_view key_title,
                      std::optional<SelectionFrees> frees, std::vector<Note> extra) {
  if (view.name.empty()) view.name = "processes";  // or "tree"
  view.row = "process";
  view.columns = metas_of(columns);
  view.fixed_widths = false;
  view.blocks_are_processes = false;
  const RowWords<ProcessRecord> words{
      "process", "processes", [](std::span<const ProcessRecord> rows) {
        return fmt::format("{} {}", rows.size(), rows.size() == 1 ? "process" : "processes");
      }};
  report_table(records, kept, columns, view, writer, process_labels, words, limit, key_title,
               std::move(extra), std::move(frees));
}

}  // namespace memwho
