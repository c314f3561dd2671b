#include "memwho/report/maps_report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "memwho/aggregate/file_usage.hpp"
#include "memwho/scan/read_mappings.hpp"

namespace memwho {
namespace {

std::string pids_text(const std::vector<int>& pids) {
  std::string out;
  for (std::size_t i = 0; i < pids.size() && i < 5; ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(pids[i]);
  }
  if (pids.size() > 5) out += fmt::format(" and {} more", pids.size() - 5);
  return out;
}

/// The counters that smaps truncates per mapping (Pss and the PSS-weighted SwapPss, Locked,
/// Pss_Dirty) total from the exact rollup; sizes in whole pages total from the rows, so SIZE,
/// RSS and DIRTY stay pmap -x's.
std::vector<Total> block_totals(const std::vector<const MappingColumn*>& columns,
                                const SmapsCounters& rows, std::uint64_t mappings,
                                const SmapsCounters* exact) {
  SmapsCounters shown = rows;
  if (exact != nullptr) {
    for (SmapsKey key :
         {SmapsKey::pss, SmapsKey::pss_dirty, SmapsKey::swap_pss, SmapsKey::locked}) {
      if (const auto v = exact->get(key)) shown.set(key, *v);
    }
  }
  MapRow sum;
  sum.counters = &shown;
  sum.mappings = mappings;
  std::vector<Total> totals(columns.size());
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i]->meta.sums) totals[i] += columns[i]->value(sum);
  }
  return totals;
}

/// The note under a block whose PSS total is exact while its rows are truncated (or not).
std::optional<Note> pss_note(const std::vector<const MappingColumn*>& columns,
                             const SmapsCounters& rows, std::uint64_t mappings,
                             const SmapsCounters* exact) {
  const bool pss_shown = std::any_of(columns.begin(), columns.end(),
                                     [](const MappingColumn* c) { return c->meta.key == "pss"; });
  if (!pss_shown || mappings == 0) return std::nullopt;
  const auto rows_pss = rows.get(SmapsKey::pss);
  const auto exact_pss = exact != nullptr ? exact->get(SmapsKey::pss) : std::nullopt;
  if (exact_pss && rows_pss && *rows_pss != *exact_pss) {
    return Note{NoteKind::footer, "pss_truncated",
                fmt::format("PSS total: the exact {} kB of smaps_rollup. The rows add up to {} kB "
                            "because the kernel truncates each mapping's PSS to whole kB.",
                            *exact_pss, *rows_pss),
                std::nullopt};
  }
  if (!exact_pss && rows_pss) {
    return Note{NoteKind::footer, "pss_inexact",
                fmt::format("PSS total: the sum of the rows, each truncated to whole kB by the "
                            "kernel; the exact figure may be up to {} kB more (smaps_rollup could "
                            "not give it).",
                            mappings),
                std::nullopt};
  }
  return std::nullopt;
}

/// With several processes by object, which shown sizes count a shared page once per process.
std::optional<Note> double_count_note(const std::vector<const MappingColumn*>& columns) {
  // Counted once at most across processes: the proportional and the private counters.
  constexpr std::string_view kAdditive[] = {
      "pss", "uss", "private_clean", "private_dirty", "pss_dirty", "swap_pss", "locked"};
  std::vector<std::string_view> repeated;
  for (const MappingColumn* c : columns) {
    if (!c->meta.sums || !c->meta.is_size()) continue;
    if (std::find(std::begin(kAdditive), std::end(kAdditive), c->meta.key) == std::end(kAdditive)) {
      repeated.push_back(c->meta.title);
    }
  }
  if (repeated.empty()) return std::nullopt;
  std::string list;
  for (std::size_t i = 0; i < repeated.size(); ++i) {
    if (i > 0) list += i + 1 == repeated.size() ? " and " : ", ";
    list += repeated[i];
  }
  return Note{NoteKind::footer, "double_counted",
              fmt::format("{} add{} up each process's mappings: a page that several processes "
                          "map counts once in each.",
                          list, repeated.size() == 1 ? "s" : ""),
              std::nullopt};
}

Note diagnostic(std::string code, std::string text, int pid) {
  return {NoteKind::diagnostic, std::move(code), std::move(text), pid};
}

