// Live tests: real processes with known memory, and memwho's numbers checked against the sizes
// the processes were built with and against the kernel's own files read at the same moment.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "live_support.hpp"

using namespace memwho::live;

namespace {

constexpr std::uint64_t kMiB = 1024;  // in KiB

std::string unique_name(const char* stem) {
  return stem + std::to_string(::getpid() % 100000);
}

bool within(std::uint64_t actual, std::uint64_t expected, double fraction) {
  const double diff = std::fabs(static_cast<double>(actual) - static_cast<double>(expected));
  return diff <= fraction * static_cast<double>(expected) + 4;  // +4 KiB: one page of slack
}

std::uint64_t field(const std::map<std::string, std::string>& row, const std::string& key) {
  INFO("field " << key << " = '" << row.at(key) << "'");
  const auto v = to_u64(row.at(key));
  REQUIRE(v);
  return *v;
}

}  // namespace

TEST_CASE("preforking group: RSS, PSS and USS match the kernel and the sizes built", "[live]") {
  // A master touches S MiB, then forks W workers that each touch P MiB of their own: the S MiB
  // are copy-on-write shared by W+1 processes.
  constexpr std::uint64_t S = 64, P = 16, W = 3;
  const std::string name = unique_name("lvgrp");
  Scene scene({"--groups", "1", "--workers", std::to_string(W), "--shared-mib", std::to_string(S),
               "--private-mib", std::to_string(P), "--name", name});
  REQUIRE(scene.processes().size() == W + 1);

  const auto r = run({MEMWHO_BINARY, "-n", name, "--format=tsv", "-o",
                      "pid,name,command,rss,pss,uss,shared,swap,swap_pss"});
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
  const auto rows = parse_tsv(r.out);

  std::set<int> want, got;
  for (const auto& p : scene.processes()) want.insert(p.pid);
  std::uint64_t pss_sum = 0;
  for (const auto& row : rows) {
    const int pid = static_cast<int>(field(row, "pid"));
    got.insert(pid);
    // The kernel's numbers, read right after memwho's: the scene is idle, so they hold still.
    const auto k_pss = kernel_kib(pid, "smaps_rollup", "Pss");
    const auto k_uss = kernel_kib(pid, "smaps_rollup", "Private_Clean") +
                       kernel_kib(pid, "smaps_rollup", "Private_Dirty");
    const auto k_rss = kernel_kib(pid, "status", "VmRSS");
    INFO("pid " << pid << " kernel pss/uss/rss " << k_pss << "/" << k_uss << "/" << k_rss);
    CHECK(within(field(row, "pss"), k_pss, 0.01));
    CHECK(within(field(row, "uss"), k_uss, 0.01));
    CHECK(within(field(row, "rss"), k_rss, 0.01));
    CHECK(field(row, "swap") == 0);  // no swap on these machines; the field must still be there
    pss_sum += field(row, "pss");
    // Every process maps the S MiB shared region and its own memory.
    CHECK(field(row, "rss") >= S * kMiB);
    if (row.at("command").find("worker") != std::string::npos) {
      CHECK(field(row, "uss") >= P * kMiB);
      CHECK(field(row, "uss") <= P * kMiB + 2 * kMiB);
    }
  }
  CHECK(got == want);  // exactly the scene: no other process, not memwho itself
  // The PSS sum is the real total: the shared region once plus each worker's private memory.
  const std::uint64_t expected = (S + W * P) * kMiB;
  INFO("PSS sum " << pss_sum << " KiB, expected " << expected << " KiB");
  CHECK(within(pss_sum, expected, 0.02));
}

