#include "memwho/aggregate/frees.hpp"

#include <algorithm>

#include "memwho/proc/parse_pagemap.hpp"
#include "memwho/scan/read_frames.hpp"

namespace memwho {
namespace {

constexpr std::uint64_t kPageKib = 4;

/// The set's frames with their count in the set.
std::vector<GroupFrame> census_of(std::span<const ProcessFrames* const> set) {
  std::vector<const std::vector<std::uint64_t>*> lists;
  for (const ProcessFrames* p : set) lists.push_back(&p->pfns);
  return census_of_lists(lists);
}

bool is_zero(const FrameFacts* f) {
  return f != nullptr && has_flag(f->flags, kKpfZeroPage);
}

}  // namespace

const FrameFacts* FrameTable::find(std::uint64_t pfn) const {
  const auto it = std::lower_bound(frames.begin(), frames.end(), pfn,
                                   [](const GroupFrame& f, std::uint64_t p) { return f.pfn < p; });
  if (it == frames.end() || it->pfn != pfn) return nullptr;
  const auto i = static_cast<std::size_t>(it - frames.begin());
  return i < facts.size() ? &facts[i] : nullptr;
}

FrameTable frame_table_of(std::span<const ProcessFrames* const> members) {
  FrameTable table;
  table.frames = census_of(members);
  return table;
}

FrameFigures frame_figures(std::span<const ProcessFrames* const> set, const FrameTable& table,
                           bool whole_table) {
  FrameFigures out;
  // The set of every measured process: its census and facts are the table's own.
  std::vector<GroupFrame> own;
  std::vector<FrameFacts> own_facts;
  if (!whole_table) {
    own = census_of(set);
    own_facts.resize(own.size());
    for (std::size_t i = 0; i < own.size(); ++i) {
      if (const FrameFacts* f = table.find(own[i].pfn)) own_facts[i] = *f;
    }
  }
  const std::span<const GroupFrame> frames = whole_table ? std::span(table.frames) : std::span(own);
  const std::span<const FrameFacts> facts =
      whole_table ? std::span(table.facts) : std::span(own_facts);
  out.unique = classify_frames(frames, facts, kPageKib);
  std::vector<std::uint64_t> slots;
  for (const ProcessFrames* p : set)
    slots.insert(slots.end(), p->swap_slots.begin(), p->swap_slots.end());
  std::sort(slots.begin(), slots.end());
  out.swap_kib =
      static_cast<std::uint64_t>(std::unique(slots.begin(), slots.end()) - slots.begin()) *
      kPageKib;
  return out;
}

std::uint64_t common_kib(const ProcessFrames& a, const ProcessFrames& b, const FrameTable& table) {
  std::uint64_t kib = 0;
  auto i = a.pfns.begin();
  auto j = b.pfns.begin();
  while (i != a.pfns.end() && j != b.pfns.end()) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      const std::uint64_t pfn = *i;
      if (!is_zero(table.find(pfn))) kib += kPageKib;
      while (i != a.pfns.end() && *i == pfn) ++i;
      while (j != b.pfns.end() && *j == pfn) ++j;
    }
  }
  return kib;
}

MemberSharing member_sharing(const ProcessFrames& member, std::span<const GroupFrame> set_census,
                             const FrameTable& table) {
  MemberSharing out;
  auto in_set = set_census.begin();
  for (const GroupFrame& frame : fold_sorted(member.pfns)) {
    const std::uint64_t pfn = frame.pfn;
    const std::uint64_t mine = frame.group_maps;  // its own mappings of the frame
    const FrameFacts* f = table.find(pfn);
    if (f == nullptr || f->count == 0 || is_zero(f)) continue;  // vanished, or the zero page
    while (in_set != set_census.end() && in_set->pfn < pfn) ++in_set;
    const std::uint64_t in_group =
        in_set != set_census.end() && in_set->pfn == pfn ? in_set->group_maps : mine;
    if (f->count <= mine) {
      out.private_kib += kPageKib;
    } else if (f->count <= in_group) {
      out.shared_group_kib += kPageKib;
    } else {
      out.shared_outside_kib += kPageKib;
    }
  }
  return out;
}

MapcountBuckets mapcount_buckets(const ProcessFrames& member, const FrameTable& table) {
  MapcountBuckets out;
  for (const GroupFrame& frame : fold_sorted(member.pfns)) {
    const FrameFacts* f = table.find(frame.pfn);
    if (f == nullptr || f->count == 0) continue;  // unmapped between the reads
    if (is_zero(f)) {
      out.zero_pages += frame.group_maps;
    } else if (f->count == 1) {
      out.once_kib += kPageKib;
    } else if (f->count == 2) {
      out.twice_kib += kPageKib;
    } else if (f->count <= 10) {
      out.few_kib += kPageKib;
    } else {
      out.many_kib += kPageKib;
    }
  }
  return out;
}

std::optional<bool> dies_with(const ShmemObject& object, std::span<const int> set_pids,
                              bool assume_unseen) {
  if (object.removed == false) return false;
  // Held by a process outside the set: it lives on, whatever else is unknown.
  const bool outside = std::any_of(object.holders.begin(), object.holders.end(), [&](int pid) {
    return !std::binary_search(set_pids.begin(), set_pids.end(), pid);
  });
  if (outside) return false;
  if (!object.removed || (!object.holders_known && !assume_unseen)) return std::nullopt;
  return true;
}

ObjectFigures object_figures(std::span<const int> set_pids, std::span<const ShmemObject> objects,
                             bool assume_unseen) {
  ObjectFigures out;
  for (const ShmemObject& o : objects) {
    const bool held = std::any_of(o.holders.begin(), o.holders.end(), [&](int pid) {
      return std::binary_search(set_pids.begin(), set_pids.end(), pid);
    });
    if (!held) continue;
    ++out.count;
    if (o.whole_kib) {
      out.whole_kib += *o.whole_kib;
    } else {
      ++out.whole_unknown;
    }
    const std::optional<bool> dies = dies_with(o, set_pids, assume_unseen);
    if (dies == false) continue;
    if (const auto most = o.whole_kib ? o.whole_kib : o.size_kib; most && out.may_die_kib) {
      *out.may_die_kib += *most;
    } else {
      out.may_die_kib.reset();
    }
    if (dies && o.whole_kib) {
      out.dying_kib += *o.whole_kib;
      if (!o.holders_known) ++out.dying_assumed;
    } else {
      ++out.dying_unknown;
    }
  }
  return out;
}

}  // namespace memwho
