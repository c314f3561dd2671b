// Live test of `memwho diff A B`: a copy of a running process's files in a directory laid out
// like /proc (a poor man's capture) against the live /proc after the process grew by a known
// amount; every change memwho reports must be the kernel's own before/after difference.
#include <signal.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "live_support.hpp"

using namespace memwho::live;

namespace {

constexpr std::uint64_t kGrowMiB = 8;

/// Copies /proc/`from` to `to` (a regular file with the same bytes).
void copy_file(const std::string& from, const std::string& to) {
  const std::string text = read_text(from);
  REQUIRE_FALSE(text.empty());
  std::ofstream(to, std::ios::binary) << text;
}

/// The kernel's figures of a process, from its status and smaps_rollup texts (KiB).
struct Figures {
  std::uint64_t rss, pss, uss, swap, shared;
};
Figures figures(const std::string& status, const std::string& rollup) {
  return {kib_in(status, "VmRSS"), kib_in(rollup, "Pss"),
          kib_in(rollup, "Private_Clean") + kib_in(rollup, "Private_Dirty"), kib_in(rollup, "Swap"),
          kib_in(rollup, "Shared_Clean") + kib_in(rollup, "Shared_Dirty")};
}

/// after - before in bytes, as JSON carries a change.
std::int64_t change_bytes(std::uint64_t before, std::uint64_t after) {
  return (static_cast<std::int64_t>(after) - static_cast<std::int64_t>(before)) * 1024;
}

}  // namespace

TEST_CASE("diff: a copied process against /proc reports the kernel's change exactly", "[live]") {
  const std::string name = "lvdf" + std::to_string(::getpid() % 100000);
  Scene scene({"--groups", "1", "--workers", "1", "--shared-mib", "4", "--private-mib", "2",
               "--grow-mib", std::to_string(kGrowMiB), "--name", name});
  const int pid = scene.processes().back().pid;  // the worker
  const std::string proc = "/proc/" + std::to_string(pid);

  // A: the process's files as they are now, and this boot's id (so A and B are one boot).
  TempDir dir;
  const std::string a = dir.path() + "/" + std::to_string(pid);
  REQUIRE(::mkdir(a.c_str(), 0755) == 0);
  for (const char* file : {"status", "stat", "cmdline", "smaps_rollup"}) {
    copy_file(proc + "/" + file, a + "/" + file);
  }
  REQUIRE(run({"mkdir", "-p", dir.path() + "/sys/kernel/random"}).rc == 0);
  copy_file("/proc/sys/kernel/random/boot_id", dir.path() + "/sys/kernel/random/boot_id");
  const Figures before = figures(read_text(a + "/status"), read_text(a + "/smaps_rollup"));

  // Grow by kGrowMiB of private memory and wait until the kernel shows it.
  REQUIRE(::kill(pid, SIGUSR1) == 0);
  for (int i = 0; i < 200; ++i) {
    if (kernel_kib(pid, "smaps_rollup", "Private_Dirty") >= before.uss + kGrowMiB * 1024) break;
    ::usleep(50000);
  }
  const Figures after = figures(read_text(proc + "/status"), read_text(proc + "/smaps_rollup"));
  REQUIRE(after.uss >= before.uss + kGrowMiB * 1024);

  const auto r =
      run({MEMWHO_BINARY, "diff", dir.path(), "/proc", "-p", std::to_string(pid), "--format=json"});
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["view"] == "diff");
  CHECK(doc["a"]["kind"] == "directory");
  CHECK(doc["b"]["kind"] == "live");
  CHECK(doc["a"]["boot_id"] == doc["b"]["boot_id"]);
  REQUIRE(doc["rows"].size() == 1);
  const auto& row = doc["rows"][0];
  CHECK(row["match"] == "pid");  // one boot: the same pid and start time
  CHECK(row["pid_before"] == pid);
  CHECK(row["pid_after"] == pid);
  // RSS, USS and swap are the process's own: exactly the kernel's before and after.
  CHECK(row["rss_change"].get<std::int64_t>() == change_bytes(before.rss, after.rss));
  CHECK(row["uss_change"].get<std::int64_t>() == change_bytes(before.uss, after.uss));
  CHECK(row["swap_change"].get<std::int64_t>() == change_bytes(before.swap, after.swap));
  // A is the copy: its PSS exactly. B's PSS is read while memwho itself (and whatever else
  // runs on the machine) maps the same libc pages, which changes their shares: it is the
  // private pages in full plus at most half of each shared page (a shared page has two sharers
  // at least), never one exact figure to compare with.
  CHECK(row["pss_before"].get<std::uint64_t>() == before.pss * 1024);
  const auto pss_after = row["pss_after"].get<std::uint64_t>();
  CHECK(pss_after >= row["uss_after"].get<std::uint64_t>());
  CHECK(pss_after <= (after.uss + after.shared / 2) * 1024);
  CHECK(row["pss_change"].get<std::int64_t>() ==
        static_cast<std::int64_t>(pss_after) - static_cast<std::int64_t>(before.pss * 1024));
  // The growth is the scene's: kGrowMiB of memory only this process maps, nothing else.
  CHECK(row["uss_change"].get<std::int64_t>() == static_cast<std::int64_t>(kGrowMiB << 20));
  CHECK(doc["totals"]["pss_change"] == row["pss_change"]);
  bool one_boot = false;
  for (const auto& note : doc["notes"]) {
    one_boot |= note["code"] == "matched_by" &&
                note["text"].get<std::string>().find("one boot") != std::string::npos;
  }
  CHECK(one_boot);

  // The table says what A and B are, and the change with its sign.
  const auto table = run({MEMWHO_BINARY, "diff", dir.path(), "/proc", "-p", std::to_string(pid)});
  INFO(table.out);
  CHECK(table.out.find("A: " + dir.path() + ": a directory laid out like /proc") == 0);
  CHECK(table.out.find("\nB: /proc: live on ") != std::string::npos);
  CHECK(table.out.find("+8.0 MiB") != std::string::npos);
}

