#include "memwho/render/process_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "memwho/render/cells.hpp"
#include "memwho/render/escape.hpp"
#include "memwho/render/units.hpp"

namespace memwho {
namespace {

constexpr std::string_view kGap = "  ";

/// One line of the footer, naming only the totals the table shows.
std::string totals_legend(const std::vector<ProcessRecord>& records,
                          const std::vector<const Column*>& columns,
                          const std::vector<ColumnTotal>& totals) {
  std::string line = fmt::format("{} process{}", records.size(), records.size() == 1 ? "" : "es");
  std::size_t unknown_pss = 0;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const std::string_view key = columns[i]->key;
    if (key == "pss" && totals[i].known > 0) {
      fmt::format_to(std::back_inserter(line),
                     ": PSS {} is the real total (each shared page split among its sharers)",
                     human_kib(totals[i].kib));
      unknown_pss = records.size() - totals[i].known;
    }
  }
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i]->key == "rss" && totals[i].known > 0) {
      fmt::format_to(std::back_inserter(line), "; RSS {} double counts shared pages",
                     human_kib(totals[i].kib));
    }
  }
  if (unknown_pss > 0) {
    fmt::format_to(std::back_inserter(line), " (PSS unknown for {}, not in the totals)",
                   unknown_pss);
  }
  line += '\n';
  return line;
}

}  // namespace

std::vector<ColumnTotal> column_totals(const std::vector<ProcessRecord>& records,
                                       const std::vector<const Column*>& columns) {
  std::vector<ColumnTotal> totals(columns.size());
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (!columns[i]->summable) continue;
    for (const ProcessRecord& r : records) {
      const Cell cell = columns[i]->value(r);
      if (const auto* size = std::get_if<SizeKib>(&cell)) {
        totals[i].kib += size->kib;
        ++totals[i].known;
      }
    }
  }
  return totals;
}

std::string render_process_table(const std::vector<ProcessRecord>& records,
                                 const TableOptions& options) {
  const auto& columns = options.columns;
  const std::size_t ncol = columns.size();
  // Cells are formatted once, then measured: widths come from the data.
  std::vector<std::vector<std::string>> rows;
  rows.reserve(records.size() + 2);
  if (options.header) {
    auto& header = rows.emplace_back();
    for (const Column* c : columns) header.emplace_back(c->title);
  }
  for (const ProcessRecord& r : records) {
    auto& row = rows.emplace_back();
    row.reserve(ncol);
    for (const Column* c : columns) row.push_back(table_cell(c->value(r), SizeUnits::human));
  }
  const auto totals = column_totals(records, columns);
  const bool any_summable =
      std::any_of(columns.begin(), columns.end(), [](const Column* c) { return c->summable; });
  const bool show_totals = options.totals && any_summable && !records.empty();
  if (show_totals) {
    auto& row = rows.emplace_back();
    for (std::size_t i = 0; i < ncol; ++i) {
      if (!columns[i]->summable) {
        row.emplace_back(i == 0 ? "TOTAL" : "");
      } else if (totals[i].known == 0) {
        row.emplace_back("-");  // no row could fill it: unknown, not a measured 0
      } else {
        row.push_back(human_kib(totals[i].kib));
      }
    }
  }
  std::vector<std::size_t> widths(ncol, 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < ncol; ++i) widths[i] = std::max(widths[i], display_width(row[i]));
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < ncol; ++i) {
      const bool last = i + 1 == ncol;
      const bool right = !columns[i]->is_text();
      if (last && !right) {
        // The last text column is not padded, and is cut to fit a terminal's width.
        std::string_view text = row[i];
        if (options.max_width > 0) {
          const std::size_t used = display_width(line);
          const std::size_t room = options.max_width > used ? options.max_width - used : 0;
          text = truncate_to_width(text, room);
        }
        line.append(text);
      } else {
        append_padded(line, row[i], widths[i], right);
      }
      if (!last) line.append(kGap);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line;
    out += '\n';
  }
  if (show_totals) out += totals_legend(records, columns, totals);
  return out;
}

std::string render_process_tsv(const std::vector<ProcessRecord>& records,
                               const std::vector<const Column*>& columns, bool header) {
  std::string out;
  if (header) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) out += '\t';
      out += columns[i]->key;
    }
    out += '\n';
  }
  for (const ProcessRecord& r : records) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) out += '\t';
      append_tsv_cell(out, columns[i]->value(r));
    }
    out += '\n';
  }
  return out;
}

}  // namespace memwho
