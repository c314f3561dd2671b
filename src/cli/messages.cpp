// The stderr lines of the front end. Anything a process, a file or the user chose (names,
// paths, arguments) goes through the escaper: a message must not carry a terminal escape.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

#include "app_support.hpp"
#include "memwho/cli/terminal.hpp"
#include "memwho/cli/users.hpp"
#include "memwho/render/escape.hpp"

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

}  // namespace

std::optional<Selector> make_selector(const Config& config, const ProcSource& source) {
  Selector selector;
  selector.pids = config.pids;
  selector.names = config.names;
  selector.commands = config.commands;
  selector.exact = config.exact;
  selector.self_pid = source.self_pid();
  for (const std::string& user : config.users) {
    const auto uid = resolve_user(user);
    if (!uid) {
      fmt::print(stderr, "memwho: --user \"{}\": no such user\n",
                 escaped(user, terminal_charset()));
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
  for (const ThreadPid& t : result.thread_pids) {
    fmt::print(stderr, "memwho: {} is a thread of process {}: showing the process\n", t.tid,
               t.tgid);
  }
  for (int pid : result.missing_pids) fmt::print(stderr, "memwho: no such process: {}\n", pid);
  if (result.unidentified > 0) {
    const bool shown = !selector.needs_cmdline() && selector.uids.empty();
    fmt::print(stderr,
               "memwho: {} process{} could not be identified: their status is refused "
               "(hidepid?); {}\n",
               result.unidentified, result.unidentified == 1 ? "" : "es",
               shown ? "shown by pid only" : "not matched against -n/-f/-u");
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
  for (const ScanProblem& p : result.problems) {
    fmt::print(stderr, "memwho: {}{}{}: {}\n", p.pid, p.file.empty() ? "" : "/",
               escaped(p.file, terminal_charset()), escaped(p.what, terminal_charset()));
  }
}

std::string describe_selection(const Config& config) {
  // Each value as the user typed it, escaped (it may hold anything) and quoted when it has a
  // space, so the line can be pasted back.
  auto quoted = [](std::string_view value) {
    std::string e = escaped(value, terminal_charset());
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
               escaped(config.proc_root, terminal_charset()));
  } else {
    fmt::print(stderr, "memwho: no process matches {}\n", selection);
  }
}

}  // namespace memwho
