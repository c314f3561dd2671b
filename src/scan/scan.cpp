#include "memwho/scan/scan.hpp"

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>

namespace memwho {
namespace {

/// What one worker thread found; merged into the ScanResult after all threads finish.
struct WorkerTally {
  std::size_t unidentified = 0;
  std::size_t smaps_denied = 0;
  std::vector<int> missing;
  std::vector<ScanProblem> failures;
};

/// Reads, selects and measures the process at pids[i]; leaves slot empty when not reported.
void scan_one(const ProcRoot& root, const ScanRequest& req, int pid, ReadBuffer& buf,
              std::optional<ProcessRecord>& slot, WorkerTally& tally) {
  const bool named = req.selector.names_pid(pid);
  PidDir dir(root, pid);
  if (!dir.is_open()) {
    const ReadOutcome& why = dir.open_outcome();
    if (why.status == ReadStatus::gone) {
      if (named) tally.missing.push_back(pid);
    } else {
      tally.failures.push_back({pid, "", why.error});
    }
    return;
  }
  ProcessRecord rec;
  switch (identify_process(dir, pid, req.needs.cmdline, buf, rec)) {
    case IdentifyStatus::gone:
      if (named) tally.missing.push_back(pid);
      return;
    case IdentifyStatus::unreadable:
      // hidepid=1 lists the directory but refuses its files. The pid alone can still be
      // reported when nothing but pids is asked for; otherwise count it for the summary.
      ++tally.unidentified;
      if (!req.selector.matches(rec)) return;
      break;
    case IdentifyStatus::ok:
      if (!req.selector.matches(rec)) return;
      if (req.needs.smaps) {
        if (!measure_process(dir, buf, rec)) {  // exited while we read it
          if (named) tally.missing.push_back(pid);
          return;
        }
        if (rec.smaps_origin == SmapsOrigin::denied) ++tally.smaps_denied;
        if (rec.smaps_origin == SmapsOrigin::failed) {
          tally.failures.push_back({pid, "smaps_rollup", rec.smaps_errno});
        }
      }
      break;
  }
  slot = std::move(rec);
}

}  // namespace

ScanResult scan(const ProcRoot& root, const ScanRequest& req) {
  // Explicit pids are opened directly; there is no need to list the whole tree for them. A pid
  // named twice (-p 7,7) is still one process: counting it twice would inflate the totals.
  std::vector<int> pids = req.selector.has_pids() ? req.selector.pids : root.list_pids();
  if (req.selector.has_pids()) {
    std::sort(pids.begin(), pids.end());
    pids.erase(std::unique(pids.begin(), pids.end()), pids.end());
  }
  std::vector<std::optional<ProcessRecord>> slots(pids.size());

  const unsigned jobs =
      std::max(1u, std::min<unsigned>(req.jobs, static_cast<unsigned>(pids.size() / 4 + 1)));
  std::vector<WorkerTally> tallies(jobs);
  // Workers take the next pid from a shared counter: the cost per process varies with its
  // resident size by orders of magnitude, so static halves would leave one core idle.
  std::atomic<std::size_t> next{0};
  auto work = [&](WorkerTally& tally) {
    ReadBuffer buf;
    for (std::size_t i = next.fetch_add(1, std::memory_order_relaxed); i < pids.size();
         i = next.fetch_add(1, std::memory_order_relaxed)) {
      scan_one(root, req, pids[i], buf, slots[i], tally);
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(jobs - 1);
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(work, std::ref(tallies[t]));
  work(tallies[0]);
  for (auto& t : threads) t.join();

  ScanResult result;
  result.listed = pids.size();
  for (auto& slot : slots) {
    if (slot) result.records.push_back(std::move(*slot));
  }
  for (auto& tally : tallies) {
    result.unidentified += tally.unidentified;
    result.smaps_denied += tally.smaps_denied;
    result.missing_pids.insert(result.missing_pids.end(), tally.missing.begin(),
                               tally.missing.end());
    result.failures.insert(result.failures.end(), tally.failures.begin(), tally.failures.end());
  }
  std::sort(result.missing_pids.begin(), result.missing_pids.end());
  return result;
}

}  // namespace memwho