/// --sort by object, or PSS descending.
MappingSortKey object_sort_key(const std::optional<MappingSortKey>& sort) {
  return sort ? *sort : MappingSortKey{find_mapping_column("pss", kInObjects), true};
}

void sort_objects(std::vector<FileUsage>& objects, const MappingSortKey& key) {
  sort_by(
      objects, key, [](const FileUsage& u) { return u.row(); },
      [](const FileUsage& a, const FileUsage& b) {
        if (a.name != b.name) return a.name < b.name;
        return a.inode < b.inode;
      });
}

}  // namespace

MapsReportResult report_mappings(const ProcSource& source,
                                 const std::vector<ProcessRecord>& records,
                                 const MapsReportOptions& options, ViewInfo view,
                                 ReportWriter& writer, const std::function<bool()>& flush) {
  const auto& columns = options.columns;
  view.name = options.by_object ? "objects" : "mappings";
  view.row = options.by_object ? "object" : "mapping";
  view.columns = metas_of(columns);
  view.fixed_widths = true;
  view.blocks_are_processes = !options.by_object;
  writer.begin(view);

  MapsReportResult result;
  FileUsageTable objects;
  // The exact totals of the processes shown, from smaps_rollup: unknown (nullopt) as soon as
  // one process shown has no readable rollup.
  std::optional<SmapsCounters> exact_total = SmapsCounters{};
  ReadBuffer buf(std::size_t{64} << 10);
  MapRowText row_text;
  std::vector<Cell> cells(columns.size());
  std::vector<int> denied, cut_short;
  const ProcessRecord* last_shown = nullptr;  // names the by-object table when it is the only one
  std::string pid_text;
  bool output_open = true;

  const bool limited = options.limit.any();
  const MappingColumn* pss_column = find_mapping_column("pss", kInMappings);
  for (const ProcessRecord& rec : records) {
    if (!output_open) break;
    const int pid = rec.pid;
    pid_text = std::to_string(pid);
    bool begun = false;
    SmapsCounters row_sum;
    std::uint64_t row_count = 0;
    Totals left(columns.size());  // the mappings --min left out
    std::size_t left_rows = 0;
    FileUsageTable mine;  // by object: this process's objects, added to the rest once complete
    const MappingsRead read = read_mappings(source, rec, buf, [&](const Mapping& m) {
      if (options.by_object) {
        mine.add(pid, m);
        return true;
      }
      if (!begun) {
        writer.begin_block(
            {fmt::format("{}: {}", pid, rec.command), pid, rec.name, rec.command, rec.user});
        begun = true;
      }
      const MapRow row = make_map_row(pid, m, row_text);
      for (std::size_t i = 0; i < columns.size(); ++i) cells[i] = columns[i]->value(row);
      if (!options.limit.passes_min(pss_column->value(row))) {
        left.add(cells);
        ++left_rows;
        return true;
      }
      row_sum += m.counters;
      ++row_count;
      const Label labels[] = {
          {"pid", pid_text}, {"name", rec.name}, {"address", row.address}, {"mapping", row.name}};
      writer.row(cells, labels);
      output_open = flush();
      return output_open;
    });
    if (begun && read.outcome != MappingsOutcome::complete) {
      // Rows went out before the read failed or ended early: the block says it is partial
      // and gets no totals (an error after rows is as incomplete as an exit).
      BlockEnd end;
      end.complete = false;
      end.show_totals = false;
      writer.end_block(end);
      if (read.outcome != MappingsOutcome::cut_short) ++result.partial;
    }
    switch (read.outcome) {
      case MappingsOutcome::no_mm:
        result.diagnostics.push_back(
            diagnostic("no_memory",
                       fmt::format("{} ({}) is a {}: it has no user memory to map", pid, rec.name,
                                   rec.kernel_thread ? "kernel thread" : "zombie"),
                       pid));
        continue;
      case MappingsOutcome::gone:
        result.diagnostics.push_back(diagnostic(
            "gone", fmt::format("{} exited before its mappings could be read", pid), pid));
        continue;
      case MappingsOutcome::reused:
        result.diagnostics.push_back(diagnostic(
            "pid_reused",
            fmt::format("{} exited before its mappings could be read (the pid now belongs to "
                        "another process)",
                        pid),
            pid));
        continue;
      case MappingsOutcome::denied:
        denied.push_back(pid);
        continue;
      case MappingsOutcome::failed:
        result.diagnostics.push_back(
            diagnostic("read_failed", fmt::format("{}/smaps: {}", pid, describe(read.read)), pid));
        continue;
      case MappingsOutcome::cut_short:
        cut_short.push_back(pid);
        result.diagnostics.push_back(
            diagnostic("incomplete",
                       fmt::format("{} exited while its mappings were read: {}", pid,
                                   options.by_object ? "it is left out of the sums"
                                                     : "its rows are incomplete"),
                       pid));
        continue;
      case MappingsOutcome::complete:
        break;
    }
    ++result.shown;
    last_shown = &rec;
    if (read.exact && exact_total) {
      *exact_total += *read.exact;
    } else {
      exact_total.reset();
    }
    if (options.by_object) {
      objects.merge(mine);
    } else if (begun) {
      // With rows left out, TOTAL adds the rows shown: the exact rollup covers them all.
      const SmapsCounters* exact = read.exact && !limited ? &*read.exact : nullptr;
      BlockEnd end;
      end.totals = block_totals(columns, row_sum, row_count, exact);
      if (!limited) {
        if (auto note = pss_note(columns, row_sum, row_count, exact)) end.notes.push_back(*note);
      }
      if (left_rows > 0) {
        end.notes.push_back(
            left_out_note(view.columns, left.get(),
                          fmt::format("{} {}", left_rows, left_rows == 1 ? "mapping" : "mappings"),
                          options.limit, "PSS"));
      }
      writer.end_block(end);
    }
  }

  if (options.by_object && result.shown > 0) {
    const MappingSortKey key = object_sort_key(options.sort);
    sort_objects(objects.objects(), key);
    auto& all = objects.objects();
    const std::size_t kept = keep_rows(
        all, [&](const FileUsage& u) { return key.column->value(u.row()); }, options.limit,
        next_row<FileUsage>);
    const std::string title =
        result.shown == 1
            ? fmt::format("{}: {}, by mapped object", last_shown->pid, last_shown->command)
            : fmt::format("{} processes, by mapped object", result.shown);
    writer.begin_block({title, std::nullopt, {}, {}, {}});
    SmapsCounters row_sum;
    std::uint64_t row_count = 0;
    Totals left(columns.size());
    for (std::size_t n = 0; n < all.size(); ++n) {
      const FileUsage& usage = all[n];
      const MapRow row = usage.row();
      for (std::size_t i = 0; i < columns.size(); ++i) cells[i] = columns[i]->value(row);
      if (n >= kept) {
        left.add(cells);
        continue;
      }
      row_sum += usage.counters;
      row_count += usage.mappings;
      const Label labels[] = {
          {"mapping", usage.name}, {"device", usage.device_text}, {"inode", usage.inode_text}};
      writer.row(cells, labels);
    }
    const SmapsCounters* exact = exact_total && !limited ? &*exact_total : nullptr;
    BlockEnd end;
    end.totals = block_totals(columns, row_sum, row_count, exact);
    if (!limited) {
      if (auto note = pss_note(columns, row_sum, row_count, exact)) end.notes.push_back(*note);
    }
    if (kept < all.size()) {
      const std::size_t n = all.size() - kept;
      end.notes.push_back(left_out_note(view.columns, left.get(),
                                        fmt::format("{} {}", n, n == 1 ? "object" : "objects"),
                                        options.limit, key.column->meta.title));
    }
    if (result.shown > 1) {
      if (auto note = double_count_note(columns)) end.notes.push_back(*note);
    }
    if (!cut_short.empty()) {
      end.notes.push_back(
          {NoteKind::footer, "incomplete",
           fmt::format("Incomplete: {} exited while {} mappings were read and "
                       "{} left out.",
                       pids_text(cut_short), cut_short.size() == 1 ? "its" : "their",
                       cut_short.size() == 1 ? "is" : "are"),
           std::nullopt});
    }
    writer.end_block(end);
  }
  if (!denied.empty()) {
    result.diagnostics.push_back(
        {NoteKind::diagnostic, "smaps_refused",
         fmt::format("smaps of {} process{} refused (pid {}): not shown. {}", denied.size(),
                     denied.size() == 1 ? "" : "es", pids_text(denied), options.permission_hint),
         std::nullopt});
  }
  result.cut_short = cut_short.size() + result.partial;
  return result;
}

}  // namespace memwho
