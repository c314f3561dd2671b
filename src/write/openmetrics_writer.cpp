// OpenMetrics / Prometheus text, for node_exporter's textfile collector and any scraper:
// one gauge family a size column, in bytes, named memwho_<row>_<key>_bytes
// (memwho_process_pss_bytes), and one a count that adds up (memwho_group_processes), each sample
// labelled with the row's identity (a process: pid, name, user; a mapping: pid, name, address,
// mapping; an object: mapping, device, inode), never with the columns shown, so series stay unique.
// Unknown values have no sample: a missing series, never a 0. Ends with "# EOF".
//
// Label values are escaped the memwho way first (no control character, valid UTF-8: the
// textfile collector drops a whole file on bad UTF-8), then as the exposition format requires:
// backslash, double quote and newline.
#include <fmt/format.h>

#include <limits>
#include <optional>
#include <vector>

#include "memwho/write/cell_text.hpp"
#include "memwho/write/escape.hpp"
#include "memwho/write/writer.hpp"
#include "writers.hpp"

namespace memwho {
namespace {

void append_label_value(std::string& out, std::string_view raw) {
  const std::string safe = escaped(raw);
  for (const char c : safe) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
}

void append_help_text(std::string& out, std::string_view text) {
  for (const char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

class OpenMetricsWriter final : public ReportWriter {
 public:
  explicit OpenMetricsWriter(std::string& out) : out_(out) {}

  void begin(const ViewInfo& view) override {
    view_ = view;
    families_.assign(view.columns.size(), {});
  }
  void begin_block(const BlockInfo&) override {}

  void row(std::span<const Cell> cells, std::span<const Label> labels) override {
    std::string label_text;
    for (const Label& l : labels) {
      if (!label_text.empty()) label_text += ',';
      label_text += l.name;
      label_text += "=\"";
      append_label_value(label_text, l.value);
      label_text += '"';
    }
    for (std::size_t i = 0; i < cells.size() && i < families_.size(); ++i) {
      if (!is_metric(*view_.columns[i])) continue;
      std::string value;
      if (!sample_value(cells[i], value)) continue;
      std::string& f = families_[i];
      f += name(*view_.columns[i]);
      f += '{';
      f += label_text;
      f += "} ";
      f += value;
      f += '\n';
    }
  }

  void end_block(const BlockEnd& end) override {
    if (end.frees) frees_ = *end.frees;
  }

  void end(std::span<const Note>) override {
    if (frees_) selection_frees(*frees_);
    for (std::size_t i = 0; i < families_.size(); ++i) {
      const ColumnMeta& c = *view_.columns[i];
      if (!is_metric(c)) continue;
      const std::string n = name(c);
      out_ += "# TYPE " + n + " gauge\n";
      if (c.is_size()) out_ += "# UNIT " + n + " bytes\n";
      out_ += "# HELP " + n + " ";
      append_help_text(out_,
                       c.source.file.empty()
                           ? fmt::format("{} ({}: {})", c.description, c.title, c.source.field)
                           : fmt::format("{} ({}: {} {})", c.description, c.title, c.source.file,
                                         c.source.field));
      out_ += '\n';
      out_ += families_[i];
    }
    out_ += "# EOF\n";
  }

 private:
  /// A cell's sample value: a count as it is, a size in bytes, a change in signed bytes (a gauge
  /// may go negative). False for no sample: unknown, or only a lower bound (a gauge value is
  /// taken as exact), or beyond 64 bits in bytes.
  static bool sample_value(const Cell& cell, std::string& value) {
    if (const auto* n = std::get_if<std::int64_t>(&cell)) {
      append_integer(value, *n);
      return true;
    }
    if (const auto* change = std::get_if<SizeChangeKib>(&cell)) {
      const auto bytes = change_bytes(change->kib);
      if (bytes) append_integer(value, *bytes);
      return bytes.has_value();
    }
    const auto* size = std::get_if<SizeKib>(&cell);
    if (size == nullptr || size->at_least ||
        size->kib > (std::numeric_limits<std::uint64_t>::max() >> 10)) {
      return false;
    }
    append_integer(value, size->kib * 1024);
    return true;
  }

  /// Sizes, and counts whose sum means something (a group's processes); not ids (pid, uid).
  static bool is_metric(const ColumnMeta& c) {
    return c.is_size() || (c.kind == ValueKind::number && c.sums);
  }
  [[nodiscard]] std::string name(const ColumnMeta& c) const {
    return c.is_size() ? fmt::format("memwho_{}_{}_bytes", view_.row, c.key)
                       : fmt::format("memwho_{}_{}", view_.row, c.key);
  }

  /// What stopping the selection frees: one gauge when exact, else its bounds (a bound is
  /// never a value of the exact gauge).
  void selection_frees(const SelectionFrees& f) {
    const auto gauge = [&](std::string_view n, std::string_view help,
                           const std::optional<std::uint64_t>& kib) {
      if (!kib || *kib > (std::numeric_limits<std::uint64_t>::max() >> 10)) return;
      out_ += fmt::format("# TYPE {0} gauge\n# UNIT {0} bytes\n# HELP {0} {1}\n{0} ", n, help);
      append_integer(out_, *kib * 1024);
      out_ += '\n';
    };
    if (f.exact) {
      gauge("memwho_selection_frees_bytes",
            "what stopping every selected process frees, exact from page frames", f.kib);
      return;
    }
    gauge("memwho_selection_frees_low_bytes",
          "the least stopping every selected process frees (a bound, not root)", f.low);
    gauge("memwho_selection_frees_high_bytes",
          "the most stopping every selected process frees (a bound, not root)", f.high);
  }

  std::string& out_;
  ViewInfo view_;
  std::vector<std::string> families_;  // the samples of each column's family
  std::optional<SelectionFrees> frees_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_openmetrics_writer(std::string& out) {
  return std::make_unique<OpenMetricsWriter>(out);
}

}  // namespace memwho
