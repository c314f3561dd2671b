// Live tests of whole applications: real scenes of masters and workers with rewritten titles,
// grouped, drawn as trees, and held in a real child memory cgroup; every figure checked against
// the kernel's own smaps_rollup and cgroup files.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>
#include <thread>

#include "live_support.hpp"

using namespace memwho::live;

namespace {

/// Σ the kernel's smaps_rollup Pss (KiB) over pids.
std::uint64_t kernel_pss(const std::vector<int>& pids) {
  std::uint64_t sum = 0;
  for (int pid : pids) sum += kernel_kib(pid, "smaps_rollup", "Pss");
  return sum;
}

bool within_1pct(std::uint64_t a, std::uint64_t b) {
  const auto d = a > b ? a - b : b - a;
  return d * 100 <= b;
}

}  // namespace

TEST_CASE("groups: a master and workers with rewritten titles are one application", "[live]") {
  // comm "ruby" for every process, as an interpreter's; the titles name the application.
  const std::string a = unique("lvga"), b = unique("lvgb");
  Scene one(
      {"--workers", "3", "--shared-mib", "8", "--private-mib", "2", "--name", a, "--comm", "ruby"});
  Scene two(
      {"--workers", "1", "--shared-mib", "4", "--private-mib", "1", "--name", b, "--comm", "ruby"});
  // memwho runs as a copy under a name of its own, so that "never counts itself" is checked
  // whatever other memwho runs on the machine meanwhile.
  const std::string self = "/tmp/" + unique("lvgself");
  REQUIRE(run({"cp", MEMWHO_BINARY, self}).rc == 0);
  const auto r = run({self, "--group=name", "--format=tsv", "-o", "group,processes,pss"});
  ::unlink(self.c_str());
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
  std::map<std::string, std::map<std::string, std::string>> rows;
  for (auto& row : parse_tsv(r.out)) rows[row.at("group")] = row;
  for (auto* scene : {&one, &two}) {
    const std::string& name = scene == &one ? a : b;
    REQUIRE(rows.count(name) == 1);
    std::vector<int> pids;
    for (const auto& p : scene->processes()) pids.push_back(p.pid);
    CHECK(std::stoul(rows[name].at("processes")) == pids.size());
    const std::uint64_t pss = std::stoull(rows[name].at("pss"));
    CHECK(within_1pct(pss, kernel_pss(pids)));
  }
  // Nothing of the scenes lands under the interpreter's comm.
  if (rows.count("ruby")) {
    CHECK(std::stoul(rows["ruby"].at("processes")) == 0);
  }
  // memwho never counts itself.
  CHECK(rows.count(self.substr(5)) == 0);
}

TEST_CASE("tree: three levels, each subtree the sum of the kernel's rollups", "[live]") {
  const std::string name = unique("lvtr");
  Scene scene({"--groups", "2", "--workers", "2", "--shared-mib", "4", "--private-mib", "1",
               "--name", name, "--numbered"});
  const int controller = scene.controller();
  // The controller is named memwho-scene; its masters and workers are named otherwise:
  // --descendants pulls them in.
  const auto r = run({MEMWHO_BINARY, "-p", std::to_string(controller), "--descendants", "--tree",
                      "--format=tsv", "-o",
                      "pid,ppid,depth,pss,subtree_pss,subtree_uss,subtree_processes,tree"});
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
  const auto rows = parse_tsv(r.out);
  REQUIRE(rows.size() == 1 + scene.processes().size());
  CHECK(std::stoi(rows[0].at("pid")) == controller);  // parent above its children
  CHECK(rows[0].at("depth") == "0");
  std::map<int, std::map<std::string, std::string>> by_pid;
  for (const auto& row : rows) by_pid[std::stoi(row.at("pid"))] = row;
  std::vector<int> all{controller};
  for (const auto& p : scene.processes()) {
    all.push_back(p.pid);
    REQUIRE(by_pid.count(p.pid) == 1);
    CHECK(by_pid[p.pid].at("depth") == (p.role == "master" ? "1" : "2"));
  }
  CHECK(std::stoul(rows[0].at("subtree_processes")) == all.size());
  CHECK(within_1pct(std::stoull(rows[0].at("subtree_pss")), kernel_pss(all)));
  // Each master's subtree: itself and its workers.
  for (const auto& m : scene.processes()) {
    if (m.role != "master") continue;
    std::vector<int> group{m.pid};
    for (const auto& w : scene.processes()) {
      if (w.role == "worker" && w.group == m.group) group.push_back(w.pid);
    }
    const auto& row = by_pid[m.pid];
    CHECK(std::stoul(row.at("subtree_processes")) == group.size());
    CHECK(within_1pct(std::stoull(row.at("subtree_pss")), kernel_pss(group)));
    CHECK(row.at("tree").find("-- " + name) != std::string::npos);
  }
  // Without --descendants only the controller matches: a tree of one.
  const auto alone = run({MEMWHO_BINARY, "-p", std::to_string(controller), "--tree", "--format=tsv",
                          "-o", "pid,subtree_processes"});
  const auto alone_rows = parse_tsv(alone.out);
  REQUIRE(alone_rows.size() == 1);
  CHECK(alone_rows[0].at("subtree_processes") == "1");
}

