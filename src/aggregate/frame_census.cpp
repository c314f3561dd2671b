#include "memwho/aggregate/frame_census.hpp"

#include <algorithm>
#include <memory>
#include <utility>

#include "memwho/proc/parse_pagemap.hpp"

namespace memwho {

void sort_pfns(std::vector<std::uint64_t>& pfns) {
  if (pfns.size() < 256) {
    std::sort(pfns.begin(), pfns.end());
    return;
  }
  std::uint64_t most = 0;
  for (const std::uint64_t p : pfns) most |= p;
  // Scratch of the same size, left uninitialised: every pass writes all of it.
  const std::unique_ptr<std::uint64_t[]> scratch(new std::uint64_t[pfns.size()]);
  std::uint64_t* from = pfns.data();
  std::uint64_t* to = scratch.get();
  const std::size_t n = pfns.size();
  std::vector<std::size_t> count(65536);
  for (unsigned shift = 0; shift < 64 && (most >> shift) != 0; shift += 16) {
    std::fill(count.begin(), count.end(), 0);
    for (std::size_t i = 0; i < n; ++i) ++count[(from[i] >> shift) & 0xffff];
    std::size_t at = 0;
    for (std::size_t& c : count) at += std::exchange(c, at);
    for (std::size_t i = 0; i < n; ++i) to[count[(from[i] >> shift) & 0xffff]++] = from[i];
    std::swap(from, to);
  }
  if (from != pfns.data()) std::copy(from, from + n, pfns.data());
}

std::vector<GroupFrame> fold_sorted(std::span<const std::uint64_t> sorted) {
  std::size_t unique = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i) unique += i == 0 || sorted[i] != sorted[i - 1];
  std::vector<GroupFrame> out;
  out.reserve(unique);
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i + 1;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    out.push_back({sorted[i], static_cast<std::uint32_t>(j - i)});
    i = j;
  }
  return out;
}

std::vector<GroupFrame> census_of_lists(std::span<const std::vector<std::uint64_t>* const> lists) {
  std::vector<GroupFrame> out;
  std::uint64_t lowest = ~std::uint64_t{0}, highest = 0;
  std::size_t total = 0;
  for (const auto* list : lists) {
    total += list->size();
    for (const std::uint64_t p : *list) {
      lowest = std::min(lowest, p);
      highest = std::max(highest, p);
    }
  }
  if (total == 0) return out;
  // Dense frames (a group of large processes: millions of mappings over a few million frames):
  // count them in an array indexed by frame, which comes out sorted, instead of sorting. At
  // most 4 bytes of array a mapping, so memory stays what the frames take.
  if (highest - lowest < total * 2) {
    std::vector<std::uint32_t> count(static_cast<std::size_t>(highest - lowest + 1));
    for (const auto* list : lists) {
      for (const std::uint64_t p : *list) ++count[static_cast<std::size_t>(p - lowest)];
    }
    std::size_t unique = 0;
    for (const std::uint32_t c : count) unique += c != 0;
    out.reserve(unique);
    for (std::size_t i = 0; i < count.size(); ++i) {
      if (count[i] != 0) out.push_back({lowest + i, count[i]});
    }
    return out;
  }
  // One list sorted already (a process's own frames): no copy, no sort.
  if (lists.size() == 1 && std::is_sorted(lists[0]->begin(), lists[0]->end())) {
    return fold_sorted(*lists[0]);
  }
  std::vector<std::uint64_t> all;
  all.reserve(total);
  for (const auto* list : lists) all.insert(all.end(), list->begin(), list->end());
  sort_pfns(all);
  return fold_sorted(all);
}

GroupUnique classify_frames(std::span<const GroupFrame> frames, std::span<const FrameFacts> facts,
                            std::uint64_t page_kib) {
  GroupUnique u;
  const std::size_t n = std::min(frames.size(), facts.size());
  for (std::size_t i = 0; i < n; ++i) {
    const FrameFacts& f = facts[i];
    const FrameKind kind = frame_kind(f.flags);
    if (kind == FrameKind::zero) {
      u.zero_pages += frames[i].group_maps;
      continue;
    }
    if (f.count == 0) {
      ++u.vanished;
      continue;
    }
    if (f.count > frames[i].group_maps) {
      u.shared_outside_kib += page_kib;
      continue;
    }
    if (has_flag(f.flags, kKpfHuge)) {
      u.hugetlb_kib += page_kib;
      continue;
    }
    switch (kind) {
      case FrameKind::anon:
        u.anon_kib += page_kib;
        break;
      case FrameKind::shmem:
        u.shmem_kib += page_kib;
        break;
      case FrameKind::file:
        u.file_kib += page_kib;
        break;
      case FrameKind::zero:
        break;
    }
  }
  return u;
}

}  // namespace memwho
