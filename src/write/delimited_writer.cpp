// TSV and CSV, for scripts: a header line of column keys (once, whatever the blocks), then one
// line a row; sizes as integer KiB (or bytes with --units=bytes), an empty field where a value
// is unknown; nothing else on stdout (no totals, no notes).
//
// Text is escaped as everywhere (docs/output-formats.md), so a field never holds a tab or a
// newline. CSV then follows RFC 4180: a field holding a comma or a double quote is quoted, its
// quotes doubled. Lines end in LF, as Unix tools and every CSV parser expect.
#include "memwho/write/cell_text.hpp"
#include "memwho/write/writer.hpp"
#include "writers.hpp"

namespace memwho {
namespace {

class DelimitedWriter final : public ReportWriter {
 public:
  DelimitedWriter(bool csv, const WriterOptions& options, std::string& out)
      : csv_(csv), options_(options), out_(out) {}

  void begin(const ViewInfo& view) override {
    time_ = view.time;
    if (!options_.header) return;
    if (options_.sampled) {
      append_field("time");
      if (!view.columns.empty()) out_ += separator();
    }
    for (std::size_t i = 0; i < view.columns.size(); ++i) {
      if (i > 0) out_ += separator();
      append_field(view.columns[i]->key);
    }
    out_ += '\n';
  }
  void begin_block(const BlockInfo&) override {}
  void row(std::span<const Cell> cells, std::span<const Label>) override {
    if (options_.sampled) {
      append_field(time_);
      if (!cells.empty()) out_ += separator();
    }
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out_ += separator();
      if (!csv_ || !std::holds_alternative<std::string_view>(cells[i])) {
        append_plain_cell(out_, cells[i], options_.bytes);
        continue;
      }
      scratch_.clear();
      append_plain_cell(scratch_, cells[i], options_.bytes);
      append_field(scratch_);
    }
    out_ += '\n';
  }
  void end_block(const BlockEnd&) override {}
  void end(std::span<const Note>) override {}

 private:
  [[nodiscard]] char separator() const { return csv_ ? ',' : '\t'; }

  /// Appends already escaped text, quoted as RFC 4180 requires in CSV.
  void append_field(std::string_view text) {
    if (!csv_ || text.find_first_of(",\"") == std::string_view::npos) {
      out_ += text;
      return;
    }
    out_ += '"';
    for (const char c : text) {
      if (c == '"') out_ += '"';
      out_ += c;
    }
    out_ += '"';
  }

  bool csv_;
  WriterOptions options_;
  std::string& out_;
  std::string scratch_;
  std::string time_;  ///< the sample's time (--interval)
};

}  // namespace

std::unique_ptr<ReportWriter> make_delimited_writer(bool csv, const WriterOptions& options,
                                                    std::string& out) {
  return std::make_unique<DelimitedWriter>(csv, options, out);
}

}  // namespace memwho
