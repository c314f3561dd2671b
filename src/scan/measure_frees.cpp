#include "memwho/scan/measure_frees.hpp"

#include <fmt/format.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <thread>

#include "memwho/proc/parse_smaps.hpp"
#include "memwho/proc/parse_stat.hpp"
#include "memwho/proc/parse_sysvipc_shm.hpp"

namespace memwho {
namespace {

constexpr std::uint64_t kKib = 1024;

/// An object a process holds through a descriptor (not necessarily mapped), as stat() on the
/// descriptor saw it.
struct HeldObject {
  ShmemKind kind;
  std::string name;
  LinkTarget target;
};

ShmemId id_of(const LinkTarget& t) {
  return {static_cast<std::uint32_t>(major(static_cast<dev_t>(t.dev))),
          static_cast<std::uint32_t>(minor(static_cast<dev_t>(t.dev))), t.ino};
}

/// The memfd and POSIX objects among the descriptors of the process in `dir`. False when the
/// descriptors could not be listed (another user's process, not root).
bool held_objects(const ProcSource& source, const ProcDir& dir, std::vector<HeldObject>& out) {
  ReadOutcome outcome;
  const ProcDir fds = source.open_dir(&dir, "fd", outcome);
  if (!fds.is_open()) return outcome.status == ReadStatus::gone;
  bool all_read = true;
  for (const int fd : source.list_numbers(fds)) {
    const std::string name = pid_dir_name(fd);
    const auto target = source.read_link(fds, name.c_str());
    if (!target) {
      all_read = false;  // refused (or closed meanwhile: then nothing is lost but certainty)
      continue;
    }
    const auto kind = shmem_kind_of_link(*target);
    if (!kind) continue;
    const auto st = source.stat_link(fds, name.c_str());
    if (!st) continue;
    out.push_back({*kind, *target, *st});
  }
  return all_read;
}

/// The process in `dir` is still the one `rec` describes: its start time, when known, is the
/// same (a pid reused since the scan is another process).
bool same_process(const ProcSource& source, const ProcDir& dir, const ProcessRecord& rec,
                  ReadBuffer& buf) {
  if (!rec.start_time) return true;
  if (!source.read_file(dir, "stat", buf).ok()) return false;
  const auto st = parse_stat(buf.text());
  return st && st->start_time == *rec.start_time;
}

template <class Pred>
std::uint64_t sum_of(std::span<const ProcessRecord> records, std::span<const std::size_t> members,
                     bool& known, Pred value) {
  std::uint64_t sum = 0;
  for (const std::size_t i : members) {
    const std::optional<std::uint64_t> v = value(records[i]);
    if (!v) {
      known = false;
      return 0;
    }
    sum += *v;
  }
  return sum;
}

/// A shared memory object as one process maps or holds it.
struct Sighting {
  ShmemId id;
  ShmemKind kind = ShmemKind::anon_shared;
  std::string name;
  std::optional<std::uint64_t> whole_kib, size_kib;
};

/// What one process gives: its frames and the objects it maps or holds.
struct ProcessRead {
  ProcessFrames frames;
  bool ok = false;
  std::vector<Sighting> sightings;
};

ProcessRead read_process(const ProcSource& source, const ProcessRecord& rec, bool sorted,
                         ReadBuffer& buf) {
  ProcessRead out;
  if (!rec.has_mm) {
    out.ok = rec.identity_known;
    return out;
  }
  ReadOutcome outcome;
  const ProcDir dir = source.open_dir(nullptr, pid_dir_name(rec.pid), outcome);
  if (!dir.is_open() || !same_process(source, dir, rec, buf)) return out;
  ProcDir task_storage;
  const ProcDir* mm = &dir;
  if (rec.mm_tid != 0) {
    task_storage = source.open_dir(&dir, "task/" + pid_dir_name(rec.mm_tid), outcome);
    mm = &task_storage;
  }
  if (!mm->is_open()) return out;
  out.frames = read_frames(source, *mm, buf, 65536, sorted);
  out.ok = out.frames.read.ok();
  for (const ShmemMapping& m : out.frames.shmem) {
    Sighting s{m.id, m.kind, m.name, std::nullopt, std::nullopt};
    // The whole object, through the mapping's file (map_files: root only).
    if (s.kind != ShmemKind::sysv) {
      const std::string range = fmt::format("map_files/{:x}-{:x}", m.start, m.end);
      if (const auto st = source.stat_link(*mm, range.c_str())) {
        s.whole_kib = st->allocated_bytes / kKib;
        s.size_kib = st->size_bytes / kKib;
      } else if (s.kind == ShmemKind::anon_shared) {
        // shmem_zero_setup() sizes the object to the mapping that made it: none is larger.
        s.size_kib = (m.end - m.start) / kKib;
      }
    }
    out.sightings.push_back(std::move(s));
  }
  std::vector<HeldObject> held;
  held_objects(source, dir, held);
  for (HeldObject& h : held) {
    out.sightings.push_back({id_of(h.target), h.kind, std::move(h.name),
                             h.target.allocated_bytes / kKib, h.target.size_bytes / kKib});
  }
  return out;
}

}  // namespace

FreesMeasure::FreesMeasure(const ProcSource& source, std::span<const ProcessRecord> records,
                           bool per_process, unsigned jobs)
    : records_(records), frames_(records.size()), per_process_(per_process) {
  for (const ProcessRecord& r : records) measured_.push_back(r.pid);
  std::sort(measured_.begin(), measured_.end());
  // The processes' page tables are walked by the kernel independently: read them on `jobs`
  // threads, each taking the next process.
  std::vector<ProcessRead> reads(records.size());
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    ReadBuffer buf;
    for (std::size_t i = next++; i < records.size(); i = next++) {
      reads[i] = read_process(source, records[i], per_process, buf);
    }
  };
  {
    std::vector<std::jthread> threads;
    const unsigned n =
        std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(records.size())));
    for (unsigned t = 1; t < n; ++t) threads.emplace_back(work);
    work();
  }
  std::size_t refused = 0;
  bool hidden = false;
  std::map<ShmemId, ShmemObject> objects;
  for (std::size_t i = 0; i < records.size(); ++i) {
    ProcessRead& r = reads[i];
    if (!r.ok) ++refused;
    hidden |= r.frames.pfns_hidden;
    const int pid = records[i].pid;
    for (Sighting& s : r.sightings) {
      ShmemObject& o = objects[s.id];
      if (o.holders.empty()) {
        o.id = s.id;
        o.kind = s.kind;
        o.name = std::move(s.name);
      }
      if (!o.whole_kib && s.whole_kib) {
        o.whole_kib = s.whole_kib;
        o.size_kib = s.size_kib;
      } else if (!o.whole_kib && s.size_kib) {
        o.size_kib = std::max(o.size_kib.value_or(0), *s.size_kib);
      }
      if (o.holders.empty() || o.holders.back() != pid) o.holders.push_back(pid);
    }
    frames_[i] = std::move(r.frames);
  }
  refused_ = refused;
  hidden_ = hidden;
  if (source.capture() != nullptr) {
    exact_ = false;
    why_bounds_ = "page frames are not in a capture (pagemap and kpagecount are read live only)";
  } else if (hidden) {
    exact_ = false;
    why_bounds_ = "page frames are hidden (pagemap gives them to root only)";
  } else if (refused > 0) {
    exact_ = false;
    why_bounds_ = fmt::format("the page frames of {} of the processes could not be read", refused);
  }
  if (exact_) {
    std::vector<const ProcessFrames*> all;
    for (const ProcessFrames& f : frames_) all.push_back(&f);
    table_ = frame_table_of(all);
    // No frame at all (processes without address space): nothing to ask the kernel.
    const ReadOutcome facts = table_.frames.empty()
                                  ? ReadOutcome{}
                                  : read_frame_facts(source, table_.frames, table_.facts);
    if (!facts.ok()) {
      exact_ = false;
      why_bounds_ = fmt::format("/proc/kpagecount: {}", describe(facts));
      table_ = {};
    }
  }
  for (auto& [id, o] : objects) {
    std::sort(o.holders.begin(), o.holders.end());
    o.holders.erase(std::unique(o.holders.begin(), o.holders.end()), o.holders.end());
    objects_.push_back(std::move(o));
  }
  read_objects(source);
  describe_objects();
}

