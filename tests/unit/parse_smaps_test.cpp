// Tests of the smaps/smaps_rollup parser: header lines, counter lines, the streaming
// SmapsParser and sum_smaps_counters. Samples are in the exact format of a 6.18 kernel
// (captured from /proc/self/smaps of a python process mapping odd file names, a memfd, /dev/zero).
#include "memwho/proc/parse_smaps.hpp"

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using memwho::is_mapping_header;
using memwho::Mapping;
using memwho::parse_counter_line;
using memwho::parse_mapping_header;
using memwho::SmapsCounters;
using memwho::SmapsKey;
using memwho::SmapsParser;
using memwho::sum_smaps_counters;

namespace {

// One "Key:  N kB" line as __show_smap() prints it: the key and colon padded to 16 columns,
// then "%8lu kB".
std::string kb_line(std::string_view key, std::uint64_t kib) {
  return fmt::format("{:<16}{:>8} kB\n", fmt::format("{}:", key), kib);
}

// A whole 6.18 per-mapping record for a header, with counters derived from `base` so that every
// field of every mapping has a distinct, checkable value.
std::string record(std::string_view header, std::uint64_t base, bool pkey = false) {
  std::string r(header);
  r += '\n';
  const std::pair<const char*, std::uint64_t> fields[] = {{"Size", base + 1},
                                                          {"KernelPageSize", 4},
                                                          {"MMUPageSize", 4},
                                                          {"Rss", base + 2},
                                                          {"Pss", base + 3},
                                                          {"Pss_Dirty", base + 4},
                                                          {"Shared_Clean", base + 5},
                                                          {"Shared_Dirty", base + 6},
                                                          {"Private_Clean", base + 7},
                                                          {"Private_Dirty", base + 8},
                                                          {"Referenced", base + 9},
                                                          {"Anonymous", base + 10},
                                                          {"KSM", base + 11},
                                                          {"LazyFree", base + 12},
                                                          {"AnonHugePages", base + 13},
                                                          {"ShmemPmdMapped", base + 14},
                                                          {"FilePmdMapped", base + 15},
                                                          {"Shared_Hugetlb", base + 16},
                                                          {"Private_Hugetlb", base + 17},
                                                          {"Swap", base + 18},
                                                          {"SwapPss", base + 19},
                                                          {"Locked", base + 20}};
  for (const auto& [k, v] : fields) r += kb_line(k, v);
  r += "THPeligible:           0\n";
  if (pkey) r += "ProtectionKey:         0\n";
  r += "VmFlags: rd wr mr mw me ac \n";
  return r;
}

// The smaps_rollup of `cat` on 6.18.44, verbatim.
const std::string kRollup =
    "56363e001000-7ffd581e5000 ---p 00000000 00:00 0                          [rollup]\n"
    "Rss:                1748 kB\n"
    "Pss:                 304 kB\n"
    "Pss_Dirty:           112 kB\n"
    "Pss_Anon:            112 kB\n"
    "Pss_File:            192 kB\n"
    "Pss_Shmem:             0 kB\n"
    "Shared_Clean:       1584 kB\n"
    "Shared_Dirty:          0 kB\n"
    "Private_Clean:        52 kB\n"
    "Private_Dirty:       112 kB\n"
    "Referenced:         1748 kB\n"
    "Anonymous:           112 kB\n"
    "KSM:                   0 kB\n"
    "LazyFree:              0 kB\n"
    "AnonHugePages:         0 kB\n"
    "ShmemPmdMapped:        0 kB\n"
    "FilePmdMapped:         0 kB\n"
    "Shared_Hugetlb:        0 kB\n"
    "Private_Hugetlb:       0 kB\n"
    "Swap:                  0 kB\n"
    "SwapPss:               0 kB\n"
    "Locked:                0 kB\n";

// A 5.4-era rollup: Pss_Anon/File/Shmem exist (≈5.7 in mainline, but backported widely is not
// assumed here), no Pss_Dirty (6.0) and no KSM (6.7). Absent keys must stay absent.
const std::string kOldRollup =
    "55d0c3a5e000-7ffc2b3fd000 ---p 00000000 00:00 0                          [rollup]\n"
    "Rss:                2000 kB\n"
    "Pss:                 900 kB\n"
    "Pss_Anon:            400 kB\n"
    "Pss_File:            500 kB\n"
    "Pss_Shmem:             0 kB\n"
    "Shared_Clean:       1500 kB\n"
    "Shared_Dirty:          0 kB\n"
    "Private_Clean:       100 kB\n"
    "Private_Dirty:       400 kB\n"
    "Referenced:         2000 kB\n"
    "Anonymous:           400 kB\n"
    "LazyFree:              0 kB\n"
    "AnonHugePages:         0 kB\n"
    "ShmemPmdMapped:        0 kB\n"
    "FilePmdMapped:         0 kB\n"
    "Shared_Hugetlb:        0 kB\n"
    "Private_Hugetlb:       0 kB\n"
    "Swap:                  0 kB\n"
    "SwapPss:               0 kB\n"
    "Locked:                0 kB\n";

struct Seen {
  memwho::MappingHeader header;
  std::string path;  // owned copy: the string_view dies after the sink call
  SmapsCounters counters;
  std::string vm_flags;
  bool has_vm_flags = false;
};

struct Parsed {
  std::vector<Seen> maps;
  std::size_t unrecognised = 0;
  std::size_t count = 0;
};

Parsed parse_all(std::string_view text) {
  Parsed out;
  SmapsParser parser([&out](const Mapping& m) {
    Seen s;
    s.header = m.header;
    s.path = std::string(m.header.path);
    s.counters = m.counters;
    s.vm_flags = std::string(m.vm_flags);
    s.has_vm_flags = m.has_vm_flags;
    out.maps.push_back(std::move(s));
  });
  memwho::for_each_line(text, [&parser](std::string_view line) { parser.feed_line(line); });
  parser.finish();
  out.unrecognised = parser.unrecognised_lines();
  out.count = parser.mappings();
  return out;
}

std::string perms(const memwho::MappingHeader& h) {
  return std::string(h.perms, 4);
}

}  // namespace

