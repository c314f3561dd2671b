// --explain on live scene processes: the figures it prints are what the kernel's files say
// (the scene's processes sit still, so a read after memwho's gives the same numbers), the
// reasons are the ones this kernel's release calls for, and the group block adds up its members.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>

#include "live_support.hpp"

using namespace memwho::live;

namespace {

std::uint64_t page_kib() {
  return static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE)) / 1024;
}

/// statm's second field (resident pages) in KiB.
std::uint64_t statm_resident_kib(int pid) {
  const std::string text = read_text("/proc/" + std::to_string(pid) + "/statm");
  const auto fields = split(text, ' ');
  REQUIRE(fields.size() >= 2);
  return to_u64(fields[1]).value() * page_kib();
}

}  // namespace

TEST_CASE("explain: a live scene's figures are what its files say", "[live]") {
  const std::string name = unique("lvex");
  Scene scene({"--workers", "2", "--shared-mib", "8", "--private-mib", "4", "--name", name});
  const auto r = run({MEMWHO_BINARY, "--explain", "-n", name, "--format=tsv"});
  REQUIRE(r.rc == 0);
  const auto rows = parse_tsv(r.out);
  std::map<std::string, std::map<std::string, std::string>> by;  // "pid/item" -> row
  for (const auto& row : rows) by[row.at("pid") + "/" + row.at("item")] = row;
  const std::string release = read_text("/proc/sys/kernel/osrelease");
  std::uint64_t pss_sum = 0, uss_sum = 0;
  for (const auto& p : scene.processes()) {
    const std::string pid = std::to_string(p.pid);
    INFO(pid);
    CHECK(by.at(pid + "/status").at("kib") == std::to_string(kernel_kib(p.pid, "status", "VmRSS")));
    CHECK(by.at(pid + "/statm").at("kib") == std::to_string(statm_resident_kib(p.pid)));
    const std::uint64_t rollup = kernel_kib(p.pid, "smaps_rollup", "Rss");
    CHECK(by.at(pid + "/smaps_rollup").at("kib") == std::to_string(rollup));
    CHECK(by.at(pid + "/smaps_rollup").at("diff") == "0");
    // pmap -x's total is the sum over smaps.
    CHECK(by.at(pid + "/smaps").at("kib") == std::to_string(pmap_x_totals(p.pid).at(1)));
    // A live /proc: every source says when it was read.
    CHECK_FALSE(by.at(pid + "/stat").at("read_us").empty());
    const std::uint64_t pss = kernel_kib(p.pid, "smaps_rollup", "Pss");
    const std::uint64_t uss = kernel_kib(p.pid, "smaps_rollup", "Private_Clean") +
                              kernel_kib(p.pid, "smaps_rollup", "Private_Dirty");
    // PSS is read again here, after memwho exited: memwho itself mapped the libc pages the
    // scene maps, one more sharer of each while it read, so its PSS may be a few KiB lower.
    const auto shown_pss = to_u64(by.at(pid + "/pss").at("kib"));
    REQUIRE(shown_pss);
    CHECK(*shown_pss <= pss);
    CHECK(pss - *shown_pss <= 64);
    CHECK(by.at(pid + "/uss").at("kib") == std::to_string(uss));
    pss_sum += pss;
    uss_sum += uss;
    // On 6.16 and later status is exact: stat is the only counter that may differ, and when it
    // does the reason says stat lags.
    unsigned major = 0, minor = 0;
    const bool exact = std::sscanf(release.c_str(), "%u.%u", &major, &minor) == 2 &&
                       (major > 6 || (major == 6 && minor >= 16));
    if (exact) {
      const std::string stat = by.at(pid + "/stat").at("kib");
      if (stat != by.at(pid + "/status").at("kib"))
        CHECK(by.count(pid + "/stat_counter_lags") == 1);
      CHECK(by.count(pid + "/counters_per_cpu") == 0);
      CHECK(by.count(pid + "/counters_per_thread") == 0);
    }
  }
  // The group block: its sums, and (as root) the exact group-unique figure, which counts the
  // pages members share only with each other: at least the sum of USS.
  const auto shown_sum = to_u64(by.at("/pss_sum").at("kib"));
  REQUIRE(shown_sum);
  CHECK(*shown_sum <= pss_sum);
  CHECK(pss_sum - *shown_sum <= 64 * scene.processes().size());
  CHECK(by.at("/uss_sum").at("kib") == std::to_string(uss_sum));
  if (::geteuid() == 0) {
    const auto unique_kib = to_u64(by.at("/group_unique").at("kib"));
    REQUIRE(unique_kib);
    CHECK(*unique_kib >= uss_sum);
  }
}