std::optional<MapcountBuckets> FreesMeasure::mapcounts(std::size_t i) const {
  // The facts are read for every frame only when all of them could be (exact_), and the
  // process's frames are sorted only when single processes are asked for (per_process_).
  if (!exact_ || !per_process_ || i >= frames_.size()) return std::nullopt;
  return mapcount_buckets(frames_[i], table_);
}

void FreesMeasure::describe_objects() {
  for (ShmemObject& o : objects_) {
    o.holders_measured =
        static_cast<std::size_t>(std::count_if(o.holders.begin(), o.holders.end(), [&](int pid) {
          return std::binary_search(measured_.begin(), measured_.end(), pid);
        }));
    o.dies = dies_with(o, measured_, exact_);
    if (hidden_ || refused_ >= records_.size()) continue;  // no frames to count
    // The frames of it they map, each once (several processes map the same pages).
    std::vector<const std::vector<std::uint64_t>*> lists;
    for (const ProcessFrames& f : frames_) {
      for (const ShmemMapping& m : f.shmem) {
        if (m.id == o.id) lists.push_back(&m.pfns);
      }
    }
    o.mapped_kib = census_of_lists(lists).size() * 4;
    o.mapped_partial = refused_ > 0;  // the processes whose frames could not be read map more
  }
}

