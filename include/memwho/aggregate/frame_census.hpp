#pragma once
// The page frames a group of processes maps, and which of them only the group maps: the exact
// "what stopping these processes frees" (issue 11). Pure: the frames come from the group's
// pagemaps, each frame's system-wide mapping count and flags from /proc/kpagecount and
// /proc/kpageflags, read by the caller in the sorted runs this gives it.
#include <cstdint>
#include <span>
#include <vector>

namespace memwho {

/// Sorts frame numbers ascending: an LSD radix sort, 16 bits a pass over the bits the largest
/// holds (two passes below 2^32 frames, 16 TiB of RAM), several times faster than std::sort on
/// the millions of entries a group of large processes gives.
void sort_pfns(std::vector<std::uint64_t>& pfns);

/// One frame the group maps, and how many of its mappings are the group's.
struct GroupFrame {
  std::uint64_t pfn = 0;
  std::uint32_t group_maps = 0;
};

/// The unique frames of a sorted list with how many times it holds each (a run of equal frames
/// is one frame mapped that many times).
std::vector<GroupFrame> fold_sorted(std::span<const std::uint64_t> sorted);

/// The unique frames of several lists of frames (each process's), with how many times they
/// hold each, in ascending pfn order (the order /proc/kpagecount is read in runs). The lists
/// need not be sorted.
std::vector<GroupFrame> census_of_lists(std::span<const std::vector<std::uint64_t>* const> lists);

/// What the kernel says of a frame: its mappings system-wide and its flags. A count of 0 means
/// the frame was unmapped after the group's pagemap was read (a race): it is left out.
struct FrameFacts {
  std::uint64_t count = 0;
  std::uint64_t flags = 0;
};

/// The group's resident memory, by whether only the group maps it, in KiB.
struct GroupUnique {
  std::uint64_t anon_kib = 0;   ///< private anonymous only the group maps: freed when it stops
  std::uint64_t shmem_kib = 0;  ///< shared memory only the group maps: freed if the object dies
  std::uint64_t file_kib = 0;   ///< page cache only the group maps: stays cached, not freed
  std::uint64_t shared_outside_kib = 0;  ///< resident frames others map too
  std::uint64_t zero_pages = 0;          ///< mappings of the zero page: never freed
  /// hugetlbfs pages only the group maps: they go back to the huge page pool, not to free
  /// memory, so they are in none of the figures above.
  std::uint64_t hugetlb_kib = 0;
  std::uint64_t vanished = 0;  ///< frames unmapped between the reads
};

/// Classifies `frames` with the facts read for each (same order, same length). A frame is the
/// group's alone when all its mappings system-wide are the group's (count <= group_maps; a
/// count below the group's own means it was partly unmapped meanwhile).
GroupUnique classify_frames(std::span<const GroupFrame> frames, std::span<const FrameFacts> facts,
                            std::uint64_t page_kib = 4);

}  // namespace memwho
