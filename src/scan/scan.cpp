#include "memwho/scan/scan.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <optional>
#include <thread>
#include <unordered_map>

#include "memwho/proc/parse_stat.hpp"
#include "memwho/proc/parse_status.hpp"
#include "memwho/scan/read_process.hpp"

namespace memwho {
namespace {

/// What one worker thread found; merged into the ScanResult after all threads finish.
struct WorkerTally {
  std::size_t unidentified = 0;
  std::size_t smaps_denied = 0;
  std::size_t vanished = 0;
  std::vector<int> missing;
  std::vector<ScanProblem> problems;
  std::vector<int> unselected;  ///< with a memory: identified, not selected
};

/// Reads the smaps counters of the identified `rec` through `dir`. False when the process
/// exited meanwhile (then it is not reported; a -p pid is named missing).
bool measure_one(const ProcSource& source, const ProcDir& dir, bool named, ReadBuffer& buf,
                 ProcessRecord& rec, WorkerTally& tally) {
  ProcDir storage;
  const ProcDir& mm = mm_dir(source, dir, rec, storage);
  if (!measure_process(source, mm, buf, rec, tally.problems)) {
    if (named) {
      tally.missing.push_back(rec.pid);
    } else {
      ++tally.vanished;
    }
    return false;
  }
  if (rec.smaps_origin == SmapsOrigin::denied) ++tally.smaps_denied;
  return true;
}

/// What identify_one found.
enum class Found : std::uint8_t {
  nothing,     ///< gone, or not a process to report
  selected,    ///< selected (and measured, when the request measures in the same pass)
  unselected,  ///< identified but not selected (kept only when descendants are wanted)
};

/// Reads and selects the process `pid` (and, when `measure`, reads its smaps counters through
/// the same directory) into `slot`, which holds a record only when the result is not nothing.
Found identify_one(const ProcSource& source, const ScanRequest& req, const Selector& selector,
                   int pid, bool measure, ReadBuffer& buf, ProcessRecord& slot,
                   WorkerTally& tally) {
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
      if (selector.matches(rec)) {
        slot = std::move(rec);
        return Found::selected;
      }
    } else {
      tally.problems.push_back({pid, "", describe(opened)});
    }
    return Found::nothing;
  }
  // A watch takes a process it saw last sample whole from memory when one read of stat says
  // nothing moved (ScanMemory's policy).
  if (req.memory != nullptr && req.memory->remembers_command(pid) &&
      source.read_file(dir, "stat", buf).ok()) {
    if (const auto stat = parse_stat(buf.text())) {
      if (auto known = req.memory->recall(pid, *stat)) {
        slot = std::move(*known);
        return Found::selected;
      }
    }
  }
  ProcessRecord rec;
  // A watch knows the command line of a process it saw last sample: read it again only when the
  // pid turns out to be another process (its start time), or on a full pass.
  ScanNeeds needs = req.needs;
  const bool remembered =
      needs.cmdline && req.memory != nullptr && req.memory->remembers_command(pid);
  if (remembered) needs.cmdline = false;
  const IdentifyStatus identified =
      identify_process(source, dir, pid, needs, buf, rec, tally.problems);
  if (remembered && identified == IdentifyStatus::ok && !req.memory->fill_command(rec)) {
    read_command(source, dir, buf, rec, tally.problems);
  }
  switch (identified) {
    case IdentifyStatus::gone:
      if (named) {
        tally.missing.push_back(pid);
      } else {
        ++tally.vanished;
      }
      return Found::nothing;
    case IdentifyStatus::unreadable:
      // hidepid=1 lists the directory but refuses its files. The pid alone can still be
      // reported when nothing but pids is asked for; otherwise count it for the summary.
      ++tally.unidentified;
      [[fallthrough]];
    case IdentifyStatus::malformed:
      rec = ProcessRecord{};
      rec.pid = pid;
      if (!selector.matches(rec)) return Found::nothing;
      break;
    case IdentifyStatus::ok:
      if (!selector.matches(rec)) {
        if (req.memory != nullptr) tally.unselected.push_back(pid);
        if (!req.descendants || !rec.has_mm) return Found::nothing;
        slot = std::move(rec);
        return Found::unselected;
      }
      if (measure && req.needs.smaps && (req.memory == nullptr || !req.memory->reuse(rec)) &&
          !measure_one(source, dir, named, buf, rec, tally)) {
        return Found::nothing;
      }
      break;
  }
  slot = std::move(rec);
  return Found::selected;
}

/// Runs work(i, buf, tally) for i in [0, n) on up to `jobs` threads. Threads take the next i
/// from a shared counter: the cost per process varies with its resident size by orders of
/// magnitude, so static halves would leave one core idle.
template <class Work>
void parallel_for(std::size_t n, unsigned jobs, std::vector<WorkerTally>& tallies, Work work) {
  jobs = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(n / 4 + 1)));
  if (tallies.size() < jobs) tallies.resize(jobs);
  std::atomic<std::size_t> next{0};
  auto run = [&](WorkerTally& tally) {
    ReadBuffer buf;
    for (std::size_t i = next.fetch_add(1, std::memory_order_relaxed); i < n;
         i = next.fetch_add(1, std::memory_order_relaxed)) {
      work(i, buf, tally);
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(jobs - 1);
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(run, std::ref(tallies[t]));
  run(tallies[0]);
  for (auto& t : threads) t.join();
}

/// --descendants: marks every process below a selected one (by PPid) as selected too, except
/// memwho itself.
void select_descendants(const std::vector<ProcessRecord>& slots, std::vector<Found>& found,
                        std::optional<int> self_pid) {
  std::unordered_map<int, std::vector<std::size_t>> children;
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (found[i] == Found::nothing) continue;
    if (slots[i].ppid) children[*slots[i].ppid].push_back(i);
    if (found[i] == Found::selected) todo.push_back(i);
  }
  while (!todo.empty()) {
    const std::size_t i = todo.back();
    todo.pop_back();
    const auto it = children.find(slots[i].pid);
    if (it == children.end()) continue;
    for (std::size_t child : it->second) {
      if (found[child] != Found::unselected || slots[child].pid == self_pid) continue;
      found[child] = Found::selected;
      todo.push_back(child);
    }
  }
}