void FreesMeasure::read_objects(const ProcSource& source) {
  if (objects_.empty()) return;
  // SysV segments: their whole size and state from /proc/sysvipc/shm (the inode is the shmid).
  ReadBuffer buf;
  ReadOutcome outcome;
  const ProcDir root = source.open_dir(nullptr, ".", outcome);
  std::vector<SysvShmSegment> segments;
  if (root.is_open()) {
    ReadOutcome sysvipc_outcome;
    const ProcDir sysvipc = source.open_dir(&root, "sysvipc", sysvipc_outcome);
    if (sysvipc.is_open() && source.read_file(sysvipc, "shm", buf).ok()) {
      segments = parse_sysvipc_shm(buf.text(), nullptr);
    }
  }
  for (ShmemObject& o : objects_) {
    switch (o.kind) {
      case ShmemKind::sysv: {
        const auto it = std::find_if(segments.begin(), segments.end(),
                                     [&](const SysvShmSegment& s) { return s.shmid == o.id.ino; });
        if (it != segments.end()) {
          o.size_kib = it->size_bytes / kKib;
          if (it->rss_bytes && it->swap_bytes) {
            o.whole_kib = (*it->rss_bytes + *it->swap_bytes) / kKib;
          }
          if (it->mode) o.removed = it->removed();
        }
        break;
      }
      case ShmemKind::posix:
        o.removed = path_deleted(o.name);
        break;
      case ShmemKind::memfd:
      case ShmemKind::anon_shared:
        o.removed = true;  // no name keeps them
        break;
    }
  }
  // Who else holds them: every other process's mappings and descriptors.
  const auto find = [&](const ShmemId& id) -> ShmemObject* {
    for (ShmemObject& o : objects_) {
      if (o.id == id) return &o;
    }
    return nullptr;
  };
  std::vector<HeldObject> held;
  // A process's maps, then its descriptors: false when it could not be looked at.
  const auto look_at = [&](int pid) {
    const ProcDir dir = source.open_dir(nullptr, pid_dir_name(pid), outcome);
    if (!dir.is_open()) return true;  // gone: it holds nothing
    const ReadOutcome maps = source.read_file(dir, "maps", buf);
    if (!maps.ok()) return maps.status == ReadStatus::gone;
    for_each_line(buf.text(), [&](std::string_view line) {
      const auto h = parse_mapping_header(line);
      if (!h || !shmem_kind(*h)) return;
      if (ShmemObject* o = find({h->dev_major, h->dev_minor, h->inode})) {
        if (o->holders.empty() || o->holders.back() != pid) o->holders.push_back(pid);
      }
    });
    held.clear();
    const bool fds_read = held_objects(source, dir, held);
    for (const HeldObject& h : held) {
      if (ShmemObject* o = find(id_of(h.target))) {
        if (o->holders.empty() || o->holders.back() != pid) o->holders.push_back(pid);
      }
    }
    return fds_read;
  };
  const std::optional<int> self = source.self_pid();  // memwho holds nothing of theirs
  for (const int pid : source.list_pids()) {
    if (std::binary_search(measured_.begin(), measured_.end(), pid) || pid == self) continue;
    if (!look_at(pid)) unseen_.push_back(pid);
  }
  // A second look: a process in the middle of exec() refuses its maps for a moment.
  std::erase_if(unseen_, [&](int pid) { return look_at(pid); });
  for (ShmemObject& o : objects_) {
    std::sort(o.holders.begin(), o.holders.end());
    o.holders.erase(std::unique(o.holders.begin(), o.holders.end()), o.holders.end());
    o.holders_known = unseen_.empty();
  }
}

