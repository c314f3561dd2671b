// memwho --maps: each selected process's smaps, one row a mapping (pmap -x, plus PSS, USS and
// swap), or added up per mapped object with --by=file. The report layer reads and checks the
// mappings (report_mappings); this file selects, writes and exits.
#include <algorithm>

#include "front_end.hpp"
#include "memwho/report/diagnostics.hpp"
#include "memwho/report/maps_report.hpp"

namespace memwho {
namespace {

/// Output is handed to the Output in chunks of this size, so a 20,000-mapping table streams
/// instead of piling up.
constexpr std::size_t kFlushBytes = std::size_t{64} << 10;

}  // namespace

int run_maps(const Config& config, const ProcSource& source, Selector selector, Output& out) {
  // Select on identity first (status, cmdline); read smaps only for the processes selected.
  // The start time lets the read refuse a pid that has become another process.
  ScanRequest request;
  request.selector = std::move(selector);
  request.needs.cmdline = true;
  request.needs.start_time = true;
  request.descendants = config.descendants;
  request.jobs = scan_jobs(config);
  ScanResult selected = scan(source, request);
  std::sort(selected.records.begin(), selected.records.end(),
            [](const ProcessRecord& a, const ProcessRecord& b) { return a.pid < b.pid; });

  const bool by_object = config.view == View::objects;
  MapsReportOptions options;
  options.by_object = by_object;
  options.sort = config.mapping_sort;
  options.limit = config.limit;
  options.permission_hint = permission_hint();
  options.columns = config.mapping_columns;
  if (options.columns.empty()) {
    // Rows of several processes in one list need their pid; a table names the process a block.
    options.columns =
        default_mapping_columns(by_object ? kInObjects : kInMappings,
                                selected.records.size() > 1 && config.format != Format::table);
  }

  std::vector<Note> diagnostics = scan_diagnostics(selected, request.selector, permission_hint());
  std::string text;
  auto writer = writer_for(config, text);
  if (selected.records.empty()) {
    if (auto note = no_match_diagnostic(describe_selection(config), config.proc_root,
                                        request.selector, selected)) {
      diagnostics.push_back(std::move(*note));
    }
    if (config.format != Format::table) {  // the machine formats keep their schema visible
      ViewInfo view = describe_run(source, config.interval.has_value());
      report_mappings(source, {}, options, view, *writer, [] { return true; });
      writer->end(diagnostics);
      out.write(text);
    }
    print_diagnostics(diagnostics);
    return kExitNoMatch;
  }
  print_diagnostics(diagnostics);  // before the listing, which may take a while
  const MapsReportResult result =
      report_mappings(source, selected.records, options,
                      describe_run(source, config.interval.has_value()), *writer, [&] {
                        if (text.size() < kFlushBytes) return true;
                        const bool more = out.write(text);
                        text.clear();
                        return more;
                      });
  std::vector<Note> all = diagnostics;
  all.insert(all.end(), result.diagnostics.begin(), result.diagnostics.end());
  writer->end(all);
  out.write(text);
  print_diagnostics(result.diagnostics);
  if (result.cut_short > 0) return kExitIncomplete;
  return result.shown > 0 ? kExitMatched : kExitNoMatch;
}

}  // namespace memwho
