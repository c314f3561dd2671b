#pragma once
// Reading page frames (issue 11: what stopping processes frees): a process's pagemap over its
// populated pages, sorted into the frames it maps, with the frames of each of its shared memory
// mappings apart; and the system-wide facts of frames from /proc/kpagecount and
// /proc/kpageflags. Both need root (CAP_SYS_ADMIN in the init user namespace: without it every
// PFN reads 0, which the result says).
#include <cstdint>
#include <span>
#include <vector>

#include "memwho/aggregate/frame_census.hpp"
#include "memwho/proc/proc_source.hpp"
#include "memwho/proc/shmem_mapping.hpp"

namespace memwho {

/// A shared memory mapping of a process, with the frames it has resident.
struct ShmemMapping {
  ShmemId id;
  ShmemKind kind = ShmemKind::anon_shared;
  std::string name;  ///< the path as maps prints it ("/memfd:cache (deleted)")
  std::uint64_t start = 0, end = 0;
  std::vector<std::uint64_t> pfns;
};

struct ProcessFrames {
  ReadOutcome read;                       ///< maps or pagemap could not be read: no frames
  std::vector<std::uint64_t> pfns;        ///< every resident page's frame, sorted; a frame the
                                          ///< process maps twice is there twice
  std::vector<std::uint64_t> swap_slots;  ///< swap type << 50 | offset, sorted
  std::uint64_t present_pages = 0;
  bool pfns_hidden = false;  ///< present pages whose PFN read 0: not root here
  std::vector<ShmemMapping> shmem;
};

/// Reads the frames of the process in `mm`: its maps, then pagemap over the pages the kernel
/// says are populated (PAGEMAP_SCAN; without it, over each whole mapping) in chunks of up to
/// `chunk_pages` entries: one read per chunk, not per page.
/// `sorted`: sort the frames (what a figure of the process alone needs; a census of several
/// processes sorts them all together anyway).
ProcessFrames read_frames(const ProcSource& source, const ProcDir& mm, ReadBuffer& buf,
                          std::size_t chunk_pages = 65536, bool sorted = true);

/// Reads kpagecount and kpageflags (at the root of `source`) for `frames`, sorted by PFN, in
/// runs of consecutive frames: one read a run. `facts` gets one entry a frame, in order.
ReadOutcome read_frame_facts(const ProcSource& source, std::span<const GroupFrame> frames,
                             std::vector<FrameFacts>& facts);

}  // namespace memwho
