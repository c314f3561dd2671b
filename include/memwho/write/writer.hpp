#pragma once
// One writer per format, behind one interface (report/report.hpp): table (people), TSV, CSV,
// JSON, OpenMetrics (scripts and Prometheus). make_writer picks one; the front end flushes the
// text it appends.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "memwho/report/report.hpp"
#include "memwho/write/escape.hpp"

namespace memwho {

enum class Format : std::uint8_t { table, tsv, csv, json, openmetrics };

struct WriterOptions {
  bool header = true;  ///< table, TSV, CSV: the header line
  /// Table: the terminal's width every line must fit (0 = no limit: a pipe, or --wide), and the
  /// width notes wrap at.
  std::size_t max_width = 0;
  std::size_t note_width = 80;
  std::string_view cut_marker = "\xe2\x80\xa6";  // "…"
  Charset charset = Charset::utf8;               ///< table: ascii outside a UTF-8 locale
  bool bytes = false;  ///< TSV, CSV: sizes in bytes instead of KiB (--units=bytes)
  /// One report of a series (--interval): TSV and CSV start every row with the sample's time
  /// (a "time" column, ISO 8601 with zone), so one stream is a time series; the table starts
  /// each sample with a line that says when it was taken.
  bool sampled = false;
  /// Table: colour (SGR) that helps the eye: header, TOTAL, the sizes that add up, unknowns,
  /// leak suspects. The front end decides (--color, a terminal, NO_COLOR); the other formats
  /// never colour.
  bool color = false;
};

/// A writer of `format` that appends to `out`.
std::unique_ptr<ReportWriter> make_writer(Format format, const WriterOptions& options,
                                          std::string& out);

}  // namespace memwho
