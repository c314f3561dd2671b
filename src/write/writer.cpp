#include "memwho/write/writer.hpp"

#include "writers.hpp"

namespace memwho {

std::unique_ptr<ReportWriter> make_writer(Format format, const WriterOptions& options,
                                          std::string& out) {
  switch (format) {
    case Format::table:
      return make_table_writer(options, out);
    case Format::tsv:
      return make_delimited_writer(false, options, out);
    case Format::csv:
      return make_delimited_writer(true, options, out);
    case Format::json:
      return make_json_writer(out);
    case Format::openmetrics:
      break;
  }
  return make_openmetrics_writer(out);
}

}  // namespace memwho
