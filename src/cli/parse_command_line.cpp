#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <map>

#include "memwho/cli/config.hpp"
#include "memwho/cli/terminal.hpp"
#include "memwho/write/escape.hpp"

namespace memwho {
namespace {

constexpr const char* kFooter =
    R"(Selection, as in pgrep: -n NAME matches a part of the process name (comm) or
of the program its command runs: argv[0] without its directory, a login
shell's '-' or a title's ':' (so -n postgres finds "postgres: checkpointer"
but not /usr/lib/postgresql/15/bin/psql). -f TEXT matches a part of the
whole command line (-f checkpointer, -f 'worker[1]'). -x makes both match
whole. Plain text, no patterns; an empty NAME or TEXT is an error. -p, -n,
-f and -u each take alternatives (any may match); different options must
all match. With none, every process with an address space is listed; kernel
threads, zombies and memwho itself only when named by -p.

Sizes: VSS is address space, not memory. RSS counts every shared page in
full in every process that maps it. PSS splits each shared page among its
sharers, so it adds up across processes. USS counts the pages only this
process maps: what its exit frees, but for file pages that stay cached.
TOTAL adds only the columns that add up (PSS, USS, SWAP_PSS...;
--list-columns says which). '-' (TSV: empty) marks a size that could not be
read, never a zero.

--maps prints each selected process's mappings in address order, as pmap -x
does (Kbytes, RSS, Dirty, with PSS, USS and swap added) and a total line
whose PSS is the exact smaps_rollup figure; --maps --by=file adds up all
mappings of each object (a library, [heap], [anon]) over every selected
process, largest PSS first.

Formats: the table for people; tsv and csv (integer KiB, or bytes with
--units=bytes; text escaped); json (one document, sizes in bytes, null for
unknown); openmetrics (gauges in bytes, memwho_process_pss_bytes{pid,name,
user}, for Prometheus). --output FILE replaces FILE atomically.

Exit status: 0 reported; 1 no process matched (one line on stderr names the
selection; the machine formats still print their empty form) or, with
--maps, none could be read; 2 usage error (bad option, empty -n/-f, unknown
column or user, unreadable --proc-root); 3 reported but incomplete (a
process exited while --maps read it); 4 the output could not be written.)";

/// Resolves -o and --sort against the view's column table; false (message printed) when a key
/// is unknown there.
bool resolve_columns(Config& config, const std::vector<std::string>& keys,
                     const std::string& sort) {
  const bool maps = config.maps();
  const std::uint8_t view = config.view == View::objects ? kInObjects : kInMappings;
  for (const std::string& key : keys) {
    const bool known =
        maps ? find_mapping_column(key, view) != nullptr : find_process_column(key) != nullptr;
    if (!known) {
      fmt::print(stderr, "memwho: --columns: unknown column \"{}\"{} (see --list-columns)\n",
                 escaped(key, terminal_charset()), maps ? " for this --maps view" : "");
      return false;
    }
    if (maps) {
      config.mapping_columns.push_back(find_mapping_column(key, view));
    } else {
      config.process_columns.push_back(find_process_column(key));
    }
  }
  if (!maps && config.process_columns.empty()) config.process_columns = default_process_columns();
  if (sort.empty()) {
    if (!maps) config.process_sort = default_process_sort(config.process_columns);
    return true;
  }
  if (config.view == View::mappings) {
    fmt::print(stderr,
               "memwho: --sort: the per-mapping view is in address order; use --by=file to sort "
               "objects\n");
    return false;
  }
  bool ok = false;
  if (maps) {
    config.mapping_sort = parse_sort_key(mapping_columns(), sort, kInObjects);
    ok = config.mapping_sort.has_value();
  } else if (auto key = parse_sort_key(process_columns(), sort, kInProcesses)) {
    config.process_sort = *key;
    ok = true;
  }
  if (!ok) {
    fmt::print(stderr, "memwho: --sort: unknown column \"{}\" (see --list-columns)\n",
               escaped(sort, terminal_charset()));
  }
  return ok;
}

/// "1,2" and "3" from repeated -p options, each a positive pid.
bool parse_pids(const std::vector<std::string>& args, std::vector<int>& pids, std::string& bad) {
  for (const std::string& a : args) {
    int pid = 0;
    const auto [ptr, ec] = std::from_chars(a.data(), a.data() + a.size(), pid);
    if (ec != std::errc{} || ptr != a.data() + a.size() || pid <= 0) {
      bad = a;
      return false;
    }
    pids.push_back(pid);
  }
  return true;
}

}  // namespace

