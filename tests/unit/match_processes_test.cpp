// The pairing of `memwho diff`: pid and start time within a boot, command line then name across
// boots, duplicates in start-time order.
#include "memwho/aggregate/match_processes.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

#include "../support/fake_proc_source.hpp"
#include "memwho/proc/boot_id.hpp"

using namespace memwho;

namespace {

ProcessKey key(int pid, std::uint64_t start, std::string_view command, std::string_view name) {
  return {pid, start, command, name};
}

/// The match holding a's index `i`, or b's `j` when `i` is absent.
const ProcessMatch* find_a(const std::vector<ProcessMatch>& m, std::size_t i) {
  const auto it = std::find_if(m.begin(), m.end(), [&](const ProcessMatch& x) { return x.a == i; });
  return it == m.end() ? nullptr : &*it;
}
const ProcessMatch* find_b(const std::vector<ProcessMatch>& m, std::size_t j) {
  const auto it = std::find_if(m.begin(), m.end(), [&](const ProcessMatch& x) { return x.b == j; });
  return it == m.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("choose_match_rule: boot ids decide unless --match says", "[match]") {
  CHECK(choose_match_rule(MatchChoice::automatic, "b1", "b1") == MatchRule::pid);
  CHECK(choose_match_rule(MatchChoice::automatic, "b1", "b2") == MatchRule::cmdline);
  CHECK(choose_match_rule(MatchChoice::automatic, "", "b2") == MatchRule::pid_then_cmdline);
  CHECK(choose_match_rule(MatchChoice::automatic, "", "") == MatchRule::pid_then_cmdline);
  CHECK(choose_match_rule(MatchChoice::pid, "b1", "b2") == MatchRule::pid);
  CHECK(choose_match_rule(MatchChoice::cmdline, "b1", "b1") == MatchRule::cmdline);
}

TEST_CASE("match by pid: a reused pid (another start time) is gone and new", "[match]") {
  const std::vector<ProcessKey> a = {key(10, 100, "/bin/a", "a"), key(20, 200, "/bin/old", "old"),
                                     key(30, 300, "/bin/c", "c")};
  const std::vector<ProcessKey> b = {key(20, 900, "/bin/new", "new"), key(10, 100, "/bin/a", "a"),
                                     key(31, 310, "/bin/c", "c")};
  const auto m = match_processes(a, b, MatchRule::pid);
  REQUIRE(m.size() == 5);
  CHECK(find_a(m, 0)->b == 1u);
  CHECK(find_a(m, 0)->by == MatchedBy::pid);
  CHECK_FALSE(find_a(m, 1)->b);  // pid 20 reused: old is gone...
  CHECK_FALSE(find_b(m, 0)->a);  // ...and new is new
  // Same command, another pid, same boot: a restart, not the same process.
  CHECK_FALSE(find_a(m, 2)->b);
  CHECK_FALSE(find_b(m, 2)->a);
  // Pairs first, then A's alone, then B's alone.
  CHECK((m[0].a && m[0].b));
  CHECK((m[1].a && !m[1].b && m[2].a && !m[2].b));
  CHECK((!m[3].a && m[3].b && !m[4].a && m[4].b));
}

TEST_CASE("match by pid without a start time needs the same name and command", "[match]") {
  std::vector<ProcessKey> a = {key(10, 0, "/bin/a", "a"), key(20, 0, "/bin/b", "b")};
  std::vector<ProcessKey> b = {key(10, 0, "/bin/a", "a"), key(20, 0, "/bin/x", "b")};
  for (auto& k : a) k.start_time.reset();
  b[1].start_time.reset();  // b[0] has one, a[0] not: unknown on one side is unknown
  const auto m = match_processes(a, b, MatchRule::pid);
  CHECK(find_a(m, 0)->b == 0u);
  CHECK_FALSE(find_a(m, 1)->b);
}

TEST_CASE("match by command line across boots: pids differ and duplicates pair in start order",
          "[match]") {
  const std::vector<ProcessKey> a = {key(500, 50, "worker", "w"), key(400, 40, "worker", "w"),
                                     key(100, 10, "/bin/db", "db"), key(7, 5, "gone", "g")};
  const std::vector<ProcessKey> b = {key(900, 30, "worker", "w"), key(800, 20, "worker", "w"),
                                     key(801, 25, "worker", "w"), key(60, 6, "/bin/db", "db")};
  const auto m = match_processes(a, b, MatchRule::cmdline);
  CHECK(find_a(m, 2)->b == 3u);
  CHECK(find_a(m, 2)->by == MatchedBy::cmdline);
  // The oldest worker of A (400, started 40) with the oldest of B (800, started 20).
  CHECK(find_a(m, 1)->b == 1u);
  CHECK(find_a(m, 0)->b == 2u);
  CHECK_FALSE(find_b(m, 0)->a);  // the third worker is new
  CHECK_FALSE(find_a(m, 3)->b);  // gone
  // The pid rule is not applied: same pid, same start time, other command: not paired.
  const std::vector<ProcessKey> x = {key(1, 1, "/sbin/init", "init")};
  const std::vector<ProcessKey> y = {key(1, 1, "/lib/systemd/systemd", "systemd")};
  CHECK_FALSE(match_processes(x, y, MatchRule::cmdline)[0].b);
}

TEST_CASE("a rewritten command line still pairs by name after command lines", "[match]") {
  const std::vector<ProcessKey> a = {key(1, 1, "postgres: idle", "postgres"),
                                     key(2, 2, "/bin/x", "x")};
  const std::vector<ProcessKey> b = {key(5, 1, "postgres: active", "postgres"),
                                     key(6, 2, "/bin/x", "x")};
  const auto m = match_processes(a, b, MatchRule::cmdline);
  CHECK(find_a(m, 0)->b == 0u);
  CHECK(find_a(m, 0)->by == MatchedBy::name);
  CHECK(find_a(m, 1)->by == MatchedBy::cmdline);
}

TEST_CASE("unknown boots: pid and start time first and then command line", "[match]") {
  const std::vector<ProcessKey> a = {key(10, 100, "/bin/a", "a"), key(20, 200, "/bin/b", "b"),
                                     key(30, 300, "/bin/old", "old")};
  const std::vector<ProcessKey> b = {key(10, 100, "/bin/a", "a"), key(21, 210, "/bin/b", "b"),
                                     key(30, 999, "/bin/new", "new")};
  const auto m = match_processes(a, b, MatchRule::pid_then_cmdline);
  CHECK(find_a(m, 0)->by == MatchedBy::pid);
  CHECK(find_a(m, 1)->b == 1u);
  CHECK(find_a(m, 1)->by == MatchedBy::cmdline);
  CHECK_FALSE(find_a(m, 2)->b);
  CHECK_FALSE(find_b(m, 2)->a);
}

TEST_CASE("empty sides", "[match]") {
  const std::vector<ProcessKey> none;
  const std::vector<ProcessKey> one = {key(1, 1, "x", "x")};
  CHECK(match_processes(none, none, MatchRule::pid).empty());
  const auto m = match_processes(none, one, MatchRule::pid_then_cmdline);
  REQUIRE(m.size() == 1);
  CHECK((!m[0].a && m[0].b == 0u));
}

TEST_CASE("parse_boot_id takes the kernel's UUID and nothing else", "[match]") {
  CHECK(parse_boot_id("6fd5a44b-35f4-4ad4-a9b9-6b9be13e1fe9\n") ==
        "6fd5a44b-35f4-4ad4-a9b9-6b9be13e1fe9");
  CHECK(parse_boot_id("6fd5a44b-35f4-4ad4-a9b9-6b9be13e1fe9") ==
        "6fd5a44b-35f4-4ad4-a9b9-6b9be13e1fe9");
  CHECK(parse_boot_id("").empty());
  CHECK(parse_boot_id("6fd5a44b-35f4-4ad4-a9b9-6b9be13e1fe\n").empty());   // short
  CHECK(parse_boot_id("6FD5A44B-35F4-4AD4-A9B9-6B9BE13E1FE9\n").empty());  // not the kernel's
  CHECK(parse_boot_id("6fd5a44b-35f4-4ad4-a9b9-6b9be13e1fe9\nx").empty());
}

TEST_CASE("boot_id_of: a capture's, else the tree's sys/kernel/random/boot_id", "[match]") {
  memwho::test::FakeProcSource plain;
  plain.add("1/status", "Name:\tinit\n");
  CHECK(boot_id_of(plain).empty());  // a hand-made tree: its boot is unknown
  memwho::test::FakeProcSource tree;
  tree.add("sys/kernel/random/boot_id", "6fd5a44b-35f4-4ad4-a9b9-6b9be13e1fe9\n");
  CHECK(boot_id_of(tree) == "6fd5a44b-35f4-4ad4-a9b9-6b9be13e1fe9");
  memwho::test::FakeProcSource capture;
  capture.add("sys/kernel/random/boot_id", "6fd5a44b-35f4-4ad4-a9b9-6b9be13e1fe9\n");
  CaptureInfo info;
  info.boot_id = "0b8f8d4e-0d6b-4c43-9d1b-2f1d7e2c0a11";
  capture.set_capture(info);
  CHECK(boot_id_of(capture) == info.boot_id);  // what the capture recorded wins
}
