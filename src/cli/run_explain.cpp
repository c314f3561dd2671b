// memwho --explain: every RSS source of each selected process read close together, the reasons
// they differ on this kernel, and the sizes applied to it; for several, the group as a whole.
#include <fmt/format.h>
#include <unistd.h>

#include "front_end.hpp"
#include "memwho/aggregate/explain.hpp"
#include "memwho/report/diagnostics.hpp"
#include "memwho/report/explain_report.hpp"
#include "memwho/scan/measure_frees.hpp"
#include "memwho/scan/read_rss_sources.hpp"

namespace memwho {

int run_explain(const Config& config, const ProcSource& source, Selector selector, Output& out) {
  ScanRequest request;
  request.selector = std::move(selector);
  request.needs.cmdline = true;
  request.needs.smaps = true;
  request.needs.start_time = true;  // a pid reused before its files are read is not explained
  ScanResult result = scan_for(config, source, request);

  // Every source of one process, read back to back; the record then takes the figures read
  // there, so the sizes below come from the same moment as the sources beside them.
  std::vector<RssSources> sources;
  std::vector<ProcessRecord> records;
  std::size_t vanished = 0;
  for (ProcessRecord& rec : result.records) {
    RssSources s = read_rss_sources(source, rec);
    if (s.gone) {
      ++vanished;
      continue;
    }
    if (s.status && s.status->looks_valid()) {
      rec.vm_size = s.status->vm_size;
      rec.vm_rss = s.status->vm_rss;
      rec.rss_anon = s.status->rss_anon;
      rec.rss_file = s.status->rss_file;
      rec.rss_shmem = s.status->rss_shmem;
      rec.vm_swap = s.status->vm_swap;
    }
    if (s.rollup) {
      rec.smaps = *s.rollup;
      rec.smaps_origin = SmapsOrigin::rollup;
    }
    sources.push_back(std::move(s));
    records.push_back(std::move(rec));
  }
  const FreesMeasure measure(source, records, true, request.jobs);

  const std::string kernel = kernel_release_of(source);
  const RssCounting counting = rss_counting(parse_kernel_release(kernel));
  // Only the live /proc has a "self"; there the moments of the reads mean something, and the
  // page size is this machine's.
  const bool live = source.self_pid().has_value();
  std::optional<std::uint64_t> page_kib;
  if (live) page_kib = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE)) / 1024;

  std::vector<FreesRow> frees(records.size());
  std::vector<ExplainedProcess> explained;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const std::size_t one[] = {i};
    frees[i] = measure.row_of(one);
    ExplainInput in;
    in.record = &records[i];
    in.sources = &sources[i];
    in.kernel = kernel;
    in.counting = counting;
    in.page_kib_fallback = page_kib;
    in.timed = live;
    in.frees = &frees[i];
    in.mapcounts = measure.mapcounts(i);
    in.objects = measure.objects();
    Explanation e = explain_process(in);
    for (ExplainRow& r : e.rows) r.pid = records[i].pid;
    explained.push_back({&records[i], std::move(e)});
  }
  std::optional<Explanation> group;
  if (records.size() > 1) group = explain_group(records, measure.all());

  std::vector<Note> diagnostics = scan_diagnostics(result, request.selector, permission_hint());
  if (records.empty() && vanished == 0) {
    if (auto note = no_match_diagnostic(describe_selection(config), config.proc_root,
                                        request.selector, result)) {
      diagnostics.push_back(std::move(*note));
    }
  }
  if (vanished > 0) {
    diagnostics.push_back(
        {NoteKind::diagnostic, "vanished",
         fmt::format("{} selected process{} exited before {} could be read", vanished,
                     vanished == 1 ? "" : "es", vanished == 1 ? "its files" : "their files"),
         std::nullopt});
  }
  std::string text;
  if (!records.empty() || config.format != Format::table) {
    std::vector<Note> notes{kernel_note(kernel, counting)};
    notes.insert(notes.end(), diagnostics.begin(), diagnostics.end());
    auto writer = writer_for(config, text);
    const std::string title =
        fmt::format("The {} processes together ({})", records.size(), describe_selection(config));
    report_explain(explained, group, title, describe_run(source), *writer);
    writer->end(notes);
  }
  out.write(text);
  print_diagnostics(diagnostics);
  return records.empty() ? kExitNoMatch : kExitMatched;
}

}  // namespace memwho