TEST_CASE("diff: two captures of a scene, one worker grown between them", "[live]") {
  const std::string name = "lvdc" + std::to_string(::getpid() % 100000);
  Scene scene({"--groups", "1", "--workers", "2", "--shared-mib", "4", "--private-mib", "2",
               "--grow-mib", std::to_string(kGrowMiB), "--name", name});
  const int grown = scene.processes().back().pid;
  TempDir dir;
  const std::string a = dir.path() + "/a.tar.zst", b = dir.path() + "/b.tar.zst";
  REQUIRE(run({MEMWHO_BINARY, "capture", a, "-n", name}).rc == 0);
  const std::uint64_t uss_before = kernel_kib(grown, "smaps_rollup", "Private_Dirty");
  REQUIRE(::kill(grown, SIGUSR1) == 0);
  for (int i = 0; i < 200; ++i) {
    if (kernel_kib(grown, "smaps_rollup", "Private_Dirty") >= uss_before + kGrowMiB * 1024) break;
    ::usleep(50000);
  }
  REQUIRE(run({MEMWHO_BINARY, "capture", b, "-n", name}).rc == 0);

  const auto r = run({MEMWHO_BINARY, "diff", a, b, "--format=json"});
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["a"]["kind"] == "capture");
  CHECK(doc["b"]["kind"] == "capture");
  REQUIRE(doc["rows"].size() == scene.processes().size());
  for (const auto& row : doc["rows"]) {
    CHECK(row["match"] == "pid");  // captures of one boot: pid and start time
    const bool is_grown = row["pid_after"] == grown;
    // Both captures hold the same pages but for the grown worker's 8 MiB of its own. USS is
    // exact; PSS also moves by the libc pages other processes on the machine map or unmap
    // between the captures (a few KiB), so it is checked to 64 KiB.
    const std::int64_t grown_bytes = is_grown ? static_cast<std::int64_t>(kGrowMiB << 20) : 0;
    CHECK(row["uss_change"].get<std::int64_t>() == grown_bytes);
    CHECK(std::llabs(row["pss_change"].get<std::int64_t>() - grown_bytes) <= 64 * 1024);
  }
  // Sorted by growth: the grown worker first.
  CHECK(doc["rows"][0]["pid_after"] == grown);
  CHECK(std::llabs(doc["totals"]["pss_change"].get<std::int64_t>() -
                   static_cast<std::int64_t>(kGrowMiB << 20)) <= 3 * 64 * 1024);

  // The group: the same growth, once.
  const auto g = run({MEMWHO_BINARY, "diff", a, b, "--group=name", "--format=tsv", "-o",
                      "group,pss_change,uss_change"});
  INFO(g.out << g.err);
  REQUIRE(g.rc == 0);
  const auto rows = parse_tsv(g.out);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].at("group") == name);
  CHECK(rows[0].at("pss_change").front() == '+');  // signed
  CHECK(std::llabs(std::stoll(rows[0].at("pss_change")) -
                   static_cast<std::int64_t>(kGrowMiB * 1024)) <= 3 * 64);
  CHECK(rows[0].at("uss_change") == "+" + std::to_string(kGrowMiB * 1024));
}
