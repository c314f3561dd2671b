// Tests of the page-frame pieces behind "what stopping these processes frees": the pagemap and
// kpageflags decoders, the frame census, and the /proc/sysvipc/shm parser.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "memwho/aggregate/frame_census.hpp"
#include "memwho/proc/parse_pagemap.hpp"
#include "memwho/proc/parse_sysvipc_shm.hpp"

using memwho::FrameFacts;
using memwho::GroupFrame;

namespace {

constexpr std::uint64_t bit(unsigned n) {
  return std::uint64_t{1} << n;
}

}  // namespace

TEST_CASE("pagemap: present, swapped and the flag bits", "[frames]") {
  const auto present = memwho::decode_pagemap(bit(63) | bit(56) | 0x12345);
  CHECK(present.present);
  CHECK(present.exclusive);
  CHECK_FALSE(present.swapped);
  CHECK_FALSE(present.file_or_shared);
  CHECK(present.pfn == 0x12345u);
  // The PFN is bits 0-54: bit 55 (soft-dirty) is not part of it.
  const auto dirty = memwho::decode_pagemap(bit(63) | bit(55) | bit(61) | ((bit(55) - 1)));
  CHECK(dirty.soft_dirty);
  CHECK(dirty.file_or_shared);
  CHECK(dirty.pfn == bit(55) - 1);
  const auto swapped = memwho::decode_pagemap(bit(62) | (777u << 5) | 3u);
  CHECK(swapped.swapped);
  CHECK_FALSE(swapped.present);
  CHECK(swapped.swap_type == 3u);
  CHECK(swapped.swap_offset == 777u);
  CHECK(swapped.pfn == 0u);
  const auto hole = memwho::decode_pagemap(0);
  CHECK_FALSE(hole.present);
  CHECK_FALSE(hole.swapped);
}

TEST_CASE("kpageflags: what a frame holds", "[frames]") {
  using memwho::FrameKind;
  CHECK(memwho::frame_kind(bit(memwho::kKpfAnon) | bit(memwho::kKpfSwapbacked)) == FrameKind::anon);
  CHECK(memwho::frame_kind(bit(memwho::kKpfAnon) | bit(memwho::kKpfKsm)) == FrameKind::anon);
  CHECK(memwho::frame_kind(bit(memwho::kKpfAnon) | bit(memwho::kKpfThp) |
                           bit(memwho::kKpfCompoundTail)) == FrameKind::anon);
  CHECK(memwho::frame_kind(bit(memwho::kKpfSwapbacked)) == FrameKind::shmem);
  CHECK(memwho::frame_kind(bit(memwho::kKpfLru) | bit(memwho::kKpfMmap)) == FrameKind::file);
  CHECK(memwho::frame_kind(bit(memwho::kKpfZeroPage) | bit(memwho::kKpfMmap)) == FrameKind::zero);
}

TEST_CASE("frame census: unique frames with the group's mapping counts", "[frames]") {
  memwho::FrameCensus census;
  for (std::uint64_t pfn : {30u, 10u, 20u, 10u, 30u, 10u}) census.add(pfn);
  const auto frames = census.frames();
  REQUIRE(frames.size() == 3);
  CHECK(frames[0].pfn == 10u);
  CHECK(frames[0].group_maps == 3u);
  CHECK(frames[1].pfn == 20u);
  CHECK(frames[1].group_maps == 1u);
  CHECK(frames[2].group_maps == 2u);
}

TEST_CASE("frame census: a frame is the group's alone when all its mappings are", "[frames]") {
  const std::uint64_t anon = bit(memwho::kKpfAnon) | bit(memwho::kKpfSwapbacked);
  const std::uint64_t shmem = bit(memwho::kKpfSwapbacked);
  const std::uint64_t file = bit(memwho::kKpfLru);
  const std::uint64_t zero = bit(memwho::kKpfZeroPage);
  // A master's copy-on-write page mapped by it and 3 workers (4 of 4 mappings: unique, though
  // in no USS); a library page the group maps twice and others map too; a shmem page mapped
  // only by the group; a page cache page only the group maps; the zero page; a frame unmapped
  // meanwhile (count 0); a frame partly unmapped meanwhile (count below the group's own).
  const std::vector<GroupFrame> frames{{1, 4}, {2, 2}, {3, 2}, {4, 1}, {5, 7}, {6, 1}, {7, 3}};
  const std::vector<FrameFacts> facts{{4, anon},   {9, file}, {2, shmem}, {1, file},
                                      {900, zero}, {0, anon}, {2, anon}};
  const auto u = memwho::classify_frames(frames, facts);
  CHECK(u.anon_kib == 8u);  // frames 1 and 7
  CHECK(u.shmem_kib == 4u);
  CHECK(u.file_kib == 4u);
  CHECK(u.shared_outside_kib == 4u);
  CHECK(u.zero_pages == 7u);
  CHECK(u.vanished == 1u);
  // Facts for fewer frames than asked: only those are classified.
  const auto partial = memwho::classify_frames(frames, std::span(facts).first(1));
  CHECK(partial.anon_kib == 4u);
}

TEST_CASE("sysvipc/shm: segments by the header's column names", "[frames]") {
  const std::string text =
      "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  "
      "cgid      atime      dtime      ctime                   rss                  swap\n"
      "         0          3  1600              56238080  1234  1240      6   106   112   106   "
      "112 1700000000          0 1700000000              20971520                     0\n"
      "-559038737         7   600                  4096  99  99      0     0     0     0     0 "
      "0 0 0 4096 0\n"
      "garbage line here\n";
  std::size_t bad = 0;
  const auto segs = memwho::parse_sysvipc_shm(text, &bad);
  REQUIRE(segs.size() == 2);
  CHECK(bad == 1);
  CHECK(segs[0].key == 0);
  CHECK(segs[0].shmid == 3u);
  CHECK(segs[0].size_bytes == 56238080u);
  CHECK(segs[0].cpid == 1234);
  CHECK(segs[0].lpid == 1240);
  CHECK(segs[0].nattch == 6u);
  CHECK(segs[0].uid == 106u);
  CHECK(segs[0].rss_bytes == 20971520u);
  CHECK(segs[0].swap_bytes == 0u);
  CHECK(segs[1].key == -559038737);
  // An old kernel without rss and swap columns: absent, not 0.
  const auto old = memwho::parse_sysvipc_shm(
      "key shmid perms size cpid lpid nattch uid gid cuid cgid atime dtime ctime\n"
      "1 2 600 8192 5 6 1 0 0 0 0 0 0 0\n",
      nullptr);
  REQUIRE(old.size() == 1);
  CHECK_FALSE(old[0].rss_bytes);
  CHECK(memwho::parse_sysvipc_shm("", nullptr).empty());
}
