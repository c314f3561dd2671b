#include "memwho/scan/scan_memory.hpp"

namespace memwho {
namespace {

bool same_status(const ProcessRecord& a, const ProcessRecord& b) {
  return a.vm_size == b.vm_size && a.vm_rss == b.vm_rss && a.rss_anon == b.rss_anon &&
         a.rss_file == b.rss_file && a.rss_shmem == b.rss_shmem && a.vm_swap == b.vm_swap;
}

}  // namespace

bool ScanMemory::skip(int pid) const {
  return !full_pass() && unselected_.count(pid) != 0;
}

bool ScanMemory::reuse(ProcessRecord& rec) const {
  if (every_ == 1 || !rec.start_time || !rec.identity_known) return false;
  const auto it = selected_.find(rec.pid);
  if (it == selected_.end()) return false;
  const Remembered& r = it->second;
  if (r.record.start_time != rec.start_time || sample_ >= r.expires ||
      !same_status(r.record, rec) || moved_.count(rec.name) != 0) {
    return false;
  }
  rec.smaps = r.record.smaps;
  rec.smaps_origin = r.record.smaps_origin;
  rec.smaps_reused = true;
  return true;
}

std::optional<ProcessRecord> ScanMemory::recall(int pid, const StatInfo& stat) const {
  if (full_pass()) return std::nullopt;
  const auto it = selected_.find(pid);
  if (it == selected_.end()) return std::nullopt;
  const Remembered& r = it->second;
  // Compared with the stat read with the remembered record: stat's RSS is the kernel's batched
  // counter, status's the exact sum (6.16+), so the two files cannot be compared with each other.
  if (r.record.start_time != stat.start_time || sample_ >= r.expires ||
      moved_.count(r.record.name) != 0 ||
      r.record.stat_sizes != std::pair{stat.vsize_bytes, stat.rss_pages}) {
    return std::nullopt;
  }
  ProcessRecord rec = r.record;
  rec.state = stat.state;
  rec.ppid = stat.ppid;
  rec.smaps_reused = true;
  return rec;
}

bool ScanMemory::remembers_command(int pid) const {
  return !full_pass() && selected_.count(pid) != 0;
}

bool ScanMemory::fill_command(ProcessRecord& rec) const {
  const auto it = selected_.find(rec.pid);
  if (it == selected_.end() || !rec.start_time || it->second.record.start_time != rec.start_time) {
    return false;
  }
  rec.command = it->second.record.command;
  rec.program = it->second.record.program;
  return true;
}

void ScanMemory::update(const std::vector<ProcessRecord>& selected,
                        const std::vector<int>& unselected) {
  std::unordered_set<std::string> moved;
  std::unordered_map<int, Remembered> next;
  next.reserve(selected.size());
  for (const ProcessRecord& rec : selected) {
    if (!rec.start_time || !rec.identity_known) continue;
    auto old = selected_.find(rec.pid);
    const bool known = old != selected_.end() && old->second.record.start_time == rec.start_time;
    // What the first sample finds is no event: nothing of it moved since.
    if (sample_ > 1 && (!known || !same_status(old->second.record, rec))) moved.insert(rec.name);
    if (rec.smaps_reused && known) {
      old->second.record.command = rec.command;  // read again on a full pass
      old->second.record.program = rec.program;
      next.emplace(rec.pid, std::move(old->second));
      continue;
    }
    Remembered r;
    r.record = rec;
    // The first read of a process lives 1 to `every` samples, by pid: a thousand processes
    // seen at once are then read again a tenth at a time, not all in one sample.
    const std::uint64_t life = known ? every_ : 1 + static_cast<std::uint64_t>(rec.pid) % every_;
    r.expires = sample_ + life;
    next.emplace(rec.pid, std::move(r));
  }
  // Exited (or no longer selected): their siblings' shares move.
  for (const auto& [pid, r] : selected_) {
    if (next.count(pid) == 0) moved.insert(r.record.name);
  }
  selected_ = std::move(next);
  moved_ = std::move(moved);
  if (full_pass()) unselected_.clear();
  unselected_.insert(unselected.begin(), unselected.end());
}

}  // namespace memwho
