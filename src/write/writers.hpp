#pragma once
// The writers behind make_writer (writer.hpp), one a format.
#include <memory>
#include <string>

#include "memwho/write/writer.hpp"

namespace memwho {

std::unique_ptr<ReportWriter> make_table_writer(const WriterOptions& options, std::string& out);
std::unique_ptr<ReportWriter> make_delimited_writer(bool csv, const WriterOptions& options,
                                                    std::string& out);
std::unique_ptr<ReportWriter> make_json_writer(std::string& out);
std::unique_ptr<ReportWriter> make_openmetrics_writer(std::string& out);

}  // namespace memwho
