// memwho --maps: each selected process's smaps, one row a mapping (pmap -x, plus PSS, USS and
// swap), or added up per mapped object with --by=file. Reading and checking the mappings is the
// scan layer's (read_mappings); this file turns outcomes into output and messages.
#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "app_support.hpp"
#include "memwho/cli/terminal.hpp"
#include "memwho/maps/file_usage.hpp"
#include "memwho/maps/maps_printer.hpp"
#include "memwho/render/escape.hpp"
#include "memwho/scan/read_mappings.hpp"

namespace memwho {
namespace {

/// Output is handed to stdout in chunks of this size, so a 20,000-mapping table streams
/// instead of piling up.
constexpr std::size_t kFlushBytes = std::size_t{64} << 10;

std::vector<const MapColumn*> chosen_columns(const Config& config, MapViewKind view, bool several) {
  std::vector<const MapColumn*> cols;
  for (const std::string& key : config.columns) cols.push_back(find_map_column(key));
  if (cols.empty()) {
    // TSV rows of several processes need their pid; a table names the process per block.
    cols = default_map_columns(view, several && config.format == OutputFormat::tsv);
  }
  return cols;
}

void sort_objects(std::vector<FileUsage>& objects, const std::string& sort_text) {
  const SortSpec spec = parse_sort_spec(sort_text.empty() ? std::string_view("pss") : sort_text);
  const MapColumn* column = find_map_column(spec.key);  // validated by the command line
  const bool descending = spec.descending.value_or(!column->is_text);
  std::stable_sort(objects.begin(), objects.end(), [&](const FileUsage& a, const FileUsage& b) {
    const int order = order_cells(column->value(a.row()), column->value(b.row()), descending);
    if (order != 0) return order < 0;
    if (a.name != b.name) return a.name < b.name;
    return a.inode < b.inode;
  });
}

/// With several processes by file, which shown sizes count a shared page once per process.
std::string double_count_note(const std::vector<const MapColumn*>& columns) {
  // Counted once at most across processes: the proportional and the private counters.
  constexpr std::string_view kAdditive[] = {
      "pss", "uss", "private_clean", "private_dirty", "pss_dirty", "swap_pss", "locked"};
  std::vector<std::string_view> repeated;
  for (const MapColumn* c : columns) {
    if (!c->summable) continue;
    if (std::find(std::begin(kAdditive), std::end(kAdditive), c->key) == std::end(kAdditive)) {
      repeated.push_back(c->title);
    }
  }
  if (repeated.empty()) return {};
  std::string list;
  for (std::size_t i = 0; i < repeated.size(); ++i) {
    if (i > 0) list += i + 1 == repeated.size() ? " and " : ", ";
    list += repeated[i];
  }
  return fmt::format(
      "{} add{} up each process's mappings: a page that several processes map counts once in "
      "each.",
      list, repeated.size() == 1 ? "s" : "");
}

std::string pids_text(const std::vector<int>& pids) {
  std::string out;
  for (std::size_t i = 0; i < pids.size() && i < 5; ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(pids[i]);
  }
  if (pids.size() > 5) out += fmt::format(" and {} more", pids.size() - 5);
  return out;
}

}  // namespace

int run_maps(const Config& config, const ProcSource& source, Selector selector, Output& out) {
  // Select on identity first (status, cmdline); read smaps only for the processes selected.
  // The start time lets the read below refuse a pid that has become another process.
  ScanRequest request;
  request.selector = std::move(selector);
  request.needs.cmdline = true;
  request.needs.start_time = true;
  request.jobs = scan_jobs(config);
  ScanResult selected = scan(source, request);
  report_problems(selected, request.selector);
  const MapViewKind view = config.by_file ? MapViewKind::by_file : MapViewKind::mappings;
  const bool tsv = config.format == OutputFormat::tsv;
  if (selected.records.empty()) {
    if (tsv) {
      std::string header;
      MapsPrinter({chosen_columns(config, view, false), true, config.header, 80}, header)
          .begin_block("");
      out.write(header);
    }
    report_no_match(config, selected);
    return kExitNoMatch;
  }
  std::sort(selected.records.begin(), selected.records.end(),
            [](const ProcessRecord& a, const ProcessRecord& b) { return a.pid < b.pid; });

  std::string text;
  const std::size_t width = output_width();
  MapsPrinter printer({chosen_columns(config, view, selected.records.size() > 1), tsv,
                       config.header, width > 0 ? width : 80, terminal_charset()},
                      text);
  FileUsageTable objects;
  // The exact totals of the processes shown, from smaps_rollup: smaps truncates each mapping's
  // PSS to whole kB, the rollup sums the exact values and truncates once. Unknown (nullopt) as
  // soon as one process shown has no readable rollup.
  std::optional<SmapsCounters> exact_total = SmapsCounters{};
  ReadBuffer buf(kFlushBytes);
  MapRowText row_text;
  std::size_t shown = 0;
  std::vector<int> denied, cut_short;
  const ProcessRecord* last_shown = nullptr;  // names the by-file table when it is the only one

  for (const ProcessRecord& rec : selected.records) {
    if (out.ended()) break;
    const int pid = rec.pid;
    const std::string title = fmt::format("{}: {}", pid, rec.command);
    bool begun = false;
    FileUsageTable mine;  // by file: this process's objects, added to the rest once complete
    const MappingsRead read = read_mappings(source, rec, buf, [&](const Mapping& m) {
      if (view == MapViewKind::by_file) {
        mine.add(pid, m);
        return true;
      }
      if (!begun) {
        printer.begin_block(title);
        begun = true;
      }
      printer.add(make_map_row(pid, m, row_text));
      if (text.size() < kFlushBytes) return true;
      const bool more = out.write(text);
      text.clear();
      return more;
    });
    switch (read.outcome) {
      case MappingsOutcome::no_mm:
        fmt::print(stderr, "memwho: {} ({}) is a {}: it has no user memory to map\n", pid,
                   escaped(rec.name, terminal_charset()),
                   rec.kernel_thread ? "kernel thread" : "zombie");
        continue;
      case MappingsOutcome::gone:
        fmt::print(stderr, "memwho: {} exited before its mappings could be read\n", pid);
        continue;
      case MappingsOutcome::reused:
        fmt::print(stderr,
                   "memwho: {} exited before its mappings could be read (the pid now belongs "
                   "to another process)\n",
                   pid);
        continue;
      case MappingsOutcome::denied:
        denied.push_back(pid);
        continue;
      case MappingsOutcome::failed:
        fmt::print(stderr, "memwho: {}/smaps: {}\n", pid,
                   escaped(describe(read.read), terminal_charset()));
        continue;
      case MappingsOutcome::cut_short:
        cut_short.push_back(pid);
        fmt::print(stderr, "memwho: {} exited while its mappings were read: {}\n", pid,
                   view == MapViewKind::by_file ? "it is left out of the sums"
                                                : "its rows are incomplete");
        if (begun) printer.end_block_incomplete();
        continue;
      case MappingsOutcome::complete:
        break;
    }
    ++shown;
    last_shown = &rec;
    if (read.exact && exact_total) {
      *exact_total += *read.exact;
    } else {
      exact_total.reset();
    }
    if (view == MapViewKind::by_file) {
      objects.merge(mine);
    } else if (begun) {
      printer.end_block(read.exact ? &*read.exact : nullptr);
    }
  }

  if (view == MapViewKind::by_file && shown > 0) {
    sort_objects(objects.objects(), config.sort);
    const std::string title =
        shown == 1 ? fmt::format("{}: {}, by mapped object", last_shown->pid, last_shown->command)
                   : fmt::format("{} processes, by mapped object", shown);
    printer.begin_block(title);
    for (const FileUsage& usage : objects.objects()) printer.add(usage.row());
    printer.end_block(exact_total ? &*exact_total : nullptr);
    if (shown > 1) {
      if (const std::string note = double_count_note(printer.columns()); !note.empty()) {
        printer.note(note);
      }
    }
    if (!cut_short.empty()) {
      printer.note(fmt::format("Incomplete: {} exited while {} mappings were read and {} left out.",
                               pids_text(cut_short), cut_short.size() == 1 ? "its" : "their",
                               cut_short.size() == 1 ? "is" : "are"));
    }
  }
  out.write(text);
  if (!denied.empty()) {
    fmt::print(stderr, "memwho: smaps of {} process{} refused (pid {}): not shown. {}\n",
               denied.size(), denied.size() == 1 ? "" : "es", pids_text(denied), permission_hint());
  }
  if (!cut_short.empty()) return kExitIncomplete;
  return shown > 0 ? kExitMatched : kExitNoMatch;
}

}  // namespace memwho
