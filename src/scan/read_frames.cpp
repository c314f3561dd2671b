#include "memwho/scan/read_frames.hpp"

#include <algorithm>
#include <cstring>
#include <thread>

#include "memwho/proc/parse_pagemap.hpp"
#include "memwho/proc/parse_smaps.hpp"
#include "memwho/proc/shmem_mapping.hpp"

namespace memwho {
namespace {

constexpr std::uint64_t kPageBytes = 4096;

/// Reads `count` u64 entries at entry `index` of `file` into `out`; the entries the file did
/// not have (past its end) are 0. False after a read error.
bool read_entries(FileStream& file, std::uint64_t index, std::size_t count,
                  std::vector<std::uint64_t>& out) {
  out.resize(count);  // a reused buffer: no zeroing of what the read overwrites
  auto* bytes = reinterpret_cast<char*>(out.data());
  std::size_t done = 0;
  const std::size_t want = count * sizeof(std::uint64_t);
  while (done < want) {
    const long got = file.read_at(bytes + done, want - done, index * sizeof(std::uint64_t) + done);
    if (got < 0) return false;
    if (got == 0) break;
    done += static_cast<std::size_t>(got);
  }
  std::memset(bytes + done, 0, want - done);  // past the file's end
  return true;
}

}  // namespace

ProcessFrames read_frames(const ProcSource& source, const ProcDir& mm, ReadBuffer& buf,
                          std::size_t chunk_pages, bool sorted) {
  ProcessFrames result;
  result.read = source.read_file(mm, "maps", buf);
  if (!result.read.ok()) return result;
  // The mappings first: the maps text lives in `buf`, which is not touched after. Each range
  // notes the shared memory mapping it is (or -1).
  struct Range {
    std::uint64_t start, end;
    int shmem;
  };
  std::vector<Range> ranges;
  for_each_line(buf.text(), [&](std::string_view line) {
    const auto h = parse_mapping_header(line);
    if (!h || h->end <= h->start || h->path == "[vsyscall]") return;
    int shmem = -1;
    if (const auto kind = shmem_kind(*h)) {
      shmem = static_cast<int>(result.shmem.size());
      result.shmem.push_back({{h->dev_major, h->dev_minor, h->inode},
                              *kind,
                              std::string(h->path),
                              h->start,
                              h->end,
                              {}});
    }
    ranges.push_back({h->start, h->end, shmem});
  });
  ReadOutcome opened;
  auto pagemap = source.open_stream(mm, "pagemap", opened);
  if (!pagemap) {
    result.read = opened;
    return result;
  }
  // The populated parts of the address space, when the kernel can say (6.7+): a mapping of
  // terabytes (a sanitizer's shadow, a JVM's reservation) costs nothing where it is empty.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> populated;
  const bool scanned = !ranges.empty() && pagemap->populated_ranges(ranges.front().start,
                                                                    ranges.back().end, populated);
  if (!scanned) {
    for (const Range& r : ranges) populated.emplace_back(r.start, r.end);
  }
  // What to read, in pages: the populated ranges, merged where the gap between them is small
  // (reading 8 bytes a page of gap costs less than another pread), cut at `chunk_pages`.
  constexpr std::uint64_t kMaxGapPages = 512;
  chunk_pages = std::max<std::size_t>(chunk_pages, 1);
  std::vector<std::pair<std::uint64_t, std::uint64_t>> spans;
  for (const auto& [start, end] : populated) {
    const std::uint64_t first = start / kPageBytes;
    const std::uint64_t last = (end + kPageBytes - 1) / kPageBytes;
    if (!spans.empty() && first <= spans.back().second + kMaxGapPages &&
        last - spans.back().first <= chunk_pages) {
      spans.back().second = std::max(spans.back().second, last);
    } else {
      for (std::uint64_t p = first; p < last; p += chunk_pages) {
        spans.emplace_back(p, std::min<std::uint64_t>(last, p + chunk_pages));
      }
    }
  }
  std::uint64_t span_pages = 0;
  for (const auto& [first, end] : spans) span_pages += end - first;
  result.pfns.reserve(static_cast<std::size_t>(span_pages));
  // Read each span once, and hand its entries to the mappings it covers (both ascend).
  std::vector<std::uint64_t> entries;
  std::size_t next = 0;  // the first mapping that may still overlap a span
  for (const auto& [first, end] : spans) {
    if (!read_entries(*pagemap, first, static_cast<std::size_t>(end - first), entries)) {
      result.read = pagemap->outcome();
      return result;
    }
    while (next < ranges.size() && ranges[next].end / kPageBytes <= first) ++next;
    for (std::size_t m = next; m < ranges.size() && ranges[m].start / kPageBytes < end; ++m) {
      const std::uint64_t a = std::max(first, ranges[m].start / kPageBytes);
      const std::uint64_t b = std::min(end, ranges[m].end / kPageBytes);
      const int shmem = ranges[m].shmem;
      for (std::uint64_t page = a; page < b; ++page) {
        const PagemapEntry e = decode_pagemap(entries[page - first]);
        if (e.swapped) {
          result.swap_slots.push_back(std::uint64_t{e.swap_type} << 50 | e.swap_offset);
        }
        if (!e.present) continue;
        ++result.present_pages;
        if (e.pfn == 0) {
          result.pfns_hidden = true;
          continue;
        }
        result.pfns.push_back(e.pfn);
        if (shmem >= 0) result.shmem[static_cast<std::size_t>(shmem)].pfns.push_back(e.pfn);
      }
    }
  }
  if (sorted) sort_pfns(result.pfns);
  std::sort(result.swap_slots.begin(), result.swap_slots.end());
  for (ShmemMapping& m : result.shmem) sort_pfns(m.pfns);
  return result;
}

ReadOutcome read_frame_facts(const ProcSource& source, std::span<const GroupFrame> frames,
                             std::vector<FrameFacts>& facts) {
  facts.assign(frames.size(), {});
  ReadOutcome outcome;
  const ProcDir root = source.open_dir(nullptr, ".", outcome);
  if (!root.is_open()) return outcome;
  auto counts = source.open_stream(root, "kpagecount", outcome);
  if (!counts) return outcome;
  auto flags = source.open_stream(root, "kpageflags", outcome);
  if (!flags) return outcome;
  // A run: frames whose PFNs lie within `max_gap` of each other, read with one pread (a gap
  // costs the kernel a page lookup a frame: only small gaps are cheaper read through than a
  // pread of their own; kpageflags entries cost more than kpagecount ones: gaps measured on
  // the benchmark scenes). The two files are read in runs of their own.
  constexpr std::uint64_t kMaxRun = 65536;
  const auto read_runs = [&](FileStream& file, std::uint64_t max_gap, auto store) {
    std::vector<std::uint64_t> run;  // one a call: the two files are read on two threads
    for (std::size_t i = 0; i < frames.size();) {
      std::size_t j = i + 1;
      while (j < frames.size() && frames[j].pfn - frames[j - 1].pfn <= max_gap &&
             frames[j].pfn - frames[i].pfn < kMaxRun) {
        ++j;
      }
      const std::uint64_t base = frames[i].pfn;
      const auto len = static_cast<std::size_t>(frames[j - 1].pfn - base + 1);
      if (!read_entries(file, base, len, run)) return false;
      for (std::size_t k = i; k < j; ++k) {
        store(facts[k], run[static_cast<std::size_t>(frames[k].pfn - base)]);
      }
      i = j;
    }
    return true;
  };
  // The two files at once, on two threads (each writes its own member of the facts; the
  // counter is joined when the block ends, before either outcome is looked at).
  bool counts_ok = true;
  bool flags_ok = true;
  {
    const std::jthread counter([&] {
      counts_ok = read_runs(*counts, 32, [](FrameFacts& f, std::uint64_t v) { f.count = v; });
    });
    flags_ok = read_runs(*flags, 16, [](FrameFacts& f, std::uint64_t v) { f.flags = v; });
  }
  if (!flags_ok) return flags->outcome();
  if (!counts_ok) return counts->outcome();
  return {};
}

}  // namespace memwho