FreesRow FreesMeasure::row_of(std::span<const std::size_t> members) const {
  FreesRow row;
  std::vector<int> pids;
  for (const std::size_t i : members) pids.push_back(records_[i].pid);
  std::sort(pids.begin(), pids.end());
  if (exact_) {
    std::vector<const ProcessFrames*> set;
    for (const std::size_t i : members) set.push_back(&frames_[i]);
    const FrameFigures f = frame_figures(set, table_, members.size() == records_.size());
    row.from_frames = true;
    row.unique_anon = f.unique.anon_kib;
    row.unique_shmem = f.unique.shmem_kib;
    row.unique_file = f.unique.file_kib;
    row.shared_outside = f.unique.shared_outside_kib;
    row.swap = f.swap_kib;
  }
  // The bounds the smaps counters give, for every row (the exact figures lie within them).
  bool known = true;
  const auto smaps = [](SmapsKey key) {
    return [key](const ProcessRecord& r) { return r.smaps_size(key); };
  };
  const std::uint64_t uss =
      sum_of(records_, members, known, [](const ProcessRecord& r) { return r.uss(); });
  const std::uint64_t pss = sum_of(records_, members, known, smaps(SmapsKey::pss));
  if (known) {
    row.unique_low = uss;
    row.unique_high = pss;
  }
  bool split_known = known;
  std::uint64_t anon_low = 0;
  const std::uint64_t pss_anon = sum_of(records_, members, split_known, smaps(SmapsKey::pss_anon));
  for (const std::size_t i : members) {
    // A process's USS less every file and shmem page's share of it: what is left is private
    // anonymous memory, freed with it (each process on its own: a large shmem share of one
    // must not cancel another's private pages).
    const ProcessRecord& r = records_[i];
    const auto u = r.uss();
    const auto f = r.smaps_size(SmapsKey::pss_file);
    const auto sh = r.smaps_size(SmapsKey::pss_shmem);
    if (!u || !f || !sh) {
      split_known = false;
      break;
    }
    anon_low += *u > *f + *sh ? *u - *f - *sh : 0;
  }
  if (split_known) {
    row.anon_low = anon_low;
    row.anon_high = pss_anon;
  }
  bool swap_known = known;
  const std::uint64_t swap_pss = sum_of(records_, members, swap_known, smaps(SmapsKey::swap_pss));
  if (swap_known) row.swap_high = swap_pss;
  // As root the unreadable processes are few (a guarded PID 1); the figures take them to hold
  // none of the objects and the report says so. Without root that would be most processes.
  const ObjectFigures o = object_figures(pids, objects_, exact_);
  row.objects = o.count;
  row.objects_kib = o.whole_kib;
  row.objects_partial = o.whole_unknown > 0;
  row.dying_kib = o.dying_kib;
  row.dying_unknown = o.dying_unknown;
  row.may_die_kib = o.may_die_kib;
  row.dying_assumed = o.dying_assumed;
  return row;
}

FreesRow FreesMeasure::all() const {
  std::vector<std::size_t> members(records_.size());
  for (std::size_t i = 0; i < members.size(); ++i) members[i] = i;
  return row_of(members);
}

std::vector<SharingRow> FreesMeasure::sharing() const {
  std::vector<SharingRow> out(records_.size());
  std::map<int, std::size_t> index;
  for (std::size_t i = 0; i < records_.size(); ++i) index[records_[i].pid] = i;
  // The nearest ancestor among the records: follow PPid through the records only (a parent
  // outside them ends the walk).
  const auto ancestor = [&](std::size_t i) -> std::optional<std::size_t> {
    std::optional<int> ppid = records_[i].ppid;
    if (!ppid) return std::nullopt;
    const auto it = index.find(*ppid);
    if (it == index.end() || it->second == i) return std::nullopt;
    return it->second;
  };
  if (!exact_ || !per_process_) {
    for (std::size_t i = 0; i < records_.size(); ++i) {
      if (const auto parent = ancestor(i)) out[i].cow_parent = records_[*parent].pid;
      out[i].private_kib = records_[i].uss();
    }
    return out;
  }
  std::vector<MemberSharing> members(records_.size());
  for (std::size_t i = 0; i < records_.size(); ++i) {
    members[i] = member_sharing(frames_[i], table_.frames, table_);
  }
  for (std::size_t i = 0; i < records_.size(); ++i) {
    SharingRow& s = out[i];
    const MemberSharing& m = members[i];
    s.private_kib = m.private_kib;
    s.shared_group_kib = m.shared_group_kib;
    s.shared_outside_kib = m.shared_outside_kib;
    const auto parent = ancestor(i);
    if (!parent) continue;
    s.cow_parent = records_[*parent].pid;
    const std::uint64_t common = common_kib(frames_[i], frames_[*parent], table_);
    s.cow_shared_kib = common;
    // The ancestor's resident frames: all it maps, alone, with the selection or with others.
    const MemberSharing& p = members[*parent];
    const std::uint64_t resident = p.private_kib + p.shared_group_kib + p.shared_outside_kib;
    if (resident > 0) {
      s.cow_percent =
          std::llround(100.0 * static_cast<double>(common) / static_cast<double>(resident));
    }
  }
  return out;
}

}  // namespace memwho
