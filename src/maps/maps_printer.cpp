#include "memwho/maps/maps_printer.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "memwho/render/escape.hpp"
#include "memwho/render/text_width.hpp"

namespace memwho {
namespace {

constexpr std::string_view kGap = " ";

/// Fixed widths make streaming possible: pmap's 16 hex digits of address, sizes of up to
/// 999,999,999 KiB (953 GiB) before a row sticks out, and free-length text unpadded.
std::size_t fixed_width(const MapColumn& c) {
  std::size_t w = 0;
  if (c.key == "address")
    w = 16;
  else if (c.key == "mode")
    w = 4;
  else if (c.key == "offset")
    w = 8;
  else if (c.key == "device")
    w = 5;
  else if (c.key == "pid")
    w = 7;
  else if (c.key == "mapping" || c.key == "vmflags")
    return 0;
  else
    w = 9;
  return std::max(w, c.title.size());
}

}  // namespace

MapsPrinter::MapsPrinter(MapsPrintOptions options, std::string& out)
    : options_(std::move(options)), out_(out) {
  for (const MapColumn* c : options_.columns) widths_.push_back(fixed_width(*c));
}

void MapsPrinter::begin_block(std::string_view title) {
  total_.clear();
  total_mappings_ = 0;
  const auto& cols = options_.columns;
  if (options_.tsv) {
    if (!options_.header || tsv_header_done_) return;
    for (std::size_t i = 0; i < cols.size(); ++i) {
      if (i > 0) out_ += '\t';
      out_ += cols[i]->key;
    }
    out_ += '\n';
    tsv_header_done_ = true;
    return;
  }
  if (!first_block_) out_ += '\n';
  first_block_ = false;
  append_escaped(out_, title, options_.charset);
  out_ += '\n';
  if (!options_.header) return;
  std::string line;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (i > 0) line += kGap;
    append_padded(line, cols[i]->title, width(i), !cols[i]->is_text);
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  out_ += line;
  out_ += '\n';
}

void MapsPrinter::add(const MapRow& row) {
  total_ += *row.counters;
  total_mappings_ += row.mappings;
  append_row(row);
}

void MapsPrinter::append_row(const MapRow& row) {
  const auto& cols = options_.columns;
  const std::size_t line_start = out_.size();
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (i > 0) out_ += options_.tsv ? std::string_view("\t") : kGap;
    const Cell cell = cols[i]->value(row);
    if (options_.tsv) {
      append_tsv_cell(out_, cell);
    } else if (width(i) == 0) {
      append_table_cell(out_, cell, {SizeUnits::kib, options_.charset});
    } else {
      append_table_cell_padded(out_, cell, {SizeUnits::kib, options_.charset}, width(i),
                               !cols[i]->is_text);
    }
  }
  // Only padding is trimmed: a path may end in spaces of its own, and those stay.
  const bool last_padded = !cols.empty() && width(cols.size() - 1) > 0;
  if (!options_.tsv && last_padded) {
    while (out_.size() > line_start && out_.back() == ' ') out_.pop_back();
  }
  out_ += '\n';
}

void MapsPrinter::end_block(const SmapsCounters* exact) {
  if (options_.tsv) return;
  const auto& cols = options_.columns;
  // The counters that smaps truncates per mapping (Pss and the PSS-weighted SwapPss, Locked,
  // Pss_Dirty) total from the exact rollup; sizes in whole pages total from the rows, so SIZE,
  // RSS and DIRTY stay pmap -x's.
  SmapsCounters shown = total_;
  bool pss_shown = false;
  for (const MapColumn* c : cols) pss_shown |= c->key == "pss";
  if (exact != nullptr) {
    for (SmapsKey key :
         {SmapsKey::pss, SmapsKey::pss_dirty, SmapsKey::swap_pss, SmapsKey::locked}) {
      if (const auto v = exact->get(key)) shown.set(key, *v);
    }
  }
  // pmap -x's footer: a rule under the sized columns, then "total kB" and the sums.
  std::string rule, totals;
  MapRow sum;
  sum.counters = &shown;
  sum.mappings = total_mappings_;
  // "total kB" stands in the first text column: ADDRESS in the per-mapping view (where pmap
  // puts it), MAPPING in the by-file view.
  std::size_t label = cols.size();
  for (std::size_t i = 0; i < cols.size() && label == cols.size(); ++i) {
    if (cols[i]->is_text) label = i;
  }
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (i > 0) {
      rule += kGap;
      totals += kGap;
    }
    const std::size_t w = width(i);
    if (cols[i]->summable || cols[i]->key == "mappings") {
      rule.append(w, '-');
      append_padded(totals, table_cell(cols[i]->value(sum), {SizeUnits::kib}), w, true);
    } else if (i == label) {
      rule.append(std::max<std::size_t>(w, 8), '-');
      append_padded(totals, "total kB", w, false);
    } else {
      rule.append(w, ' ');
      totals.append(w, ' ');
    }
  }
  while (!rule.empty() && rule.back() == ' ') rule.pop_back();
  while (!totals.empty() && totals.back() == ' ') totals.pop_back();
  if (label == cols.size()) totals.insert(0, "total kB ");
  out_ += rule;
  out_ += '\n';
  out_ += totals;
  out_ += '\n';
  if (!pss_shown || total_mappings_ == 0) return;
  const auto rows_pss = total_.get(SmapsKey::pss);
  const auto exact_pss = exact != nullptr ? exact->get(SmapsKey::pss) : std::nullopt;
  if (exact_pss && rows_pss && *rows_pss != *exact_pss) {
    note(
        fmt::format("PSS total: the exact {} kB of smaps_rollup. The rows add up to {} kB "
                    "because the kernel truncates each mapping's PSS to whole kB.",
                    *exact_pss, *rows_pss));
  } else if (!exact_pss && rows_pss) {
    note(
        fmt::format("PSS total: the sum of the rows, each truncated to whole kB by the kernel; "
                    "the exact figure may be up to {} kB more (smaps_rollup could not give it).",
                    total_mappings_));
  }
}

void MapsPrinter::note(std::string_view text) {
  if (options_.tsv) return;
  out_ += wrap_words(text, options_.note_width);
}

void MapsPrinter::end_block_incomplete() {
  // TSV stays rows only (a marker line would be read as a row): there the exit status (3) and
  // stderr say the rows are incomplete.
  if (options_.tsv) return;
  out_ += "(incomplete: the process exited while its mappings were read; no totals)\n";
}

}  // namespace memwho
