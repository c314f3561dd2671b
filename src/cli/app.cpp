#include "memwho/cli/app.hpp"

#include <fmt/format.h>

#include <csignal>
#include <iterator>

#include "front_end.hpp"
#include "memwho/aggregate/tree.hpp"
#include "memwho/cli/terminal.hpp"
#include "memwho/cli/users.hpp"
#include "memwho/cli/watch_state.hpp"
#include "memwho/model/explain_columns.hpp"
#include "memwho/proc/open_proc_root.hpp"
#include "memwho/report/diagnostics.hpp"
#include "memwho/report/frees_report.hpp"
#include "memwho/report/group_report.hpp"
#include "memwho/report/process_report.hpp"
#include "memwho/report/shmem_report.hpp"
#include "memwho/scan/measure_frees.hpp"
#include "memwho/scan/read_cgroup.hpp"
#include "memwho/write/escape.hpp"

namespace memwho {
namespace {

template <class Row>
void list_table(std::string& text, std::span<const Column<Row>> columns, std::uint8_t views) {
  fmt::format_to(std::back_inserter(text), "{:<17}{:<13}{:<8}{:<6}{:<5}{:<43} {}\n", "KEY", "TITLE",
                 "UNIT", "SUMS", "ROOT", "SOURCE", "DESCRIPTION");
  for (const Column<Row>& c : columns) {
    if ((c.meta.views & views) == 0) continue;
    const std::string_view sums = c.meta.is_text() ? "" : (c.meta.sums ? "yes" : "no");
    const std::string source = c.meta.source.file.empty()
                                   ? std::string(c.meta.source.field)
                                   : fmt::format("{} {}", c.meta.source.file, c.meta.source.field);
    fmt::format_to(std::back_inserter(text), "{:<17}{:<13}{:<8}{:<6}{:<5}{:<43} {}\n", c.meta.key,
                   c.meta.title, c.meta.unit(), sums, c.meta.needs_root() ? "yes" : "", source,
                   c.meta.description);
  }
}

int list_columns(const Config& config, Output& out) {
  std::string text;
  if (config.diff) {
    list_table(text, diff_columns(), config.diff_view());
  } else if (config.maps()) {
    list_table(text, mapping_columns(),
               config.view == View::objects ? kInObjects : kInMappings | kInObjects);
  } else if (config.view == View::shmem) {
    list_table(text, shmem_columns(), kInShmem);
  } else if (config.view == View::explain) {
    list_table(text, explain_columns(), kInProcesses);
  } else if (config.view == View::groups) {
    list_table(text, group_columns(),
               config.group_by == GroupBy::cgroup ? (kInGroups | kInCgroups) : kInGroups);
    text += "\n" + std::string(kGroupKeyRule);
  } else {
    list_table(text, process_columns(),
               config.view == View::tree ? (kInProcesses | kInTree) : kInProcesses);
  }
  out.write(text);
  return kExitMatched;
}

/// What the shown columns and the sort key need read, together.
template <class Row>
Needs needs_of(const std::vector<const Column<Row>*>& columns, const SortKey<Row>& sort) {
  Needs needs = sort.column->meta.needs;
  for (const Column<Row>* c : columns) needs |= c->meta.needs;
  return needs;
}

/// The per-process reads those needs take.
ScanNeeds scan_needs(Needs needs) {
  ScanNeeds scan;
  scan.cmdline = (needs & kNeedCmdline) != 0;
  scan.smaps = (needs & kNeedRollup) != 0;
  scan.cgroup = (needs & kNeedCgroup) != 0;
  // Frames are read after the scan: a pid reused since must not be measured as another.
  scan.start_time = (needs & kNeedFrames) != 0;
  return scan;
}

/// What page frames the view needs measured: per row (a frames column), and the selection's
/// "what stopping frees" (a selection was given).
struct FramesWanted {
  bool rows = false;
  bool selection = false;
  [[nodiscard]] bool any() const { return rows || selection; }
};

/// The selection's "what stopping frees", when the view shows it and something was selected.
std::optional<SelectionFrees> selection_figure(const FreesMeasure& measure,
                                               const FramesWanted& wanted, std::size_t processes) {
  if (!wanted.selection || processes == 0) return std::nullopt;
  return selection_frees(measure.all(), processes, measure.why_bounds(), measure.unseen());
}

FramesWanted frames_wanted(const Config& config, Needs needs) {
  // TSV and CSV have rows only, no place for the selection's figure: it is not measured.
  const bool has_notes = config.format != Format::tsv && config.format != Format::csv;
  // A watch leaves it out too: it reads every process's maps, a cost each sample would pay
  // (a frames column asks for the rows' figures, and gets them).
  return {(needs & kNeedFrames) != 0 || config.view == View::sharing,
          config.selected() && has_notes && !config.interval};
}

/// True when a change column (--interval) is shown: the footer then says what it measures.
template <class Row>
bool shows_change(const std::vector<const Column<Row>*>& columns) {
  return std::any_of(columns.begin(), columns.end(),
                     [](const Column<Row>* c) { return (c->meta.views & kInWatch) != 0; });
}

}  // namespace

ScanResult scan_for(const Config& config, const ProcSource& source, ScanRequest& request) {
  request.needs.cmdline |= request.selector.needs_cmdline();
  request.descendants = config.descendants;
  request.jobs = scan_jobs(config);
  ScanResult result = scan(source, request);
  UserNames users(source.capture());
  for (ProcessRecord& r : result.records) {
    if (r.uid) r.user = users.name(*r.uid);
  }
  return result;
}

namespace {

/// Writes a process-view report (emit) and the diagnostics; the exit code.
template <class Emit>
int finish_view(const Config& config, const ScanRequest& request, const ScanResult& result,
                Output& out, Emit emit) {
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
    emit(*writer);
    writer->end(diagnostics);
  }
  out.write(text);
  print_diagnostics(diagnostics);
  return result.records.empty() ? kExitNoMatch : kExitMatched;
}

int run_process_view(const Config& config, const ProcSource& source, Selector selector, Output& out,
                     WatchState* watch) {
  ScanRequest request;
  request.selector = std::move(selector);
  // Read only what the shown columns, the sort key and the selectors need.
  const Needs needs = needs_of(config.process_columns, config.process_sort);
  request.needs = scan_needs(needs);
  const FramesWanted frames = frames_wanted(config, needs);
  // A watch follows a process by pid and start time, and sums up its PSS and USS.
  request.needs.start_time |= frames.any() || watch != nullptr;
  request.needs.smaps |= watch != nullptr;
  // The subtree columns need the rollups of the processes shown (their needs say so); a tree
  // shown without them reads no more than the same table would.
  const bool tree = config.view == View::tree;
  if (watch != nullptr) request.memory = &watch->memory();
  ScanResult result = scan_for(config, source, request);
  std::vector<Note> notes;
  if (auto note = coverage_note(result)) notes.push_back(std::move(*note));
  if (watch != nullptr) {
    if (auto note = watch->remember(result)) notes.push_back(std::move(*note));
  }
  std::optional<SelectionFrees> frees;
  if (frames.any()) {
    const FreesMeasure measure(source, result.records, frames.rows, request.jobs);
    if (frames.rows) {
      const std::vector<SharingRow> sharing = measure.sharing();
      for (std::size_t i = 0; i < result.records.size(); ++i) {
        const std::size_t one[] = {i};
        result.records[i].frees = measure.row_of(one);
        result.records[i].sharing = sharing[i];
      }
    }
    frees = selection_figure(measure, frames, result.records.size());
  }
  if (watch != nullptr) {
    watch->observe(result.records, config.process_sort);
    for (Note& n : watch->end_sample(shows_change(config.process_columns))) {
      notes.push_back(std::move(n));
    }
  }
  std::size_t kept = 0;
  const auto key_of = [&](const ProcessRecord& r) { return config.process_sort.column->value(r); };
  if (tree) {
    arrange_tree(result.records, config.process_sort);
    kept = keep_rows(result.records, key_of, config.limit, subtree_end);
  } else {
    sort_records(result.records, config.process_sort);
    kept = keep_rows(result.records, key_of, config.limit, next_row<ProcessRecord>);
  }
  return finish_view(config, request, result, out, [&](ReportWriter& writer) {
    ViewInfo view = describe_run(source, config.interval.has_value());
    view.name = tree ? "tree" : config.view == View::sharing ? "sharing" : "processes";
    report_processes(result.records, kept, config.process_columns, std::move(view), writer,
                     config.limit, config.process_sort.column->meta.title, std::move(frees),
                     std::move(notes));
  });
}

int run_group_view(const Config& config, const ProcSource& source, Selector selector, Output& out,
                   WatchState* watch) {
  ScanRequest request;
  request.selector = std::move(selector);
  const Needs needs = needs_of(config.group_columns, config.group_sort);
  request.needs = scan_needs(needs);
  // The group key: the program (cmdline), the user (status) or the cgroup (/proc/PID/cgroup).
  request.needs.cmdline |= config.group_by == GroupBy::name;
  request.needs.cgroup |= config.group_by == GroupBy::cgroup;
  const bool read_charge = (needs & kNeedCgroupCharge) != 0;
  const FramesWanted frames = frames_wanted(config, needs);
  request.needs.start_time |= frames.any();
  request.needs.smaps |= watch != nullptr;
  request.needs.start_time |= watch != nullptr;
  if (watch != nullptr) request.memory = &watch->memory();
  ScanResult result = scan_for(config, source, request);
  std::vector<Note> notes;
  if (auto note = coverage_note(result)) notes.push_back(std::move(*note));
  if (watch != nullptr) {
    if (auto note = watch->remember(result)) notes.push_back(std::move(*note));
  }
  std::vector<GroupRow> groups = group_records(result.records, config.group_by);
  std::optional<SelectionFrees> frees;
  if (frames.any()) {
    // A group's census sorts its members' frames together: no need to sort each.
    const FreesMeasure measure(source, result.records, false, request.jobs);
    if (frames.rows) {
      for (GroupRow& g : groups) g.frees = measure.row_of(g.members);
    }
    frees = selection_figure(measure, frames, result.records.size());
  }
  if (config.group_by == GroupBy::cgroup && read_charge) {
    // A capture's own cgroup files, unless --sys-root names others.
    std::string error;
    std::unique_ptr<ProcSource> opened;
    const ProcSource* sys = config.sys_root.empty() ? source.recorded_cgroups() : nullptr;
    if (sys == nullptr) {
      opened = open_proc_dir(config.sys_root.empty() ? kDefaultSysRoot : config.sys_root, error);
      sys = opened.get();
    }
    if (sys == nullptr) {
      // Not fatal: the processes' sums still stand; the charge columns stay unknown.
      fmt::print(stderr, "memwho: --sys-root {}: the cgroups' charge is unknown\n",
                 escaped(error, terminal_charset()));
    } else {
      for (GroupRow& g : groups) {
        if (g.cgroup_path) g.cgroup = read_cgroup_memory(*sys, *g.cgroup_path);
      }
    }
  }
  if (watch != nullptr) {
    watch->observe(groups, config.group_sort);
    for (Note& n : watch->end_sample(shows_change(config.group_columns))) {
      notes.push_back(std::move(n));
    }
  }
  sort_groups(groups, config.group_sort);
  const auto key_of = [&](const GroupRow& g) { return config.group_sort.column->value(g); };
  const std::size_t kept = keep_rows(groups, key_of, config.limit, next_row<GroupRow>);
  return finish_view(config, request, result, out, [&](ReportWriter& writer) {
    report_groups(groups, kept, config.group_by, config.group_columns,
                  describe_run(source, config.interval.has_value()), writer, config.limit,
                  config.group_sort.column->meta.title, std::move(frees), std::move(notes));
  });
}

int run_shmem_view(const Config& config, const ProcSource& source, Selector selector, Output& out) {
  ScanRequest request;
  request.selector = std::move(selector);
  request.needs.start_time = true;
  ScanResult result = scan_for(config, source, request);
  const FreesMeasure measure(source, result.records, false, request.jobs);
  std::vector<ShmemObject> objects = measure.objects();
  sort_objects(objects, *config.shmem_sort);
  const auto key_of = [&](const ShmemObject& o) { return config.shmem_sort->column->value(o); };
  const std::size_t kept = keep_rows(objects, key_of, config.limit, next_row<ShmemObject>);
  return finish_view(config, request, result, out, [&](ReportWriter& writer) {
    report_shmem(objects, kept, config.shmem_columns,
                 describe_run(source, config.interval.has_value()), writer, config.limit,
                 config.shmem_sort->column->meta.title, measure.unseen(), measure.refused());
  });
}

}  // namespace

