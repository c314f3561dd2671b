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

std::string pid_list(const std::vector<int>& pids, std::size_t max_shown) {
  std::string out;
  for (std::size_t i = 0; i < pids.size() && i < max_shown; ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(pids[i]);
  }
  if (pids.size() > max_shown) out += fmt::format(" and {} more", pids.size() - max_shown);
  return out;
}

int list_columns(bool maps) {
  std::string out;
  if (maps) {
    for (const MapColumn& c : all_map_columns()) {
      fmt::format_to(std::back_inserter(out), "{:<18}{:<14}{}\n", c.key, c.title, c.description);
    }
  } else {
    // SUMS: whether TOTAL adds the column (its sum across processes counts each page once).
    fmt::format_to(std::back_inserter(out), "{:<15}{:<12}{:<6}{}\n", "KEY", "TITLE", "SUMS",
                   "DESCRIPTION (SOURCE)");
    for (const Column& c : all_columns()) {
      const std::string_view sums = c.kind != ColumnKind::size ? "" : (c.summable ? "yes" : "no");
      fmt::format_to(std::back_inserter(out), "{:<15}{:<12}{:<6}{}\n", c.key, c.title, sums,
                     c.description);
    }
  }
  write_stdout(out);
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

int run_process_table(const Config& config, const ProcRoot& root, Selector selector) {
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

  ScanResult result = scan(root, request);

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
    text = render_process_table(result.records, options);
  }
  write_stdout(text);
  report_problems(result, request.selector);
  if (result.records.empty()) {
    report_no_match(config, result);
    return kExitNoMatch;
  }
  return kExitMatched;
}

}  // namespace

void write_stdout(std::string_view text) {
  while (!text.empty()) {
    // cppcheck 2.10 loses track of string_view parameters' lifetimes here (a false positive).
    // cppcheck-suppress [invalidLifetime,danglingTemporaryLifetime]
    const ssize_t n = ::write(STDOUT_FILENO, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EPIPE) fmt::print(stderr, "memwho: stdout: {}\n", std::strerror(errno));
      return;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::optional<Selector> make_selector(const Config& config, const ProcRoot& root) {
  Selector selector;
  selector.pids = config.pids;
  selector.names = config.names;
  selector.commands = config.commands;
  selector.exact = config.exact;
  selector.self_pid = root.self_pid();
  for (const std::string& user : config.users) {
    const auto uid = resolve_user(user);
    if (!uid) {
      fmt::print(stderr, "memwho: --user {:?}: no such user\n", user);
      return std::nullopt;
    }
    selector.uids.push_back(*uid);
  }
  return selector;
}

unsigned scan_jobs(const Config& config) {
  return config.jobs > 0 ? config.jobs : std::max(1u, std::thread::hardware_concurrency());
}

std::string_view permission_hint() {
  return ::geteuid() == 0
             ? "It is refused even to root here: a security policy (LSM, sandbox or container) "
               "guards it."
             : "Run as root, or as the process's owner, to read it.";
}

void report_problems(const ScanResult& result, const Selector& selector) {
  for (int pid : result.missing_pids) fmt::print(stderr, "memwho: no such process: {}\n", pid);
  if (result.unidentified > 0) {
    const bool shown = selector.names.empty() && selector.uids.empty();
    fmt::print(stderr,
               "memwho: {} process{} could not be identified (status not readable: hidepid?); "
               "{}\n",
               result.unidentified, result.unidentified == 1 ? "" : "es",
               shown ? "shown by pid only" : "not matched against -n/-u");
  }
  if (result.smaps_denied > 0) {
    std::vector<int> denied;
    for (const ProcessRecord& r : result.records) {
      if (r.smaps_origin == SmapsOrigin::denied) denied.push_back(r.pid);
    }
    fmt::print(stderr,
               "memwho: {} of {} processes could not be read fully: smaps_rollup refused "
               "(pid {}), so PSS/USS/SWAP show '-'. {}\n",
               result.smaps_denied, result.records.size(), pid_list(denied, 5), permission_hint());
  }
  for (const ScanProblem& p : result.failures) {
    fmt::print(stderr, "memwho: {}/{}: {}\n", p.pid, p.file, std::strerror(p.error));
  }
}

std::string describe_selection(const Config& config) {
  // Each value as the user typed it, escaped (it may hold anything) and quoted when it has a
  // space, so the line can be pasted back.
  auto quoted = [](std::string_view value) {
    std::string e = escaped(value);
    if (e.find_first_of(" '") != std::string::npos) e = "'" + e + "'";
    return e;
  };
  std::vector<std::string> parts;
  if (!config.pids.empty()) parts.push_back("-p " + fmt::format("{}", fmt::join(config.pids, ",")));
  for (const std::string& n : config.names) parts.push_back("-n " + quoted(n));
  for (const std::string& t : config.commands) parts.push_back("-f " + quoted(t));
  for (const std::string& u : config.users) parts.push_back("-u " + quoted(u));
  if (config.exact && (!config.names.empty() || !config.commands.empty())) parts.emplace_back("-x");
  return fmt::format("{}", fmt::join(parts, " "));
}

void report_no_match(const Config& config, const ScanResult& result) {
  // -p alone with every pid missing: "no such process" already named each of them.
  const bool only_pids = config.names.empty() && config.commands.empty() && config.users.empty();
  if (only_pids && !config.pids.empty() && !result.missing_pids.empty() &&
      result.missing_pids.size() >= result.listed) {
    return;
  }
  const std::string selection = describe_selection(config);
  if (selection.empty()) {
    fmt::print(stderr, "memwho: no process with an address space in {}\n",
               escaped(config.proc_root));
  } else {
    fmt::print(stderr, "memwho: no process matches {}\n", selection);
  }
}

int run(const Config& config) {
  // A closed pipe must end us through EPIPE (exit 0), not kill us with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  if (config.list_columns) return list_columns(config.maps);

  std::string error;
  const auto root = ProcRoot::open(config.proc_root, error);
  if (!root) {
    fmt::print(stderr, "memwho: --proc-root {}\n", escaped(error));
    return kExitUsage;
  }
  auto selector = make_selector(config, *root);
  if (!selector) return kExitUsage;
  if (config.maps) return run_maps(config, *root, std::move(*selector));
  return run_process_table(config, *root, std::move(*selector));
}

}  // namespace memwho