/// Measures a record identified in an earlier pass. Its pid is opened again, so the start time
/// must match the first pass's: a pid reused in between is another process, not measured as
/// this one. False when it is gone.
bool remeasure(const ProcSource& source, bool named, ReadBuffer& buf, ProcessRecord& rec,
               WorkerTally& tally) {
  ReadOutcome opened;
  const ProcDir dir = source.open_dir(nullptr, pid_dir_name(rec.pid), opened);
  bool same = dir.is_open() && source.read_file(dir, "stat", buf).ok();
  if (same) {
    const auto stat = parse_stat(buf.text());
    same = stat && rec.start_time && stat->start_time == *rec.start_time;
  }
  if (!same) {
    if (named) tally.missing.push_back(rec.pid);
    return false;
  }
  return measure_one(source, dir, named, buf, rec, tally);
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
  }
  if (selector.has_pids() && !req.descendants) {
    pids = selector.pids;
    std::sort(pids.begin(), pids.end());
    pids.erase(std::unique(pids.begin(), pids.end()), pids.end());
  } else {
    pids = source.list_pids();  // --descendants: a descendant can be any process
  }
  result.listed = pids.size();
  // One record a listed pid, filled by the threads in place and compacted at the end: a
  // second array of records would double the scan's peak memory.
  std::vector<ProcessRecord> slots(pids.size());
  std::vector<Found> found(pids.size(), Found::nothing);
  std::vector<WorkerTally> tallies;
  if (!req.descendants) {
    // One pass: each process is identified, selected and measured through one directory. A
    // watch skips the pids its last sample found unselected (ScanMemory's policy).
    if (req.memory != nullptr && !selector.has_pids()) {
      std::erase_if(pids, [&](int pid) { return req.memory->skip(pid); });
    }
    parallel_for(pids.size(), req.jobs, tallies, [&](std::size_t i, ReadBuffer& buf, auto& t) {
      found[i] = identify_one(source, req, selector, pids[i], true, buf, slots[i], t);
    });
  } else {
    // Two passes: which processes descend from a selected one is known only once every
    // process is identified; then only those are measured.
    ScanRequest first = req;
    first.needs.start_time = true;
    parallel_for(pids.size(), req.jobs, tallies, [&](std::size_t i, ReadBuffer& buf, auto& t) {
      found[i] = identify_one(source, first, selector, pids[i], false, buf, slots[i], t);
    });
    select_descendants(slots, found, selector.self_pid);
    std::vector<std::size_t> chosen;
    for (std::size_t i = 0; i < slots.size(); ++i) {
      if (found[i] != Found::selected) found[i] = Found::nothing;
      if (found[i] == Found::selected && slots[i].identity_known) chosen.push_back(i);
    }
    // A -p pid that is not in the listing (it exited before it) is missing like any other.
    for (int pid : selector.pids) {
      const bool listed = std::find(pids.begin(), pids.end(), pid) != pids.end();
      if (!listed) tallies[0].missing.push_back(pid);
    }
    if (req.needs.smaps) {
      parallel_for(chosen.size(), req.jobs, tallies, [&](std::size_t k, ReadBuffer& buf, auto& t) {
        ProcessRecord& rec = slots[chosen[k]];
        if (!remeasure(source, selector.names_pid(rec.pid), buf, rec, t)) {
          found[chosen[k]] = Found::nothing;
        }
      });
    }
  }

  std::size_t kept = 0;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (found[i] != Found::selected) continue;
    if (kept != i) slots[kept] = std::move(slots[i]);
    ++kept;
  }
  slots.resize(kept);
  // A selection of few (-n) gives the rest back; copying a nearly full array would not.
  if (kept < slots.capacity() / 2) slots.shrink_to_fit();
  result.records = std::move(slots);
  for (auto& tally : tallies) {
    result.unidentified += tally.unidentified;
    result.smaps_denied += tally.smaps_denied;
    result.vanished += tally.vanished;
    result.missing_pids.insert(result.missing_pids.end(), tally.missing.begin(),
                               tally.missing.end());
    result.problems.insert(result.problems.end(), tally.problems.begin(), tally.problems.end());
    result.unselected.insert(result.unselected.end(), tally.unselected.begin(),
                             tally.unselected.end());
  }
  for (const ProcessRecord& r : result.records) result.reused += r.smaps_reused ? 1 : 0;
  std::sort(result.missing_pids.begin(), result.missing_pids.end());
  std::stable_sort(result.problems.begin(), result.problems.end(),
                   [](const ScanProblem& a, const ScanProblem& b) { return a.pid < b.pid; });
  return result;
}

}  // namespace memwho
