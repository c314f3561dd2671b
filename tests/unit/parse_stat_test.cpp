// Tests of parse_stat() on /proc/PID/stat lines captured from a 6.18 kernel. comm (field 2) is
// printed raw, so it may hold spaces, parentheses and newlines; everything after it is found
// from the LAST ')' of the text.
#include "memwho/proc/parse_stat.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <string>

using memwho::parse_stat;

namespace {

// `cat /proc/self/stat` on 6.18.44: 52 fields, tpgid (8) is -1, rsslim (25) is u64 max.
const std::string kCatStat =
    "18078 (cat) R 18073 18073 15454 0 -1 4194304 102 0 0 0 0 0 0 0 20 0 1 0 62197 3133440 380 "
    "18446744073709551615 93938845036544 93938845056425 140737157887408 0 0 0 0 0 0 0 0 0 17 1 0 "
    "0 0 0 0 93938845072432 93938845074048 93939716972544 140737157892542 140737157892562 "
    "140737157892562 140737157894123 0\n";

// Everything after comm of a python child captured on 6.18 (fields 3..52).
const std::string kTail =
    " S 22240 22236 15454 0 -1 4194368 268 0 0 0 0 0 0 0 20 0 1 0 72082 17281024 2718 "
    "18446744073709551615 94625762144256 94625762144597 140725699326960 0 0 0 0 16781312 2 1 0 0 "
    "17 1 0 0 0 0 0 94625762155952 94625762156568 94625828806656 140725699332058 140725699332105 "
    "140725699332105 140725699334095 0\n";

// /proc/2/stat (kthreadd) on 6.18: flags 2129984 = 0x208040 includes PF_KTHREAD (0x00200000);
// vsize and rss are 0 without an mm.
const std::string kKthreaddStat =
    "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 24 0 0 18446744073709551615 0 0 0 "
    "0 0 0 0 2147483647 0 1 0 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

}  // namespace

TEST_CASE("stat: an ordinary process", "[stat]") {
  const auto st = parse_stat(kCatStat);
  REQUIRE(st);
  CHECK(st->pid == 18078);
  CHECK(st->comm == "cat");
  CHECK(st->state == 'R');
  CHECK(st->ppid == 18073);
  CHECK(st->flags == 4194304u);
  CHECK_FALSE(st->is_kernel_thread());
  CHECK(st->start_time == 62197u);
  CHECK(st->vsize_bytes == 3133440u);
  CHECK(st->rss_pages == 380u);
}

TEST_CASE("stat: comm with ')', spaces and a newline", "[stat]") {
  // Protects: comm runs to the LAST ')' of the text, not the first, and the newline inside comm
  // does not end the record (captured on 6.18 for comm "a) b\n(c").
  const auto st = parse_stat("22282 (a) b\n(c)" + kTail);
  REQUIRE(st);
  CHECK(st->pid == 22282);
  CHECK(st->comm == "a) b\n(c");
  CHECK(st->state == 'S');
  CHECK(st->ppid == 22240);
  CHECK(st->start_time == 72082u);
  CHECK(st->vsize_bytes == 17281024u);
  CHECK(st->rss_pages == 2718u);
}

TEST_CASE("stat: comm that looks like the fields after it", "[stat]") {
  // Captured on 6.18 for comm ") S 1 2": a parser that splits at the first ')' would read
  // state 'S' and ppid 1.
  const auto st = parse_stat("22283 () S 1 2)" + kTail);
  REQUIRE(st);
  CHECK(st->comm == ") S 1 2");
  CHECK(st->state == 'S');
  CHECK(st->ppid == 22240);
  CHECK(st->vsize_bytes == 17281024u);
}

TEST_CASE("stat: other hostile and unusual comms", "[stat]") {
  SECTION("parentheses inside (systemd's (sd-pam))") {
    const auto st = parse_stat("1234 ((sd-pam))" + kTail);
    REQUIRE(st);
    CHECK(st->comm == "(sd-pam)");
  }
  SECTION("tab, ESC, backslash and newline are kept raw") {
    const auto st = parse_stat("22281 (e\\v\til\x1b[31m\nx)" + kTail);
    REQUIRE(st);
    CHECK(st->comm == "e\\v\til\x1b[31m\nx");
    CHECK(st->ppid == 22240);
  }
  SECTION("empty comm") {
    const auto st = parse_stat("7 ()" + kTail);
    REQUIRE(st);
    CHECK(st->comm.empty());
  }
  SECTION("a 63-byte kernel worker name") {
    const std::string comm(63, 'k');
    const auto st = parse_stat("12 (" + comm + ")" + kTail);
    REQUIRE(st);
    CHECK(st->comm == comm);
  }
}

