// identify_process: who a process is (status, stat, cmdline), and the sizes status gives free.
#include <fmt/format.h>

#include <charconv>

#include "memwho/proc/parse_cgroup.hpp"
#include "memwho/proc/parse_cmdline.hpp"
#include "memwho/proc/parse_stat.hpp"
#include "memwho/proc/parse_status.hpp"
#include "memwho/scan/read_process.hpp"

namespace memwho {
namespace {

/// When the thread-group leader has exited with pthread_exit() while other threads run, its
/// status is a zombie's (no Vm* lines, empty cmdline, smaps refused) though the process holds
/// all its memory. A live thread's task/TID directory shows that memory: find one.
bool find_live_thread(const ProcSource& source, const ProcDir& dir, int pid, ReadBuffer& buf,
                      StatusInfo& live, int& tid) {
  ReadOutcome outcome;
  const ProcDir task = source.open_dir(&dir, "task", outcome);
  if (!task.is_open()) return false;
  for (int t : source.list_numbers(task)) {
    if (t == pid) continue;
    const ProcDir thread = source.open_dir(&task, pid_dir_name(t), outcome);
    if (!thread.is_open() || !source.read_file(thread, "status", buf).ok()) continue;
    StatusInfo st = parse_status(buf.text());
    if (st.looks_valid() && st.state != 'Z' && st.has_address_space()) {
      live = std::move(st);
      tid = t;
      return true;
    }
  }
  return false;
}

void take_sizes(const StatusInfo& st, ProcessRecord& rec) {
  rec.vm_size = st.vm_size;
  rec.vm_rss = st.vm_rss;
  rec.rss_anon = st.rss_anon;
  rec.rss_file = st.rss_file;
  rec.rss_shmem = st.rss_shmem;
  rec.vm_swap = st.vm_swap;
}

}  // namespace

const ProcDir& mm_dir(const ProcSource& source, const ProcDir& dir, const ProcessRecord& rec,
                      ProcDir& storage) {
  if (rec.mm_tid == 0) return dir;
  ReadOutcome outcome;
  storage = source.open_dir(&dir, "task/" + pid_dir_name(rec.mm_tid), outcome);
  return storage;
}

IdentifyStatus identify_process(const ProcSource& source, const ProcDir& dir, int pid,
                                const ScanNeeds& needs, ReadBuffer& buf, ProcessRecord& rec,
                                std::vector<ScanProblem>& problems) {
  rec.pid = pid;
  const ReadOutcome status_read = source.read_file(dir, "status", buf);
  switch (status_read.status) {
    case ReadStatus::ok:
      break;
    case ReadStatus::gone:
      return IdentifyStatus::gone;
    case ReadStatus::denied:
      return IdentifyStatus::unreadable;  // hidepid=1: counted, summarised once
    case ReadStatus::failed:
      problems.push_back({pid, "status", describe(status_read)});
      return IdentifyStatus::malformed;
  }
  if (buf.text().empty()) {
    // The kernel gives an empty status when the task was reaped while we read it; then its
    // directory is gone too. If stat still reads, the file itself is broken.
    if (!source.read_file(dir, "stat", buf).ok()) return IdentifyStatus::gone;
    problems.push_back({pid, "status", "empty"});
    return IdentifyStatus::malformed;
  }
  StatusInfo st = parse_status(buf.text());
  if (!st.looks_valid()) {
    problems.push_back({pid, "status", "not a status file (no Name, State or Pid line)"});
    return IdentifyStatus::malformed;
  }
  if (st.malformed_count > 0) {
    problems.push_back(
        {pid, "status",
         fmt::format("{}{} not what the kernel prints: shown as unknown", st.malformed,
                     st.malformed_count > 1
                         ? fmt::format(" and {} more are", st.malformed_count - 1)
                         : std::string(" is"))});
  }
  rec.identity_known = true;
  rec.name = std::move(st.name);
  rec.state = st.state;
  rec.ppid = st.ppid;
  rec.uid = st.uid;
  rec.has_mm = st.has_address_space() && st.state != 'Z';
  take_sizes(st, rec);

  StatusInfo live;
  if (st.state == 'Z' && st.threads.value_or(1) > 1 &&
      find_live_thread(source, dir, pid, buf, live, rec.mm_tid)) {
    rec.has_mm = true;
    take_sizes(live, rec);
  }
  if (st.kthread) {
    rec.kernel_thread = *st.kthread;
  }
  const bool need_stat = needs.start_time || (!st.kthread && !rec.has_mm && st.state != 'Z');
  if (need_stat && source.read_file(dir, "stat", buf).ok()) {
    if (auto stat = parse_stat(buf.text())) {
      rec.start_time = stat->start_time;
      rec.stat_sizes = std::pair{stat->vsize_bytes, stat->rss_pages};
      // Kernels before 6.x print no "Kthread:" line; PF_KTHREAD in stat tells a kernel thread
      // from a process that merely has no mm.
      if (!st.kthread && !rec.has_mm && st.state != 'Z') {
        rec.kernel_thread = stat->is_kernel_thread();
      }
    }
  }
  if (needs.cmdline) read_command(source, dir, buf, rec, problems);
  if (needs.cgroup) {
    // Unreadable or without a memory line: the process is grouped under "-" (unknown).
    const ReadOutcome read = source.read_file(dir, "cgroup", buf);
    if (read.ok()) {
      rec.cgroup = parse_proc_cgroup(buf.text());
    } else if (read.status == ReadStatus::failed) {
      problems.push_back({pid, "cgroup", describe(read)});
    }
  }
  return IdentifyStatus::ok;
}

void read_command(const ProcSource& source, const ProcDir& dir, ReadBuffer& buf, ProcessRecord& rec,
                  std::vector<ScanProblem>& problems) {
  if (rec.has_mm) {
    // cmdline is NUL-separated argv (or one string rewritten by setproctitle). Unreadable or
    // empty cmdline just leaves the command empty: the name still identifies the process. A
    // zombie leader's cmdline is empty: a live thread's holds the command.
    ProcDir storage;
    const ProcDir& mm = mm_dir(source, dir, rec, storage);
    const ReadOutcome read = mm.is_open() ? source.read_file(mm, "cmdline", buf) : ReadOutcome{};
    if (mm.is_open() && read.ok()) {
      CommandLine cmdline = parse_cmdline(buf.text());
      rec.command = std::move(cmdline.command);
      rec.program = std::move(cmdline.program);
    } else if (read.status == ReadStatus::failed) {
      problems.push_back({rec.pid, "cmdline", describe(read)});
    }
  }
  if (rec.command.empty()) {
    // No command line (kernel thread, zombie, or argv cleared): show the name as ps does.
    rec.command = "[" + rec.name + "]";
    if (rec.state == 'Z' && !rec.has_mm) rec.command += " <defunct>";
  }
}

}  // namespace memwho
