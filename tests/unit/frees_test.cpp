// Tests of "what stopping these processes frees" on a fake proc tree whose answer is known by
// construction: a master and a worker sharing pages copy-on-write, a process outside sharing one
// page, a SysV segment removed but attached, an anonymous shared region, a /dev/shm file still
// named, and a process whose maps are refused (an unreadable PID 1).
#include "memwho/aggregate/frees.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "../support/fake_proc_source.hpp"
#include "memwho/proc/parse_pagemap.hpp"
#include "memwho/proc/parse_sysvipc_shm.hpp"
#include "memwho/proc/shmem_mapping.hpp"
#include "memwho/report/frees_report.hpp"
#include "memwho/scan/measure_frees.hpp"

namespace {

constexpr std::uint64_t bit(unsigned n) {
  return std::uint64_t{1} << n;
}

std::string u64s(const std::vector<std::uint64_t>& v) {
  return {reinterpret_cast<const char*>(v.data()), v.size() * sizeof(std::uint64_t)};
}

/// A pagemap with `frames` at the pages given (page -> pfn), 0 (not present) elsewhere.
std::string pagemap(const std::map<std::uint64_t, std::uint64_t>& frames) {
  std::vector<std::uint64_t> v(0x40, 0);
  for (const auto& [page, pfn] : frames) v[page] = bit(63) | pfn;
  return u64s(v);
}

memwho::ProcessRecord record(int pid, int ppid, std::uint64_t uss, std::uint64_t pss) {
  memwho::ProcessRecord r;
  r.pid = pid;
  r.ppid = ppid;
  r.identity_known = true;
  r.has_mm = true;
  r.smaps_origin = memwho::SmapsOrigin::rollup;
  r.smaps.set(memwho::SmapsKey::private_dirty, uss);
  r.smaps.set(memwho::SmapsKey::private_clean, 0);
  r.smaps.set(memwho::SmapsKey::pss, pss);
  r.smaps.set(memwho::SmapsKey::pss_anon, pss);
  r.smaps.set(memwho::SmapsKey::pss_file, 0);
  r.smaps.set(memwho::SmapsKey::pss_shmem, 0);
  r.smaps.set(memwho::SmapsKey::swap_pss, 0);
  return r;
}

constexpr std::uint64_t kAnon = bit(memwho::kKpfAnon);
constexpr std::uint64_t kShmem = bit(memwho::kKpfSwapbacked);

/// The scene: pids 10 (master) and 11 (its worker), 12 outside, 1 unreadable.
memwho::test::FakeProcSource scene() {
  memwho::test::FakeProcSource fake;
  // The master: anon pages 0x10-0x13 (frames 100-103), the SysV segment at 0x20 (frame 200),
  // an anonymous shared page at 0x30 (frame 300), a /dev/shm page at 0x38 (frame 400).
  const std::string master_maps =
      "00010000-00014000 rw-p 00000000 00:00 0 \n"
      "00020000-00021000 rw-s 00000000 00:01 7 /SYSV00001234 (deleted)\n"
      "00030000-00031000 rw-s 00000000 00:01 8 /dev/zero (deleted)\n"
      "00038000-00039000 rw-s 00000000 00:1a 9 /dev/shm/cache\n";
  fake.add("10/maps", master_maps);
  fake.add("10/stat", "10 (m) S 1 10 10 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 500 0 0\n");
  fake.add("10/pagemap", pagemap({{0x10, 100},
                                  {0x11, 101},
                                  {0x12, 102},
                                  {0x13, 103},
                                  {0x20, 200},
                                  {0x30, 300},
                                  {0x38, 400}}));
  // The worker: shares 100 and 101 with the master (copy-on-write), wrote 0x12 anew (frame 110),
  // and maps the anonymous shared page too; its own page 0x14 (frame 111).
  fake.add("11/maps",
           "00010000-00015000 rw-p 00000000 00:00 0 \n"
           "00030000-00031000 rw-s 00000000 00:01 8 /dev/zero (deleted)\n");
  fake.add("11/stat", "11 (w) S 10 10 10 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 600 0 0\n");
  fake.add("11/pagemap",
           pagemap({{0x10, 100}, {0x11, 101}, {0x12, 110}, {0x14, 111}, {0x30, 300}}));
  // Outside: maps frame 103 (a page the master shares with it) and the /dev/shm file.
  fake.add("12/maps",
           "00010000-00011000 rw-p 00000000 00:00 0 \n"
           "00038000-00039000 rw-s 00000000 00:1a 9 /dev/shm/cache\n");
  fake.add("12/pagemap", pagemap({{0x10, 103}, {0x38, 400}}));
  // PID 1: its maps are refused even to root.
  fake.add("1/status", "Name:\tinit\n");
  fake.fail_open("1/maps", EACCES);
  std::vector<std::uint64_t> counts(500, 0), flags(500, 0);
  for (auto pfn : {100, 101}) counts[pfn] = 2, flags[pfn] = kAnon;  // master + worker
  for (auto pfn : {102, 110, 111}) counts[pfn] = 1, flags[pfn] = kAnon;
  counts[103] = 2, flags[103] = kAnon;   // master + outside
  counts[200] = 1, flags[200] = kShmem;  // the SysV page
  counts[300] = 2, flags[300] = kShmem;  // anonymous shared: master + worker
  counts[400] = 2, flags[400] = kShmem;  // /dev/shm: master + outside
  fake.add("./kpagecount", u64s(counts));
  fake.add("./kpageflags", u64s(flags));
  // The SysV segment (shmid 7): 64 KiB resident of 128 KiB, removed (SHM_DEST), one attach.
  fake.add("./sysvipc/shm",
           "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  "
           "cuid  cgid      atime      dtime      ctime                   rss                  "
           "swap\n"
           "      4660          7  1600                131072    10    10      1     0     0     0"
           "     0          0          0          0                 65536                     0\n");
  return fake;
}

}  // namespace