int parse_command_line(int argc, const char* const* argv, Config& config, std::string& text) {
  CLI::App app{"memwho: how much memory processes really use (VSS, RSS, PSS, USS) from /proc",
               "memwho"};
  app.footer(kFooter);
  app.set_version_flag("-V,--version", "memwho " MEMWHO_VERSION);
  app.get_formatter()->column_width(28);

  std::vector<std::string> pid_args;
  auto* select = app.add_option_group("Selection");
  select->add_option("-p,--pid", pid_args, "Process id; repeat or give a comma list")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->type_name("PID");
  select
      ->add_option("-n,--name", config.names,
                   "Part of the process name (comm) or of the program its command runs")
      ->allow_extra_args(false)
      ->type_name("NAME");
  select
      ->add_option("-f,--full", config.commands,
                   "Part of the whole command line, e.g. -f checkpointer (pgrep -f)")
      ->allow_extra_args(false)
      ->type_name("TEXT");
  select->add_flag("-x,--exact", config.exact,
                   "-n and -f match the whole name or command line, not a part of it");
  select->add_option("-u,--user", config.users, "User name or uid; repeat or give a comma list")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->type_name("USER");

  std::vector<std::string> columns;
  std::string sort;
  auto* output = app.add_option_group("Output");
  // Each choice is checked by CLI11 against its list and mapped to its enum right after
  // parsing, so a bad value is named with the choices ("xml not in {table,tsv,...}").
  const std::map<std::string, Format> formats = {{"table", Format::table},
                                                 {"tsv", Format::tsv},
                                                 {"csv", Format::csv},
                                                 {"json", Format::json},
                                                 {"openmetrics", Format::openmetrics}};
  std::string format = "table";
  output
      ->add_option("--format", format,
                   "table (default), tsv or csv (integer KiB), json, openmetrics (bytes)")
      ->check(CLI::IsMember({"table", "tsv", "csv", "json", "openmetrics"}))
      ->type_name("FMT");
  output->add_option("-o,--columns", columns, "Columns to show, e.g. pid,pss,uss,command")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->type_name("KEY,...");
  output
      ->add_option("--sort", sort,
                   "Sort by a column key; sizes descend, others ascend; -KEY/+KEY force")
      ->type_name("KEY");
  std::string units = "kib";
  output->add_option("--units", units, "Sizes in TSV and CSV: kib (default) or bytes")
      ->check(CLI::IsMember({"kib", "bytes"}))
      ->type_name("UNIT");
  output
      ->add_option("--output", config.output,
                   "Write to FILE, replaced atomically (for node_exporter's textfile collector)")
      ->type_name("FILE");
  bool no_header = false;
  output->add_flag("--no-header", no_header, "Omit the header line");
  output->add_flag("-w,--wide", config.wide, "Never cut the command to the terminal width");
  output->add_flag("--list-columns", config.list_columns, "List column keys and their sources");

  bool maps = false;
  std::string by = "mapping";
  auto* maps_group = app.add_option_group("Mappings");
  maps_group->add_flag("--maps", maps, "Per-mapping view of the selected processes (pmap -x)");
  maps_group->add_option("--by", by, "mapping (default) or file: add up mappings of each object")
      ->check(CLI::IsMember({"mapping", "file"}))
      ->type_name("WHAT");

  auto* advanced = app.add_option_group("Advanced");
  advanced->add_option("--proc-root", config.proc_root, "Read this proc tree instead of /proc")
      ->type_name("DIR");
  advanced->add_option("-j,--jobs", config.jobs, "Threads for the scan (default: one per CPU)")
      ->check(CLI::Range(1u, 1024u))
      ->type_name("N");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    text = app.help();
    return kExitMatched;
  } catch (const CLI::CallForVersion& e) {
    text = std::string(e.what()) + "\n";
    return kExitMatched;
  } catch (const CLI::ParseError& e) {
    // CLI11's message quotes the argument it could not take, as typed: escape it.
    fmt::print(stderr, "memwho: {}\nRun with --help for more information.\n",
               escaped(e.what(), terminal_charset()));
    return kExitUsage;
  }

  config.format = formats.at(format);
  config.bytes = units == "bytes";
  const bool by_file = by == "file";
  // An empty NAME is part of every name: an unset $APP in `memwho -n "$APP"` must not silently
  // report the whole machine.
  for (const auto* what : {&config.names, &config.commands}) {
    for (const std::string& v : *what) {
      if (v.empty()) {
        fmt::print(stderr, "memwho: {}: an empty value would match every process\n",
                   what == &config.names ? "--name" : "--full");
        return kExitUsage;
      }
    }
  }
  std::string bad;
  if (!parse_pids(pid_args, config.pids, bad)) {
    fmt::print(stderr, "memwho: --pid \"{}\": not a process id\n",
               escaped(bad, terminal_charset()));
    return kExitUsage;
  }
  if (by_file && !maps) {
    fmt::print(stderr, "memwho: --by goes with --maps\n");
    return kExitUsage;
  }
  config.view = !maps ? View::processes : (by_file ? View::objects : View::mappings);
  if (config.maps() && !config.list_columns && config.pids.empty() && config.names.empty() &&
      config.commands.empty() && config.users.empty()) {
    fmt::print(stderr, "memwho: --maps needs a selection: -p PID, -n NAME, -f TEXT or -u USER\n");
    return kExitUsage;
  }
  config.header = !no_header;
  return resolve_columns(config, columns, sort) ? -1 : kExitUsage;
}

}  // namespace memwho
