#include "memwho/scan/scan.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <optional>
#include <thread>

#include "memwho/proc/parse_status.hpp"
#include "memwho/scan/read_process.hpp"

namespace memwho {
namespace {

/// What one worker thread found; merged into the ScanResult after all threads finish.
struct WorkerTally {
  std::size_t unidentified = 0;
  std::size_t smaps_denied = 0;
  std::vector<int> missing;
  std::vector<ScanProblem> problems;
};

/// Reads, selects and measures the process at pids[i]; leaves slot empty when not reported.
void scan_one(const ProcSource& source, const ScanRequest& req, const Selector& selector, int pid,
              ReadBuffer& buf, std::optional<ProcessRecord>& slot, WorkerTally& tally) {
  const bool named = selector.names_pid(pid);
  ReadOutcome opened;
  const ProcDir dir = source.open_dir(nullptr, pid_dir_name(pid), opened);
  if (!dir.is_open()) {
    if (opened.status == ReadStatus::gone) {
      if (named) tally.missing.push_back(pid);
    } else if (opened.status == ReadStatus::denied) {
      ++tally.unidentified;
      ProcessRecord rec;
      rec.pid = pid;
      if (selector.matches(rec)) slot = std::move(rec);
    } else {
      tally.problems.push_back({pid, "", describe(opened)});
    }
    return;
  }
  ProcessRecord rec;
  switch (identify_process(source, dir, pid, req.needs, buf, rec, tally.problems)) {
    case IdentifyStatus::gone:
      if (named) tally.missing.push_back(pid);
      return;
    case IdentifyStatus::unreadable:
      // hidepid=1 lists the directory but refuses its files. The pid alone can still be
      // reported when nothing but pids is asked for; otherwise count it for the summary.
      ++tally.unidentified;
      [[fallthrough]];
    case IdentifyStatus::malformed:
      rec = ProcessRecord{};
      rec.pid = pid;
      if (!selector.matches(rec)) return;
      break;
    case IdentifyStatus::ok:
      if (!selector.matches(rec)) return;
      if (req.needs.smaps) {
        ProcDir storage;
        const ProcDir& mm = mm_dir(source, dir, rec, storage);
        if (!measure_process(source, mm, buf, rec, tally.problems)) {  // exited meanwhile
          if (named) tally.missing.push_back(pid);
          return;
        }
        if (rec.smaps_origin == SmapsOrigin::denied) ++tally.smaps_denied;
      }
      break;
  }
  slot = std::move(rec);
}

/// -p with a thread id: /proc/TID exists (unlisted) and reads like its process. Counting it as
/// a process of its own would count the process twice; name the process instead.
std::vector<int> resolve_thread_ids(const ProcSource& source, std::vector<int> pids,
                                    std::vector<ThreadPid>& threads) {
  ReadBuffer buf;
  for (int& pid : pids) {
    ReadOutcome outcome;
    const ProcDir dir = source.open_dir(nullptr, pid_dir_name(pid), outcome);
    if (!dir.is_open() || !source.read_file(dir, "status", buf).ok()) continue;
    const StatusInfo st = parse_status(buf.text());
    if (st.tgid && st.pid && *st.tgid != *st.pid && *st.pid == pid && *st.tgid > 0) {
      threads.push_back({pid, *st.tgid});
      pid = *st.tgid;
    }
  }
  return pids;
}

}  // namespace

ScanResult scan(const ProcSource& source, const ScanRequest& req) {
  ScanResult result;
  Selector selector = req.selector;
  // Explicit pids are opened directly; there is no need to list the whole tree for them. A pid
  // named twice (-p 7,7), or a thread and its process, is still one process: counting it twice
  // would inflate the totals.
  std::vector<int> pids;
  if (selector.has_pids()) {
    selector.pids = resolve_thread_ids(source, selector.pids, result.thread_pids);
    pids = selector.pids;
    std::sort(pids.begin(), pids.end());
    pids.erase(std::unique(pids.begin(), pids.end()), pids.end());
  } else {
    pids = source.list_pids();
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
      scan_one(source, req, selector, pids[i], buf, slots[i], tally);
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(jobs - 1);
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(work, std::ref(tallies[t]));
  work(tallies[0]);
  for (auto& t : threads) t.join();

  result.listed = pids.size();
  for (auto& slot : slots) {
    if (slot) result.records.push_back(std::move(*slot));
  }
  for (auto& tally : tallies) {
    result.unidentified += tally.unidentified;
    result.smaps_denied += tally.smaps_denied;
    result.missing_pids.insert(result.missing_pids.end(), tally.missing.begin(),
                               tally.missing.end());
    result.problems.insert(result.problems.end(), tally.problems.begin(), tally.problems.end());
  }
  std::sort(result.missing_pids.begin(), result.missing_pids.end());
  std::stable_sort(result.problems.begin(), result.problems.end(),
                   [](const ScanProblem& a, const ScanProblem& b) { return a.pid < b.pid; });
  return result;
}

}  // namespace memwho