TEST_CASE("smaps header: a file mapping", "[smaps]") {
  const auto h = parse_mapping_header(
      "55de9bcd0000-55de9bcd2000 r--p 00000000 fe:00 247134                     /usr/bin/cat");
  REQUIRE(h);
  CHECK(h->start == 0x55de9bcd0000u);
  CHECK(h->end == 0x55de9bcd2000u);
  CHECK(perms(*h) == "r--p");
  CHECK(h->offset == 0u);
  CHECK(h->dev_major == 0xfeu);
  CHECK(h->dev_minor == 0u);
  CHECK(h->inode == 247134u);
  CHECK(h->path == "/usr/bin/cat");
}

TEST_CASE("smaps header: a nameless anonymous mapping ends in one space", "[smaps]") {
  const auto h = parse_mapping_header("7fc803476000-7fc8035a9000 rw-p 00000000 00:00 0 ");
  REQUIRE(h);
  CHECK(h->path.empty());
  CHECK(h->inode == 0u);
  CHECK(perms(*h) == "rw-p");
  // And without the trailing space (a hand-trimmed capture).
  const auto trimmed = parse_mapping_header("7fc803476000-7fc8035a9000 rw-p 00000000 00:00 0");
  REQUIRE(trimmed);
  CHECK(trimmed->path.empty());
}