TEST_CASE("shmem mappings are told apart by what maps prints", "[frees]") {
  const auto kind = [](std::string_view line) {
    return memwho::shmem_kind(*memwho::parse_mapping_header(line));
  };
  CHECK(kind("1000-2000 rw-s 00000000 00:01 7 /SYSV00001234 (deleted)") == memwho::ShmemKind::sysv);
  CHECK(kind("1000-2000 rw-s 00000000 00:01 8 /dev/zero (deleted)") ==
        memwho::ShmemKind::anon_shared);
  CHECK(kind("1000-2000 rw-p 00000000 00:01 8 /memfd:jit (deleted)") == memwho::ShmemKind::memfd);
  CHECK(kind("1000-2000 rw-s 00000000 00:1a 9 /dev/shm/PostgreSQL.1") == memwho::ShmemKind::posix);
  // A private mapping of /dev/zero is plain anonymous memory; a file is not shared memory.
  CHECK_FALSE(kind("1000-2000 rw-p 00000000 00:05 8 /dev/zero"));
  CHECK_FALSE(kind("1000-2000 r--p 00000000 fe:00 12 /usr/lib/libc.so.6"));
  CHECK_FALSE(kind("1000-2000 rw-p 00000000 00:00 0 "));
  CHECK(memwho::shmem_kind_of_link("/memfd:x (deleted)") == memwho::ShmemKind::memfd);
  CHECK_FALSE(memwho::shmem_kind_of_link("socket:[1234]"));
  CHECK(memwho::path_deleted("/dev/shm/x (deleted)"));
}

TEST_CASE("sysvipc/shm: perms carries SHM_DEST once the segment is removed", "[frees]") {
  const auto segs = memwho::parse_sysvipc_shm(
      "key shmid perms size cpid lpid nattch uid gid cuid cgid atime dtime ctime rss swap\n"
      "0 7 1600 8192 5 6 1 0 0 0 0 0 0 0 4096 0\n"
      "0 8 600 8192 5 6 1 0 0 0 0 0 0 0 4096 0\n",
      nullptr);
  REQUIRE(segs.size() == 2);
  CHECK(segs[0].removed());
  CHECK_FALSE(segs[1].removed());
}

