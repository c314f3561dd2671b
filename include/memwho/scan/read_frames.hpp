#pragma once
// Reading page frames (issue 11's exact group-unique memory): a process's pagemap over its
// mappings into a FrameCensus, and the system-wide facts of the census's frames from
// /proc/kpagecount and /proc/kpageflags. Both need root (CAP_SYS_ADMIN in the init user
// namespace: without it every PFN reads 0, which the result says).
#include <cstdint>
#include <span>
#include <vector>

#include "memwho/aggregate/frame_census.hpp"
#include "memwho/proc/proc_source.hpp"

namespace memwho {

struct FramesRead {
  ReadOutcome read;                 ///< maps or pagemap could not be read: no frames
  std::uint64_t present_pages = 0;  ///< resident pages (each added to the census)
  std::uint64_t swapped_pages = 0;  ///< pages in swap
  bool pfns_hidden = false;         ///< present pages whose PFN read 0: not root here
};

/// Adds the frame of every resident page of the process in `mm` to `census`. pagemap is read
/// over each mapping of `maps` (not [vsyscall], which lies above the user address space) in
/// chunks of up to `chunk_pages` entries: one read per chunk, not per page.
FramesRead read_frames(const ProcSource& source, const ProcDir& mm, ReadBuffer& buf,
                       FrameCensus& census, std::size_t chunk_pages = 65536);

/// Reads kpagecount and kpageflags (at the root of `source`) for `frames`, sorted by PFN, in
/// runs of consecutive frames: one read a run. `facts` gets one entry a frame, in order.
ReadOutcome read_frame_facts(const ProcSource& source, std::span<const GroupFrame> frames,
                             std::vector<FrameFacts>& facts);

}  // namespace memwho