TEST_CASE("smaps header: wide fields", "[smaps]") {
  SECTION("16-digit [vsyscall] addresses") {
    const auto h = parse_mapping_header(
        "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]");
    REQUIRE(h);
    CHECK(h->start == 0xffffffffff600000u);
    CHECK(h->end == 0xffffffffff601000u);
    CHECK(perms(*h) == "--xp");
    CHECK(h->path == "[vsyscall]");
  }
  SECTION("103:02 device (NVMe), a 64-bit offset and a big inode") {
    const auto h = parse_mapping_header(
        "7f0000000000-7f0000200000 r--s 1234567890abc 103:02 18446744073709551615 /data/big.bin");
    REQUIRE(h);
    CHECK(h->offset == 0x1234567890abcu);
    CHECK(h->dev_major == 0x103u);
    CHECK(h->dev_minor == 0x02u);
    CHECK(h->inode == std::numeric_limits<std::uint64_t>::max());
    CHECK(perms(*h) == "r--s");
    CHECK(h->path == "/data/big.bin");
  }
  SECTION("32-bit style 8-digit addresses") {
    const auto h = parse_mapping_header("08048000-08049000 r-xp 00000000 08:01 1234       /bin/x");
    REQUIRE(h);
    CHECK(h->start == 0x08048000u);
    CHECK(h->path == "/bin/x");
  }
}

TEST_CASE("smaps header: paths are kept whole and raw", "[smaps]") {
  // Protects: a path is everything after the inode's padding; never split on whitespace.
  const auto path_of = [](std::string_view line) -> std::string {
    const auto h = parse_mapping_header(line);
    REQUIRE(h);
    return std::string(h->path);
  };
  CHECK(path_of("7fc80363d000-7fc80363f000 rw-s 00000000 fe:00 10953186                   "
                "/tmp/cap/files/my file.so") == "/tmp/cap/files/my file.so");
  CHECK(path_of("7fc80363b000-7fc80363d000 rw-s 00000000 fe:00 10953187                   "
                "/tmp/cap/files/tab\there.bin") == "/tmp/cap/files/tab\there.bin");
  // seq_path escapes only the newline, as the four characters \012; the parser keeps them.
  CHECK(path_of("7fc8035ab000-7fc8035ad000 rw-s 00000000 fe:00 10953188                   "
                "/tmp/cap/files/new\\012line.bin") == "/tmp/cap/files/new\\012line.bin");
  CHECK(path_of("7fc8035a9000-7fc8035ab000 rw-s 00000000 fe:00 10953189                   "
                "/tmp/cap/files/gone soon.bin (deleted)") ==
        "/tmp/cap/files/gone soon.bin (deleted)");
  CHECK(path_of("7fc803475000-7fc803476000 rw-s 00000000 00:01 24                         "
                "/memfd:x (deleted)") == "/memfd:x (deleted)");
  CHECK(path_of("7fc803472000-7fc803475000 rw-s 00000000 00:01 25                         "
                "/dev/zero (deleted)") == "/dev/zero (deleted)");
  CHECK(path_of("7f1000000000-7f1000001000 rw-p 00000000 00:00 0                          "
                "[anon:my name]") == "[anon:my name]");
  CHECK(path_of("7f1000000000-7f1000001000 rw-s 00000000 00:01 9                          "
                "[anon_shmem:x]") == "[anon_shmem:x]");
  CHECK(path_of("56034e8e2000-56034ea70000 rw-p 00000000 00:00 0                          "
                "[heap]") == "[heap]");
  CHECK(path_of("7fc8042c6000-7fc8042c8000 r--p 00000000 00:00 0                          "
                "[vvar_vclock]") == "[vvar_vclock]");
  // A trailing space in a file name is part of the name.
  CHECK(path_of("7f1000000000-7f1000001000 r--p 00000000 fe:00 5 /tmp/trailing ") ==
        "/tmp/trailing ");
  // Backslashes are raw in paths.
  CHECK(path_of("7f1000000000-7f1000001000 r--p 00000000 fe:00 5 /tmp/back\\slash") ==
        "/tmp/back\\slash");
}

