#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <cmath>
#include <map>
#include <span>

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

Whole applications: --group=name adds up each program's processes (the
program -n matches, so "unicorn worker[3]" and "postgres: checkpointer" fall
under unicorn and postgres, not ruby), --group=user each user's,
--group=cgroup each memory cgroup's beside the cgroup's own charge (read from
--sys-root). --tree draws processes under their parents with each subtree's
PSS and USS; --descendants adds every descendant of the selected processes.
--top N keeps the first N rows (N trees), --min SIZE (100M, 1.5G) the rows
whose sort key is at least SIZE; a footer adds up what they left out. A sum
shown as >= is a lower bound (some members could not be read).

What stopping frees: with a selection, a last line says what stopping all of
the selected processes would give back, exact from page frames as root
(pagemap, kpagecount, kpageflags): anonymous memory only they map, plus the
shared memory objects (SysV, /dev/shm, memfd, anonymous shared) that die
with them; page cache only they map stays cached and is shown apart.
Without root it says between which bounds it lies. Per row: -o
frees,group_unique,... (a process row is that process alone, a group row
its group). --sharing shows per process what it maps alone, with the other
selected processes and with others, and how much of its master a worker
still shares copy-on-write (COW_SHARED, COW_%).

--explain -p PID prints every RSS the kernel reports for the process (stat,
statm, status, smaps summed as pmap -x does, smaps_rollup) side by side in
KiB, each difference with a reason code and why it holds on this kernel, and
VSS, RSS, PSS, USS, swap and shared memory applied to it; several processes
get a block each, then one for the group.

Formats: the table for people; tsv and csv (integer KiB, or bytes with
--units=bytes; text escaped); json (one document, sizes in bytes, null for
unknown); openmetrics (gauges in bytes, memwho_process_pss_bytes{pid,name,
user}, for Prometheus). --output FILE replaces FILE atomically.

Exit status: 0 reported; 1 no process matched (one line on stderr names the
selection; the machine formats still print their empty form) or, with
--maps, none could be read; 2 usage error (bad option, empty -n/-f, unknown
column or user, unreadable --proc-root, two views); 3 reported but incomplete
(a process exited while --maps read it); 4 the output could not be written.

Colour: only in the table, only on a terminal (--color=auto), never with
NO_COLOR set unless --color=always.

Examples:
  memwho -n postgres               an application's real total (TOTAL PSS), and
                                   what stopping it frees (the last line)
  memwho --group=name --top 10     the 10 largest applications, all processes added
  memwho --sort uss --top 10       the 10 processes with the most memory of their own
  memwho --maps -p 4242            one process's mappings, as pmap -x
  memwho --format=tsv --no-header -o pss | awk '{s += $1} END {print s}'
  memwho -n app --interval 5       every 5 seconds; the trend and leak suspects at the end
  memwho --interval 15 --group=name --format=openmetrics \
      --output /var/lib/prometheus/node-exporter/memwho.prom

The manual, with every column key and its source: man memwho.)";

constexpr const char* kDiffFooter =
    R"(A and B: a capture (memwho capture FILE), a directory laid out like /proc,
or /proc itself (now). The selection, -o, --sort, --top, --min, --format,
--group=name|user|cgroup and --maps --by=file apply to both; memwho diff
--list-columns lists the keys (pss_before, pss_after, pss_change, ...).

Pairing: on one boot (A and B have the same boot id) a process is its pid
and start time, so a reused pid is one process gone and another new. Across
boots, by command line, then by name, the oldest of A with the oldest of B.
A tree that does not say its boot: pid and start time first, the rest by
command line. --match=pid|cmdline forces a rule. Groups pair by key, mapped
objects by name. A row only in A (gone) or only in B (new) counts 0 on the
other side: its whole size is its change.

Exit status: 0 reported; 1 no process matched in either tree; 2 usage error
or a tree that cannot be opened.)";

/// The column keys of `view` for -o: nullptr and a message when one is unknown there.
template <class Row>
bool resolve_keys(std::span<const Column<Row>> all, std::uint8_t view,
                  const std::vector<std::string>& keys, std::vector<const Column<Row>*>& out,
                  std::string_view where) {
  for (const std::string& key : keys) {
    const Column<Row>* c = find_column(all, key, view);
    if (c == nullptr) {
      fmt::print(stderr, "memwho: --columns: unknown column \"{}\"{} (see --list-columns)\n",
                 escaped(key, terminal_charset()), where);
      return false;
    }
    out.push_back(c);
  }
  return true;
}

