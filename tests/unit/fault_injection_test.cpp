// Faults that a real proc tree cannot give to root, injected through the fake source: refused
// files, errors and early ends in the middle of a read, a pid reused between two reads, a zombie
// leader with a live thread, thread ids named with -p. Each must give a true outcome, never a
// number printed as if right.
#include <catch2/catch.hpp>
#include <string>

#include "../support/fake_proc_source.hpp"
#include "../support/fake_tree.hpp"
#include "memwho/proc/proc_source.hpp"
#include "memwho/report/diagnostics.hpp"
#include "memwho/scan/read_mappings.hpp"
#include "memwho/scan/scan.hpp"

using memwho::MappingsOutcome;
using memwho::ProcessRecord;
using memwho::ScanRequest;
using memwho::SmapsKey;
using memwho::SmapsOrigin;
using memwho::test::add_process;
using memwho::test::FakeProcSource;
using memwho::test::rollup;
using memwho::test::smaps;
using memwho::test::stat;
using memwho::test::status;

namespace {

ScanRequest request(bool start_time = false) {
  ScanRequest req;
  req.needs.cmdline = true;
  req.needs.smaps = true;
  req.needs.start_time = start_time;
  return req;
}

ProcessRecord only(const memwho::ScanResult& result) {
  REQUIRE(result.records.size() == 1);
  return result.records[0];
}

memwho::MappingsRead mappings_of(const FakeProcSource& fake, const ProcessRecord& rec,
                                 std::size_t* rows = nullptr) {
  memwho::ReadBuffer buf;
  std::size_t count = 0;
  auto read = memwho::read_mappings(fake, rec, buf, [&](const memwho::Mapping&) {
    ++count;
    return true;
  });
  if (rows != nullptr) *rows = count;
  return read;
}

}  // namespace

TEST_CASE("fake source: an ordinary process reads as it would from /proc", "[fault]") {
  FakeProcSource fake;
  add_process(fake, 100);
  const auto rec = only(memwho::scan(fake, request(true)));
  CHECK(rec.name == "app");
  CHECK(rec.command == "app --serve");
  CHECK(rec.start_time == 1000u);
  CHECK(rec.smaps_origin == SmapsOrigin::rollup);
  CHECK(rec.smaps.get(SmapsKey::pss) == 40u);
  std::size_t rows = 0;
  const auto read = mappings_of(fake, rec, &rows);
  CHECK(read.outcome == MappingsOutcome::complete);
  CHECK(rows == 10);
  REQUIRE(read.exact);
  CHECK(read.exact->get(SmapsKey::pss) == 40u);
}

TEST_CASE("fault: smaps_rollup refused (EACCES) even to root", "[fault]") {
  FakeProcSource fake;
  add_process(fake, 100);
  fake.fail_open("100/smaps_rollup", EACCES);
  const auto result = memwho::scan(fake, request());
  const auto rec = only(result);
  CHECK(rec.smaps_origin == SmapsOrigin::denied);
  CHECK_FALSE(rec.uss().has_value());
  CHECK(rec.vm_rss == 2048u);  // status still gives what it has
  CHECK(result.smaps_denied == 1);
}

TEST_CASE("fault: smaps refused, or failing with EIO half way, is not a listing", "[fault]") {
  FakeProcSource fake;
  add_process(fake, 100, 50);
  const auto rec = only(memwho::scan(fake, request()));
  SECTION("EACCES") {
    fake.fail_open("100/smaps", EACCES);
    CHECK(mappings_of(fake, rec).outcome == MappingsOutcome::denied);
  }
  SECTION("EIO after 10 KiB") {
    fake.fail_after("100/smaps", 10240, EIO);
    const auto read = mappings_of(fake, rec);
    CHECK(read.outcome == MappingsOutcome::failed);
    CHECK(read.read.error == EIO);
    CHECK_FALSE(read.exact.has_value());
  }
  SECTION("ESRCH after 10 KiB: the process was reaped during the read") {
    fake.fail_after("100/smaps", 10240, ESRCH);
    std::size_t rows = 0;
    const auto read = mappings_of(fake, rec, &rows);
    CHECK(read.outcome == MappingsOutcome::cut_short);
    CHECK(rows > 0);
    CHECK(rows < 50);
  }
}

