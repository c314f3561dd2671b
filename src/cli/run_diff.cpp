// memwho diff A B: each side scanned (and grouped, or its mapped objects added up) as its own
// view would, the rows paired (aggregate/diff_rows.cpp), sorted, limited and written. This file
// opens the trees, says what they are and writes; the pairing rule is documented in
// docs/design.md.
#include <fmt/format.h>

#include "front_end.hpp"
#include "memwho/aggregate/diff_rows.hpp"
#include "memwho/cli/terminal.hpp"
#include "memwho/proc/boot_id.hpp"
#include "memwho/proc/open_proc_root.hpp"
#include "memwho/report/diagnostics.hpp"
#include "memwho/report/diff_report.hpp"
#include "memwho/scan/read_objects.hpp"
#include "memwho/write/escape.hpp"

namespace memwho {
namespace {

/// One side of the diff: its tree, what it is, and its processes.
struct Side {
  std::string_view label;  ///< "A", "B"
  std::unique_ptr<ProcSource> source;
  std::string boot_id;
  ScanRequest request;
  ScanResult scan;
};

/// What the table's "A: ..." line and JSON's "a" say of a side.
SourceInfo describe_side(const Side& side, const std::string& path, const ViewInfo& run) {
  SourceInfo info;
  info.side = side.label == "A" ? "a" : "b";
  info.name = path;
  info.boot_id = side.boot_id;
  if (const CaptureInfo* capture = side.source->capture()) {
    info.kind = "capture";
    info.host = capture->host;
    info.time = capture->time;
    info.kernel = capture->kernel;
    info.text = fmt::format("{}: {}: captured on {} at {}", side.label, path,
                            info.host.empty() ? "an unnamed host" : info.host,
                            info.time.empty() ? "an unknown time" : info.time);
    if (!info.kernel.empty()) info.text += fmt::format(" (kernel {})", info.kernel);
  } else if (side.source->self_pid()) {
    // Only the live /proc has a "self": its host and time are this run's.
    info.kind = "live";
    info.host = run.host;
    info.time = run.time;
    info.text = fmt::format("{}: {}: live on {} at {}", side.label, path, info.host, info.time);
  } else {
    info.kind = "directory";
    info.text = fmt::format("{}: {}: a directory laid out like /proc (no host or time recorded)",
                            side.label, path);
  }
  return info;
}

/// How processes were paired, for the footer.
Note match_note(MatchRule rule, MatchChoice choice) {
  std::string text;
  switch (rule) {
    case MatchRule::pid:
      text = "Processes are paired by pid and start time";
      text += choice == MatchChoice::pid ? " (--match=pid)." : ": A and B are of one boot.";
      break;
    case MatchRule::cmdline:
      text =
          "Processes are paired by command line, then by name, the oldest of A with the "
          "oldest of B";
      text += choice == MatchChoice::cmdline ? " (--match=cmdline)."
                                             : ": A and B are of different boots.";
      break;
    case MatchRule::pid_then_cmdline:
      text =
          "Processes are paired by pid and start time, the rest by command line, then by "
          "name: A or B does not say which boot it is of.";
      break;
  }
  return {NoteKind::footer, "matched_by", std::move(text), std::nullopt};
}

/// Opens a side's tree and its selector; false (message printed) when it cannot be.
bool open_side(const Config& config, const std::string& path, Side& side) {
  std::string error;
  side.source = open_proc_root(path, error);
  if (!side.source) {
    fmt::print(stderr, "memwho: diff {}: {}\n", side.label, escaped(error, terminal_charset()));
    return false;
  }
  auto selector = make_selector(config, *side.source);
  if (!selector) return false;
  side.request.selector = std::move(*selector);
  // What pairs processes (start time, command line) and every figure compared.
  side.request.needs.cmdline = true;
  side.request.needs.smaps = true;
  side.request.needs.start_time = true;
  side.request.needs.cgroup = config.view == View::groups && config.group_by == GroupBy::cgroup;
  side.boot_id = boot_id_of(*side.source);
  return true;
}

/// A side's diagnostics, each said of its side ("A: ...").
void add_diagnostics(const Config& config, const Side& side, std::vector<Note>& notes) {
  std::vector<Note> mine = scan_diagnostics(side.scan, side.request.selector, permission_hint());
  if (side.scan.records.empty()) {
    if (auto note = no_match_diagnostic(describe_selection(config), side.source->name(),
                                        side.request.selector, side.scan)) {
      mine.push_back(std::move(*note));
    }
  }
  for (Note& n : mine) {
    n.text = fmt::format("{}: {}", side.label, n.text);
    notes.push_back(std::move(n));
  }
}

/// --maps --by=file: each side's objects; processes that could not be read are named.
std::vector<DiffRow> diff_sides_by_object(Side& a, Side& b, std::vector<Note>& diagnostics) {
  ObjectsRead objects[2];
  Side* sides[2] = {&a, &b};
  for (int i = 0; i < 2; ++i) {
    objects[i] = read_objects(*sides[i]->source, sides[i]->scan.records);
    for (const int pid : objects[i].unread) {
      diagnostics.push_back(
          {NoteKind::diagnostic, "unread",
           fmt::format("{}: the mappings of {} could not be read whole: left out of the sums",
                       sides[i]->label, pid),
           pid});
    }
  }
  return diff_objects(objects[0].objects.objects(), objects[1].objects.objects());
}

}  // namespace

int run_diff(const Config& config, Output& out) {
  const DiffRequest& request = *config.diff;
  Side a{"A", {}, {}, {}, {}};
  Side b{"B", {}, {}, {}, {}};
  if (!open_side(config, request.a, a) || !open_side(config, request.b, b)) return kExitUsage;
  a.scan = scan_for(config, *a.source, a.request);
  b.scan = scan_for(config, *b.source, b.request);

  std::vector<Note> diagnostics;
  add_diagnostics(config, a, diagnostics);
  add_diagnostics(config, b, diagnostics);
  std::vector<Note> notes;
  // Either tree's figures may be partial: the footer says so for each.
  for (const Side* side : {&a, &b}) {
    if (auto note = coverage_note(side->scan)) {
      note->text = fmt::format("{}: {}", side->label, note->text);
      notes.push_back(std::move(*note));
    }
  }
  std::vector<DiffRow> rows;
  DiffKind kind{config.diff_view(), "process", "processes"};
  if (kind.view == kInGroups) {
    kind.noun = "group";
    kind.nouns = "groups";
    rows = diff_groups(group_records(a.scan.records, config.group_by),
                       group_records(b.scan.records, config.group_by));
  } else if (kind.view == kInObjects) {
    kind.noun = "object";
    kind.nouns = "objects";
    rows = diff_sides_by_object(a, b, diagnostics);
  } else {
    const MatchRule rule = choose_match_rule(request.match, a.boot_id, b.boot_id);
    rows = diff_processes(a.scan.records, b.scan.records, rule);
    notes.push_back(match_note(rule, request.match));
  }
  sort_diff_rows(rows, config.diff_sort);
  const auto key_of = [&](const DiffRow& r) { return config.diff_sort.column->value(r); };
  const std::size_t kept = keep_rows(rows, key_of, config.limit, next_row<DiffRow>);

  // This run's host and time (a side that is not a capture reads this machine).
  ViewInfo view = describe_run(a.source->capture() == nullptr ? *a.source : *b.source);
  view.sources = {describe_side(a, request.a, view), describe_side(b, request.b, view)};
  std::string text;
  // A table of nothing would be a bare header; the machine formats keep their schema visible.
  if (!rows.empty() || config.format != Format::table) {
    auto writer = writer_for(config, text);
    report_diff(rows, kept, kind, config.diff_columns, std::move(view), *writer, config.limit,
                config.diff_sort.column->meta.title, std::move(notes));
    writer->end(diagnostics);
  }
  out.write(text);
  print_diagnostics(diagnostics);
  return rows.empty() ? kExitNoMatch : kExitMatched;
}

}  // namespace memwho
