// Tests of whole applications: the cgroup parsers, grouping, the tree and its subtree sums,
// --top/--min, and --descendants' two passes (through the fake source).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "../support/fake_tree.hpp"
#include "memwho/aggregate/tree.hpp"
#include "memwho/model/group_columns.hpp"
#include "memwho/model/group_row.hpp"
#include "memwho/proc/parse_cgroup.hpp"
#include "memwho/report/row_limit.hpp"
#include "memwho/scan/scan.hpp"

using memwho::CgroupMemory;
using memwho::GroupBy;
using memwho::ProcessRecord;
using memwho::SmapsKey;
using memwho::SmapsOrigin;

namespace {

/// A measured process: `pss` and `uss` KiB (uss as Private_Dirty), parent `ppid`.
ProcessRecord proc(int pid, int ppid, std::uint64_t pss, std::uint64_t uss,
                   std::string program = "app", std::string name = "ruby") {
  ProcessRecord r;
  r.pid = pid;
  r.ppid = ppid;
  r.identity_known = true;
  r.has_mm = true;
  r.name = std::move(name);
  r.program = program;
  r.command = program + " " + std::to_string(pid);
  r.uid = 0;
  r.user = "root";
  r.smaps_origin = SmapsOrigin::rollup;
  r.smaps.add_once(SmapsKey::pss, pss);
  r.smaps.add_once(SmapsKey::private_dirty, uss);
  r.smaps.add_once(SmapsKey::private_clean, 0);
  return r;
}

ProcessRecord unreadable(int pid, int ppid) {
  ProcessRecord r = proc(pid, ppid, 0, 0);
  r.smaps = {};
  r.smaps_origin = SmapsOrigin::denied;
  return r;
}

memwho::ProcessSortKey by(std::string_view key) {
  return *memwho::parse_sort_key(memwho::process_columns(), key,
                                 memwho::kInProcesses | memwho::kInTree);
}

}  // namespace

TEST_CASE("cgroup: /proc/PID/cgroup names the memory cgroup, v1 before v2", "[groups]") {
  const auto hybrid = memwho::parse_proc_cgroup(
      "12:pids:/a\n11:cpu,memory:/system.slice/nginx.service\n0::/unified/path\n");
  REQUIRE(hybrid);
  CHECK(hybrid->v1);
  CHECK(hybrid->path == "/system.slice/nginx.service");
  const auto v2 = memwho::parse_proc_cgroup("0::/system.slice/a:b.service (deleted)\n");
  REQUIRE(v2);
  CHECK_FALSE(v2->v1);
  CHECK(v2->path == "/system.slice/a:b.service");  // ':' in a path, " (deleted)" dropped
  CHECK_FALSE(memwho::parse_proc_cgroup("5:cpu:/x\ngarbage\n"));
  CHECK_FALSE(memwho::parse_proc_cgroup(""));
  // memoryx is not memory.
  CHECK_FALSE(memwho::parse_proc_cgroup("3:memoryx:/x\n"));
}

TEST_CASE("cgroup: the unit or container a path names", "[groups]") {
  CHECK(memwho::cgroup_unit("/system.slice/nginx.service") == "nginx.service");
  CHECK(memwho::cgroup_unit("/user.slice/user-0.slice/session-3.scope") == "session-3.scope");
  const std::string id(64, 'a');
  CHECK(memwho::cgroup_unit("/system.slice/docker-" + id + ".scope") == "aaaaaaaaaaaa");
  CHECK(memwho::cgroup_unit("/docker/" + id) == "aaaaaaaaaaaa");
  CHECK(memwho::cgroup_unit("/process_api/828b577ff8884944") == "");
  CHECK(memwho::cgroup_unit("/") == "");
}

TEST_CASE("cgroup: memory.stat and byte counts", "[groups]") {
  CgroupMemory v2;
  memwho::parse_memory_stat(
      "anon 1048576\nfile 2097152\nkernel 4096\nsock 8192\nshmem 1024\nfile_mapped 3072\n"
      "anon_thp 0\nbogus line\n",
      false, v2);
  CHECK(v2.anon == 1024u);
  CHECK(v2.file == 2048u);
  CHECK(v2.kernel == 4u);
  CHECK(v2.sock == 8u);
  CHECK(v2.shmem == 1u);
  CHECK(v2.mapped == 3u);
  CgroupMemory v1;
  // The hierarchical total_* win over the cgroup's own, whichever comes first.
  memwho::parse_memory_stat(
      "total_rss 4194304\nrss 1048576\ncache 1048576\ntotal_cache 8388608\nshmem 0\n", true, v1);
  CHECK(v1.anon == 4096u);
  CHECK(v1.file == 8192u);
  CHECK(v1.shmem == 0u);
  CHECK(memwho::parse_byte_count_kib("826085376\n") == 806724u);
  CHECK_FALSE(memwho::parse_byte_count_kib("max\n"));
  CHECK_FALSE(memwho::parse_byte_count_kib("12 34\n"));
  CHECK_FALSE(memwho::parse_byte_count_kib(""));
}

