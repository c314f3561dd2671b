#include "memwho/render/process_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "memwho/render/cells.hpp"
#include "memwho/render/text_width.hpp"
#include "memwho/render/units.hpp"

namespace memwho {
namespace {

constexpr std::size_t kGap = 2;
/// COMMAND gets at least this many cells (or all it needs, when less) before the table turns
/// compact: "postgres: 15/main: " is already 19 cells and all PostgreSQL rows start with it.
constexpr std::size_t kMinCommandCells = 24;

/// "A", "A and B", "A, B and C".
std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " and " : ", ";
    out += words[i];
  }
  return out;
}

/// The cells of a table, already formatted, and the widths they need.
struct Grid {
  std::vector<std::vector<std::string>> rows;  // header (optional), records, TOTAL (optional)
  std::vector<std::size_t> widths;
  bool has_header = false;
  bool has_total = false;
};

Grid make_grid(const std::vector<ProcessRecord>& records, const TableOptions& options,
               const std::vector<ColumnTotal>& totals, bool show_totals, SizeUnits units) {
  const auto& columns = options.columns;
  const std::size_t ncol = columns.size();
  Grid g;
  g.rows.reserve(records.size() + 2);
  if (options.header) {
    auto& header = g.rows.emplace_back();
    for (const Column* c : columns) header.emplace_back(c->title);
    g.has_header = true;
  }
  for (const ProcessRecord& r : records) {
    auto& row = g.rows.emplace_back();
    row.reserve(ncol);
    for (const Column* c : columns)
      row.push_back(table_cell(c->value(r), {units, options.charset}));
  }
  if (show_totals) {
    auto& row = g.rows.emplace_back();
    for (std::size_t i = 0; i < ncol; ++i) {
      if (!columns[i]->summable) {
        row.emplace_back(i == 0 ? "TOTAL" : "");
      } else if (totals[i].known == 0) {
        row.emplace_back("-");  // no row could fill it: unknown, not a measured 0
      } else {
        row.push_back(table_cell(SizeKib{totals[i].kib}, {units, options.charset}));
      }
    }
    g.has_total = true;
  }
  g.widths.assign(ncol, 0);
  for (const auto& row : g.rows) {
    for (std::size_t i = 0; i < ncol; ++i) {
      g.widths[i] = std::max(g.widths[i], display_width(row[i]));
    }
  }
  return g;
}

/// True when the last column is text that may be cut to fit (COMMAND, NAME...).
bool last_is_text(const std::vector<const Column*>& columns) {
  return !columns.empty() && columns.back()->is_text();
}

/// True when every column but a cuttable last one fits in `width`, leaving that one its minimum.
bool fits(const Grid& g, const std::vector<const Column*>& columns, std::size_t width) {
  const bool flex = last_is_text(columns);
  const std::size_t fixed_cols = columns.size() - (flex ? 1 : 0);
  std::size_t need = 0;
  for (std::size_t i = 0; i < fixed_cols; ++i) need += g.widths[i];
  if (!columns.empty()) need += kGap * (columns.size() - 1);
  if (flex) need += std::min(kMinCommandCells, g.widths.back());
  return need <= width;
}

void trim_right(std::string& line) {
  while (!line.empty() && line.back() == ' ') line.pop_back();
}

/// One line a row, columns aligned; the last text column cut to the width.
std::string lay_out_rows(const Grid& g, const TableOptions& options) {
  const auto& columns = options.columns;
  const std::size_t ncol = columns.size();
  std::string out;
  for (const auto& row : g.rows) {
    std::string line;
    std::size_t used = 0;
    for (std::size_t i = 0; i < ncol; ++i) {
      const bool last = i + 1 == ncol;
      const bool right = !columns[i]->is_text();
      if (last && !right) {
        // The last text column is not padded, and is cut to fit a terminal's width.
        if (options.max_width > 0) {
          const std::size_t room = options.max_width > used ? options.max_width - used : 0;
          line += cut_to_width(row[i], room, options.cut_marker);
        } else {
          line += row[i];
        }
      } else {
        const std::size_t w = display_width(row[i]);
        const std::size_t pad = g.widths[i] > w ? g.widths[i] - w : 0;
        if (right) line.append(pad, ' ');
        line += row[i];
        if (!right) line.append(pad, ' ');
        used += g.widths[i];
      }
      if (!last) {
        line.append(kGap, ' ');
        used += kGap;
      }
    }
    // Only padding is trimmed: a name or title may end in spaces of its own ("postgres:
    // checkpointer "), and those stay.
    if (ncol == 0 || row.back().empty() || !columns.back()->is_text()) trim_right(line);
    out += line;
    out += '\n';
  }
  return out;
}

