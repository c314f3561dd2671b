// Tests of the page-frame pieces behind "what stopping these processes frees": the pagemap and
// kpageflags decoders, the frame census, and the /proc/sysvipc/shm parser.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "../support/fake_proc_source.hpp"
#include "memwho/aggregate/frame_census.hpp"
#include "memwho/proc/parse_pagemap.hpp"
#include "memwho/proc/parse_sysvipc_shm.hpp"
#include "memwho/scan/read_frames.hpp"

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
  const std::vector<std::uint64_t> pfns{30, 10, 20, 10, 30, 10};
  const std::vector<std::uint64_t>* lists[] = {&pfns};
  const auto frames = memwho::census_of_lists(lists);
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

namespace {

std::string u64s(const std::vector<std::uint64_t>& v) {
  return {reinterpret_cast<const char*>(v.data()), v.size() * sizeof(std::uint64_t)};
}

}  // namespace

TEST_CASE("frames: pagemap read over the mappings, in chunks", "[frames]") {
  memwho::test::FakeProcSource fake;
  // Two mappings: pages 0x10..0x14 and 0x20..0x22, and [vsyscall] far above (never read).
  fake.add("7/maps",
           "00010000-00015000 rw-p 00000000 00:00 0 \n"
           "00020000-00022000 r--p 00000000 fe:00 12 /usr/lib/libc.so.6\n"
           "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]\n");
  std::vector<std::uint64_t> pagemap(0x22, 0);
  pagemap[0x10] = bit(63) | 100;             // present
  pagemap[0x11] = bit(63) | bit(56) | 101;   // present, exclusive
  pagemap[0x12] = bit(62) | (5u << 5);       // swapped
  pagemap[0x13] = 0;                         // a hole
  pagemap[0x14] = bit(63) | 100;             // the same frame again (a KSM page, say)
  pagemap[0x20] = bit(63) | bit(61) | 5000;  // a file page
  pagemap[0x21] = bit(63) | bit(61);         // PFN hidden (not root)
  pagemap[0x0f] = bit(63) | 999;             // outside every mapping: never read
  fake.add("7/pagemap", u64s(pagemap));
  memwho::ReadOutcome opened;
  const auto dir = fake.open_dir(nullptr, "7", opened);
  memwho::ReadBuffer buf;
  const auto read = memwho::read_frames(fake, dir, buf, 3);
  REQUIRE(read.read.ok());
  CHECK(read.present_pages == 5u);
  CHECK(read.swap_slots == std::vector<std::uint64_t>{5});
  CHECK(read.pfns_hidden);
  CHECK(read.shmem.empty());
  const std::vector<std::uint64_t>* lists[] = {&read.pfns};
  const auto frames = memwho::census_of_lists(lists);
  REQUIRE(frames.size() == 3);
  CHECK(frames[0].pfn == 100u);
  CHECK(frames[0].group_maps == 2u);
  CHECK(frames[1].pfn == 101u);
  CHECK(frames[2].pfn == 5000u);

  // The facts, read in runs from arrays indexed by PFN.
  std::vector<std::uint64_t> counts(6000, 0), flags(6000, 0);
  counts[100] = 2;
  flags[100] = bit(memwho::kKpfAnon) | bit(memwho::kKpfKsm);
  counts[101] = 1;
  flags[101] = bit(memwho::kKpfAnon);
  counts[5000] = 7;
  flags[5000] = bit(memwho::kKpfLru);
  fake.add("./kpagecount", u64s(counts));
  fake.add("./kpageflags", u64s(flags));
  std::vector<FrameFacts> facts;
  REQUIRE(memwho::read_frame_facts(fake, frames, facts).ok());
  REQUIRE(facts.size() == 3);
  CHECK(facts[0].count == 2u);
  CHECK(facts[1].count == 1u);
  CHECK(facts[2].count == 7u);
  const auto u = memwho::classify_frames(frames, facts);
  CHECK(u.anon_kib == 8u);  // the KSM frame (both its mappings are ours) and the private one
  CHECK(u.shared_outside_kib == 4u);  // libc's page, mapped by 6 others too

  // pagemap failing half way is an outcome, not a short census taken for whole.
  fake.fail_after("7/pagemap", 8 * 0x11, EIO);
  CHECK_FALSE(memwho::read_frames(fake, dir, buf, 3).read.ok());
  // Without kpagecount (not root): an outcome too.
  fake.fail_open("./kpagecount", EACCES);
  CHECK_FALSE(memwho::read_frame_facts(fake, frames, facts).ok());
}

TEST_CASE("frames: hugetlb, KSM and the zero page are counted for what they are", "[frames]") {
  const std::vector<GroupFrame> frames{{10, 1}, {20, 3}, {30, 2}, {40, 1}};
  const std::vector<FrameFacts> facts{
      {1, bit(memwho::kKpfHuge) | bit(memwho::kKpfAnon)},  // a private hugetlb page
      {3, bit(memwho::kKpfAnon) | bit(memwho::kKpfKsm)},   // KSM: all 3 mappings are ours
      {5, bit(memwho::kKpfAnon) | bit(memwho::kKpfKsm)},   // KSM: 3 more elsewhere
      {9, bit(memwho::kKpfZeroPage)},                      // the zero page
  };
  const auto u = memwho::classify_frames(frames, facts);
  CHECK(u.hugetlb_kib == 4u);  // back to the pool, not free memory: not anon
  CHECK(u.anon_kib == 4u);
  CHECK(u.shared_outside_kib == 4u);
  CHECK(u.zero_pages == 1u);
}

TEST_CASE("frames: the radix sort and the dense census agree with std::sort", "[frames]") {
  std::uint64_t x = 88172645463325252ULL;  // xorshift: the same data every run
  const auto next = [&x] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  for (const std::uint64_t range :
       {std::uint64_t{1000}, std::uint64_t{1} << 22, std::uint64_t{1} << 40, ~std::uint64_t{0}}) {
    std::vector<std::uint64_t> pfns;
    for (int i = 0; i < 5000; ++i) pfns.push_back(next() % range);
    auto expected = pfns;
    std::sort(expected.begin(), expected.end());
    auto radix = pfns;
    memwho::sort_pfns(radix);
    CHECK(radix == expected);
    // The census, dense (small range) or sorted (sparse): unique frames with their counts.
    const std::vector<std::uint64_t>* lists[] = {&pfns};
    const auto frames = memwho::census_of_lists(lists);
    std::vector<GroupFrame> want;
    for (const auto p : expected) {
      if (!want.empty() && want.back().pfn == p) {
        ++want.back().group_maps;
      } else {
        want.push_back({p, 1});
      }
    }
    REQUIRE(frames.size() == want.size());
    for (std::size_t i = 0; i < frames.size(); ++i) {
      CHECK(frames[i].pfn == want[i].pfn);
      CHECK(frames[i].group_maps == want[i].group_maps);
    }
  }
}