TEST_CASE("smaps header: lines that are not headers", "[smaps]") {
  CHECK_FALSE(parse_mapping_header(""));
  CHECK_FALSE(parse_mapping_header("Size:                  8 kB"));
  CHECK_FALSE(parse_mapping_header("VmFlags: rd mr mw me "));
  CHECK_FALSE(parse_mapping_header("55de9bcd0000"));
  CHECK_FALSE(parse_mapping_header("55de9bcd0000-"));
  CHECK_FALSE(parse_mapping_header("55de9bcd0000-55de9bcd2000"));
  CHECK_FALSE(parse_mapping_header("55de9bcd0000-55de9bcd2000 r-"));
  CHECK_FALSE(parse_mapping_header("55de9bcd0000-55de9bcd2000 r--p"));
  CHECK_FALSE(parse_mapping_header("55de9bcd0000-55de9bcd2000 r--p 00000000"));
  CHECK_FALSE(parse_mapping_header("55de9bcd0000-55de9bcd2000 r--p 00000000 fe"));
  CHECK_FALSE(parse_mapping_header("55de9bcd0000-55de9bcd2000 r--p 00000000 fe:00"));
  CHECK_FALSE(parse_mapping_header("55de9bcd0000-55de9bcd2000 r--p 00000000 fe:00 x /a"));
  // An address too wide for 64 bits.
  CHECK_FALSE(parse_mapping_header("1ffffffffffffffff-2 r--p 00000000 fe:00 1 /a"));

  CHECK(is_mapping_header("7f00-7f01 r--p 0 0:0 0"));
  CHECK(is_mapping_header("ffffffffff600000-ffffffffff601000 --xp"));
  CHECK_FALSE(is_mapping_header(""));
  CHECK_FALSE(is_mapping_header("Size: 4 kB"));
  CHECK_FALSE(is_mapping_header("VmFlags: rd"));
  CHECK_FALSE(is_mapping_header(" 7f00-7f01"));
}

TEST_CASE("smaps counters: known keys, unknown keys, non-counter lines", "[smaps]") {
  const auto rss = parse_counter_line("Rss:                1748 kB");
  REQUIRE(rss);
  CHECK(rss->key == SmapsKey::rss);
  CHECK(rss->kib == 1748u);
  // Private_Hugetlb is printed with width 7, one column off from the rest.
  const auto ph = parse_counter_line("Private_Hugetlb:       0 kB");
  REQUIRE(ph);
  CHECK(ph->key == SmapsKey::private_hugetlb);
  // Every key of the table parses into its own slot.
  for (std::size_t i = 0; i < memwho::kSmapsKeyCount; ++i) {
    std::string line = kb_line(memwho::kSmapsKeyNames[i], 40 + i);
    line.pop_back();  // the '\n'
    const auto c = parse_counter_line(line);
    REQUIRE(c);
    CHECK(static_cast<std::size_t>(c->key) == i);
    CHECK(c->kib == 40 + i);
  }
  // Tolerant of any whitespace between the colon and the number.
  CHECK(parse_counter_line("Pss:12 kB")->kib == 12u);
  CHECK(parse_counter_line("Pss:\t12 kB")->kib == 12u);

  // Not counters memwho tracks: future keys, the 0/1 and flag lines.
  CHECK_FALSE(parse_counter_line("Foo:                  12 kB"));
  CHECK_FALSE(parse_counter_line("THPeligible:           0"));
  CHECK_FALSE(parse_counter_line("THPeligible:    1"));
  CHECK_FALSE(parse_counter_line("ProtectionKey:         0"));
  CHECK_FALSE(parse_counter_line("VmFlags: rd wr mr mw me ac "));
  // Keys are case sensitive and matched whole.
  CHECK_FALSE(parse_counter_line("rss:                   4 kB"));
  CHECK_FALSE(parse_counter_line("Rss :                  4 kB"));
  CHECK_FALSE(parse_counter_line("RssX:                  4 kB"));
  CHECK_FALSE(parse_counter_line("Pss_Dirty_New:         4 kB"));
  // A known key whose value is not "<digits> kB": the counter is there but unknown, never a
  // number read off a prefix.
  for (const char* bad :
       {"Pss:", "Pss:        ", "Pss:       -4 kB", "Pss:       kB", "Pss: 18446744073709551616 kB",
        "Pss: 0x10 kB", "Pss: 12 MB", "Pss: 12abc kB", "Pss: 12 kBx", "Pss: 12 kB 3", "Pss: 12"}) {
    INFO(bad);
    const auto c = parse_counter_line(bad);
    REQUIRE(c);
    CHECK(c->key == SmapsKey::pss);
    CHECK_FALSE(c->kib);
  }
  // 2^54 KiB (16 EiB, all of a 64-bit address space) is the most a size can be.
  CHECK(parse_counter_line("Pss: 18014398509481984 kB")->kib == (std::uint64_t{1} << 54));
  CHECK_FALSE(parse_counter_line("Pss: 18014398509481985 kB")->kib);
  CHECK_FALSE(parse_counter_line("Pss: 18446744073709551615 kB")->kib);
  CHECK(parse_counter_line("Pss:   12 kB   ")->kib == 12u);  // trailing blanks are fine
  // A line that is not a counter at all.
  CHECK_FALSE(parse_counter_line(""));
  CHECK_FALSE(parse_counter_line("7fc803476000-7fc8035a9000 rw-p 00000000 00:00 0 "));
}

