// Tests of parse_status() and unescape_status_name() on /proc/PID/status text in the kernel's
// exact format (captured from a 6.18 kernel on the development machine, numbers kept).
#include "memwho/proc/parse_status.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <string>

using memwho::parse_status;
using memwho::unescape_status_name;

namespace {

// `cat /proc/self/status` on 6.18.44 (x86_64). Every separator after a key is one tab; sizes are
// "%8lu kB"; Uid has four tab-separated values.
const std::string kCatStatus =
    "Name:\tcat\n"
    "Umask:\t0022\n"
    "State:\tR (running)\n"
    "Tgid:\t18077\n"
    "Ngid:\t0\n"
    "Pid:\t18077\n"
    "PPid:\t18073\n"
    "TracerPid:\t0\n"
    "Uid:\t1001\t1002\t1003\t1004\n"
    "Gid:\t0\t0\t0\t0\n"
    "FDSize:\t256\n"
    "Groups:\t \n"
    "NStgid:\t18077\n"
    "NSpid:\t18077\n"
    "NSpgid:\t18073\n"
    "NSsid:\t15454\n"
    "Kthread:\t0\n"
    "VmPeak:\t    3060 kB\n"
    "VmSize:\t    3060 kB\n"
    "VmLck:\t       0 kB\n"
    "VmPin:\t       0 kB\n"
    "VmHWM:\t    1768 kB\n"
    "VmRSS:\t    1767 kB\n"
    "RssAnon:\t     112 kB\n"
    "RssFile:\t    1655 kB\n"
    "RssShmem:\t       0 kB\n"
    "VmData:\t     360 kB\n"
    "VmStk:\t     132 kB\n"
    "VmExe:\t      20 kB\n"
    "VmLib:\t    1528 kB\n"
    "VmPTE:\t      44 kB\n"
    "VmSwap:\t       7 kB\n"
    "HugetlbPages:\t       0 kB\n"
    "CoreDumping:\t0\n"
    "THP_enabled:\t1\n"
    "untag_mask:\t0xffffffffffffffff\n"
    "Threads:\t1\n"
    "SigQ:\t0/96365\n"
    "SigPnd:\t0000000000000000\n"
    "ShdPnd:\t0000000000000000\n"
    "SigBlk:\t0000000000000000\n"
    "SigIgn:\t0000000000000000\n"
    "SigCgt:\t0000000000000000\n"
    "CapInh:\t0000000000000000\n"
    "CapPrm:\t000001fffeffffff\n"
    "CapEff:\t000001fffeffffff\n"
    "CapBnd:\t000001fffeffffff\n"
    "CapAmb:\t0000000000000000\n"
    "NoNewPrivs:\t0\n"
    "Seccomp:\t0\n"
    "Seccomp_filters:\t0\n"
    "Speculation_Store_Bypass:\tvulnerable\n"
    "SpeculationIndirectBranch:\talways enabled\n"
    "Cpus_allowed:\t3\n"
    "Cpus_allowed_list:\t0-1\n"
    "Mems_allowed:\t00000000,00000001\n"
    "Mems_allowed_list:\t0\n"
    "voluntary_ctxt_switches:\t0\n"
    "nonvoluntary_ctxt_switches:\t0\n";

// /proc/2/status (kthreadd) on 6.18: a kernel thread has no mm, so task_mem() prints nothing:
// no Vm*, no Rss* lines. "Kthread: 1" exists since 6.x.
const std::string kKthreadStatus =
    "Name:\tkthreadd\n"
    "Umask:\t0022\n"
    "State:\tS (sleeping)\n"
    "Tgid:\t2\n"
    "Ngid:\t0\n"
    "Pid:\t2\n"
    "PPid:\t0\n"
    "TracerPid:\t0\n"
    "Uid:\t0\t0\t0\t0\n"
    "Gid:\t0\t0\t0\t0\n"
    "FDSize:\t64\n"
    "Groups:\t \n"
    "NStgid:\t2\n"
    "NSpid:\t2\n"
    "NSpgid:\t0\n"
    "NSsid:\t0\n"
    "Kthread:\t1\n"
    "Threads:\t1\n"
    "SigQ:\t0/96365\n"
    "Cpus_allowed:\t3\n"
    "Cpus_allowed_list:\t0-1\n"
    "voluntary_ctxt_switches:\t1234\n"
    "nonvoluntary_ctxt_switches:\t5\n";

// A zombie captured on 6.18 (a forked python child, not yet reaped): State Z, no Umask line and
// no Vm* lines, Kthread 0.
const std::string kZombieStatus =
    "Name:\tpython3\n"
    "State:\tZ (zombie)\n"
    "Tgid:\t22284\n"
    "Ngid:\t0\n"
    "Pid:\t22284\n"
    "PPid:\t22240\n"
    "TracerPid:\t0\n"
    "Uid:\t4242\t4242\t4242\t4242\n"
    "Gid:\t0\t0\t0\t0\n"
    "FDSize:\t0\n"
    "Groups:\t \n"
    "NStgid:\t22284\n"
    "NSpid:\t22284\n"
    "NSpgid:\t22236\n"
    "NSsid:\t15454\n"
    "Kthread:\t0\n"
    "Threads:\t1\n"
    "SigQ:\t0/96365\n";

}  // namespace

