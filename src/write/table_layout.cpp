#include "table_layout.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "memwho/write/cell_text.hpp"
#include "memwho/write/text_width.hpp"
#include "table_tint.hpp"

namespace memwho {
namespace {

constexpr std::size_t kGap = 2;
/// COMMAND gets at least this many cells (or all it needs, when less) before the table turns
/// compact: "postgres: 15/main: " is already 19 cells and all PostgreSQL rows start with it.
constexpr std::size_t kMinCommandCells = 24;

/// The cells of a table, already formatted, and the widths they need.
struct Grid {
  std::vector<std::vector<std::string>> rows;  // header (optional), records, TOTAL (optional)
  std::vector<std::vector<Tint>> tints;        // the same shape as rows, when in colour; else empty
  std::vector<std::size_t> widths;
  bool has_header = false;
  bool has_total = false;
};

Grid make_grid(const std::vector<const ColumnMeta*>& columns, const WriterOptions& options,
               const std::vector<std::vector<Cell>>& rows, const std::vector<Total>* totals,
               SizeUnits units) {
  const std::size_t ncol = columns.size();
  const CellStyle style{units, options.charset};
  Grid g;
  g.rows.reserve(rows.size() + 2);
  if (options.header) {
    auto& header = g.rows.emplace_back();
    for (const ColumnMeta* c : columns) header.emplace_back(c->title);
    if (options.color) g.tints.emplace_back(ncol, Tint::header);
    g.has_header = true;
  }
  for (const auto& cells : rows) {
    auto& row = g.rows.emplace_back();
    row.reserve(ncol);
    for (const Cell& cell : cells) row.push_back(table_cell(cell, style));
    if (!options.color) continue;
    auto& tints = g.tints.emplace_back();
    for (std::size_t i = 0; i < ncol; ++i) tints.push_back(tint_of(*columns[i], cells[i]));
  }
  if (totals != nullptr) {
    auto& row = g.rows.emplace_back();
    for (std::size_t i = 0; i < ncol; ++i) {
      if (!columns[i]->sums) {
        row.emplace_back(i == 0 ? "TOTAL" : "");
      } else {
        // No row could fill it: unknown ('-'), not a measured 0.
        row.push_back(table_cell((*totals)[i].cell(columns[i]->kind), style));
      }
    }
    if (options.color) g.tints.emplace_back(ncol, Tint::total);
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
bool last_is_text(const std::vector<const ColumnMeta*>& columns) {
  return !columns.empty() && columns.back()->is_text();
}

/// True when every column but a cuttable last one fits in `width`, leaving that one its minimum.
bool fits(const Grid& g, const std::vector<const ColumnMeta*>& columns, std::size_t width) {
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
std::string lay_out_rows(const Grid& g, const std::vector<const ColumnMeta*>& columns,
                         const WriterOptions& options) {
  const std::size_t ncol = columns.size();
  std::string out;
  for (std::size_t r = 0; r < g.rows.size(); ++r) {
    const auto& row = g.rows[r];
    std::string line;
    std::size_t used = 0;
    for (std::size_t i = 0; i < ncol; ++i) {
      const bool last = i + 1 == ncol;
      const bool right = !columns[i]->is_text();
      const Tint tint = g.tints.empty() ? Tint::none : g.tints[r][i];
      if (last && !right) {
        // The last text column is not padded, and is cut to fit a terminal's width.
        if (options.max_width > 0) {
          const std::size_t room = options.max_width > used ? options.max_width - used : 0;
          append_tinted(line, cut_to_width(row[i], room, options.cut_marker), tint);
        } else {
          append_tinted(line, row[i], tint);
        }
      } else {
        // The padding stays outside the colour: a coloured space would show on some themes.
        const std::size_t w = display_width(row[i]);
        const std::size_t pad = g.widths[i] > w ? g.widths[i] - w : 0;
        if (right) line.append(pad, ' ');
        append_tinted(line, row[i], tint);
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

/// For terminals too narrow for one line a row: each row is its identity on one line (the text
/// and number columns, the last text column cut to fit), then its sizes as "TITLE value" pairs,
/// indented, flowed over as many lines as the width needs.
std::string lay_out_blocks(const Grid& g, const std::vector<const ColumnMeta*>& columns,
                           const WriterOptions& options) {
  const std::size_t width = options.max_width;
  std::string out;
  for (std::size_t r = g.has_header ? 1 : 0; r < g.rows.size(); ++r) {
    const auto& row = g.rows[r];
    const bool total = g.has_total && r + 1 == g.rows.size();
    std::string ident, sizes;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (columns[i]->is_size()) {
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

std::string TableLayout::render(const std::vector<std::vector<Cell>>& rows,
                                const std::vector<Total>* totals) const {
  const bool any_sums =
      std::any_of(columns_.begin(), columns_.end(), [](const ColumnMeta* c) { return c->sums; });
  const std::vector<Total>* shown_totals = any_sums && !rows.empty() ? totals : nullptr;
  const Grid full = make_grid(columns_, options_, rows, shown_totals, SizeUnits::human);
  if (options_.max_width == 0 || fits(full, columns_, options_.max_width)) {
    return lay_out_rows(full, columns_, options_);
  }
  const Grid compact = make_grid(columns_, options_, rows, shown_totals, SizeUnits::compact);
  return fits(compact, columns_, options_.max_width) ? lay_out_rows(compact, columns_, options_)
                                                     : lay_out_blocks(compact, columns_, options_);
}

}  // namespace memwho