TEST_CASE("what stopping frees: exact from frames on a constructed scene", "[frees]") {
  auto fake = scene();
  std::vector<memwho::ProcessRecord> records{record(10, 1, 16, 40), record(11, 10, 8, 30)};
  records[0].start_time = 500;
  records[1].start_time = 600;
  const memwho::FreesMeasure measure(fake, records);
  REQUIRE(measure.exact());
  // PID 1 could not be looked at.
  CHECK(measure.unseen() == std::vector<int>{1});

  // The two together: anon 100, 101, 102, 110, 111 are theirs alone (103 is shared outside);
  // shmem 200 (SysV) and 300 (anonymous shared) too; 400 is shared with the outside process.
  const auto both = measure.all();
  REQUIRE(both.from_frames);
  CHECK(*both.unique_anon == 5 * 4);
  CHECK(*both.unique_shmem == 2 * 4);
  CHECK(*both.unique_file == 0);
  CHECK(*both.shared_outside == 2 * 4);
  // Objects: the SysV segment (removed, attached by them only: dies; 64 KiB whole), the
  // anonymous region (dies; no map_files in a fake: size unknown, bounded by its 4 KiB mapping)
  // and the named /dev/shm file (stays).
  CHECK(both.objects == 3);
  CHECK(both.objects_partial);
  // The anonymous region's whole size is unknown: no exact figure, and bounds that hold it.
  CHECK_FALSE(both.frees());
  CHECK(*both.frees_low() == 5 * 4 + 64);
  CHECK(*both.frees_high() == 5 * 4 + 64 + 4);
  // Both were counted on the assumption about PID 1.
  CHECK(both.dying_assumed == 1);

  // The master alone: its own page 102 and 103? No: 103 is shared outside; 100 and 101 the
  // worker maps too. The SysV segment dies with it (the worker never attached it).
  const std::size_t master[] = {0};
  const auto alone = measure.row_of(master);
  CHECK(*alone.unique_anon == 1 * 4);
  CHECK(*alone.unique_shmem == 1 * 4);  // the SysV page; the anonymous one the worker maps too

  // The objects as the --shmem view shows them, for both processes together.
  const auto& objects = measure.objects();
  REQUIRE(objects.size() == 3);
  for (const auto& o : objects) {
    INFO(o.name);
    if (o.kind == memwho::ShmemKind::sysv) {
      CHECK(o.id.ino == 7u);
      CHECK(*o.whole_kib == 64u);  // rss + swap of /proc/sysvipc/shm: pages nobody maps too
      CHECK(*o.size_kib == 128u);
      CHECK(*o.mapped_kib == 4u);  // the one page the master maps
      CHECK(o.holders == std::vector<int>{10});
      CHECK(*o.dies);
      CHECK_FALSE(o.holders_known);  // PID 1 could not be read: a yes on that assumption
    } else if (o.kind == memwho::ShmemKind::anon_shared) {
      CHECK(*o.mapped_kib == 4u);  // mapped by both: one frame, counted once
      CHECK(o.holders == std::vector<int>{10, 11});
      CHECK(o.holders_measured == 2u);
      CHECK(*o.dies);
    } else {
      CHECK(o.kind == memwho::ShmemKind::posix);
      CHECK(o.holders == std::vector<int>{10, 12});  // the outside process maps it too
      CHECK(o.holders_measured == 1u);
      CHECK_FALSE(*o.dies);  // still named, and held outside
    }
  }

  const auto sharing = measure.sharing();
  REQUIRE(sharing.size() == 2);
  CHECK(*sharing[0].private_kib == 4 * 2);         // 102 and the SysV page
  CHECK(*sharing[0].shared_group_kib == 3 * 4);    // 100, 101, 300
  CHECK(*sharing[0].shared_outside_kib == 2 * 4);  // 103, 400
  CHECK_FALSE(sharing[0].cow_parent);
  CHECK(*sharing[1].cow_parent == 10);
  CHECK(*sharing[1].cow_shared_kib == 3 * 4);  // 100, 101, 300
  CHECK(*sharing[1].cow_percent == 43);        // 3 of the master's 7 frames
  CHECK(*sharing[1].private_kib == 2 * 4);     // 110, 111
}