template <class Row>
bool resolve_sort(std::span<const Column<Row>> all, std::uint8_t view, const std::string& sort,
                  SortKey<Row>& out, std::string_view where) {
  if (auto key = parse_sort_key(all, sort, view)) {
    out = *key;
    return true;
  }
  fmt::print(stderr, "memwho: --sort: unknown column \"{}\"{} (see --list-columns)\n",
             escaped(sort, terminal_charset()), where);
  return false;
}

/// `memwho diff A B`: which views and options a diff takes; false (message printed) when not.
bool check_diff(const Config& config, bool proc_root_given) {
  const char* refused = nullptr;
  if (config.view == View::tree || config.view == View::sharing || config.view == View::shmem) {
    refused = "--tree, --sharing and --shmem";
  } else if (config.view == View::mappings) {
    refused = "--maps without --by=file (a mapping's address is no identity across trees)";
  } else if (config.interval) {
    refused = "--interval";
  } else if (proc_root_given) {
    refused = "--proc-root (A and B say which trees)";
  }
  if (refused != nullptr) {
    fmt::print(stderr, "memwho: diff does not go with {}\n", refused);
    return false;
  }
  return true;
}

/// Resolves -o and --sort against the view's column table; false (message printed) when a key
/// is unknown there.
bool resolve_columns(Config& config, const std::vector<std::string>& keys,
                     const std::string& sort) {
  if (config.diff) {
    const std::uint8_t view = config.diff_view();
    if (!resolve_keys(diff_columns(), view, keys, config.diff_columns, " for this diff")) {
      return false;
    }
    if (config.diff_columns.empty()) {
      // A table for people; every figure on both sides for scripts.
      config.diff_columns = default_diff_columns(view, config.format != Format::table);
    }
    if (sort.empty()) {
      config.diff_sort = default_diff_sort();
      return true;
    }
    return resolve_sort(diff_columns(), view, sort, config.diff_sort, " for this diff");
  }
  switch (config.view) {
    case View::processes:
    case View::sharing:
    case View::tree: {
      const bool tree = config.view == View::tree;
      const bool sharing = config.view == View::sharing;
      const std::uint8_t view =
          (tree ? (kInProcesses | kInTree) : kInProcesses) | (config.interval ? kInWatch : 0);
      const std::string_view where = tree ? " for --tree" : "";
      if (!resolve_keys(process_columns(), view, keys, config.process_columns, where)) {
        return false;
      }
      if (config.process_columns.empty()) {
        config.process_columns = tree      ? default_tree_columns()
                                 : sharing ? default_sharing_columns()
                                           : default_process_columns();
      }
      if (sort.empty() && sharing) {
        // A master before its workers: they are forked after it.
        config.process_sort = {find_process_column("pid"), false};
        return true;
      }
      if (sort.empty()) {
        config.process_sort = default_process_sort(config.process_columns);
        return true;
      }
      return resolve_sort(process_columns(), view, sort, config.process_sort, where);
    }
    case View::groups: {
      const std::uint8_t view =
          (config.group_by == GroupBy::cgroup ? (kInGroups | kInCgroups) : kInGroups) |
          (config.interval ? kInWatch : 0);
      const std::string_view where =
          config.group_by == GroupBy::cgroup ? " for --group" : " for --group (not cgroup)";
      if (!resolve_keys(group_columns(), view, keys, config.group_columns, where)) return false;
      if (config.group_columns.empty())
        config.group_columns = default_group_columns(config.group_by);
      if (sort.empty()) {
        config.group_sort = {find_group_column("pss", kInGroups), true};
        return true;
      }
      return resolve_sort(group_columns(), view, sort, config.group_sort, where);
    }
    case View::shmem: {
      if (!resolve_keys(shmem_columns(), kInShmem, keys, config.shmem_columns, " for --shmem")) {
        return false;
      }
      if (config.shmem_columns.empty()) config.shmem_columns = default_shmem_columns();
      if (sort.empty()) {
        config.shmem_sort = ShmemSortKey{find_shmem_column("whole"), true};
        return true;
      }
      ShmemSortKey key;
      if (!resolve_sort(shmem_columns(), kInShmem, sort, key, " for --shmem")) return false;
      config.shmem_sort = key;
      return true;
    }
    case View::explain:
      // One fixed set of figures: every format shows all of them.
      if (!keys.empty() || !sort.empty()) {
        fmt::print(stderr, "memwho: --explain shows a fixed set of figures: no -o or --sort\n");
        return false;
      }
      return true;
    case View::mappings:
    case View::objects: {
      const std::uint8_t view = config.view == View::objects ? kInObjects : kInMappings;
      if (!resolve_keys(mapping_columns(), view, keys, config.mapping_columns,
                        " for this --maps view")) {
        return false;
      }
      if (sort.empty()) return true;
      if (config.view == View::mappings) {
        fmt::print(stderr,
                   "memwho: --sort: the per-mapping view is in address order; use --by=file to "
                   "sort objects\n");
        return false;
      }
      MappingSortKey key;
      if (!resolve_sort(mapping_columns(), kInObjects, sort, key, " for this --maps view")) {
        return false;
      }
      config.mapping_sort = key;
      return true;
    }
  }
  return false;
}

