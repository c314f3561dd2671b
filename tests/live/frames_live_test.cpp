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
#include <vector>

#include "memwho/aggregate/frame_census.hpp"
#include "memwho/proc/parse_pagemap.hpp"

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

  memwho::FrameCensus census;
  for (const auto& e : pagemap_of(::getpid(), mem, kPages)) {
    CHECK(e.present);
    CHECK(e.exclusive);
    CHECK_FALSE(e.file_or_shared);
    REQUIRE(e.pfn != 0);
    CHECK(read_u64("/proc/kpagecount", e.pfn) == 1);
    CHECK(memwho::frame_kind(read_u64("/proc/kpageflags", e.pfn)) == memwho::FrameKind::anon);
    census.add(e.pfn);
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
    census.add(theirs[i].pfn);
  }
  const auto frames = census.frames();
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