TEST_CASE("fault: smaps that ends early is never taken for a whole listing", "[fault]") {
  FakeProcSource fake;
  add_process(fake, 100, 50);
  const auto rec = only(memwho::scan(fake, request()));
  SECTION("cut inside a record: its VmFlags line is missing") {
    fake.end_after("100/smaps", 10000);
    CHECK(mappings_of(fake, rec).outcome == MappingsOutcome::cut_short);
  }
  SECTION("cut at a record boundary, the task exiting: State R but no VmSize any more") {
    // The finding: 30,000 mappings, exit 30 ms later; smaps stops at a whole record, and the
    // status read after it says R without Vm* lines. Only 'Z' was checked.
    const std::string full = smaps(50);
    const std::size_t cut = full.find("VmFlags", full.size() / 2);
    fake.end_after("100/smaps", full.find('\n', cut) + 1);
    fake.after_read("100/smaps",
                    [&fake] { fake.add("100/status", status(100, "R (running)", false)); });
    std::size_t rows = 0;
    CHECK(mappings_of(fake, rec, &rows).outcome == MappingsOutcome::cut_short);
    CHECK(rows > 0);
    CHECK(rows < 50);
  }
  SECTION("a zombie afterwards") {
    fake.after_read("100/smaps",
                    [&fake] { fake.add("100/status", status(100, "Z (zombie)", false)); });
    CHECK(mappings_of(fake, rec).outcome == MappingsOutcome::cut_short);
  }
}

TEST_CASE("fault: a pid reused between the scan and the maps read is refused", "[fault]") {
  // The scan identifies pid 100 (started at tick 1000) and closes its directory; before the
  // mappings are read, that process exits and the pid wraps around to a new one (tick 2000).
  FakeProcSource fake;
  add_process(fake, 100, 10, 1000);
  fake.after_read("100/stat", [&fake] {
    fake.add("100/stat", stat(100, 2000));
    fake.add("100/smaps", smaps(3, 64));
  });
  const auto rec = only(memwho::scan(fake, request(true)));
  CHECK(rec.start_time == 1000u);
  std::size_t rows = 0;
  CHECK(mappings_of(fake, rec, &rows).outcome == MappingsOutcome::reused);
  CHECK(rows == 0);  // not one row of the other process under this one's title
}

TEST_CASE("fault: a zombie leader whose threads live on keeps its memory", "[fault]") {
  // main() called pthread_exit(): the leader is Z with no Vm* lines and refuses smaps_rollup;
  // thread 101 runs on with all the memory, visible in task/101.
  FakeProcSource fake;
  fake.add("100/status", status(100, "Z (zombie)", false, 2));
  fake.add("100/stat", stat(100, 1000));
  fake.add("100/cmdline", "");
  fake.fail_open("100/smaps_rollup", ESRCH);
  fake.add("100/smaps", "");
  fake.add("100/task/100/status", status(100, "Z (zombie)", false, 2));
  fake.add("100/task/101/status", status(101, "S (sleeping)", true, 2, 100));
  fake.add("100/task/101/cmdline", std::string("worker\0-x\0", 10));
  fake.add("100/task/101/smaps_rollup", rollup(206408));
  fake.add("100/task/101/smaps", smaps(5, 4));
  const auto result = memwho::scan(fake, request(true));
  const auto rec = only(result);  // listed without -p: it is no zombie to leave out
  CHECK(rec.has_mm);
  CHECK(rec.mm_tid == 101);
  CHECK(rec.vm_rss == 2048u);
  CHECK(rec.command == "worker -x");
  CHECK(rec.smaps_origin == SmapsOrigin::rollup);
  CHECK(rec.smaps.get(SmapsKey::pss) == 206408u);
  std::size_t rows = 0;
  CHECK(mappings_of(fake, rec, &rows).outcome == MappingsOutcome::complete);
  CHECK(rows == 5);
}

TEST_CASE("fault: -p with a thread id reports its process once", "[fault]") {
  FakeProcSource fake;
  add_process(fake, 100);
  // /proc/101 is not listed (a thread) but opens, and its status says Tgid 100.
  fake.add("101/status", status(101, "S (sleeping)", true, 2, 100));
  fake.add("101/smaps_rollup", rollup(40));
  ScanRequest req = request();
  req.selector.pids = {100, 101};
  const auto result = memwho::scan(fake, req);
  REQUIRE(result.records.size() == 1);
  CHECK(result.records[0].pid == 100);
  REQUIRE(result.thread_pids.size() == 1);
  CHECK(result.thread_pids[0].tid == 101);
  CHECK(result.thread_pids[0].tgid == 100);
  CHECK(fake.list_pids() == std::vector<int>{100, 101});  // (the fake lists both; /proc would not)
}