TEST_CASE("groups: a real child memory cgroup, its charge beside its processes' PSS", "[live]") {
  // These machines mount cgroup v1 with every process in one memory cgroup: make a child of
  // ours, start a scene in it, and compare memwho with the kernel's files.
  const std::string procs = read_text("/proc/self/cgroup");
  std::string mine;
  for (auto line : lines(procs)) {
    const auto f = split(line, ':');
    if (f.size() >= 3 && (f[1] == "memory" || f[1].find("memory,") != std::string_view::npos ||
                          f[1].find(",memory") != std::string_view::npos)) {
      mine = std::string(f[2]);
    }
  }
  const std::string hierarchy = "/sys/fs/cgroup/memory";
  struct stat st {};
  if (mine.empty() || ::stat(hierarchy.c_str(), &st) != 0) {
    WARN("no cgroup v1 memory hierarchy here: the v2 layout is covered by fixtures");
    return;
  }
  const std::string rel = (mine == "/" ? "" : mine) + "/" + unique("memwho-test");
  const std::string dir = hierarchy + rel;
  if (::mkdir(dir.c_str(), 0755) != 0) {
    WARN("cannot create a memory cgroup under " << hierarchy << mine);
    return;
  }
  std::vector<int> pids;
  std::string table;
  {
    Scene scene(
        {"--workers", "2", "--shared-mib", "8", "--private-mib", "4", "--name", unique("lvcg")},
        dir + "/cgroup.procs");
    pids.push_back(scene.controller());
    for (const auto& p : scene.processes()) pids.push_back(p.pid);
    // Page cache charged to the cgroup and in no process's PSS: write a file from inside it.
    const std::string file = "/var/tmp/" + unique("memwho-cg") + ".dat";
    {
      const std::string cmd =
          "echo $$ > " + dir + "/cgroup.procs && head -c 8M /dev/zero > " + file;
      REQUIRE(std::system(cmd.c_str()) == 0);
    }
    const auto r = run({MEMWHO_BINARY, "--group=cgroup", "--format=tsv", "-o",
                        "group,processes,pss,cgroup_charge,cgroup_anon,cgroup_file"});
    const std::uint64_t usage = std::stoull(read_text(dir + "/memory.usage_in_bytes")) / 1024;
    const std::uint64_t pss = kernel_pss(pids);
    const auto t = run({MEMWHO_BINARY, "--group=cgroup"});
    table = unwrapped(t.out);
    INFO(r.out << r.err << t.out);
    REQUIRE(r.rc == 0);
    std::map<std::string, std::string> row;
    for (const auto& x : parse_tsv(r.out)) {
      if (x.at("group") == rel) row = x;
    }
    REQUIRE(!row.empty());
    CHECK(std::stoul(row.at("processes")) == pids.size());
    CHECK(within_1pct(std::stoull(row.at("pss")), pss));
    // The charge is the kernel's own counter (read a moment apart: within 2%), and it holds
    // the 8 MiB of page cache that no process's PSS has.
    const std::uint64_t charge = std::stoull(row.at("cgroup_charge"));
    CHECK(charge * 100 >= usage * 98);
    CHECK(charge * 100 <= usage * 102);
    CHECK(std::stoull(row.at("cgroup_file")) >= 8192);
    CHECK(charge > std::stoull(row.at("pss")) + 8192 - 1024);
    CHECK(table.find("CG_CHARGE is what the kernel charges the cgroup") != std::string::npos);
    // ... with the figures of the largest group shown (which may be the parent cgroup).
    CHECK(table.find(": charged ") != std::string::npos);
    CHECK(table.find("page cache and tmpfs") != std::string::npos);
    ::unlink(file.c_str());
  }
  // The scene is gone: the cgroup can go (retry while the kernel finishes reaping).
  for (int i = 0; i < 50 && ::rmdir(dir.c_str()) != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

TEST_CASE("groups: as an unprivileged user, a partly readable group is a lower bound", "[live]") {
  // Two processes of one program: one root's (its smaps_rollup refused to nobody), one
  // nobody's own. By program, the group's PSS can only be a bound; by user, root's is unknown.
  const std::string prog = "/tmp/" + unique("lvsl");
  copy_sleep(prog);
  auto start = [&](bool as_nobody) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      if (as_nobody) {
        ::execlp("setpriv", "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                 prog.c_str(), "30", nullptr);
      } else {
        ::execl(prog.c_str(), prog.c_str(), "30", nullptr);
      }
      ::_exit(127);
    }
    return pid;
  };
  const pid_t mine = start(false), theirs = start(true);
  const std::string base = prog.substr(5);
  // Until both run the program (setpriv execs it only after it has changed user).
  for (int i = 0; i < 250; ++i) {
    const auto comm = [](pid_t pid) { return read_text("/proc/" + std::to_string(pid) + "/comm"); };
    if (comm(mine) == base + "\n" && comm(theirs) == base + "\n") break;
    ::usleep(20000);
  }
  const auto r = run({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", MEMWHO_BINARY,
                      "--group=name", "-x", "-n", base, "--format=json"});
  const auto t = run({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", MEMWHO_BINARY,
                      "--group=name", "-x", "-n", base});
  const auto tsv = run({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                        MEMWHO_BINARY, "--group=user", "-x", "-n", base, "--format=tsv"});
  const std::uint64_t own = kernel_kib(theirs, "smaps_rollup", "Pss");
  ::kill(mine, SIGKILL);
  ::kill(theirs, SIGKILL);
  ::waitpid(mine, nullptr, 0);
  ::waitpid(theirs, nullptr, 0);
  ::unlink(prog.c_str());
  INFO(r.out << r.err << t.out << tsv.out);
  REQUIRE(r.rc == 0);
  CHECK(r.out.find("\"processes\":2") != std::string::npos);
  CHECK(r.out.find("\"pss\":null") != std::string::npos);
  const auto at = r.out.find("\"pss_at_least\":");
  REQUIRE(at != std::string::npos);
  const std::uint64_t bound = std::stoull(r.out.substr(at + 15)) / 1024;
  // The readable member's PSS, and only it: the other member's would double it. (A small
  // process's share of libc drops while memwho, one more sharer, runs: within 15%.)
  const auto near = [](std::uint64_t a, std::uint64_t b) {
    return (a > b ? a - b : b - a) * 100 <= b * 15;
  };
  CHECK(near(bound, own));
  CHECK(t.out.find(">=") != std::string::npos);
  CHECK(unwrapped(t.out).find("lower bound") != std::string::npos);
  // By user: root's group could not be read at all: unknown (empty), never 0 or a bound.
  std::map<std::string, std::map<std::string, std::string>> rows;
  for (auto& row : parse_tsv(tsv.out)) rows[row.at("group")] = row;
  REQUIRE(rows.count("root") == 1);
  CHECK(rows["root"].at("pss").empty());
  REQUIRE(rows.count("nobody") == 1);
  CHECK(near(std::stoull(rows["nobody"].at("pss")), own));
}