TEST_CASE("smaps counters: malformed and repeated values are unknown, never summed", "[smaps]") {
  // "Pss: 12 MB" once read as 12, and a key printed twice in one record was added up.
  const SmapsCounters a = sum_smaps_counters("Rss: 8 kB\nPss: 12 MB\nPrivate_Dirty: 4 kB\n");
  CHECK(a.get(SmapsKey::rss) == 8u);
  CHECK_FALSE(a.get(SmapsKey::pss));
  CHECK(a.any_malformed());
  CHECK(a.first_malformed() == SmapsKey::pss);
  const SmapsCounters dup = sum_smaps_counters("Pss: 5 kB\nPss: 7 kB\nRss: 9 kB\n");
  CHECK_FALSE(dup.get(SmapsKey::pss));
  CHECK(dup.get(SmapsKey::rss) == 9u);
  // The same key in two records (two mappings of smaps) is a sum, not a repeat.
  const SmapsCounters two = sum_smaps_counters(
      "7f00-7f01 r--p 00000000 00:00 0 \nPss: 5 kB\n7f02-7f03 r--p 00000000 00:00 0 \nPss: 7 kB\n");
  CHECK(two.get(SmapsKey::pss) == 12u);
  // USS of an unknown Private_Dirty is unknown, not Private_Clean alone.
  const SmapsCounters u = sum_smaps_counters("Private_Clean: 4 kB\nPrivate_Dirty: 12abc kB\n");
  CHECK_FALSE(u.uss());
}

TEST_CASE("SmapsCounters: sums that would overflow are unknown", "[smaps]") {
  SmapsCounters a, b;
  a.add(SmapsKey::pss, std::numeric_limits<std::uint64_t>::max() - 1);
  b.add(SmapsKey::pss, 5);
  a += b;
  CHECK_FALSE(a.get(SmapsKey::pss));
  SmapsCounters c;
  c.add(SmapsKey::private_clean, std::numeric_limits<std::uint64_t>::max());
  c.add(SmapsKey::private_dirty, 5);
  CHECK_FALSE(c.uss());  // once 4: the sum wrapped
}

