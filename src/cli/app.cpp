#include "memwho/cli/app.hpp"

#include <fmt/format.h>

#include <csignal>
#include <iterator>

#include "front_end.hpp"
#include "memwho/cli/terminal.hpp"
#include "memwho/cli/users.hpp"
#include "memwho/report/diagnostics.hpp"
#include "memwho/report/process_report.hpp"
#include "memwho/write/escape.hpp"

namespace memwho {
namespace {

template <class Row>
void list_table(std::string& text, std::span<const Column<Row>> columns, std::uint8_t views) {
  fmt::format_to(std::back_inserter(text), "{:<17}{:<13}{:<6}{:<43} {}\n", "KEY", "TITLE", "SUMS",
                 "SOURCE", "DESCRIPTION");
  for (const Column<Row>& c : columns) {
    if ((c.meta.views & views) == 0) continue;
    const std::string_view sums = c.meta.is_text() ? "" : (c.meta.sums ? "yes" : "no");
    const std::string source = c.meta.source.file.empty()
                                   ? std::string(c.meta.source.field)
                                   : fmt::format("{} {}", c.meta.source.file, c.meta.source.field);
    fmt::format_to(std::back_inserter(text), "{:<17}{:<13}{:<6}{:<43} {}\n", c.meta.key,
                   c.meta.title, sums, source, c.meta.description);
  }
}

int list_columns(const Config& config, Output& out) {
  std::string text;
  if (config.maps()) {
    list_table(text, mapping_columns(),
               config.view == View::objects ? kInObjects : kInMappings | kInObjects);
  } else {
    list_table(text, process_columns(), kInProcesses);
  }
  out.write(text);
  return kExitMatched;
}

int run_process_view(const Config& config, const ProcSource& source, Selector selector,
                     Output& out) {
  ScanRequest request;
  request.selector = std::move(selector);
  // Read only what the shown columns, the sort key and the selectors need.
  auto needs_of = [&request](const ColumnMeta& c) {
    request.needs.cmdline |= (c.needs & kNeedCmdline) != 0;
    request.needs.smaps |= (c.needs & kNeedRollup) != 0;
  };
  for (const ProcessColumn* c : config.process_columns) needs_of(c->meta);
  needs_of(config.process_sort.column->meta);
  request.needs.cmdline |= request.selector.needs_cmdline();
  request.jobs = scan_jobs(config);

  ScanResult result = scan(source, request);
  UserNames users;
  for (ProcessRecord& r : result.records) {
    if (r.uid) r.user = users.name(*r.uid);
  }
  sort_records(result.records, config.process_sort);

  std::vector<Note> diagnostics = scan_diagnostics(result, request.selector, permission_hint());
  if (result.records.empty()) {
    if (auto note = no_match_diagnostic(describe_selection(config), config.proc_root,
                                        request.selector, result)) {
      diagnostics.push_back(std::move(*note));
    }
  }
  std::string text;
  // A table of nothing would be a bare header; the machine formats keep their schema visible.
  if (!result.records.empty() || config.format != Format::table) {
    auto writer = writer_for(config, text);
    report_processes(result.records, config.process_columns, describe_run(), *writer);
    writer->end(diagnostics);
  }
  out.write(text);
  print_diagnostics(diagnostics);
  return result.records.empty() ? kExitNoMatch : kExitMatched;
}

}  // namespace

int run(const Config& config) {
  // A closed pipe must end us through EPIPE (exit 0), not kill us with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  Output out;
  if (!config.output.empty() && !out.open_file(config.output)) return kExitOutput;
  int rc = kExitMatched;
  if (config.list_columns) {
    rc = list_columns(config, out);
  } else {
    std::string error;
    const auto source = open_proc_dir(config.proc_root, error);
    if (!source) {
      fmt::print(stderr, "memwho: --proc-root {}\n", escaped(error, terminal_charset()));
      return kExitUsage;
    }
    auto selector = make_selector(config, *source);
    if (!selector) return kExitUsage;
    rc = config.maps() ? run_maps(config, *source, std::move(*selector), out)
                       : run_process_view(config, *source, std::move(*selector), out);
  }
  out.finish();
  return out.failed() ? kExitOutput : rc;
}

}  // namespace memwho
