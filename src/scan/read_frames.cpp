#include "memwho/scan/read_frames.hpp"

#include <algorithm>
#include <cstring>

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
  out.assign(count, 0);
  auto* bytes = reinterpret_cast<char*>(out.data());
  std::size_t done = 0;
  const std::size_t want = count * sizeof(std::uint64_t);
  while (done < want) {
    const long got = file.read_at(bytes + done, want - done, index * sizeof(std::uint64_t) + done);
    if (got < 0) return false;
    if (got == 0) break;
    done += static_cast<std::size_t>(got);
  }
  return true;
}

}  // namespace

ProcessFrames read_frames(const ProcSource& source, const ProcDir& mm, ReadBuffer& buf,
                          std::size_t chunk_pages) {
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
  chunk_pages = std::max<std::size_t>(chunk_pages, 1);
  std::vector<std::uint64_t> entries;
  const auto read_pages = [&](std::uint64_t first, std::uint64_t end, int shmem) {
    for (std::uint64_t page = first; page < end; page += chunk_pages) {
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(chunk_pages, end - page));
      if (!read_entries(*pagemap, page, n, entries)) return false;
      for (const std::uint64_t raw : entries) {
        const PagemapEntry e = decode_pagemap(raw);
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
    return true;
  };
  std::size_t next = 0;  // the first populated range not yet read
  for (const Range& r : ranges) {
    std::uint64_t first = r.start / kPageBytes;
    const std::uint64_t end = r.end / kPageBytes;
    if (!scanned) {
      if (!read_pages(first, end, r.shmem)) {
        result.read = pagemap->outcome();
        return result;
      }
      continue;
    }
    // Both lists ascend: walk the populated ranges that overlap this mapping.
    while (next < populated.size() && populated[next].second <= r.start) ++next;
    for (std::size_t i = next; i < populated.size() && populated[i].first < r.end; ++i) {
      const std::uint64_t a = std::max(first, populated[i].first / kPageBytes);
      const std::uint64_t b = std::min(end, (populated[i].second + kPageBytes - 1) / kPageBytes);
      if (a < b && !read_pages(a, b, r.shmem)) {
        result.read = pagemap->outcome();
        return result;
      }
      first = std::max(first, b);
    }
  }
  std::sort(result.pfns.begin(), result.pfns.end());
  std::sort(result.swap_slots.begin(), result.swap_slots.end());
  for (ShmemMapping& m : result.shmem) std::sort(m.pfns.begin(), m.pfns.end());
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
  // A run: frames whose PFNs lie within kMaxGap of each other, read with one pread each file
  // (a gap costs 8 bytes a frame to read, a read ~3 µs: small gaps are cheaper read through).
  constexpr std::uint64_t kMaxGap = 64;
  constexpr std::uint64_t kMaxRun = 65536;
  std::vector<std::uint64_t> count_run, flag_run;
  for (std::size_t i = 0; i < frames.size();) {
    std::size_t j = i + 1;
    while (j < frames.size() && frames[j].pfn - frames[j - 1].pfn <= kMaxGap &&
           frames[j].pfn - frames[i].pfn < kMaxRun) {
      ++j;
    }
    const std::uint64_t base = frames[i].pfn;
    const auto len = static_cast<std::size_t>(frames[j - 1].pfn - base + 1);
    if (!read_entries(*counts, base, len, count_run)) return counts->outcome();
    if (!read_entries(*flags, base, len, flag_run)) return flags->outcome();
    for (std::size_t k = i; k < j; ++k) {
      const auto at = static_cast<std::size_t>(frames[k].pfn - base);
      facts[k] = {count_run[at], flag_run[at]};
    }
    i = j;
  }
  return {};
}

}  // namespace memwho