/// For terminals too narrow for one line a process: each process is its identity on one line
/// (the text and number columns, the last text column cut to fit), then its sizes as
/// "TITLE value" pairs, indented, flowed over as many lines as the width needs.
std::string lay_out_blocks(const Grid& g, const TableOptions& options) {
  const auto& columns = options.columns;
  const std::size_t width = options.max_width;
  std::string out;
  for (std::size_t r = g.has_header ? 1 : 0; r < g.rows.size(); ++r) {
    const auto& row = g.rows[r];
    const bool total = g.has_total && r + 1 == g.rows.size();
    std::string ident, sizes;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (columns[i]->kind == ColumnKind::size) {
        if (row[i].empty()) continue;  // not summed in TOTAL
        sizes += fmt::format("{} {}  ", columns[i]->title, row[i]);
      } else if (!row[i].empty()) {
        if (!ident.empty()) ident.append(kGap, ' ');
        ident += row[i];
      }
    }
    if (total) ident = "TOTAL";
    out += cut_to_width(ident, width, options.cut_marker);
    out += '\n';
    trim_right(sizes);
    // Pairs are separated by two spaces; keep each pair whole when wrapping.
    std::string line = "  ";
    std::string_view rest = sizes;
    while (!rest.empty()) {
      const std::size_t end = rest.find("  ");
      const std::string_view pair = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 2);
      if (line.size() > 2 && display_width(line) + kGap + display_width(pair) > width) {
        out += line;
        out += '\n';
        line = "  ";
      }
      if (line.size() > 2) line.append(kGap, ' ');
      line += pair;
    }
    if (line.size() > 2) {
      out += line;
      out += '\n';
    }
  }
  return out;
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

std::string table_footer(const std::vector<ProcessRecord>& records,
                         const std::vector<const Column*>& columns,
                         const std::vector<ColumnTotal>& totals) {
  std::vector<std::string> added, left_out, unknown;
  bool pss_added = false;
  const std::size_t n = records.size();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const Column& c = *columns[i];
    if (c.kind != ColumnKind::size) continue;
    if (!c.summable) {
      left_out.emplace_back(c.title);
      continue;
    }
    added.emplace_back(c.title);
    pss_added |= c.key == "pss";
    if (totals[i].known < n) {
      const std::size_t k = n - totals[i].known;
      unknown.push_back(fmt::format("{} of {} process{}", c.title, k, k == 1 ? "" : "es"));
    }
  }
  if (added.empty() && left_out.empty()) return {};
  std::string s = fmt::format("{} process{}.", n, n == 1 ? "" : "es");
  if (!added.empty()) {
    fmt::format_to(std::back_inserter(s), " TOTAL adds {}, which add{} up across processes",
                   join_words(added), added.size() == 1 ? "s" : "");
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
  return s;
}

std::string render_process_table(const std::vector<ProcessRecord>& records,
                                 const TableOptions& options) {
  const auto& columns = options.columns;
  const auto totals = column_totals(records, columns);
  const bool any_summable =
      std::any_of(columns.begin(), columns.end(), [](const Column* c) { return c->summable; });
  const bool show_totals = options.totals && any_summable && !records.empty();

  std::string out;
  const Grid full = make_grid(records, options, totals, show_totals, SizeUnits::human);
  if (options.max_width == 0 || fits(full, columns, options.max_width)) {
    out = lay_out_rows(full, options);
  } else {
    const Grid compact = make_grid(records, options, totals, show_totals, SizeUnits::compact);
    out = fits(compact, columns, options.max_width) ? lay_out_rows(compact, options)
                                                    : lay_out_blocks(compact, options);
  }
  if (options.totals && !records.empty()) {
    const std::string footer = table_footer(records, columns, totals);
    if (!footer.empty()) out += wrap_words(footer, options.footer_width);
  }
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
