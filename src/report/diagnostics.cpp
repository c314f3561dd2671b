#include "memwho/report/diagnostics.hpp"

#include <fmt/format.h>

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

Note diagnostic(std::string code, std::string text, std::optional<int> pid = std::nullopt) {
  return {NoteKind::diagnostic, std::move(code), std::move(text), pid};
}

}  // namespace

std::vector<Note> scan_diagnostics(const ScanResult& result, const Selector& selector,
                                   std::string_view permission_hint) {
  std::vector<Note> notes;
  for (const ThreadPid& t : result.thread_pids) {
    notes.push_back(diagnostic(
        "thread_id",
        fmt::format("{} is a thread of process {}: showing the process", t.tid, t.tgid), t.tid));
  }
  for (int pid : result.missing_pids) {
    notes.push_back(diagnostic("no_such_process", fmt::format("no such process: {}", pid), pid));
  }
  if (result.unidentified > 0) {
    const bool shown = !selector.needs_cmdline() && selector.uids.empty();
    notes.push_back(diagnostic(
        "unidentified",
        fmt::format("{} process{} could not be identified: their status is refused (hidepid?); {}",
                    result.unidentified, result.unidentified == 1 ? "" : "es",
                    shown ? "shown by pid only" : "not matched against -n/-f/-u")));
  }
  if (result.smaps_denied > 0) {
    std::vector<int> denied;
    for (const ProcessRecord& r : result.records) {
      if (r.smaps_origin == SmapsOrigin::denied) denied.push_back(r.pid);
    }
    notes.push_back(diagnostic(
        "smaps_rollup_refused",
        fmt::format("{} of {} processes could not be read fully: smaps_rollup refused (pid {}), so "
                    "PSS/USS/SWAP show '-'. {}",
                    result.smaps_denied, result.records.size(), pid_list(denied, 5),
                    permission_hint)));
  }
  for (const ScanProblem& p : result.problems) {
    notes.push_back(diagnostic(
        "read_problem", fmt::format("{}{}{}: {}", p.pid, p.file.empty() ? "" : "/", p.file, p.what),
        p.pid));
  }
  return notes;
}

std::optional<Note> coverage_note(const ScanResult& result) {
  const std::size_t shown = result.records.size();
  const std::size_t unread = std::min(shown, result.smaps_denied + result.unidentified);
  if (unread == 0 && result.vanished == 0) return std::nullopt;
  std::string text = "Partial figures:";
  if (unread > 0) {
    text += fmt::format(" {} of the {} {} could not be read{}: the totals cover the other {}.",
                        unread, shown, shown == 1 ? "process" : "processes",
                        result.unidentified > 0 ? " (refused)" : " (smaps_rollup refused)",
                        shown - unread);
  }
  if (result.vanished > 0) {
    text += fmt::format(" {} {} exited while memwho read {}: not shown, in no total.",
                        result.vanished, result.vanished == 1 ? "process" : "processes",
                        result.vanished == 1 ? "it" : "them");
  }
  return Note{NoteKind::footer, "coverage", std::move(text), std::nullopt};
}

std::optional<Note> no_match_diagnostic(std::string_view selection, std::string_view proc_root,
                                        const Selector& selector, const ScanResult& result) {
  // -p alone with every pid missing: "no such process" already named each of them.
  const bool only_pids = !selector.needs_cmdline() && selector.uids.empty();
  if (only_pids && selector.has_pids() && !result.missing_pids.empty() &&
      result.missing_pids.size() >= result.listed) {
    return std::nullopt;
  }
  if (selection.empty()) {
    return diagnostic("no_match", fmt::format("no process with an address space in {}", proc_root));
  }
  return diagnostic("no_match", fmt::format("no process matches {}", selection));
}

}  // namespace memwho
