#include "memwho/cli/app.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <thread>

#include "app_support.hpp"
#include "memwho/cli/terminal.hpp"
#include "memwho/cli/users.hpp"
#include "memwho/maps/map_columns.hpp"
#include "memwho/render/columns.hpp"
#include "memwho/render/escape.hpp"
#include "memwho/render/process_table.hpp"

namespace memwho {
namespace {

int list_columns(bool maps, Output& out) {
  std::string text;
  if (maps) {
    for (const MapColumn& c : all_map_columns()) {
      fmt::format_to(std::back_inserter(text), "{:<18}{:<14}{}\n", c.key, c.title, c.description);
    }
  } else {
    // SUMS: whether TOTAL adds the column (its sum across processes counts each page once).
    fmt::format_to(std::back_inserter(text), "{:<15}{:<12}{:<6}{}\n", "KEY", "TITLE", "SUMS",
                   "DESCRIPTION (SOURCE)");
    for (const Column& c : all_columns()) {
      const std::string_view sums = c.kind != ColumnKind::size ? "" : (c.summable ? "yes" : "no");
      fmt::format_to(std::back_inserter(text), "{:<15}{:<12}{:<6}{}\n", c.key, c.title, sums,
                     c.description);
    }
  }
  out.write(text);
  return kExitMatched;
}

/// PSS when it is shown; else the first size shown; else pid. Sorting by a column that is not
/// shown would make memwho read smaps_rollup for nothing.
std::string default_sort(const std::vector<const Column*>& columns) {
  for (const Column* c : columns) {
    if (c->key == "pss") return "pss";
  }
  for (const Column* c : columns) {
    if (c->kind == ColumnKind::size) return std::string(c->key);
  }
  return "pid";
}

int run_process_table(const Config& config, const ProcSource& source, Selector selector,
                      Output& out) {
  std::vector<const Column*> columns;
  for (const std::string& key : config.columns) columns.push_back(find_column(key));
  if (columns.empty()) columns = default_columns();
  const SortKey sort = *parse_sort_key(config.sort.empty() ? default_sort(columns) : config.sort);

  ScanRequest request;
  request.selector = std::move(selector);
  // Read only what the shown columns, the sort key and the selectors need.
  auto needs_of = [&request](const Column* c) {
    request.needs.cmdline |= c->needs_cmdline;
    request.needs.smaps |= c->needs_smaps;
  };
  for (const Column* c : columns) needs_of(c);
  needs_of(sort.column);
  request.needs.cmdline |= request.selector.needs_cmdline();
  request.jobs = scan_jobs(config);

  ScanResult result = scan(source, request);

  UserNames users;
  for (ProcessRecord& r : result.records) {
    if (r.uid) r.user = users.name(*r.uid);
  }
  sort_records(result.records, sort);

  std::string text;
  if (config.format == OutputFormat::tsv) {
    // TSV keeps its header even when nothing matched: a script still sees the schema.
    text = render_process_tsv(result.records, columns, config.header);
  } else if (!result.records.empty()) {
    const std::size_t width = output_width();
    TableOptions options;
    options.columns = columns;
    options.header = config.header;
    options.max_width = config.wide ? 0 : width;
    options.footer_width = width > 0 ? width : 80;
    options.cut_marker = locale_is_utf8() ? "\xe2\x80\xa6" : "+";
    options.charset = terminal_charset();
    text = render_process_table(result.records, options);
  }
  out.write(text);
  report_problems(result, request.selector);
  if (result.records.empty()) {
    report_no_match(config, result);
    return kExitNoMatch;
  }
  return kExitMatched;
}

}  // namespace

int run(const Config& config) {
  // A closed pipe must end us through EPIPE (exit 0), not kill us with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  Output out;
  int rc = kExitMatched;
  if (config.list_columns) {
    rc = list_columns(config.maps, out);
  } else {
    std::string error;
    const auto source = open_proc_dir(config.proc_root, error);
    if (!source) {
      fmt::print(stderr, "memwho: --proc-root {}\n", escaped(error, terminal_charset()));
      return kExitUsage;
    }
    auto selector = make_selector(config, *source);
    if (!selector) return kExitUsage;
    rc = config.maps ? run_maps(config, *source, std::move(*selector), out)
                     : run_process_table(config, *source, std::move(*selector), out);
  }
  return out.failed() ? kExitOutput : rc;
}

}  // namespace memwho
