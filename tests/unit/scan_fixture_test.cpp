// Tests of ProcRoot, identify_process, measure_process and scan() on the fixture proc trees in
// tests/fixtures (see the README there for what each pid exercises and the numbers behind it).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cerrno>
#include <map>
#include <string>

#include "memwho/proc/proc_source.hpp"
#include "memwho/scan/scan.hpp"

using memwho::ProcessRecord;
using memwho::ProcSource;
using memwho::ScanRequest;
using memwho::SmapsKey;
using memwho::SmapsOrigin;

namespace {

std::unique_ptr<ProcSource> open_tree(const char* name) {
  std::string error;
  auto root = memwho::open_proc_dir(std::string(MEMWHO_TEST_DATA) + "/fixtures/" + name, error);
  INFO(error);
  REQUIRE(root);
  return root;
}

ScanRequest full_request() {
  ScanRequest req;
  req.needs.cmdline = true;
  req.needs.smaps = true;
  req.jobs = 1;
  return req;
}

std::map<int, ProcessRecord> by_pid(std::vector<ProcessRecord> records) {
  std::map<int, ProcessRecord> out;
  for (auto& r : records) {
    const int pid = r.pid;
    out.emplace(pid, std::move(r));
  }
  return out;
}

}  // namespace

TEST_CASE("fixtures: proc-basic is read the way a live /proc is", "[fixtures]") {
  const auto root = open_tree("proc-basic");
  CHECK_FALSE(root->self_pid().has_value());  // no "self" link in this tree
  auto pids = root->list_pids();
  std::sort(pids.begin(), pids.end());
  CHECK(pids == std::vector<int>{2, 3, 100, 200, 300, 400, 500, 600, 601, 602, 603, 700});

  const auto result = memwho::scan(*root, full_request());
  CHECK(result.listed == 12);
  CHECK(result.unidentified == 0);
  CHECK(result.problems.empty());
  CHECK(result.missing_pids.empty());
  const auto recs = by_pid(result.records);
  // Kernel threads (2, 3) and the zombie (200) are not listed without -p.
  std::vector<int> listed;
  for (const auto& [pid, r] : recs) listed.push_back(pid);
  CHECK(listed == std::vector<int>{100, 300, 400, 500, 600, 601, 602, 603, 700});

  SECTION("an ordinary process: sizes from status, counters from smaps_rollup") {
    const ProcessRecord& r = recs.at(100);
    CHECK(r.name == "alpha");
    CHECK(r.command == "/usr/sbin/alpha -d");
    CHECK(r.uid == 0u);
    CHECK(r.ppid == 1);
    CHECK(r.vm_size == 10240u);
    CHECK(r.vm_rss == 4096u);
    CHECK(r.smaps_origin == SmapsOrigin::rollup);
    CHECK(r.smaps.get(SmapsKey::pss) == 2048u);
    CHECK(r.uss() == 1024u);
  }
  SECTION("the hostile name arrives raw (unescaped from status), cmdline NULs become spaces") {
    const ProcessRecord& r = recs.at(300);
    CHECK(r.name == "e\\v\til\x1b[31m\nx");
    CHECK(r.command ==
          "ev\x1b[31mil --red\nline \xe2\x80\xaegnp.exe \xc2\x9b"
          "2J caf\xc3\xa9 back\\x41slash");
  }
  SECTION("no smaps_rollup: the counters are summed over smaps") {
    const ProcessRecord& r = recs.at(400);
    CHECK(r.smaps_origin == SmapsOrigin::smaps_sum);
    CHECK(r.smaps.get(SmapsKey::rss) == 1364u);
    CHECK(r.smaps.get(SmapsKey::pss) == 1214u);
    CHECK(r.uss() == 1064u);
    CHECK(r.smaps.get(SmapsKey::swap) == 100u);
    CHECK(r.smaps.get(SmapsKey::size) == 1756u);  // Σ Size includes [vsyscall]: VmSize + 4
    CHECK(r.vm_size == 1752u);
    CHECK_FALSE(r.smaps.has(SmapsKey::pss_dirty));  // a 4.9 kernel does not say
  }
  SECTION("huge values survive") {
    const ProcessRecord& r = recs.at(500);
    CHECK(r.vm_size == 137438953472u);
    CHECK(r.smaps.get(SmapsKey::rss) == 2147483648u);
    CHECK(r.smaps.get(SmapsKey::pss) == 1744830464u);
  }
  SECTION("the preforking family: PSS adds up to shared + private memory") {
    std::uint64_t pss = 0, uss = 0, rss = 0;
    for (int pid : {600, 601, 602, 603}) {
      const ProcessRecord& r = recs.at(pid);
      CHECK(r.name == "ruby");
      CHECK(r.uid == 4242u);
      pss += *r.smaps.get(SmapsKey::pss);
      uss += *r.uss();
      rss += *r.vm_rss;
    }
    CHECK(pss == 194560u);  // 90 MiB shared + 100 MiB private
    CHECK(uss == 102400u);
    CHECK(rss == 4 * 92160u + 102400u);  // RSS counts the shared 90 MiB four times
    // setproctitle's trailing NULs do not leave trailing spaces.
    CHECK(recs.at(601).command == "unicorn worker[0] -c /etc/unicorn.rb");
    CHECK(recs.at(600).command == "unicorn master -c /etc/unicorn.rb");
  }
}