TEST_CASE("groups: by program, so rewritten titles fall under their application", "[groups]") {
  std::vector<ProcessRecord> rs{proc(1, 0, 100, 50, "unicorn"), proc(2, 1, 30, 10, "unicorn"),
                                proc(3, 1, 30, 10, "unicorn"), proc(4, 0, 7, 7, "puma")};
  rs.push_back(proc(5, 0, 5, 5, "", "kworker"));  // no command line: its comm
  const auto groups = memwho::group_records(rs, GroupBy::name);
  REQUIRE(groups.size() == 3);
  CHECK(groups[0].key == "unicorn");
  CHECK(groups[0].processes == 3);
  CHECK(groups[0].summed(SmapsKey::pss) == 160u);
  CHECK(groups[0].sum.uss() == 70u);
  CHECK(groups[1].key == "puma");
  CHECK(groups[2].key == "kworker");
}

TEST_CASE("groups: an unreadable member makes the sums lower bounds", "[groups]") {
  std::vector<ProcessRecord> rs{proc(1, 0, 100, 50), unreadable(2, 1)};
  const auto groups = memwho::group_records(rs, GroupBy::user);
  REQUIRE(groups.size() == 1);
  CHECK(groups[0].processes == 2);
  CHECK_FALSE(groups[0].summed(SmapsKey::pss));
  const memwho::Cell cell = groups[0].sum_cell(groups[0].sum.get(SmapsKey::pss));
  const auto* size = std::get_if<memwho::SizeKib>(&cell);
  REQUIRE(size != nullptr);
  CHECK(size->kib == 100u);
  CHECK(size->at_least);
  // Nobody readable: unknown, not a bound of 0.
  const auto none = memwho::group_records({unreadable(3, 1)}, GroupBy::user);
  CHECK(memwho::is_unknown(none[0].sum_cell(none[0].sum.get(SmapsKey::pss))));
}

TEST_CASE("tree: parents above children, subtree sums, siblings by subtree PSS", "[groups]") {
  // 1 -> {2 -> {4}, 3}; 5 alone; 6's parent (99) is not shown: a root.
  std::vector<ProcessRecord> rs{proc(4, 2, 40, 4), proc(3, 1, 30, 3), proc(1, 0, 10, 1),
                                proc(2, 1, 5, 5),  proc(5, 0, 1, 1),  proc(6, 99, 200, 2)};
  memwho::arrange_tree(rs, by("subtree_pss"));
  std::vector<int> order;
  for (const auto& r : rs) order.push_back(r.pid);
  CHECK(order == std::vector<int>{6, 1, 2, 4, 3, 5});
  CHECK(rs[1].tree->pss == 85u);  // 10 + 5 + 40 + 30
  CHECK(rs[1].tree->uss == 13u);
  CHECK(rs[1].tree->processes == 4);
  CHECK(rs[2].tree->pss == 45u);
  CHECK(rs[2].tree->depth == 1);
  CHECK(rs[3].tree->depth == 2);
  CHECK(rs[3].tree->drawn == "|   `-- app 4");
  CHECK(rs[2].tree->drawn == "|-- app 2");
  CHECK(rs[4].tree->drawn == "`-- app 3");
  CHECK(memwho::subtree_end(rs, 1) == 5);
  CHECK(memwho::subtree_end(rs, 0) == 1);
}

TEST_CASE("tree: an unreadable process makes its ancestors' sums lower bounds", "[groups]") {
  std::vector<ProcessRecord> rs{proc(1, 0, 10, 1), unreadable(2, 1)};
  memwho::arrange_tree(rs, by("subtree_pss"));
  CHECK(rs[0].tree->pss == 10u);
  CHECK(rs[0].tree->partial);
  const auto* col = memwho::find_process_column("subtree_pss", memwho::kInTree);
  const auto cell = col->value(rs[0]);
  CHECK(std::get<memwho::SizeKib>(cell).at_least);
  CHECK(memwho::is_unknown(col->value(rs[1])));  // alone and unreadable: unknown
}