TEST_CASE("status: an ordinary process, every field memwho uses", "[status]") {
  // Protects: each value comes from its own key, Uid takes the REAL uid (first of four), sizes
  // are read as KiB without the unit.
  const auto st = parse_status(kCatStatus);
  CHECK(st.name == "cat");
  CHECK(st.state == 'R');
  CHECK(st.tgid == 18077);
  CHECK(st.pid == 18077);
  CHECK(st.ppid == 18073);
  CHECK(st.uid == 1001u);
  REQUIRE(st.kthread.has_value());
  CHECK_FALSE(*st.kthread);
  CHECK(st.vm_size == 3060u);
  CHECK(st.vm_hwm == 1768u);
  CHECK(st.vm_rss == 1767u);
  CHECK(st.rss_anon == 112u);
  CHECK(st.rss_file == 1655u);
  CHECK(st.rss_shmem == 0u);
  CHECK(st.vm_swap == 7u);
  CHECK(st.has_address_space());
}

TEST_CASE("status: a kernel thread has no Vm lines and Kthread 1", "[status]") {
  // Protects: absent sizes stay absent (not 0), so the caller can tell "no mm" from "0 KiB".
  const auto st = parse_status(kKthreadStatus);
  CHECK(st.name == "kthreadd");
  CHECK(st.state == 'S');
  CHECK(st.pid == 2);
  CHECK(st.ppid == 0);
  CHECK(st.uid == 0u);
  CHECK(st.kthread == true);
  CHECK_FALSE(st.vm_size.has_value());
  CHECK_FALSE(st.vm_rss.has_value());
  CHECK_FALSE(st.rss_anon.has_value());
  CHECK_FALSE(st.vm_swap.has_value());
  CHECK_FALSE(st.has_address_space());
}

TEST_CASE("status: a kernel thread of an old kernel has no Kthread line", "[status]") {
  // Protects: kthread stays unknown (nullopt) on 6.1, so the caller falls back to stat's flags.
  std::string text = kKthreadStatus;
  text.erase(text.find("Kthread:\t1\n"), std::string("Kthread:\t1\n").size());
  const auto st = parse_status(text);
  CHECK_FALSE(st.kthread.has_value());
  CHECK_FALSE(st.has_address_space());
  CHECK(st.name == "kthreadd");
}

TEST_CASE("status: a zombie has State Z and no Vm lines", "[status]") {
  const auto st = parse_status(kZombieStatus);
  CHECK(st.name == "python3");
  CHECK(st.state == 'Z');
  CHECK(st.uid == 4242u);
  CHECK(st.kthread == false);
  CHECK_FALSE(st.has_address_space());
  CHECK_FALSE(st.vm_rss.has_value());
}