TEST_CASE("SmapsParser: a multi-mapping smaps", "[smaps]") {
  // Five mappings in the 6.18 layout: a file, a nameless anon (trailing space), a deleted file
  // with a space, a memfd, and [vsyscall]. The second carries ProtectionKey (pkeys CPUs), and
  // unknown future keys are sprinkled in.
  std::string text;
  text += record(
      "55de9bcd0000-55de9bcd2000 r--p 00000000 fe:00 247134"
      "                     /usr/bin/cat",
      100);
  text += record("7fc803476000-7fc8035a9000 rw-p 00000000 00:00 0 ", 200, /*pkey=*/true);
  text += record(
      "7fc8035a9000-7fc8035ab000 rw-s 00000000 103:02 10953189"
      "                   /tmp/gone soon.bin (deleted)",
      300);
  // A future kernel's key between known ones, before VmFlags.
  text.insert(text.rfind("THPeligible:"), "Foo:                  12 kB\nBar_Baz:    1\n");
  text += record(
      "7fc803475000-7fc803476000 rw-s 00000000 00:01 24"
      "                         /memfd:x (deleted)",
      400);
  text += record(
      "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0"
      "                  [vsyscall]",
      500);

  const Parsed p = parse_all(text);
  REQUIRE(p.maps.size() == 5);
  CHECK(p.count == 5);
  CHECK(p.unrecognised == 0);

  CHECK(p.maps[0].path == "/usr/bin/cat");
  CHECK(p.maps[1].path.empty());
  CHECK(p.maps[2].path == "/tmp/gone soon.bin (deleted)");
  CHECK(p.maps[2].header.dev_major == 0x103u);
  CHECK(p.maps[2].header.dev_minor == 2u);
  CHECK(p.maps[3].path == "/memfd:x (deleted)");
  CHECK(p.maps[4].path == "[vsyscall]");
  CHECK(p.maps[4].header.start == 0xffffffffff600000u);

  for (std::size_t i = 0; i < p.maps.size(); ++i) {
    INFO("mapping " << i);
    const std::uint64_t base = 100 * (i + 1);
    const SmapsCounters& c = p.maps[i].counters;
    CHECK(c.get(SmapsKey::size) == base + 1);
    CHECK(c.get(SmapsKey::kernel_page_size) == 4u);
    CHECK(c.get(SmapsKey::rss) == base + 2);
    CHECK(c.get(SmapsKey::pss) == base + 3);
    CHECK(c.get(SmapsKey::pss_dirty) == base + 4);
    CHECK(c.get(SmapsKey::shared_clean) == base + 5);
    CHECK(c.get(SmapsKey::shared_dirty) == base + 6);
    CHECK(c.get(SmapsKey::private_clean) == base + 7);
    CHECK(c.get(SmapsKey::private_dirty) == base + 8);
    CHECK(c.get(SmapsKey::ksm) == base + 11);
    CHECK(c.get(SmapsKey::private_hugetlb) == base + 17);
    CHECK(c.get(SmapsKey::swap) == base + 18);
    CHECK(c.get(SmapsKey::swap_pss) == base + 19);
    CHECK(c.get(SmapsKey::locked) == base + 20);
    CHECK(c.uss() == (base + 7) + (base + 8));
    // smaps records have no rollup-only keys: absent, not zero.
    CHECK_FALSE(c.get(SmapsKey::pss_anon).has_value());
    CHECK_FALSE(c.get(SmapsKey::pss_file).has_value());
    CHECK(p.maps[i].has_vm_flags);
    // The kernel's trailing space is not part of the flags.
    CHECK(p.maps[i].vm_flags == "rd wr mr mw me ac");
  }
}

TEST_CASE("SmapsParser: real VmFlags lines", "[smaps]") {
  const Parsed p = parse_all(
      "7fc803475000-7fc803476000 rw-s 00000000 00:01 24                         /memfd:x "
      "(deleted)\n"
      "Rss:                   4 kB\n"
      "VmFlags: rd wr sh mr mw me ms \n"
      "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n"
      "Rss:                   0 kB\n"
      "VmFlags: ex \n"
      "7f0000000000-7f0000001000 ---p 00000000 00:00 0 \n"
      "VmFlags: \n");
  REQUIRE(p.maps.size() == 3);
  CHECK(p.maps[0].vm_flags == "rd wr sh mr mw me ms");
  CHECK(p.maps[1].vm_flags == "ex");
  CHECK(p.maps[2].has_vm_flags);
  CHECK(p.maps[2].vm_flags.empty());
  CHECK(p.maps[2].counters.empty());
}

