#include "memwho/aggregate/frame_census.hpp"

#include <algorithm>

#include "memwho/proc/parse_pagemap.hpp"

namespace memwho {

std::vector<GroupFrame> FrameCensus::frames() {
  std::sort(pfns_.begin(), pfns_.end());
  std::vector<GroupFrame> out;
  for (std::size_t i = 0; i < pfns_.size();) {
    std::size_t j = i + 1;
    while (j < pfns_.size() && pfns_[j] == pfns_[i]) ++j;
    out.push_back({pfns_[i], static_cast<std::uint32_t>(j - i)});
    i = j;
  }
  pfns_.clear();
  pfns_.shrink_to_fit();
  return out;
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