TEST_CASE("stat: a kernel thread has PF_KTHREAD and no vsize/rss", "[stat]") {
  const auto st = parse_stat(kKthreaddStat);
  REQUIRE(st);
  CHECK(st->comm == "kthreadd");
  CHECK(st->flags == 0x208040u);
  CHECK(st->is_kernel_thread());
  CHECK(st->vsize_bytes == 0u);
  CHECK(st->rss_pages == 0u);
  CHECK(st->ppid == 0);
}

TEST_CASE("stat: a zombie", "[stat]") {
  // Captured on 6.18: state Z, flags 4227148 (PF_EXITING set, no PF_KTHREAD), vsize/rss 0.
  const auto st = parse_stat(
      "22284 (python3) Z 22240 22236 15454 0 -1 4227148 225 0 0 0 0 0 0 0 20 0 1 0 72082 0 0 "
      "18446744073709551615 0 0 0 0 0 0 0 16781312 2 1 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
  REQUIRE(st);
  CHECK(st->state == 'Z');
  CHECK_FALSE(st->is_kernel_thread());
  CHECK(st->vsize_bytes == 0u);
}

TEST_CASE("stat: negative signed fields", "[stat]") {
  // Protects: tpgid is -1 without a controlling tty; priority is negative for real-time tasks
  // (-1 - rt_priority); nice is -20..19; cutime/cstime are signed too.
  const auto st = parse_stat(
      "15 (rcu_preempt) I 2 0 0 0 -1 2129984 0 0 0 0 0 1 -3 -4 -2 -20 1 0 30 0 0 "
      "18446744073709551615 0 0 0 0 0 0 0 2147483647 0 1 0 0 1 0 1 1 0 0 0 0 0 0 0 0 0 0 0\n");
  REQUIRE(st);
  CHECK(st->comm == "rcu_preempt");
  CHECK(st->state == 'I');
  CHECK(st->start_time == 30u);
  CHECK(st->is_kernel_thread());

  // A real-time task at priority 99 prints priority -100.
  const auto rt = parse_stat(
      "19 (migration/0) S 2 0 0 0 -1 69238848 0 0 0 0 0 5 0 0 -100 0 1 0 31 0 0 "
      "18446744073709551615 0 0 0 0 0 0 0 2147483647 0 1 0 0 17 0 99 1 0 0 0 0 0 0 0 0 0 0 0\n");
  REQUIRE(rt);
  CHECK(rt->start_time == 31u);
}

TEST_CASE("stat: u64 maximum values", "[stat]") {
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  const auto st = parse_stat(
      "1 (big) R 0 1 1 0 -1 18446744073709551615 0 0 0 0 0 0 0 0 20 0 1 0 "
      "18446744073709551615 18446744073709551615 18446744073709551615 18446744073709551615 0\n");
  REQUIRE(st);
  CHECK(st->flags == kMax);
  CHECK(st->start_time == kMax);
  CHECK(st->vsize_bytes == kMax);
  CHECK(st->rss_pages == kMax);
  // One past the maximum is not a number memwho can hold: not a stat line.
  CHECK_FALSE(
      parse_stat("1 (big) R 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 "
                 "18446744073709551616 1 0\n"));
}

TEST_CASE("stat: truncated and malformed text is rejected", "[stat]") {
  CHECK_FALSE(parse_stat(""));
  CHECK_FALSE(parse_stat("\n"));
  CHECK_FALSE(parse_stat("18078"));
  CHECK_FALSE(parse_stat("18078 (cat"));         // cut inside comm: no ')'
  CHECK_FALSE(parse_stat("18078 (cat)"));        // cut right after comm
  CHECK_FALSE(parse_stat("18078 (cat) "));       // no state
  CHECK_FALSE(parse_stat("18078 (cat) R"));      // no ppid
  CHECK_FALSE(parse_stat("18078 (cat) R 180"));  // cut in the middle of ppid, then nothing
  CHECK_FALSE(parse_stat("18078 )cat( R 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 2 3 4\n"));
  CHECK_FALSE(parse_stat("(cat) R 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 2 3 4\n"));  // no pid
  CHECK_FALSE(parse_stat("x (cat) R 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 2 3 4\n"));
  // A non-number where a number must be.
  CHECK_FALSE(parse_stat("18078 (cat) R 1 1 1 0 -1 0x10 0 0 0 0 0 0 0 0 20 0 1 0 1 2 3 4\n"));

  SECTION("every cut before field 24 (rss) is rejected") {
    // Fields up to rss are needed; a stat cut anywhere before rss's last digit loses one.
    const std::size_t rss_end = kCatStat.find(" 380 ") + 4;
    for (std::size_t n = 0; n < rss_end - 3; ++n) {
      INFO("cut at " << n << ": " << kCatStat.substr(0, n));
      CHECK_FALSE(parse_stat(std::string_view(kCatStat).substr(0, n)));
    }
    // Cut after rss: the fields memwho uses are complete (the rest is not parsed).
    const auto st = parse_stat(std::string_view(kCatStat).substr(0, rss_end));
    REQUIRE(st);
    CHECK(st->rss_pages == 380u);
  }
}