TEST_CASE("SmapsParser: truncated input", "[smaps]") {
  const std::string full =
      record("55de9bcd0000-55de9bcd2000 r--p 00000000 fe:00 247134 /usr/bin/cat", 100) +
      record("7fc803476000-7fc8035a9000 rw-p 00000000 00:00 0 ", 200);

  SECTION("cut after a header line: the mapping is still reported, without counters") {
    const std::string cut = full.substr(0, full.find("Size:", full.find("7fc803476000")));
    const Parsed p = parse_all(cut);
    REQUIRE(p.maps.size() == 2);
    CHECK(p.maps[1].counters.empty());
    CHECK_FALSE(p.maps[1].has_vm_flags);
    CHECK(p.maps[1].header.start == 0x7fc803476000u);
  }
  SECTION("cut after a key's colon: no VmFlags tells the record is incomplete") {
    const std::size_t at = full.find("Private_Dirty:", full.find("7fc803476000"));
    const std::string cut = full.substr(0, at + 14);
    const Parsed p = parse_all(cut);
    REQUIRE(p.maps.size() == 2);
    CHECK(p.maps[1].counters.get(SmapsKey::pss) == 203u);
    CHECK(p.maps[1].counters.get(SmapsKey::private_clean) == 207u);
    CHECK_FALSE(p.maps[1].counters.has(SmapsKey::private_dirty));
    CHECK_FALSE(p.maps[1].has_vm_flags);
    CHECK(p.unrecognised == 0);  // "Key:" without a value looks like a future key
  }
  SECTION("cut in the middle of a key, before its colon") {
    const std::size_t at = full.find("Private_Dirty:", full.find("7fc803476000"));
    const Parsed p = parse_all(full.substr(0, at + 10));
    REQUIRE(p.maps.size() == 2);
    CHECK_FALSE(p.maps[1].counters.has(SmapsKey::private_dirty));
    CHECK(p.unrecognised == 1);  // "Private_Di" has no colon: counted as not smaps-like
  }
  SECTION("cut in the middle of the second header") {
    const std::string cut = full.substr(0, full.find("7fc803476000") + 8);
    const Parsed p = parse_all(cut);
    REQUIRE(p.maps.size() == 2);
    CHECK(p.maps[0].counters.get(SmapsKey::rss) == 102u);
    // The half header is kept as a record of its own, named by its raw text.
    CHECK(p.maps[1].path == "7fc80347");
    CHECK(p.unrecognised == 1);
  }
  SECTION("every prefix parses, and sums never exceed the full sums") {
    const SmapsCounters all = sum_smaps_counters(full);
    for (std::size_t n = 0; n <= full.size(); n += 7) {
      const SmapsCounters part = sum_smaps_counters(std::string_view(full).substr(0, n));
      CHECK(part.value_or_zero(SmapsKey::rss) <= all.value_or_zero(SmapsKey::rss));
      const Parsed p = parse_all(std::string_view(full).substr(0, n));
      CHECK(p.maps.size() <= 2);
    }
  }
  SECTION("empty input: no mapping") {
    const Parsed p = parse_all("");
    CHECK(p.maps.empty());
    CHECK(p.count == 0);
  }
}

TEST_CASE("SmapsParser: garbage lines are counted as unrecognised", "[smaps]") {
  // Protects: the hint that the input is not smaps at all (for example a mis-pointed file).
  const Parsed p = parse_all("hello world\nRss:   4 kB\n\n  indented\n");
  CHECK(p.unrecognised == 2);
  // Counters before any header (a bare rollup body) still form a record.
  REQUIRE(p.maps.size() == 1);
  CHECK(p.maps[0].counters.get(SmapsKey::rss) == 4u);
}