TEST_CASE("fault: status refused (hidepid=1) or broken", "[fault]") {
  FakeProcSource fake;
  add_process(fake, 100);
  add_process(fake, 200);
  add_process(fake, 300);
  fake.fail_open("100/status", EPERM);      // hidepid=1
  fake.add("200/status", "");               // empty, though the process is there
  fake.add("300/status", "Name:\tx\nPid");  // truncated garbage
  const auto result = memwho::scan(fake, request());
  REQUIRE(result.records.size() == 3);
  for (const auto& r : result.records) {
    INFO(r.pid);
    CHECK_FALSE(r.identity_known);  // shown as '-', never as a process without memory
    CHECK_FALSE(r.vm_rss.has_value());
  }
  CHECK(result.unidentified == 1);  // only the refused one is hidepid
  REQUIRE(result.problems.size() == 2);
  CHECK(result.problems[0].pid == 200);
  CHECK(result.problems[0].what == "empty");
  CHECK(result.problems[1].pid == 300);
}

TEST_CASE("fault: an empty status of a reaped task is a silent exit", "[fault]") {
  FakeProcSource fake;
  fake.add("100/status", "");  // and nothing else: the task is gone
  const auto result = memwho::scan(fake, request());
  CHECK(result.records.empty());
  CHECK(result.problems.empty());
}

TEST_CASE("fault: malformed and overflowing values are unknown and named", "[fault]") {
  FakeProcSource fake;
  add_process(fake, 100);
  fake.add("100/status", status(100) + "VmHWM:\t0x10 kB\n");
  fake.add("100/smaps_rollup", rollup(40) + "Pss:                 99 kB\n");  // Pss twice
  const auto result = memwho::scan(fake, request());
  const auto rec = only(result);
  CHECK_FALSE(rec.smaps.get(SmapsKey::pss).has_value());  // never 40 + 99
  CHECK(rec.smaps.get(SmapsKey::rss) == 40u);
  REQUIRE(result.problems.size() == 2);
  CHECK(result.problems[0].file == "status");
  CHECK(result.problems[0].what.find("VmHWM") != std::string::npos);
  CHECK(result.problems[1].file == "smaps_rollup");
  CHECK(result.problems[1].what.find("Pss") != std::string::npos);
}

TEST_CASE("parse_pid: a directory named 0100 is not pid 100", "[fault]") {
  CHECK(memwho::parse_pid("100") == 100);
  CHECK_FALSE(memwho::parse_pid("0100"));
  CHECK_FALSE(memwho::parse_pid("0"));
  CHECK_FALSE(memwho::parse_pid(""));
  CHECK_FALSE(memwho::parse_pid("12a"));
  CHECK_FALSE(memwho::parse_pid("-1"));
  CHECK_FALSE(memwho::parse_pid("99999999999"));
}

TEST_CASE("faults: the footer says what the totals cover and what vanished", "[faults]") {
  memwho::test::FakeProcSource fake;
  memwho::test::add_process(fake, 100);
  memwho::test::add_process(fake, 200);
  memwho::test::add_process(fake, 300);
  fake.fail_open("200/smaps_rollup", EACCES);  // refused: shown, not in the totals
  fake.fail_open("300/smaps_rollup", ESRCH);   // exited while read: not shown
  memwho::ScanRequest request;
  request.needs.smaps = true;
  const memwho::ScanResult result = memwho::scan(fake, request);
  REQUIRE(result.records.size() == 2);
  CHECK(result.vanished == 1);
  const auto note = memwho::coverage_note(result);
  REQUIRE(note);
  CHECK(note->code == "coverage");
  CHECK(note->text ==
        "Partial figures: 1 of the 2 processes could not be read (smaps_rollup refused): the "
        "totals cover the other 1. 1 process exited while memwho read it: not shown, in no "
        "total.");
  fake.add("200/smaps_rollup", memwho::test::rollup(40));
  fake.add("300/smaps_rollup", memwho::test::rollup(40));
  CHECK_FALSE(memwho::coverage_note(memwho::scan(fake, request)));
}