TEST_CASE("status: Name escapes are undone for newline and backslash only, tabs raw", "[status]") {
  // Captured on 6.18 for comm "e\\v<TAB>il<ESC>[31m<LF>x": the kernel escapes only the backslash
  // and the newline; the tab and ESC are raw bytes on the Name line.
  const auto st =
      parse_status("Name:\te\\\\v\til\x1b[31m\\nx\nUmask:\t0022\nState:\tS (sleeping)\n");
  CHECK(st.name == "e\\v\til\x1b[31m\nx");
  CHECK(st.state == 'S');

  // Captured: comm "a) b\n(c".
  CHECK(parse_status("Name:\ta) b\\n(c\n").name == "a) b\n(c");
  // A name beginning with blanks keeps them: only the one tab after the colon is the separator.
  CHECK(parse_status("Name:\t\t x\n").name == "\t x");
  CHECK(parse_status("Name:\t\n").name.empty());
  // A colon inside the name does not confuse the key.
  CHECK(parse_status("Name:\ta:b: c\n").name == "a:b: c");
}

TEST_CASE("status: an escaped newline in Name cannot inject a key", "[status]") {
  // Protects: a process named "x<LF>VmRSS:<TAB>1 kB" must not fake a VmRSS line; the kernel
  // prints the newline as "\n", so it stays on the Name line.
  const auto st = parse_status("Name:\tx\\nVmRSS:\t1 kB\nState:\tS (sleeping)\n");
  CHECK(st.name == "x\nVmRSS:\t1 kB");
  CHECK_FALSE(st.vm_rss.has_value());
}

TEST_CASE("status: unescape_status_name edge cases", "[status]") {
  CHECK(unescape_status_name("") == "");
  CHECK(unescape_status_name("plain") == "plain");
  CHECK(unescape_status_name("\\n") == "\n");
  CHECK(unescape_status_name("\\\\") == "\\");
  CHECK(unescape_status_name("\\\\n") == "\\n");  // an escaped backslash, then a plain 'n'
  CHECK(unescape_status_name("a\\\\\\nb") == "a\\\nb");
  // The kernel never emits these; they are kept as they are rather than guessed at.
  CHECK(unescape_status_name("\\t") == "\\t");
  CHECK(unescape_status_name("end\\") == "end\\");
  CHECK(unescape_status_name(std::string_view("a\0b", 3)) == std::string("a\0b", 3));
}

TEST_CASE("status: keys are matched by name, not by position or prefix", "[status]") {
  // Protects: a future kernel may add or reorder keys; VmRSSX or RssAnonFoo are different keys.
  const auto st = parse_status(
      "VmRSSX:\t 999 kB\n"
      "RssAnonFoo:\t 999 kB\n"
      "Future_Key:\tVmRSS: 5 kB\n"
      "VmRSS:\t      12 kB\n"
      "Name:\tlate\n"
      "Uid:\t4242\t0\t0\t0\n"
      "no colon here\n"
      ":\t5\n"
      "VmSize:\t      20 kB\n");
  CHECK(st.vm_rss == 12u);
  CHECK_FALSE(st.rss_anon.has_value());
  CHECK(st.name == "late");
  CHECK(st.uid == 4242u);
  CHECK(st.vm_size == 20u);
}

TEST_CASE("status: empty and truncated text", "[status]") {
  SECTION("empty text gives an empty record") {
    const auto st = parse_status("");
    CHECK(st.name.empty());
    CHECK(st.state == '?');
    CHECK_FALSE(st.pid.has_value());
    CHECK_FALSE(st.uid.has_value());
    CHECK_FALSE(st.kthread.has_value());
    CHECK_FALSE(st.has_address_space());
  }
  SECTION("cut after the first line") {
    const auto st = parse_status("Name:\tcat\n");
    CHECK(st.name == "cat");
    CHECK(st.state == '?');
    CHECK_FALSE(st.has_address_space());
  }
  SECTION("cut after a key, before its value") {
    const auto st = parse_status("Name:\tcat\nState:\tR (running)\nVmSize:\t");
    CHECK(st.state == 'R');
    CHECK_FALSE(st.vm_size.has_value());
  }
  SECTION("cut in the middle of a key") {
    const auto st = parse_status("Name:\tcat\nVmSi");
    CHECK_FALSE(st.vm_size.has_value());
  }
  SECTION("cut in the middle of the padding and of the State line") {
    CHECK_FALSE(parse_status("VmRSS:\t    ").vm_rss.has_value());
    CHECK(parse_status("State:\t").state == '?');
    CHECK(parse_status("State:").state == '?');
  }
  SECTION("a last line without its newline still counts") {
    CHECK(parse_status("Name:\tcat\nVmRSS:\t    1768 kB").vm_rss == 1768u);
  }
  SECTION("every prefix of a real status parses without trouble") {
    // Protects: no out-of-range access on any cut; sizes present in the prefix stay right.
    for (std::size_t n = 0; n <= kCatStatus.size(); ++n) {
      const auto st = parse_status(std::string_view(kCatStatus).substr(0, n));
      if (st.vm_swap) CHECK(*st.vm_swap == 7u);
    }
  }
}