TEST_CASE("sum_smaps_counters: a rollup gives the kernel's own totals", "[smaps]") {
  const SmapsCounters c = sum_smaps_counters(kRollup);
  CHECK(c.get(SmapsKey::rss) == 1748u);
  CHECK(c.get(SmapsKey::pss) == 304u);
  CHECK(c.get(SmapsKey::pss_dirty) == 112u);
  CHECK(c.get(SmapsKey::pss_anon) == 112u);
  CHECK(c.get(SmapsKey::pss_file) == 192u);
  CHECK(c.get(SmapsKey::pss_shmem) == 0u);
  CHECK(c.get(SmapsKey::shared_clean) == 1584u);
  CHECK(c.get(SmapsKey::shared_dirty) == 0u);
  CHECK(c.get(SmapsKey::private_clean) == 52u);
  CHECK(c.get(SmapsKey::private_dirty) == 112u);
  CHECK(c.get(SmapsKey::referenced) == 1748u);
  CHECK(c.get(SmapsKey::anonymous) == 112u);
  CHECK(c.get(SmapsKey::ksm) == 0u);
  CHECK(c.get(SmapsKey::swap) == 0u);
  CHECK(c.get(SmapsKey::locked) == 0u);
  CHECK(c.uss() == 164u);
  CHECK(c.shared() == 1584u);
  CHECK(c.dirty() == 112u);
  // The rollup has no Size, KernelPageSize or MMUPageSize.
  CHECK_FALSE(c.has(SmapsKey::size));
  CHECK_FALSE(c.has(SmapsKey::kernel_page_size));
  CHECK_FALSE(c.has(SmapsKey::mmu_page_size));
  // The same text through the streaming parser gives one record with the same counters.
  const Parsed p = parse_all(kRollup);
  REQUIRE(p.maps.size() == 1);
  CHECK(p.maps[0].path == "[rollup]");
  CHECK(p.maps[0].counters.get(SmapsKey::pss) == 304u);
  CHECK(p.maps[0].counters.get(SmapsKey::pss_anon) == 112u);
}

TEST_CASE("sum_smaps_counters: an old kernel's rollup has no Pss_Dirty or KSM", "[smaps]") {
  // Protects: absent means "this kernel does not say", never 0.
  const SmapsCounters c = sum_smaps_counters(kOldRollup);
  CHECK(c.get(SmapsKey::pss) == 900u);
  CHECK(c.get(SmapsKey::pss_anon) == 400u);
  CHECK(c.get(SmapsKey::pss_file) == 500u);
  CHECK_FALSE(c.get(SmapsKey::pss_dirty).has_value());
  CHECK_FALSE(c.get(SmapsKey::ksm).has_value());
  CHECK(c.uss() == 500u);
}

TEST_CASE("sum_smaps_counters: smaps of many mappings sums every counter", "[smaps]") {
  const std::string text = record("55de9bcd0000-55de9bcd2000 r--p 00000000 fe:00 1 /a", 100) +
                           record("55de9bcd2000-55de9bcd4000 rw-p 00000000 00:00 0 ", 200) +
                           record(
                               "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 "
                               "                 [vsyscall]",
                               300);
  const SmapsCounters c = sum_smaps_counters(text);
  CHECK(c.get(SmapsKey::size) == 101u + 201u + 301u);
  CHECK(c.get(SmapsKey::kernel_page_size) == 12u);  // summed like any counter; meaningless
  CHECK(c.get(SmapsKey::pss) == 103u + 203u + 303u);
  CHECK(c.get(SmapsKey::private_dirty) == 108u + 208u + 308u);
  CHECK(c.uss() == (107u + 207u + 307u) + (108u + 208u + 308u));
  CHECK_FALSE(c.has(SmapsKey::pss_anon));
  // A counter line without its final newline still counts.
  CHECK(sum_smaps_counters("Rss: 5 kB\nPss: 3 kB").get(SmapsKey::pss) == 3u);
  CHECK(sum_smaps_counters("").empty());
}

TEST_CASE("SmapsCounters: presence and sums", "[smaps]") {
  SmapsCounters a;
  CHECK(a.empty());
  CHECK_FALSE(a.uss().has_value());
  a.add(SmapsKey::private_dirty, 5);
  CHECK(a.uss() == 5u);  // Private_Clean absent counts as none of it
  SmapsCounters b;
  b.add(SmapsKey::pss_dirty, 0);
  a += b;
  CHECK(a.has(SmapsKey::pss_dirty));
  CHECK(a.get(SmapsKey::pss_dirty) == 0u);
  CHECK(memwho::smaps_key_from_name("Pss_Shmem") == SmapsKey::pss_shmem);
  CHECK_FALSE(memwho::smaps_key_from_name("VmFlags").has_value());
  CHECK_FALSE(memwho::smaps_key_from_name("").has_value());
}
