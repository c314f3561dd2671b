// The front end's shared pieces: the selector, the run's description, the writer, and the
// stderr lines. Anything a process, a file or the user chose (names, paths, arguments) goes
// through the escaper: a message must not carry a terminal escape.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <ctime>
#include <string>
#include <thread>
#include <vector>

#include "front_end.hpp"
#include "memwho/cli/terminal.hpp"
#include "memwho/cli/users.hpp"
#include "memwho/write/escape.hpp"

namespace memwho {

std::optional<Selector> make_selector(const Config& config, const ProcSource& source) {
  Selector selector;
  selector.pids = config.pids;
  selector.names = config.names;
  selector.commands = config.commands;
  selector.exact = config.exact;
  selector.self_pid = source.self_pid();
  for (const std::string& user : config.users) {
    const auto uid = resolve_user(user, source.capture());
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

void print_diagnostics(std::span<const Note> notes) {
  const Charset charset = terminal_charset();
  for (const Note& n : notes) {
    if (n.kind == NoteKind::diagnostic) {
      fmt::print(stderr, "memwho: {}\n", escaped(n.text, charset));
    }
  }
}

std::string describe_selection(const Config& config) {
  // Each value as the user typed it, quoted when it has a space, so the line can be pasted
  // back (the whole line is escaped when printed).
  auto quoted = [](std::string_view value) {
    std::string e(value);
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

ViewInfo describe_run(const ProcSource& source, bool millis) {
  ViewInfo view;
  if (const CaptureInfo* captured = source.capture()) {
    view.host = captured->host;
    view.time = captured->time;
    view.kernel = captured->kernel;
    view.captured = true;
    return view;
  }
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) == 0) view.host = host;
  view.time = now_iso8601(millis);
  return view;
}

std::string now_iso8601(bool millis) {
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  std::tm local{};
  ::localtime_r(&now.tv_sec, &local);
  char stamp[40];
  // ISO 8601 with the zone as +hh:mm (strftime's %z gives +hhmm); with milliseconds for the
  // samples of a watch, which may come faster than once a second.
  std::size_t n = std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &local);
  std::string time(stamp, n);
  if (millis) time += fmt::format(".{:03}", now.tv_nsec / 1000000);
  n = std::strftime(stamp, sizeof stamp, "%z", &local);
  std::string zone(stamp, n);
  if (zone.size() >= 5) zone.insert(zone.size() - 2, ":");
  return time + zone;
}

std::unique_ptr<ReportWriter> writer_for(const Config& config, std::string& text) {
  const std::size_t width = output_width();
  WriterOptions options;
  options.header = config.header;
  options.max_width = config.wide || !config.output.empty() ? 0 : width;
  options.note_width = width > 0 ? width : 80;
  options.cut_marker = locale_is_utf8() ? "\xe2\x80\xa6" : "+";
  options.charset = terminal_charset();
  options.bytes = config.bytes;
  options.sampled = config.interval.has_value();
  // A file (--output) is no terminal, whatever stdout is: auto leaves it plain.
  options.color =
      config.format == Format::table &&
      (config.output.empty() ? use_color(config.color) : config.color == ColorChoice::always);
  return make_writer(config.format, options, text);
}

}  // namespace memwho