TEST_CASE("what stopping frees: bounds when the frames are hidden", "[frees]") {
  auto fake = scene();
  // Not root: kpagecount refused (and PFNs would read 0).
  fake.fail_open("./kpagecount", EACCES);
  std::vector<memwho::ProcessRecord> records{record(10, 1, 16, 40), record(11, 10, 8, 30)};
  const memwho::FreesMeasure measure(fake, records);
  CHECK_FALSE(measure.exact());
  CHECK_THAT(measure.why_bounds(), Catch::Contains("kpagecount"));
  const auto row = measure.all();
  CHECK_FALSE(row.from_frames);
  CHECK_FALSE(row.frees());
  // USS 24 (all anonymous: no file or shmem PSS): the least; PSS_ANON 70 plus every object that
  // may die (SysV 64 KiB, the anonymous region at most its 4 KiB mapping): the most.
  CHECK(*row.frees_low() == 24);
  CHECK(*row.frees_high() == 70 + 64 + 4);
  // A bound is never shown as a value: the cells are lower bounds.
  const auto cell = row.frees_cell();
  REQUIRE(std::holds_alternative<memwho::SizeKib>(cell));
  CHECK(std::get<memwho::SizeKib>(cell).at_least);
  const auto f = memwho::selection_frees(row, 2, measure.why_bounds(), measure.unseen());
  CHECK_FALSE(f.exact);
  const auto note = memwho::frees_note(f);
  CHECK_THAT(note.text, Catch::Contains("between 24 KiB and 138 KiB (bounds"));
  CHECK_THAT(note.text, !Catch::Contains("(exact"));
}

TEST_CASE("what stopping frees: a pid reused since the scan is not measured", "[frees]") {
  auto fake = scene();
  std::vector<memwho::ProcessRecord> records{record(10, 1, 16, 40)};
  records[0].start_time = 499;  // the scan saw another process under pid 10
  const memwho::FreesMeasure measure(fake, records);
  CHECK_FALSE(measure.exact());
  CHECK_THAT(measure.why_bounds(), Catch::Contains("could not be read"));
}

TEST_CASE("objects die with the set only when nobody else holds them", "[frees]") {
  memwho::ShmemObject o;
  o.removed = true;
  o.holders = {10, 11};
  o.holders_known = true;
  o.whole_kib = 100;
  const int both[] = {10, 11};
  const int one[] = {10};
  CHECK(memwho::dies_with(o, both) == true);
  CHECK(memwho::dies_with(o, one) == false);
  o.holders_known = false;
  CHECK_FALSE(memwho::dies_with(o, both).has_value());
  CHECK(memwho::dies_with(o, both, true) == true);
  o.removed = false;  // a named /dev/shm file, a SysV segment not removed
  CHECK(memwho::dies_with(o, both, true) == false);
  const auto f = memwho::object_figures(both, std::vector<memwho::ShmemObject>{o});
  CHECK(f.count == 1);
  CHECK(f.whole_kib == 100);
  CHECK(f.dying_kib == 0);
}

TEST_CASE("what stopping frees: unknown is said, never 0", "[frees]") {
  const memwho::FreesRow nothing;  // no frames, no smaps counters
  const auto f = memwho::selection_frees(nothing, 1,
                                         "the page frames of 1 of the processes "
                                         "could not be read",
                                         {});
  CHECK_FALSE(f.exact);
  CHECK_FALSE(f.low);
  CHECK_FALSE(f.high);
  CHECK_FALSE(f.objects);  // not "0": its mappings were not read either
  const auto note = memwho::frees_note(f);
  CHECK_THAT(note.text, Catch::StartsWith("What stopping this process frees is unknown"));
  CHECK_THAT(note.text, !Catch::Contains("0 KiB"));
}
