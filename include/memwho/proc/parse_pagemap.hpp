#pragma once
// Pure decoders for the page-frame files (Documentation/admin-guide/mm/pagemap.rst): one
// /proc/PID/pagemap entry a virtual page, and the /proc/kpageflags bits of a frame. The ground
// for "what stopping these processes frees" (group-unique memory), which counts frames.
#include <cstdint>

namespace memwho {

/// One pagemap entry.
struct PagemapEntry {
  bool present = false;           ///< bit 63: in RAM; pfn is valid (0 without CAP_SYS_ADMIN)
  bool swapped = false;           ///< bit 62: in swap; swap_type and swap_offset are valid
  bool file_or_shared = false;    ///< bit 61: a file page or shared anonymous (not private anon)
  bool exclusive = false;         ///< bit 56: mapped by this process only (4.2+)
  bool soft_dirty = false;        ///< bit 55
  std::uint64_t pfn = 0;          ///< bits 0-54 when present
  std::uint32_t swap_type = 0;    ///< bits 0-4 when swapped
  std::uint64_t swap_offset = 0;  ///< bits 5-54 when swapped
};

constexpr PagemapEntry decode_pagemap(std::uint64_t e) {
  PagemapEntry p;
  p.present = (e >> 63) & 1;
  p.swapped = (e >> 62) & 1;
  p.file_or_shared = (e >> 61) & 1;
  p.exclusive = (e >> 56) & 1;
  p.soft_dirty = (e >> 55) & 1;
  constexpr std::uint64_t kLow55 = (std::uint64_t{1} << 55) - 1;
  if (p.present) {
    p.pfn = e & kLow55;
  } else if (p.swapped) {
    p.swap_type = static_cast<std::uint32_t>(e & 0x1f);
    p.swap_offset = (e & kLow55) >> 5;
  }
  return p;
}

/// /proc/kpageflags bits (include/uapi/linux/kernel-page-flags.h).
enum KpageFlag : unsigned {
  kKpfDirty = 4,
  kKpfLru = 5,
  kKpfMmap = 11,
  kKpfAnon = 12,
  kKpfSwapcache = 13,
  kKpfSwapbacked = 14,
  kKpfCompoundHead = 15,
  kKpfCompoundTail = 16,
  kKpfHuge = 17,  ///< hugetlbfs
  kKpfKsm = 21,
  kKpfThp = 22,
  kKpfZeroPage = 24,
};

constexpr bool has_flag(std::uint64_t flags, KpageFlag f) {
  return ((flags >> f) & 1) != 0;
}

/// What a frame holds, as the freed-memory figure splits it.
enum class FrameKind : std::uint8_t {
  anon,   ///< private anonymous (incl. KSM and THP): freed when its last mapper exits
  shmem,  ///< swap-backed but not anonymous: tmpfs, /dev/shm, memfd, SysV, MAP_SHARED anon:
          ///< freed only when the object dies too
  file,   ///< page cache: stays cached (reclaimable), not freed
  zero,   ///< the zero page: shared by all, never freed
};

constexpr FrameKind frame_kind(std::uint64_t flags) {
  if (has_flag(flags, kKpfZeroPage)) return FrameKind::zero;
  if (has_flag(flags, kKpfAnon)) return FrameKind::anon;
  if (has_flag(flags, kKpfSwapbacked)) return FrameKind::shmem;
  return FrameKind::file;
}

}  // namespace memwho