TEST_CASE("tree: a parent cycle (a crafted tree) and a long chain are safe", "[groups]") {
  std::vector<ProcessRecord> cycle{proc(1, 2, 1, 1), proc(2, 1, 1, 1), proc(3, 3, 1, 1)};
  memwho::arrange_tree(cycle, by("pid"));
  REQUIRE(cycle.size() == 3);
  for (const auto& r : cycle) CHECK(r.tree->processes <= 2);
  // 200,000 processes in one chain: no recursion to overflow, no quadratic drawing.
  std::vector<ProcessRecord> chain;
  for (int i = 1; i <= 200000; ++i) chain.push_back(proc(i, i - 1, 1, 1));
  memwho::arrange_tree(chain, by("subtree_pss"));
  CHECK(chain.front().pid == 1);
  CHECK(chain.front().tree->pss == 200000u);
  CHECK(chain.back().tree->depth == 199999);
  CHECK(chain.back().tree->drawn.size() < 200);
}

TEST_CASE("limit: --top and --min keep rows in order and leave the rest behind", "[groups]") {
  std::vector<ProcessRecord> rs{proc(1, 0, 500, 1), proc(2, 0, 300, 1), proc(3, 0, 100, 1),
                                unreadable(4, 0)};
  const auto* pss = memwho::find_process_column("pss");
  const auto key_of = [&](const ProcessRecord& r) { return pss->value(r); };
  memwho::RowLimit top2;
  top2.top = 2;
  auto a = rs;
  CHECK(memwho::keep_rows(a, key_of, top2, memwho::next_row<ProcessRecord>) == 2);
  CHECK(a[0].pid == 1);
  CHECK(a[1].pid == 2);
  CHECK(a.size() == 4);  // the rest stays, behind, for the footer
  memwho::RowLimit min;
  min.min_kib = 200;
  auto b = rs;
  CHECK(memwho::keep_rows(b, key_of, min, memwho::next_row<ProcessRecord>) == 2);
  CHECK(b[2].pid == 3);
  CHECK(b[3].pid == 4);  // an unknown value is below every --min
  memwho::RowLimit none;
  auto c = rs;
  CHECK(memwho::keep_rows(c, key_of, none, memwho::next_row<ProcessRecord>) == 4);
}

TEST_CASE("limit: --top in the tree counts whole trees", "[groups]") {
  std::vector<ProcessRecord> rs{proc(1, 0, 10, 1), proc(2, 1, 100, 1), proc(3, 0, 50, 1)};
  memwho::arrange_tree(rs, by("subtree_pss"));
  const auto* col = memwho::find_process_column("subtree_pss", memwho::kInTree);
  memwho::RowLimit top1;
  top1.top = 1;
  const std::size_t kept = memwho::keep_rows(
      rs, [&](const ProcessRecord& r) { return col->value(r); }, top1, memwho::subtree_end);
  CHECK(kept == 2);  // process 1 with its child
  CHECK(rs[2].pid == 3);
}

TEST_CASE("descendants: every descendant whatever its name, but never memwho itself", "[groups]") {
  using namespace memwho::test;
  FakeProcSource fake;
  auto child_of = [&](int pid, int ppid, const char* comm) {
    add_process(fake, pid);
    std::string s = status(pid);
    s.replace(s.find("PPid:\t1"), 7, "PPid:\t" + std::to_string(ppid));
    s.replace(s.find("Name:\tapp"), 9, std::string("Name:\t") + comm);
    fake.add(std::to_string(pid) + "/status", s);
  };
  child_of(10, 1, "master");
  child_of(11, 10, "helper");
  child_of(12, 11, "grandchild");
  child_of(13, 11, "memwho");
  child_of(20, 1, "other");
  fake.set_self(13);
  memwho::ScanRequest req;
  req.selector.names = {"master"};
  req.selector.self_pid = 13;
  req.needs.smaps = true;
  req.descendants = true;
  auto result = memwho::scan(fake, req);
  std::vector<int> pids;
  for (const auto& r : result.records) pids.push_back(r.pid);
  CHECK(pids == std::vector<int>{10, 11, 12});
  for (const auto& r : result.records) CHECK(r.smaps.get(SmapsKey::pss) == 40u);

  // A pid reused between the passes (a new start time) is another process: not measured.
  fake.after_read("12/stat", [&fake] { fake.add("12/stat", stat(12, 5000)); });
  result = memwho::scan(fake, req);
  pids.clear();
  for (const auto& r : result.records) pids.push_back(r.pid);
  CHECK(pids == std::vector<int>{10, 11});
}