TEST_CASE("name selection finds renamed processes by the first word of their command line",
          "[live]") {
  const std::string name = unique_name("uniq");
  // exec -a gives argv[0] = "NAME worker[1]" while comm stays "sleep".
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execlp("bash", "bash", "-c", ("exec -a '" + name + " worker[1]' sleep 30").c_str(), nullptr);
    ::_exit(127);
  }
  ::usleep(200000);
  const auto r = run({MEMWHO_BINARY, "-n", name, "--format=tsv", "-o", "pid,name,command"});
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
  const auto rows = parse_tsv(r.out);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].at("pid") == std::to_string(pid));
  CHECK(rows[0].at("name") == "sleep");
  CHECK(rows[0].at("command") == name + " worker[1] 30");
  // "worker" is not in comm nor in the first word: not matched.
  const auto none = run({MEMWHO_BINARY, "-n", "worker[1]", "-u", "0", "--format=tsv"});
  CHECK(none.out.find(std::to_string(pid)) == std::string::npos);
}

TEST_CASE("an unprivileged user gets '-' for what it may not read, and one summary line",
          "[live]") {
  if (::geteuid() != 0) {
    WARN("skipped: needs root to switch to an unprivileged user");
    return;
  }
  // A root-owned process: a non-root user may read its status but not its smaps_rollup.
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execlp("sleep", "sleep", "30", nullptr);
    ::_exit(127);
  }
  ::usleep(100000);
  const auto as_nobody = [&](std::vector<std::string> args) {
    std::vector<std::string> argv{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                  MEMWHO_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
  };
  const auto table = as_nobody({"-p", std::to_string(pid)});
  const auto tsv = as_nobody({"-p", std::to_string(pid), "--format=tsv", "-o", "pid,rss,pss,uss"});
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  INFO(table.out << table.err);
  CHECK(table.rc == 0);
  CHECK(table.out.find(" - ") != std::string::npos);
  CHECK(table.err.find("could not be read fully") != std::string::npos);
  CHECK(table.err.find("Run as root") != std::string::npos);
  INFO(tsv.out << tsv.err);
  const auto rows = parse_tsv(tsv.out);
  REQUIRE(rows.size() == 1);
  CHECK(!rows[0].at("rss").empty());  // status is readable by anyone
  CHECK(rows[0].at("pss").empty());   // unknown is empty, never 0
  CHECK(rows[0].at("uss").empty());
}

TEST_CASE("a pid that does not exist is reported, and none matched exits 1", "[live]") {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  ::waitpid(pid, nullptr, 0);  // reaped: the pid is free now
  const auto r = run({MEMWHO_BINARY, "-p", std::to_string(pid)});
  CHECK(r.rc == 1);
  CHECK(r.err.find("no such process: " + std::to_string(pid)) != std::string::npos);
  const auto mixed =
      run({MEMWHO_BINARY, "-p", std::to_string(pid) + "," + std::to_string(::getpid()),
           "--format=tsv", "-o", "pid"});
  CHECK(mixed.rc == 0);
  CHECK(mixed.out == "pid\n" + std::to_string(::getpid()) + "\n");
}

TEST_CASE("memwho never reports itself unless named by pid", "[live]") {
  // Other memwho processes (of tests running in parallel) may be listed; this one must not be.
  const auto r = run({MEMWHO_BINARY, "-n", "memwho", "--format=tsv", "-o", "pid,name"});
  for (const auto& row : parse_tsv(r.out)) CHECK(row.at("pid") != std::to_string(r.pid));
  const auto by_pid =
      run({"sh", "-c",
           std::string("exec ") + MEMWHO_BINARY + " -p $$ --format=tsv --no-header -o pid,name"});
  CHECK(by_pid.out == std::to_string(by_pid.pid) + "\tmemwho\n");  // named by pid: listed
}

TEST_CASE("the parallel scan and the single-threaded scan report the same processes", "[live]") {
  const std::string name = unique_name("lvpar");
  Scene scene({"--groups", "4", "--workers", "4", "--shared-mib", "4", "--private-mib", "1",
               "--name", name});
  const auto one = run(
      {MEMWHO_BINARY, "-n", name, "--jobs", "1", "--format=tsv", "-o", "pid,uss", "--sort", "pid"});
  const auto many = run(
      {MEMWHO_BINARY, "-n", name, "--jobs", "8", "--format=tsv", "-o", "pid,uss", "--sort", "pid"});
  REQUIRE(one.rc == 0);
  CHECK(parse_tsv(one.out).size() == scene.processes().size());
  CHECK(one.out == many.out);
}