TEST_CASE("fixtures: kernel threads and zombies named by pid", "[fixtures]") {
  const auto root = open_tree("proc-basic");
  ScanRequest req = full_request();
  req.selector.pids = {2, 3, 200};
  const auto recs = by_pid(memwho::scan(*root, req).records);
  REQUIRE(recs.size() == 3);

  const ProcessRecord& kthreadd = recs.at(2);
  CHECK(kthreadd.kernel_thread);  // from "Kthread: 1"
  CHECK_FALSE(kthreadd.has_mm);
  CHECK(kthreadd.smaps_origin == SmapsOrigin::no_mm);
  CHECK(kthreadd.command == "[kthreadd]");  // no cmdline: shown as ps shows it

  const ProcessRecord& kworker = recs.at(3);
  CHECK(kworker.kernel_thread);  // no Kthread line: from stat's PF_KTHREAD
  CHECK(kworker.state == 'I');
  CHECK(kworker.name == "kworker/0:1-events");

  const ProcessRecord& zombie = recs.at(200);
  CHECK_FALSE(zombie.kernel_thread);
  CHECK_FALSE(zombie.has_mm);
  CHECK(zombie.state == 'Z');
  CHECK(zombie.smaps_origin == SmapsOrigin::no_mm);
  CHECK(zombie.uss() == 0u);
}

TEST_CASE("fixtures: missing pids are reported", "[fixtures]") {
  const auto root = open_tree("proc-basic");
  ScanRequest req = full_request();
  req.selector.pids = {99999, 100, 12345};
  const auto result = memwho::scan(*root, req);
  REQUIRE(result.records.size() == 1);
  CHECK(result.records[0].pid == 100);
  CHECK(result.missing_pids == std::vector<int>{12345, 99999});
}

TEST_CASE("fixtures: a pid given twice is reported once", "[fixtures]") {
  // `memwho -p 100,100` (or -p 100 -p 100) must not list pid 100 twice: the TOTAL row and the
  // "PSS ... is the real total" line would count it twice. ps -p 1,1 shows one row.
  // BUG (src/scan/scan.cpp): scan() walks selector.pids as given, duplicates included.
  const auto root = open_tree("proc-basic");
  ScanRequest req = full_request();
  req.selector.pids = {100, 100, 99999, 99999};
  const auto result = memwho::scan(*root, req);
  CHECK(result.records.size() == 1);
  CHECK(result.missing_pids == std::vector<int>{99999});
}

TEST_CASE("fixtures: read errors other than gone or denied", "[fixtures]") {
  const auto root = open_tree("proc-errors");
  ScanRequest req = full_request();
  const auto result = memwho::scan(*root, req);
  const auto recs = by_pid(result.records);
  std::vector<int> listed;
  for (const auto& [pid, r] : recs) listed.push_back(pid);
  // Every process is listed: none is lost without a word.
  CHECK(listed == std::vector<int>{10, 11, 12, 13});
  // 11: smaps_rollup is a directory: kept, counters unknown, the reason reported.
  CHECK(recs.at(11).smaps_origin == SmapsOrigin::failed);
  CHECK_FALSE(recs.at(11).uss().has_value());
  // 12: status is a directory: shown by pid only, and said to be a directory, not hidepid.
  CHECK(result.unidentified == 0);
  CHECK_FALSE(recs.at(12).identity_known);
  CHECK(recs.at(12).smaps_origin == SmapsOrigin::not_read);
  // 13: an empty smaps_rollup while status still shows an address space: a broken file, not an
  // exit. Kept with unknown counters.
  CHECK(recs.at(13).smaps_origin == SmapsOrigin::failed);
  REQUIRE(result.problems.size() == 3);
  CHECK(result.problems[0].pid == 11);
  CHECK(result.problems[0].file == "smaps_rollup");
  CHECK(result.problems[0].what == "not a regular file (a directory)");
  CHECK(result.problems[1].pid == 12);
  CHECK(result.problems[1].file == "status");
  CHECK(result.problems[1].what == "not a regular file (a directory)");
  CHECK(result.problems[2].pid == 13);
  CHECK(result.problems[2].what == "no counters in it");

  SECTION("without smaps columns the same processes are listed") {
    req.needs.smaps = false;
    const auto all = by_pid(memwho::scan(*root, req).records);
    CHECK(all.size() == 4);
  }
}

TEST_CASE("fixtures: memwho itself is left out unless named", "[fixtures]") {
  const auto root = open_tree("proc-self");
  REQUIRE(root->self_pid() == 21);
  ScanRequest req = full_request();
  req.selector.self_pid = root->self_pid();
  auto result = memwho::scan(*root, req);
  REQUIRE(result.records.size() == 1);
  CHECK(result.records[0].pid == 20);
  req.selector.pids = {21};
  result = memwho::scan(*root, req);
  REQUIRE(result.records.size() == 1);
  CHECK(result.records[0].pid == 21);
}

TEST_CASE("fixtures: an empty tree and a missing tree", "[fixtures]") {
  const auto root = open_tree("proc-empty");
  CHECK(root->list_pids().empty());
  CHECK(memwho::scan(*root, full_request()).records.empty());

  std::string error;
  CHECK_FALSE(memwho::open_proc_dir("/nonexistent/proc", error));
  CHECK(error.find("/nonexistent/proc") != std::string::npos);
}

TEST_CASE("fixtures: several threads give the same records as one", "[fixtures]") {
  const auto root = open_tree("proc-basic");
  ScanRequest one = full_request();
  ScanRequest many = full_request();
  many.jobs = 4;
  const auto a = memwho::scan(*root, one).records;
  const auto b = memwho::scan(*root, many).records;
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].pid == b[i].pid);  // pid-list order, whatever thread read it
    CHECK(a[i].smaps.get(SmapsKey::pss) == b[i].smaps.get(SmapsKey::pss));
  }
}