TEST_CASE("status: u64 limits and malformed numbers", "[status]") {
  // 2^54 KiB (16 EiB) is all a 64-bit address space holds: more is not a size, and would
  // overflow the sums (two VmRSS of 2^63 KiB once totalled 0 KiB).
  CHECK(parse_status("VmSize:\t18014398509481984 kB\n").vm_size == (std::uint64_t{1} << 54));
  CHECK_FALSE(parse_status("VmSize:\t18014398509481985 kB\n").vm_size.has_value());
  CHECK_FALSE(parse_status("VmSize:\t18446744073709551615 kB\n").vm_size.has_value());
  CHECK_FALSE(parse_status("VmSize:\t18446744073709551616 kB\n").vm_size.has_value());
  // A value wider than the kernel's minimum width of 8 (a TiB process).
  CHECK(parse_status("VmRSS:\t2147483648 kB\n").vm_rss == 2147483648u);
  CHECK_FALSE(parse_status("VmRSS:\t-5 kB\n").vm_rss.has_value());
  CHECK_FALSE(parse_status("VmRSS:\tabc kB\n").vm_rss.has_value());
  CHECK_FALSE(parse_status("Uid:\tnobody\t0\t0\t0\n").uid.has_value());
  CHECK(parse_status("Uid:\t4294967295\t0\t0\t0\n").uid == 4294967295u);
  CHECK_FALSE(parse_status("Uid:\t4294967296\t0\t0\t0\n").uid.has_value());
  CHECK_FALSE(parse_status("Kthread:\tyes\n").kthread.has_value());
}

TEST_CASE("status: a value that is not '<digits> kB' is unknown, and named", "[status]") {
  // from_chars alone reads a prefix: "0x10" as 0, "12abc" as 12, "12 MB" as 12.
  for (const char* line : {"VmSize:\t0x10 kB\n", "VmSize:\t12 MB\n", "VmSize:\t12abc kB\n",
                           "VmSize:\t12\n", "VmSize:\t12 kB extra\n", "VmSize:\t\n"}) {
    INFO(line);
    const auto st = parse_status(line);
    CHECK_FALSE(st.vm_size.has_value());
    CHECK(st.malformed == "VmSize");
    CHECK(st.malformed_count == 1u);
  }
  const auto two = parse_status("RssAnon:\t12abc kB\nVmRSS:\t1 GB\nVmSwap:\t 4 kB\n");
  CHECK(two.malformed == "RssAnon");
  CHECK(two.malformed_count == 2u);
  CHECK(two.vm_swap == 4u);
  CHECK_FALSE(parse_status("Pid:\t12x\n").pid.has_value());
  CHECK(parse_status("Pid:\t12x\n").malformed == "Pid");
}

TEST_CASE("status: looks_valid needs the lines the kernel always prints", "[status]") {
  CHECK(parse_status("Name:\tx\nState:\tS (sleeping)\nPid:\t5\n").looks_valid());
  CHECK_FALSE(parse_status("").looks_valid());
  CHECK_FALSE(parse_status("garbage\n\x01\x02").looks_valid());
  CHECK_FALSE(parse_status("Name:\tx\nPid:\t5\n").looks_valid());  // truncated: no State
  CHECK_FALSE(parse_status("Name:\tx\nState:\tS (sleeping)\n").looks_valid());
}

TEST_CASE("status: a huge Groups line does not disturb later keys", "[status]") {
  // Protects: status can exceed 4 KiB (up to 65536 supplementary groups).
  std::string text = "Name:\tbig\nGroups:\t";
  for (int g = 0; g < 65536; ++g) text += std::to_string(g) + " ";
  text += "\nVmRSS:\t      33 kB\n";
  const auto st = parse_status(text);
  CHECK(st.name == "big");
  CHECK(st.vm_rss == 33u);
}
