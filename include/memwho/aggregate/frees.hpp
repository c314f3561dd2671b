#pragma once
// What stopping a set of processes frees, from their page frames (pure: the frames, their facts
// and the shared memory objects come in, figures go out). A frame only the set maps is freed
// when the set stops if it is anonymous; shared memory goes back only when its object dies with
// the set; page cache stays cached. See docs/metrics.md, "What stopping frees".
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "memwho/aggregate/frame_census.hpp"
#include "memwho/proc/shmem_mapping.hpp"

namespace memwho {

struct ProcessFrames;

/// Every frame the measured processes map, once, with what the kernel says of it.
struct FrameTable {
  std::vector<GroupFrame> frames;  ///< ascending pfn; group_maps over all measured processes
  std::vector<FrameFacts> facts;   ///< same order (read_frame_facts)
  [[nodiscard]] const FrameFacts* find(std::uint64_t pfn) const;
};

/// The table's frames (no facts yet) over `members`.
FrameTable frame_table_of(std::span<const ProcessFrames* const> members);

/// A set's frames: resident memory only it maps, split, what it shares with others, and the
/// swap slots it references.
struct FrameFigures {
  GroupUnique unique;
  std::uint64_t swap_kib = 0;  ///< distinct swap slots
};
/// `whole_table`: the set is every process the table was made of (its census is the table's).
FrameFigures frame_figures(std::span<const ProcessFrames* const> set, const FrameTable& table,
                           bool whole_table = false);

/// Distinct frames (not the zero page) both processes map: what a worker still shares with its
/// master copy-on-write.
std::uint64_t common_kib(const ProcessFrames& a, const ProcessFrames& b, const FrameTable& table);

/// One process in a set: frames only it maps, frames it shares only with the set's others,
/// frames a process outside the set maps too (together: its resident frames, not the zero
/// page). `member`'s frames must be sorted.
struct MemberSharing {
  std::uint64_t private_kib = 0, shared_group_kib = 0, shared_outside_kib = 0;
};
/// `set_census` is the set's frames with their count in the set (census_of_lists over the set).
MemberSharing member_sharing(const ProcessFrames& member, std::span<const GroupFrame> set_census,
                             const FrameTable& table);

/// A process's resident frames by how many mappings the kernel counts for each (kpagecount,
/// system-wide): once (only this mapping), twice, 3 to 10 times, more; and its mappings of the
/// zero page, which no RSS counts. A frame it maps twice itself counts once here, with the
/// kernel's count (2).
struct MapcountBuckets {
  std::uint64_t once_kib = 0, twice_kib = 0, few_kib = 0, many_kib = 0;
  std::uint64_t zero_pages = 0;
};
/// `member`'s frames must be sorted; `table` holds the facts of each.
MapcountBuckets mapcount_buckets(const ProcessFrames& member, const FrameTable& table);

/// A shared memory object the measured processes map or hold open.
struct ShmemObject {
  ShmemId id;
  ShmemKind kind = ShmemKind::anon_shared;
  std::string name;
  std::optional<std::uint64_t> whole_kib;  ///< resident + swapped, the whole object
  std::optional<std::uint64_t> size_kib;   ///< its size (st_size, the segment's size)
  /// The name is gone (memfd and anonymous always; SysV removed; /dev/shm unlinked): it dies
  /// with its last holder. nullopt when unknown.
  std::optional<bool> removed;
  std::vector<int> holders;    ///< pids that map it or hold it open, ascending
  bool holders_known = false;  ///< every process was looked at

  // Of the processes measured (the selection), for the --shmem view:
  std::optional<std::uint64_t> mapped_kib;  ///< distinct resident frames of it they map (root)
  bool mapped_partial = false;              ///< some of them could not be read: a lower bound
  std::size_t holders_measured = 0;         ///< holders among them
  /// Dies when they stop; nullopt when unknown. With `holders_known` false, a yes takes the
  /// processes memwho could not read to hold none of it.
  std::optional<bool> dies;
};

/// A set's shared memory objects: their whole size, and what dies with the set.
struct ObjectFigures {
  std::size_t count = 0;
  std::uint64_t whole_kib = 0;  ///< over the objects whose size is known
  std::size_t whole_unknown = 0;
  std::uint64_t dying_kib = 0;    ///< objects that die with the set
  std::size_t dying_unknown = 0;  ///< objects whose fate or size is not known
  /// The most the objects that may die with the set hold: each one's whole size, or its size
  /// where that is not known; nullopt when neither is.
  std::optional<std::uint64_t> may_die_kib = 0;
  /// Of the dying ones, those that die only if the processes memwho could not look at hold
  /// none of them (the `assume_unseen` of object_figures).
  std::size_t dying_assumed = 0;
};
/// `set_pids` ascending. `assume_unseen`: take the processes that could not be looked at (an
/// unreadable PID 1) to hold none of the objects; the result counts the objects that assumption
/// decides.
ObjectFigures object_figures(std::span<const int> set_pids, std::span<const ShmemObject> objects,
                             bool assume_unseen = false);
/// Whether `object` dies when `set_pids` (ascending) stop: nullopt when not known.
std::optional<bool> dies_with(const ShmemObject& object, std::span<const int> set_pids,
                              bool assume_unseen = false);

}  // namespace memwho