/// A watched table (--interval) without -o: the change columns after the sort key (or PSS), and
/// NEW before the last column.
template <class Row>
void add_change_columns(std::vector<const Column<Row>*>& shown, std::span<const Column<Row>> all,
                        const Column<Row>* key) {
  auto at = std::find(shown.begin(), shown.end(), key);
  if (at == shown.end() || !key->meta.is_size()) {
    at = std::find_if(shown.begin(), shown.end(),
                      [](const Column<Row>* c) { return c->meta.key == "pss"; });
  }
  const auto change = [&](std::string_view k) { return find_column(all, k, kInWatch); };
  if (at != shown.end()) {
    at = shown.insert(at + 1, change("change"));
    shown.insert(at + 1, change("change_first"));
  }
  shown.insert(shown.empty() ? shown.end() : shown.end() - 1, change("new"));
}

/// --min: "100M", "1.5G", "512K", "100MiB", "2048" (KiB), binary units; nullopt otherwise.
std::optional<std::uint64_t> parse_size_kib(std::string_view text) {
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || !(value >= 0)) return std::nullopt;
  std::string_view unit(ptr, static_cast<std::size_t>(text.data() + text.size() - ptr));
  static constexpr std::pair<std::string_view, double> kUnits[] = {{"", 1},
                                                                   {"k", 1},
                                                                   {"K", 1},
                                                                   {"KiB", 1},
                                                                   {"KB", 1},
                                                                   {"kB", 1},
                                                                   {"M", 1024},
                                                                   {"MiB", 1024},
                                                                   {"MB", 1024},
                                                                   {"G", 1024.0 * 1024},
                                                                   {"GiB", 1024.0 * 1024},
                                                                   {"GB", 1024.0 * 1024},
                                                                   {"T", 1024.0 * 1024 * 1024},
                                                                   {"TiB", 1024.0 * 1024 * 1024},
                                                                   {"TB", 1024.0 * 1024 * 1024}};
  for (const auto& [name, factor] : kUnits) {
    if (unit == name) {
      const double kib = value * factor;
      if (kib > 1e18) return std::nullopt;
      return static_cast<std::uint64_t>(std::llround(kib));
    }
  }
  return std::nullopt;
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
  app.set_version_flag("-V,--version", "memwho " MEMWHO_VERSION "\nbuild: " MEMWHO_BUILD);
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
  select->add_flag("--descendants", config.descendants,
                   "Also every descendant of the selected processes, whatever its name");

  // One view at a time: the process table unless one of these is given.
  bool maps = false;
  std::string by = "mapping";
  auto* views = app.add_option_group("Views");
  views->add_flag("--maps", maps, "Per-mapping view of the selected processes (pmap -x)");
  views->add_option("--by", by, "mapping (default) or file: add up mappings of each object")
      ->check(CLI::IsMember({"mapping", "file"}))
      ->type_name("WHAT");
  std::string group_by;
  views
      ->add_option("--group", group_by,
                   "One row a program (name), user or memory cgroup, sizes added up")
      ->check(CLI::IsMember({"name", "user", "cgroup"}))
      ->type_name("BY");
  bool tree = false;
  views->add_flag("--tree", tree, "Processes under their parents, with each subtree's PSS and USS");
  bool shmem = false;
  views->add_flag("--shmem", shmem,
                  "One row a shared memory object the selection maps or holds (SysV, "
                  "/dev/shm, memfd, anonymous shared): its whole size, whether it dies");
  bool explain = false;
  views->add_flag("--explain", explain,
                  "Every RSS the kernel reports for each selected process (stat, statm, status, "
                  "smaps, smaps_rollup) side by side in KiB, why they differ on this kernel, and "
                  "VSS, RSS, PSS, USS and swap applied to it");
  bool sharing = false;
  views->add_flag(
      "--sharing", sharing,
      "How each process's memory is shared: alone, with the selection, with others; how much "
      "of its master a worker still shares copy-on-write (root: exact)");

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
  std::size_t top = 0;
  output->add_option("--top", top, "Only the first N rows in sort order (--tree: N trees)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 40))
      ->type_name("N");
  std::string min_size;
  auto* min_option =
      output
          ->add_option("--min", min_size,
                       "Only rows whose sort key is at least SIZE (e.g. 100M; K, M, G, T binary)")
          ->type_name("SIZE");
  bool no_header = false;
  output->add_flag("--no-header", no_header, "Omit the header line");
  output->add_flag("-w,--wide", config.wide, "Never cut the command to the terminal width");
  std::string color = "auto";
  output
      ->add_option("--color", color,
                   "Colour in the table: auto (a terminal, unless NO_COLOR is set), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->type_name("WHEN");
  output->add_flag("--list-columns", config.list_columns, "List column keys and their sources");

  auto* over_time = app.add_option_group("Over time");
  double interval = 0;
  auto* interval_option =
      over_time
          ->add_option("--interval", interval,
                       "A report every SECONDS (0.1 to 86400), the first at once, as free -s "
                       "and top -d; TSV/CSV rows start with the time, JSON is one line a report")
          ->check(CLI::Range(0.1, 86400.0))
          ->type_name("SECONDS");
  std::uint64_t count = 0;
  auto* count_option =
      over_time->add_option("--count", count, "N reports in all (free -c, top -n); forever without")
          ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40))
          ->type_name("N");
  over_time->add_flag("--until-exit", config.until_exit,
                      "End the watch when every process it watches has exited");
  over_time
      ->add_option("--reread-every", config.reread_every,
                   "Read a process whose status did not change again at least every K samples "
                   "(default: 30 seconds' worth; 1: read everything every sample)")
      ->check(CLI::Range(1u, 1000000u))
      ->type_name("K");

  auto* advanced = app.add_option_group("Advanced");
  auto* proc_root_option =
      advanced
          ->add_option("--proc-root", config.proc_root,
                       "Read this proc tree instead of /proc: a directory, or a capture")
          ->type_name("DIR|FILE");
  advanced
      ->add_option("--sys-root", config.sys_root,
                   "Read cgroup files here instead of /sys/fs/cgroup (--group=cgroup; a "
                   "capture: its own)")
      ->type_name("DIR");
  advanced->add_option("-j,--jobs", config.jobs, "Threads for the scan (default: one per CPU)")
      ->check(CLI::Range(1u, 1024u))
      ->type_name("N");

  // memwho capture FILE [selection]: the selection options (and --proc-root, --sys-root, -j)
  // fall through to the main command; the views' options do not go with it.
  CaptureCommand capture_command;
  auto* capture =
      app.add_subcommand("capture",
                         "Write the selection's proc files (all processes without one) to FILE, "
                         "a .tar.zst (.tar.gz for FILE ending .gz/.tgz; - for stdout), for "
                         "--proc-root FILE on any machine");
  capture->fallthrough();
  capture->add_option("FILE", capture_command.file, "The capture to write")->required();
  capture->add_flag("--maps", capture_command.maps, "Also capture smaps, for the --maps views");
  // memwho diff A B [options]: the options above apply after A and B too (fallthrough).
  DiffRequest diff_request;
  std::string match = "auto";
  auto* diff = app.add_subcommand(
      "diff",
      "Compare two proc trees A and B (a capture, a directory laid out like /proc, or /proc "
      "itself): each process's (--group: each group's; --maps --by=file: each object's) RSS, "
      "PSS, USS and swap in A, in B and the change, largest PSS growth first");
  diff->fallthrough();
  diff->footer(kDiffFooter);
  diff->add_option("A", diff_request.a, "The tree before")->type_name("A");
  diff->add_option("B", diff_request.b, "The tree after (/proc: now)")->type_name("B");
  diff->add_option("--match", match,
                   "How processes of A and B are paired: auto (by boot id: one boot pid and "
                   "start time, else command line), pid, cmdline")
      ->check(CLI::IsMember({"auto", "pid", "cmdline"}))
      ->type_name("HOW");

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

  if (capture->parsed()) {
    for (const CLI::App* group : {output, views, over_time}) {
      for (const CLI::Option* o : group->get_options()) {
        if (o->count() > 0) {
          fmt::print(stderr, "memwho capture: {} is an option of the views, not of capture\n",
                     o->get_name());
          return kExitUsage;
        }
      }
    }
    capture_command.argv.assign(argv, argv + argc);
    config.capture = std::move(capture_command);
  }
  config.format = formats.at(format);
  config.color = color == "always"  ? ColorChoice::always
                 : color == "never" ? ColorChoice::never
                                    : ColorChoice::automatic;
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
  if (maps + tree + sharing + shmem + explain + !group_by.empty() > 1) {
    fmt::print(stderr,
               "memwho: --maps, --tree, --sharing, --shmem, --explain and --group are different "
               "views: pick one\n");
    return kExitUsage;
  }
  if (maps) {
    config.view = by_file ? View::objects : View::mappings;
  } else if (tree) {
    config.view = View::tree;
  } else if (sharing) {
    config.view = View::sharing;
  } else if (shmem) {
    config.view = View::shmem;
  } else if (explain) {
    config.view = View::explain;
  } else if (!group_by.empty()) {
    config.view = View::groups;
    config.group_by = group_by == "user"     ? GroupBy::user
                      : group_by == "cgroup" ? GroupBy::cgroup
                                             : GroupBy::name;
  } else {
    config.view = View::processes;
  }
  if (interval_option->count() > 0) config.interval = interval;
  if (diff->parsed()) {
    diff_request.match = match == "pid"       ? MatchChoice::pid
                         : match == "cmdline" ? MatchChoice::cmdline
                                              : MatchChoice::automatic;
    if (!config.list_columns && (diff_request.a.empty() || diff_request.b.empty())) {
      fmt::print(stderr, "memwho: diff needs two trees: memwho diff A B\n");
      return kExitUsage;
    }
    config.diff = std::move(diff_request);
    if (!check_diff(config, proc_root_option->count() > 0)) return kExitUsage;
  }
  if (count_option->count() > 0) {
    if (!config.interval) {
      fmt::print(stderr, "memwho: --count goes with --interval\n");
      return kExitUsage;
    }
    config.count = count;
  }
  if (config.until_exit && !config.interval) {
    fmt::print(stderr, "memwho: --until-exit goes with --interval\n");
    return kExitUsage;
  }
  if (top > 0) config.limit.top = top;
  if (config.limit.top && config.view == View::mappings) {
    fmt::print(stderr,
               "memwho: --top: the per-mapping view is in address order; use --min SIZE (of PSS), "
               "or --by=file --top N\n");
    return kExitUsage;
  }
  if (min_option->count() > 0) {
    config.limit.min_kib = parse_size_kib(min_size);
    if (!config.limit.min_kib) {
      fmt::print(stderr, "memwho: --min \"{}\": not a size (e.g. 100M, 1.5G, 512K)\n",
                 escaped(min_size, terminal_charset()));
      return kExitUsage;
    }
  }
  if (config.maps() && !config.list_columns && config.pids.empty() && config.names.empty() &&
      config.commands.empty() && config.users.empty()) {
    fmt::print(stderr, "memwho: --maps needs a selection: -p PID, -n NAME, -f TEXT or -u USER\n");
    return kExitUsage;
  }
  if (config.view == View::sharing && !config.list_columns && !config.selected()) {
    fmt::print(stderr,
               "memwho: --sharing needs a selection (the master and its workers): -p PID, -n "
               "NAME, -f TEXT or -u USER\n");
    return kExitUsage;
  }
  if (config.view == View::explain && !config.list_columns &&
      (!config.selected() || config.interval)) {
    fmt::print(stderr, "{}",
               config.interval ? "memwho: --explain does not go with --interval\n"
                               : "memwho: --explain needs a selection: -p PID, -n NAME, "
                                 "-f TEXT or -u USER\n");
    return kExitUsage;
  }
  config.header = !no_header;
  if (!resolve_columns(config, columns, sort)) return kExitUsage;
  if (config.interval && columns.empty() && config.format == Format::table) {
    if (config.view == View::groups) {
      add_change_columns(config.group_columns, group_columns(), config.group_sort.column);
    } else if (config.view == View::processes || config.view == View::tree) {
      add_change_columns(config.process_columns, process_columns(), config.process_sort.column);
    }
  }
  if (config.limit.min_kib && !config.list_columns) {
    // --min compares the sort key: it must be a size.
    const bool size_key =
        config.diff                   ? config.diff_sort.column->meta.is_size()
        : config.view == View::groups ? config.group_sort.column->meta.is_size()
        : config.view == View::shmem  ? config.shmem_sort->column->meta.is_size()
        : config.view == View::objects
            ? (!config.mapping_sort || config.mapping_sort->column->meta.is_size())
        : config.view == View::mappings ? true
                                        : config.process_sort.column->meta.is_size();
    if (!size_key) {
      fmt::print(stderr, "memwho: --min compares the sort key, and --sort is not a size\n");
      return kExitUsage;
    }
  }
  return -1;
}

}  // namespace memwho
