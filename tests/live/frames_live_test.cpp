// Live checks of the page-frame decoders against this kernel (root: PFNs are hidden otherwise):
// pages this test maps and touches read back from /proc/self/pagemap, /proc/kpagecount and
// /proc/kpageflags as what they are, before and after a fork shares them.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "frames_walk.hpp"
#include "memwho/aggregate/frame_census.hpp"
#include "memwho/proc/parse_pagemap.hpp"
#include "memwho/proc/proc_source.hpp"
#include "memwho/proc/read_buffer.hpp"
#include "memwho/scan/read_frames.hpp"

namespace {

std::uint64_t read_u64(const char* path, std::uint64_t index) {
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  std::uint64_t v = 0;
  const auto n = ::pread(fd, &v, sizeof v, static_cast<off_t>(index * sizeof v));
  ::close(fd);
  REQUIRE(n == static_cast<ssize_t>(sizeof v));
  return v;
}

std::vector<memwho::PagemapEntry> pagemap_of(pid_t pid, const void* addr, std::size_t pages) {
  const std::string path = "/proc/" + std::to_string(pid) + "/pagemap";
  const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  const auto first = reinterpret_cast<std::uintptr_t>(addr) / page;
  std::vector<memwho::PagemapEntry> out;
  for (std::size_t i = 0; i < pages; ++i) {
    out.push_back(memwho::decode_pagemap(read_u64(path.c_str(), first + i)));
  }
  return out;
}

}  // namespace