int run_view(const Config& config, const ProcSource& source, Selector selector, Output& out,
             WatchState* watch) {
  if (config.maps()) return run_maps(config, source, std::move(selector), out);
  if (config.view == View::groups) {
    return run_group_view(config, source, std::move(selector), out, watch);
  }
  if (config.view == View::shmem) return run_shmem_view(config, source, std::move(selector), out);
  if (config.view == View::explain) return run_explain(config, source, std::move(selector), out);
  return run_process_view(config, source, std::move(selector), out, watch);
}

int run(const Config& config) {
  // A closed pipe must end us through EPIPE (exit 0), not kill us with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  Output out;
  // A watch replaces its --output file each sample; one report writes it once.
  if (!config.output.empty() && !config.interval && !out.open_file(config.output)) {
    return kExitOutput;
  }
  int rc = kExitMatched;
  if (config.capture) {
    rc = run_capture(config);
  } else if (config.list_columns) {
    rc = list_columns(config, out);
  } else if (config.diff) {
    rc = run_diff(config, out);
  } else {
    std::string error;
    const auto source = open_proc_root(config.proc_root, error);
    if (!source) {
      fmt::print(stderr, "memwho: --proc-root {}\n", escaped(error, terminal_charset()));
      return kExitUsage;
    }
    auto selector = make_selector(config, *source);
    if (!selector) return kExitUsage;
    rc = config.interval ? watch(config, *source, *selector, out)
                         : run_view(config, *source, std::move(*selector), out);
  }
  out.finish();
  return out.failed() ? kExitOutput : rc;
}

}  // namespace memwho
