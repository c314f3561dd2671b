// memwho --maps: each selected process's smaps, one row a mapping (pmap -x, plus PSS, USS and
// swap), or added up per mapped object with --by=file.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "app_support.hpp"
#include "memwho/cli/terminal.hpp"
#include "memwho/maps/file_usage.hpp"
#include "memwho/maps/maps_printer.hpp"
#include "memwho/proc/overlapped_reader.hpp"
#include "memwho/proc/parse_smaps.hpp"
#include "memwho/proc/parse_status.hpp"

namespace memwho {
namespace {

/// Output is handed to stdout in chunks of this size, so a 20,000-mapping table streams
/// instead of piling up.
constexpr std::size_t kFlushBytes = std::size_t{64} << 10;

/// True when the process behind `dir` still runs (not reaped, not a zombie).
bool still_running(const PidDir& dir, ReadBuffer& buf) {
  if (!buf.read_file(dir.fd(), "status").ok() || buf.text().empty()) return false;
  return parse_status(buf.text()).state != 'Z';
}

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
    return order != 0 ? order < 0 : a.name < b.name;
  });
}

}  // namespace

int run_maps(const Config& config, const ProcRoot& root, Selector selector) {
  // Select on identity first (status, cmdline); read smaps only for the processes selected.
  ScanRequest request;
  request.selector = std::move(selector);
  request.needs.cmdline = true;
  request.jobs = scan_jobs(config);
  ScanResult selected = scan(root, request);
  report_problems(selected, request.selector);
  if (selected.records.empty()) {
    if (config.format == OutputFormat::tsv) {
      std::string header;
      MapsPrinter(
          {chosen_columns(config, config.by_file ? MapViewKind::by_file : MapViewKind::mappings,
                          false),
           true, config.header, 80},
          header)
          .begin_block("");
      write_stdout(header);
    }
    report_no_match(config, selected);
    return kExitNoMatch;
  }
  std::sort(selected.records.begin(), selected.records.end(),
            [](const ProcessRecord& a, const ProcessRecord& b) { return a.pid < b.pid; });

  const MapViewKind view = config.by_file ? MapViewKind::by_file : MapViewKind::mappings;
  std::string out;
  const std::size_t width = output_width();
  MapsPrinter printer({chosen_columns(config, view, selected.records.size() > 1),
                       config.format == OutputFormat::tsv, config.header, width > 0 ? width : 80},
                      out);
  // The exact totals of the processes shown, from smaps_rollup: smaps truncates each mapping's
  // PSS to whole kB, the rollup sums the exact values and truncates once. Unknown (nullopt) as
  // soon as one process shown has no readable rollup.
  std::optional<SmapsCounters> exact_total = SmapsCounters{};
  FileUsageTable objects;
  ReadBuffer buf(kFlushBytes);
  MapRowText text;
  std::size_t shown = 0;
  const ProcessRecord* last_shown = nullptr;  // names the by-file table when it is the only one

  for (const ProcessRecord& rec : selected.records) {
    const int pid = rec.pid;
    if (rec.identity_known && !rec.has_mm) {
      fmt::print(stderr, "memwho: {} ({}) is a {}: it has no user memory to map\n", pid, rec.name,
                 rec.kernel_thread ? "kernel thread" : "zombie");
      continue;
    }
    PidDir dir(root, pid);
    if (!dir.is_open()) {
      fmt::print(stderr, "memwho: {} exited before its mappings could be read\n", pid);
      continue;
    }
    const std::string title = fmt::format("{}: {}", pid, rec.command);
    bool begun = false;
    SmapsParser parser([&](const Mapping& m) {
      if (view == MapViewKind::by_file) {
        objects.add(pid, m);
        return;
      }
      if (!begun) {
        printer.begin_block(title);
        begun = true;
      }
      printer.add(make_map_row(pid, m, text));
      if (out.size() >= kFlushBytes) {
        write_stdout(out);
        out.clear();
      }
    });
    // Read on a second thread: the kernel produces smaps while this one parses and prints.
    const ReadOutcome read = read_lines_overlapped(
        dir.fd(), "smaps", [&parser](std::string_view line) { parser.feed_line(line); });
    parser.finish();

    if (read.status == ReadStatus::denied) {
      fmt::print(stderr, "memwho: {}/smaps: permission denied. {}\n", pid, permission_hint());
      continue;
    }
    if (read.status == ReadStatus::failed) {
      fmt::print(stderr, "memwho: {}/smaps: {}\n", pid, std::strerror(read.error));
      continue;
    }
    if (parser.mappings() == 0) {
      fmt::print(stderr, "memwho: {} exited before its mappings could be read\n", pid);
      continue;
    }
    ++shown;
    last_shown = &rec;
    // The kernel ends smaps without an error when the process exits during the read, so an
    // early end is recognised by its shape and by asking whether the process still runs.
    const bool complete = read.ok() && !parser.looks_truncated() && still_running(dir, buf);
    if (!complete) {
      fmt::print(stderr,
                 "memwho: {} exited while its mappings were read: its rows are incomplete\n", pid);
      if (begun) printer.end_block_incomplete();
      exact_total.reset();
      continue;
    }
    // Read right after smaps through the same directory fd: the same process, the same moment
    // as nearly as two reads can be.
    std::optional<SmapsCounters> exact;
    if (buf.read_file(dir.fd(), "smaps_rollup").ok()) {
      exact = sum_smaps_counters(buf.text());
      if (exact->empty()) exact.reset();
    }
    if (exact && exact_total) {
      *exact_total += *exact;
    } else {
      exact_total.reset();
    }
    if (begun) printer.end_block(exact ? &*exact : nullptr);
  }

  if (view == MapViewKind::by_file && shown > 0) {
    sort_objects(objects.objects(), config.sort);
    const std::string title =
        shown == 1 ? fmt::format("{}: {}, by mapped object", last_shown->pid, last_shown->command)
                   : fmt::format("{} processes, by mapped object", shown);
    printer.begin_block(title);
    for (const FileUsage& usage : objects.objects()) printer.add(usage.row());
    printer.end_block(exact_total ? &*exact_total : nullptr);
    if (shown > 1 && config.format != OutputFormat::tsv) {
      printer.note(
          "SIZE, RSS, DIRTY and SWAP add up each process's mappings: a page that several "
          "processes map counts once in each. PSS and USS add up across processes.");
    }
  }
  write_stdout(out);
  return shown > 0 ? kExitMatched : kExitNoMatch;
}

}  // namespace memwho