TEST_CASE("frames: private pages read back as present, exclusive, anonymous", "[live]") {
  if (::geteuid() != 0) {
    WARN("not root: PFNs are hidden");
    return;
  }
  constexpr std::size_t kPages = 16;
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  auto* mem = static_cast<char*>(
      ::mmap(nullptr, kPages * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  REQUIRE(mem != MAP_FAILED);
  ::madvise(mem, kPages * page, MADV_NOHUGEPAGE);
  for (std::size_t i = 0; i < kPages; ++i)
    std::memset(mem + i * page, static_cast<int>(i + 1), page);

  std::vector<std::uint64_t> pfns;  // the frames the two processes map, as a census takes them
  for (const auto& e : pagemap_of(::getpid(), mem, kPages)) {
    CHECK(e.present);
    CHECK(e.exclusive);
    CHECK_FALSE(e.file_or_shared);
    REQUIRE(e.pfn != 0);
    CHECK(read_u64("/proc/kpagecount", e.pfn) == 1);
    CHECK(memwho::frame_kind(read_u64("/proc/kpageflags", e.pfn)) == memwho::FrameKind::anon);
    pfns.push_back(e.pfn);
  }

  // After a fork the same frames are mapped twice (copy-on-write): no longer exclusive to
  // either process, but the group of both is their only user.
  const pid_t child = ::fork();
  if (child == 0) {
    ::pause();
    ::_exit(0);
  }
  const auto mine = pagemap_of(::getpid(), mem, kPages);
  const auto theirs = pagemap_of(child, mem, kPages);
  std::vector<memwho::FrameFacts> facts;
  for (std::size_t i = 0; i < kPages; ++i) {
    CHECK(mine[i].pfn == theirs[i].pfn);
    CHECK_FALSE(mine[i].exclusive);
    pfns.push_back(theirs[i].pfn);
  }
  const std::vector<std::uint64_t>* lists[] = {&pfns};
  const auto frames = memwho::census_of_lists(lists);
  for (const auto& f : frames) {
    facts.push_back({read_u64("/proc/kpagecount", f.pfn), read_u64("/proc/kpageflags", f.pfn)});
  }
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  REQUIRE(frames.size() == kPages);
  for (const auto& f : frames) CHECK(f.group_maps == 2u);
  const auto u = memwho::classify_frames(frames, facts, page / 1024);
  CHECK(u.anon_kib == kPages * page / 1024);  // in no USS, yet freed when both stop
  CHECK(u.shared_outside_kib == 0u);
  ::munmap(mem, kPages * page);
}

TEST_CASE("frames: a group's unique memory read in chunks and runs equals a page-by-page walk",
          "[live]") {
  if (::geteuid() != 0) {
    WARN("not root: PFNs are hidden");
    return;
  }
  // Under ASan the children map terabytes of shadow, nearly none of it resident: read_frames
  // reads only what PAGEMAP_SCAN says is populated, so this runs sanitized too.
  // A holder process writes 1 MiB, forks two children that share it copy-on-write, writes its
  // own copy anew, and they all wait: nothing in or around the group changes while it is read
  // twice (this test process, which runs on, shares none of its anonymous pages).
  constexpr std::size_t kPages = 256;
  const std::size_t page = 4096;
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t holder = ::fork();
  if (holder == 0) {
    ::close(fds[0]);
    auto* mem = static_cast<char*>(
        ::mmap(nullptr, kPages * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    ::madvise(mem, kPages * page, MADV_NOHUGEPAGE);
    std::memset(mem, 1, kPages * page);
    pid_t kids[2];
    for (pid_t& kid : kids) {
      kid = ::fork();
      if (kid == 0) {
        ::pause();
        ::_exit(0);
      }
    }
    std::memset(mem, 2, kPages * page);
    (void)!::write(fds[1], kids, sizeof kids);
    ::pause();
    ::_exit(0);
  }
  ::close(fds[1]);
  pid_t kids[2] = {0, 0};
  REQUIRE(::read(fds[0], kids, sizeof kids) == static_cast<ssize_t>(sizeof kids));
  ::close(fds[0]);
  const std::vector<pid_t> group{kids[0], kids[1]};

  auto source_error = std::string();
  const auto proc = memwho::open_proc_dir("/proc", source_error);
  REQUIRE(proc);
  std::vector<memwho::ProcessFrames> reads;
  memwho::ReadBuffer buf;
  for (pid_t pid : group) {
    memwho::ReadOutcome opened;
    const auto dir = proc->open_dir(nullptr, std::to_string(pid), opened);
    const auto read = memwho::read_frames(*proc, dir, buf);
    REQUIRE(read.read.ok());
    CHECK_FALSE(read.pfns_hidden);
    reads.push_back(read);
  }
  std::vector<const std::vector<std::uint64_t>*> lists;
  for (const auto& r : reads) lists.push_back(&r.pfns);
  const auto frames = memwho::census_of_lists(lists);
  std::vector<memwho::FrameFacts> facts;
  REQUIRE(memwho::read_frame_facts(*proc, frames, facts).ok());
  const auto fast = memwho::classify_frames(frames, facts);
  // The test's own slow computation (frames_walk.hpp): every page read with its own pread.
  const auto slow = memwho::live::walk_frames({group.begin(), group.end()});
  for (pid_t pid : group) ::kill(pid, SIGKILL);
  ::kill(holder, SIGKILL);
  ::waitpid(holder, nullptr, 0);
  INFO("fast: anon " << fast.anon_kib << " shmem " << fast.shmem_kib << " file " << fast.file_kib
                     << " outside " << fast.shared_outside_kib << "; slow: anon " << slow.anon_kib
                     << " outside " << slow.shared_outside_kib);
  // The 1 MiB both children hold is theirs alone (in neither one's USS).
  CHECK(fast.anon_kib >= kPages * page / 1024);
  const auto near = [](std::uint64_t a, std::uint64_t b) {
    return (a > b ? a - b : b - a) * 100 <= std::max<std::uint64_t>(b, 100);
  };
  CHECK(near(fast.anon_kib, slow.anon_kib));
  CHECK(near(fast.file_kib, slow.file_kib));
  // Under a sanitizer the children also map terabytes of shadow, which the slow walk skips
  // (mappings over 4 GiB) while memwho reads their resident pages, shared with this test
  // process: there the shared-outside figures cannot be compared.
  if (slow.skipped_mappings == 0) {
    CHECK(near(fast.shared_outside_kib, slow.shared_outside_kib));
  } else {
    CHECK(fast.shared_outside_kib >= slow.shared_outside_kib);
  }
}
