#pragma once
// The live tests' own slow and simple computation of what a group of processes holds alone,
// straight from the kernel: every page of every mapping read with its own pread() from
// /proc/PID/pagemap, then every frame's /proc/kpagecount and /proc/kpageflags with their own.
// Deliberately independent of memwho's code (no memwho header, its own bit decoding), so that
// memwho's figures can be checked against it. Root only: PFNs are hidden from others.
#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace memwho::live {

/// What one walk of a group found. Sizes in KiB; zero pages are left out of everything.
struct FramesWalk {
  std::uint64_t anon_kib = 0;            ///< unique anonymous frames (KPF_ANON)
  std::uint64_t shmem_kib = 0;           ///< unique shmem frames (KPF_SWAPBACKED, not KPF_ANON)
  std::uint64_t file_kib = 0;            ///< unique other (page cache) frames
  std::uint64_t shared_outside_kib = 0;  ///< frames the group maps that others map too
  std::uint64_t zero_pages = 0;          ///< mappings of the zero page seen (ignored)
  std::uint64_t skipped_mappings = 0;    ///< mappings over 4 GiB, left out
  /// pfn -> how many times the group maps it (one per present pagemap entry).
  std::unordered_map<std::uint64_t, std::uint32_t> group_maps;
  /// pid -> the distinct frames it maps (zero pages left out).
  std::map<int, std::set<std::uint64_t>> frames_of;
  std::unordered_map<std::uint64_t, std::uint64_t> kpagecount;
  std::unordered_map<std::uint64_t, std::uint64_t> kpageflags;

  [[nodiscard]] std::uint64_t unique_kib() const { return anon_kib + shmem_kib + file_kib; }
  /// KiB of frames that both a and b map.
  [[nodiscard]] std::uint64_t common_kib(int a, int b, std::uint64_t page_kib = 4) const {
    const auto& x = frames_of.at(a);
    const auto& y = frames_of.at(b);
    std::uint64_t n = 0;
    for (auto pfn : x) n += y.count(pfn);
    return n * page_kib;
  }
  [[nodiscard]] std::uint64_t resident_kib(int pid, std::uint64_t page_kib = 4) const {
    return frames_of.at(pid).size() * page_kib;
  }
  /// KiB of the frames `pid` maps that a process outside the walked group maps too.
  [[nodiscard]] std::uint64_t outside_kib_of(int pid, std::uint64_t page_kib = 4) const {
    std::uint64_t n = 0;
    for (auto pfn : frames_of.at(pid)) n += kpagecount.at(pfn) > group_maps.at(pfn);
    return n * page_kib;
  }
};

namespace walk_detail {

constexpr std::uint64_t kPresent = 1ULL << 63;
constexpr std::uint64_t kPfnMask = (1ULL << 55) - 1;
constexpr int kKpfAnon = 12;
constexpr int kKpfSwapBacked = 14;
constexpr int kKpfZeroPage = 24;
constexpr std::uint64_t kMaxMapping = 4ULL << 30;

inline std::uint64_t pread_u64(int fd, std::uint64_t index, const std::string& what) {
  std::uint64_t v = 0;
  const auto n = ::pread(fd, &v, sizeof v, static_cast<off_t>(index * sizeof v));
  if (n != static_cast<ssize_t>(sizeof v)) {
    throw std::runtime_error("cannot read entry " + std::to_string(index) + " of " + what);
  }
  return v;
}

class Fd {
 public:
  explicit Fd(const std::string& path) : path_(path), fd_(::open(path.c_str(), O_RDONLY)) {
    if (fd_ < 0) throw std::runtime_error("cannot open " + path);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { ::close(fd_); }
  [[nodiscard]] std::uint64_t at(std::uint64_t index) const { return pread_u64(fd_, index, path_); }

 private:
  std::string path_;
  int fd_;
};

}  // namespace walk_detail

/// Walks the group `pids` page by page (see the top of this file). A frame is unique to the
/// group when its kpagecount is at most the number of times the group maps it; otherwise it is
/// shared outside. Throws if a file cannot be read (a process gone, not root).
inline FramesWalk walk_frames(const std::vector<int>& pids) {
  using namespace walk_detail;
  const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  FramesWalk w;
  for (int pid : pids) {
    const std::string dir = "/proc/" + std::to_string(pid);
    auto& mine = w.frames_of[pid];
    const Fd pagemap(dir + "/pagemap");
    std::ifstream maps(dir + "/maps");
    if (!maps) throw std::runtime_error("cannot open " + dir + "/maps");
    std::string line;
    while (std::getline(maps, line)) {
      if (line.find("[vsyscall]") != std::string::npos) continue;
      const auto dash = line.find('-');
      const auto space = line.find(' ');
      const std::uint64_t start = std::stoull(line.substr(0, dash), nullptr, 16);
      const std::uint64_t end = std::stoull(line.substr(dash + 1, space - dash - 1), nullptr, 16);
      if (end - start > kMaxMapping) {
        WARN("frames walk: skipped a mapping over 4 GiB of pid " << pid << ": " << line);
        ++w.skipped_mappings;
        continue;
      }
      for (std::uint64_t vpn = start / page; vpn < end / page; ++vpn) {
        const std::uint64_t e = pagemap.at(vpn);
        if ((e & kPresent) == 0) continue;
        const std::uint64_t pfn = e & kPfnMask;
        if (pfn == 0) continue;  // hidden (not root)
        ++w.group_maps[pfn];
        mine.insert(pfn);
      }
    }
  }
  const Fd counts("/proc/kpagecount");
  const Fd flags("/proc/kpageflags");
  const std::uint64_t page_kib = page / 1024;
  for (const auto& [pfn, maps] : w.group_maps) {
    const std::uint64_t count = counts.at(pfn);
    const std::uint64_t f = flags.at(pfn);
    w.kpagecount[pfn] = count;
    w.kpageflags[pfn] = f;
    if ((f >> kKpfZeroPage) & 1) {
      w.zero_pages += maps;
      continue;
    }
    if (count > maps) {
      w.shared_outside_kib += page_kib;
    } else if ((f >> kKpfAnon) & 1) {
      w.anon_kib += page_kib;
    } else if ((f >> kKpfSwapBacked) & 1) {
      w.shmem_kib += page_kib;
    } else {
      w.file_kib += page_kib;
    }
  }
  // Zero pages are in no process's frames either.
  for (auto& [pid, frames] : w.frames_of) {
    for (auto it = frames.begin(); it != frames.end();) {
      it = ((w.kpageflags[*it] >> kKpfZeroPage) & 1) ? frames.erase(it) : std::next(it);
    }
  }
  return w;
}

}  // namespace memwho::live
