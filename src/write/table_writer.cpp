// The table, for people: a ps-style table whose widths come from the data and which fits the
// terminal (the process view), or pmap -x's fixed-width blocks that stream (the maps views).
#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "memwho/write/cell_text.hpp"
#include "memwho/write/text_width.hpp"
#include "memwho/write/writer.hpp"
#include "table_layout.hpp"
#include "writers.hpp"

namespace memwho {
namespace {

class TableWriter final : public ReportWriter {
 public:
  TableWriter(const WriterOptions& options, std::string& out) : options_(options), out_(out) {}

  void begin(const ViewInfo& view) override {
    view_ = view;
    if (options_.sampled) {
      out_ += view_.time;  // the sample's time (--interval), then its table
      out_ += '\n';
    }
    for (const SourceInfo& source : view_.sources) {  // what a diff compares: "A: ...", "B: ..."
      append_escaped(out_, source.text, options_.charset);
      out_ += '\n';
    }
    widths_.clear();
    for (const ColumnMeta* c : view_.columns) {
      widths_.push_back(c->width == 0 ? 0 : std::max<std::size_t>(c->width, c->title.size()));
    }
  }

  void begin_block(const BlockInfo& block) override {
    rows_.clear();
    if (!view_.fixed_widths) {  // the fitted table is laid out at the end of its block
      title_ = block.title;
      return;
    }
    if (blocks_++ > 0) out_ += '\n';
    if (!block.title.empty()) {
      append_escaped(out_, block.title, options_.charset);
      out_ += '\n';
    }
    if (!options_.header) return;
    std::string line;
    for (std::size_t i = 0; i < view_.columns.size(); ++i) {
      if (i > 0) line += ' ';
      append_padded(line, view_.columns[i]->title, widths_[i], !view_.columns[i]->is_text());
    }
    trim_right(line);
    out_ += line;
    out_ += '\n';
  }

  void row(std::span<const Cell> cells, std::span<const Label>) override {
    if (!view_.fixed_widths) {
      rows_.emplace_back(cells.begin(), cells.end());
      // Text cells point into records the caller keeps until the block ends.
      return;
    }
    const auto& cols = view_.columns;
    const std::size_t line_start = out_.size();
    const CellStyle style{SizeUnits::kib, options_.charset};
    for (std::size_t i = 0; i < cols.size(); ++i) {
      if (i > 0) out_ += ' ';
      if (widths_[i] == 0) {
        append_table_cell(out_, cells[i], style);
      } else {
        const std::size_t start = out_.size();
        append_table_cell(out_, cells[i], style);
        const std::size_t w = display_width(std::string_view(out_).substr(start));
        if (w < widths_[i]) {
          if (!cols[i]->is_text())
            out_.insert(start, widths_[i] - w, ' ');
          else
            out_.append(widths_[i] - w, ' ');
        }
      }
    }
    // Only padding is trimmed: a path may end in spaces of its own, and those stay.
    if (!cols.empty() && widths_.back() > 0) {
      while (out_.size() > line_start && out_.back() == ' ') out_.pop_back();
    }
    out_ += '\n';
  }

  void end_block(const BlockEnd& end) override {
    if (view_.fixed_widths) {
      if (!end.complete) {
        out_ += "(incomplete: the process exited while its mappings were read; no totals)\n";
      } else if (end.show_totals) {
        append_fixed_totals(end.totals);
      }
    } else {
      if (!title_.empty()) {
        append_escaped(out_, title_, options_.charset);
        out_ += '\n';
      }
      TableLayout layout{view_.columns, options_};
      out_ += layout.render(rows_, end.show_totals ? &end.totals : nullptr);
      rows_.clear();
    }
    append_notes(end.notes);
  }

  void end(std::span<const Note> notes) override {
    append_notes(notes);
    if (view_.captured) {
      append_notes(std::vector<Note>{
          {NoteKind::footer, "captured",
           fmt::format("Captured on {} at {} (kernel {}).", view_.host, view_.time, view_.kernel),
           std::nullopt}});
    }
  }

 private:
  static void trim_right(std::string& line) {
    while (!line.empty() && line.back() == ' ') line.pop_back();
  }

  void append_notes(std::span<const Note> notes) {
    for (const Note& n : notes) {
      if (n.kind != NoteKind::footer) continue;
      out_ += wrap_words(escaped(n.text, options_.charset), options_.note_width);
    }
  }

  /// pmap -x's footer: a rule under the summed columns, then "total kB" and the sums.
  void append_fixed_totals(const std::vector<Total>& totals) {
    const auto& cols = view_.columns;
    std::string rule, line;
    // "total kB" stands in the first text column: ADDRESS in the per-mapping view (where pmap
    // puts it), MAPPING in the by-object view.
    std::size_t label = cols.size();
    for (std::size_t i = 0; i < cols.size() && label == cols.size(); ++i) {
      if (cols[i]->is_text()) label = i;
    }
    for (std::size_t i = 0; i < cols.size(); ++i) {
      if (i > 0) {
        rule += ' ';
        line += ' ';
      }
      const std::size_t w = widths_[i];
      if (i < totals.size() && cols[i]->sums) {
        rule.append(w, '-');
        append_padded(line, table_cell(totals[i].cell(cols[i]->kind), {SizeUnits::kib}), w, true);
      } else if (i == label) {
        rule.append(std::max<std::size_t>(w, 8), '-');
        append_padded(line, "total kB", w, false);
      } else {
        rule.append(w, ' ');
        line.append(w, ' ');
      }
    }
    trim_right(rule);
    trim_right(line);
    if (label == cols.size()) line.insert(0, "total kB ");
    out_ += rule;
    out_ += '\n';
    out_ += line;
    out_ += '\n';
  }

  WriterOptions options_;
  std::string& out_;
  ViewInfo view_;
  std::vector<std::size_t> widths_;
  std::vector<std::vector<Cell>> rows_;
  std::string title_;  ///< the fitted block's title, printed above it
  std::size_t blocks_ = 0;
};

}  // namespace

std::unique_ptr<ReportWriter> make_table_writer(const WriterOptions& options, std::string& out) {
  return std::make_unique<TableWriter>(options, out);
}

}  // namespace memwho
