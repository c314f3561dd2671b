// Live tests of issue 11, "what stopping these processes frees": a forking application built by
// memwho-forkscene (tests/tools/fork_scene.cpp) whose unique memory, shmem objects and memory
// shared outside are known by construction, measured by memwho and by the tests' own slow
// page-by-page walk (frames_walk.hpp), and finally stopped to see what the kernel gets back.
//
// The scene's outside process is titled NAMEout, which "-n NAME" (a substring match) would
// select too: the group is selected with "-x -n NAME".
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "frames_walk.hpp"
#include "live_support.hpp"

using namespace memwho::live;

namespace {

constexpr std::uint64_t kMiB = 1024;  // in KiB

/// A running memwho-forkscene. The destructor (or stop()) SIGKILLs the children by pid, then
/// SIGTERMs the master, which reaps them, and reaps the master: when it returns, every process
/// of the scene is gone.
class ForkScene {
 public:
  /// `as_nobody`: started through setpriv as uid/gid 65534, from `binary` (which nobody must be
  /// able to read and run).
  explicit ForkScene(const std::vector<std::string>& args, bool as_nobody = false,
                     const std::string& binary = MEMWHO_FORKSCENE) {
    int out_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    std::vector<std::string> argv;
    if (as_nobody) argv = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
    argv.push_back(binary);
    argv.insert(argv.end(), args.begin(), args.end());
    master_ = ::fork();
    if (master_ == 0) {
      ::dup2(out_pipe[1], 1);
      const int devnull = ::open("/dev/null", O_RDONLY);
      if (devnull >= 0) ::dup2(devnull, 0);
      std::vector<char*> v;
      for (const auto& a : argv) v.push_back(const_cast<char*>(a.c_str()));
      v.push_back(nullptr);
      ::execvp(v[0], v.data());
      ::_exit(127);
    }
    ::close(out_pipe[1]);
    std::string text;
    char buf[4096];
    pollfd pfd{out_pipe[0], POLLIN, 0};
    while (text.find("ready\n") == std::string::npos) {
      if (::poll(&pfd, 1, 120000) <= 0) break;
      const ssize_t n = ::read(out_pipe[0], buf, sizeof buf);
      if (n <= 0) break;
      text.append(buf, static_cast<std::size_t>(n));
    }
    ::close(out_pipe[0]);
    for (auto line : lines(text)) {
      const auto f = split(line, '\t');
      if (f.size() != 2) continue;
      const int pid = static_cast<int>(to_u64(f[1]).value_or(0));
      if (f[0] == "master") master_printed_ = pid;
      if (f[0] == "worker") workers_.push_back(pid);
      if (f[0] == "outside") outside_ = pid;
    }
    if (text.find("ready\n") == std::string::npos || master_printed_ != master_) {
      ready_ = false;
      stop();
      throw std::runtime_error("memwho-forkscene did not get ready: " + text);
    }
  }
  ForkScene(const ForkScene&) = delete;
  ForkScene& operator=(const ForkScene&) = delete;
  ~ForkScene() { stop(); }

  void stop() {
    if (master_ <= 0) return;
    for (int pid : workers_) ::kill(pid, SIGKILL);
    if (outside_ > 0) ::kill(outside_, SIGKILL);
    ::kill(master_, ready_ ? SIGTERM : SIGKILL);
    ::waitpid(master_, nullptr, 0);
    master_ = -1;
  }

  [[nodiscard]] int master() const { return master_; }
  [[nodiscard]] const std::vector<int>& workers() const { return workers_; }
  [[nodiscard]] int outside() const { return outside_; }
  /// The group: the master and its workers (not the outside process).
  [[nodiscard]] std::vector<int> group() const {
    std::vector<int> g{master_};
    g.insert(g.end(), workers_.begin(), workers_.end());
    return g;
  }

 private:
  pid_t master_ = -1;
  int master_printed_ = 0;
  bool ready_ = true;
  std::vector<int> workers_;
  int outside_ = 0;
};

bool is_root() {
  return ::geteuid() == 0;
}

/// |a - b| within 1% of b or 64 KiB, whichever is larger.
bool near(std::uint64_t a, std::uint64_t b) {
  const auto d = a > b ? a - b : b - a;
  return d <= 64 || d * 100 <= b;
}

bool within_pct(std::uint64_t a, std::uint64_t b, std::uint64_t pct) {
  const auto d = a > b ? a - b : b - a;
  return d * 100 <= b * pct;
}

std::uint64_t kib(const std::map<std::string, std::string>& row, const std::string& key) {
  const auto it = row.find(key);
  if (it == row.end()) {
    FAIL_CHECK("no column " << key);
    return 0;
  }
  const auto v = to_u64(it->second);
  if (!v) {
    FAIL_CHECK("column " << key << " is not a number: '" << it->second << "'");
    return 0;
  }
  return *v;
}

/// A size of a JSON object in KiB (JSON sizes are in bytes); 0, and a failed check, when absent
/// or not a number.
std::uint64_t json_kib(const nlohmann::json& j, const std::string& key) {
  if (!j.contains(key) || !j[key].is_number_unsigned()) {
    FAIL_CHECK("JSON key " << key << " is absent or not a number");
    return 0;
  }
  return j[key].get<std::uint64_t>() / 1024;
}

std::vector<std::string> as_nobody(std::vector<std::string> argv) {
  argv.insert(argv.begin(), {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"});
  return argv;
}

/// The scene of tests a and b: 64 MiB master, 3 x 16 MiB workers, 32 MiB MAP_SHARED anonymous,
/// a 24 MiB memfd of which 8 are mapped, 16 MiB shared with an outside process.
std::vector<std::string> scene_a(const std::string& name, std::uint64_t outside_mib = 16) {
  return {"--name",
          name,
          "--master-mib",
          "64",
          "--workers",
          "3",
          "--worker-mib",
          "16",
          "--anon-shared-mib",
          "32",
          "--memfd-mib",
          "24",
          "--memfd-mapped-mib",
          "8",
          "--outside-mib",
          std::to_string(outside_mib)};
}
constexpr std::uint64_t kSceneAAnon = (64 + 3 * 16) * kMiB;
/// The shmem objects that die with the group: the 32 MiB region and the 24 MiB memfd.
constexpr std::uint64_t kSceneAObjects = (32 + 24) * kMiB;
/// The shmem objects the group maps or holds open: those, and the 16 MiB region the master
/// shares with the outside process (which does not die with the group).
constexpr std::uint64_t kSceneAAllObjects = kSceneAObjects + 16 * kMiB;

std::string str(const std::vector<std::string>& argv) {
  std::string s;
  for (const auto& a : argv) s += (s.empty() ? "" : " ") + a;
  return s;
}

std::string walk_text(const FramesWalk& w) {
  return "walk: anon " + std::to_string(w.anon_kib) + " shmem " + std::to_string(w.shmem_kib) +
         " file " + std::to_string(w.file_kib) + " shared_outside " +
         std::to_string(w.shared_outside_kib) + " KiB";
}

bool thp_madvise_allowed() {
  const auto t = read_text("/sys/kernel/mm/transparent_hugepage/enabled");
  return t.find("[always]") != std::string::npos || t.find("[madvise]") != std::string::npos;
}

const std::string kColumns =
    "pid,name,group_unique,group_unique_anon,group_unique_shmem,frees,shared_outside,"
    "shmem_objects";
const std::string kGroupColumns =
    "group,processes,group_unique,group_unique_anon,group_unique_shmem,group_unique_file,"
    "group_swap,frees,shared_outside,shmem_objects";

}  // namespace

TEST_CASE("forkscene: the scene holds what it was built with, by the tests' own frame walk",
          "[live]") {
  if (!is_root()) {
    WARN("not root: PFNs are hidden");
    return;
  }
  const std::string name = unique("lvfs");
  {
    ForkScene scene(scene_a(name));
    REQUIRE(scene.workers().size() == 3);
    REQUIRE(scene.outside() > 0);
    CHECK(read_text("/proc/" + std::to_string(scene.master()) + "/comm") == name + "\n");
    CHECK(read_text("/proc/" + std::to_string(scene.workers()[2]) + "/cmdline") ==
          name + " worker[2]" + std::string(1, '\0'));
    CHECK(read_text("/proc/" + std::to_string(scene.outside()) + "/comm") == name + "out\n");
    const auto w = walk_frames(scene.group());
    INFO(walk_text(w));
    // 64 + 3 x 16 MiB written, plus each process's own few stack, heap and libc data pages.
    CHECK(w.anon_kib >= kSceneAAnon);
    CHECK(w.anon_kib <= kSceneAAnon + kSceneAAnon / 100);
    // Resident shmem the group alone maps: the 32 MiB region, the 8 mapped MiB of the memfd.
    CHECK(near(w.shmem_kib, 40 * kMiB));
    // The outside region, plus the libc and ld.so pages every process maps.
    CHECK(w.shared_outside_kib >= 16 * kMiB);
    CHECK(w.shared_outside_kib <= 20 * kMiB);
    // Each process's frames are its resident set (no zero pages here).
    for (int pid : scene.group()) {
      CHECK(near(w.resident_kib(pid), kernel_kib(pid, "status", "VmRSS")));
    }
    // A worker that dirtied nothing shares all the master's 64 MiB.
    CHECK(w.common_kib(scene.master(), scene.workers()[0]) >= 64 * kMiB);
    // Walked alone, the outside process holds none of its 16 MiB region uniquely: the master
    // maps it too.
    const auto o = walk_frames({scene.outside()});
    CHECK(o.shmem_kib < 64);
    CHECK(o.shared_outside_kib >= 16 * kMiB);
  }
  {
    // Workers dirtying 0, 50 and 100 % of the master's region keep sharing the rest.
    ForkScene scene({"--name", name, "--master-mib", "64", "--workers", "3", "--worker-mib", "4",
                     "--dirty-percent", "0,50,100"});
    const auto w = walk_frames(scene.group());
    INFO(walk_text(w));
    CHECK(w.anon_kib >= (64 + 32 + 64 + 3 * 4) * kMiB);
    CHECK(w.anon_kib <= (64 + 32 + 64 + 3 * 4) * kMiB + 2 * kMiB);
    const std::uint64_t pcts[] = {0, 50, 100};
    for (std::size_t i = 0; i < 3; ++i) {
      const auto common = w.common_kib(scene.master(), scene.workers()[i]);
      INFO("worker " << i << " shares " << common << " KiB with the master");
      CHECK(common >= (100 - pcts[i]) * 64 * kMiB / 100);
      CHECK(common <= (100 - pcts[i]) * 64 * kMiB / 100 + 2 * kMiB);
    }
  }
  if (!thp_madvise_allowed()) {
    WARN("transparent huge pages not available through madvise: THP scene not checked");
    return;
  }
  {
    ForkScene scene(
        {"--name", name, "--master-mib", "64", "--workers", "3", "--worker-mib", "16", "--thp"});
    const auto w = walk_frames(scene.group());
    const auto huge = kernel_kib(scene.master(), "smaps_rollup", "AnonHugePages");
    INFO(walk_text(w) << "; master AnonHugePages " << huge << " KiB");
    if (huge == 0) WARN("the THP scene got no huge pages (fragmented memory?)");
    CHECK(w.anon_kib >= kSceneAAnon);
    CHECK(w.anon_kib <= kSceneAAnon + kSceneAAnon / 100);
  }
}

TEST_CASE("frees: a forking application's unique memory and what stopping it frees, as built",
          "[live]") {
  if (!is_root()) {
    WARN("not root: PFNs are hidden");
    return;
  }
  const std::string name = unique("lvfa");
  ForkScene scene(scene_a(name));
  const auto w = walk_frames(scene.group());

  const std::vector<std::string> group_cmd{MEMWHO_BINARY,  "-x", "-n",          name,
                                           "--group=name", "-o", kGroupColumns, "--format=tsv"};
  const auto g = run(group_cmd);
  const std::vector<std::string> json_cmd{MEMWHO_BINARY, "-x", "-n", name, "--format=json"};
  const auto j = run(json_cmd);
  const std::vector<std::string> tsv_cmd{MEMWHO_BINARY, "-x",     "-n",          name,
                                         "-o",          kColumns, "--format=tsv"};
  const auto p = run(tsv_cmd);
  const auto t = run({MEMWHO_BINARY, "-x", "-n", name});
  INFO(walk_text(w));
  INFO(str(group_cmd) << "\n" << g.out << g.err);
  INFO(str(tsv_cmd) << "\n" << p.out << p.err);
  INFO(str(json_cmd) << "\n" << j.err);
  INFO(t.out << t.err);
  REQUIRE(g.rc == 0);
  REQUIRE(p.rc == 0);
  REQUIRE(j.rc == 0);
  REQUIRE(t.rc == 0);

  // The group view: one row, the four processes.
  std::map<std::string, std::map<std::string, std::string>> groups;
  for (auto& row : parse_tsv(g.out)) groups[row.at("group")] = row;
  REQUIRE(groups.count(name) == 1);
  const auto& row = groups[name];
  CHECK(row.at("processes") == "4");
  const auto anon = kib(row, "group_unique_anon");
  // 64 + 3 x 16 MiB plus the processes' own stacks, heaps and libc data: within 1% of the walk
  // and a few MiB of what was built.
  CHECK(near(anon, w.anon_kib));
  CHECK(anon >= kSceneAAnon);
  CHECK(anon <= kSceneAAnon + 3 * kMiB);
  // The 32 MiB region, the 24 MiB memfd, whole (16 MiB of it mapped by nobody), and the 16 MiB
  // region the master maps with the outside process.
  const auto objects = kib(row, "shmem_objects");
  CHECK(objects >= kSceneAAllObjects);
  CHECK(objects <= kSceneAAllObjects + kMiB);
  // The first two die with the group, the outside one does not: frees = anon + 32 + 24 MiB.
  const auto frees = kib(row, "frees");
  CHECK(near(frees, anon + kSceneAObjects));
  CHECK(near(frees, w.anon_kib + kSceneAObjects));
  CHECK(kib(row, "group_swap") == 0);
  // The 16 MiB shared with the outside process is no part of the group's unique memory.
  const auto unique_kib = kib(row, "group_unique");
  CHECK(near(unique_kib, w.unique_kib()));
  CHECK(unique_kib < kSceneAAnon + 40 * kMiB + 3 * kMiB);
  CHECK(kib(row, "shared_outside") >= 16 * kMiB);
  CHECK(near(kib(row, "shared_outside"), w.shared_outside_kib));

  // The process view's selection figure, in JSON (bytes).
  const auto doc = nlohmann::json::parse(j.out, nullptr, false);
  REQUIRE_FALSE(doc.is_discarded());
  REQUIRE(doc.contains("frees"));
  const auto& f = doc["frees"];
  INFO("frees: " << f.dump());
  CHECK(f.value("exact", false) == true);
  const auto bytes = json_kib(f, "bytes");
  CHECK(near(bytes, w.anon_kib + kSceneAObjects));
  CHECK(bytes >= kSceneAAnon + kSceneAObjects);
  CHECK(bytes <= kSceneAAnon + kSceneAObjects + 3 * kMiB);
  CHECK(json_kib(f, "low") == bytes);
  CHECK(json_kib(f, "high") == bytes);
  CHECK(near(json_kib(f, "anon"), w.anon_kib));
  CHECK(json_kib(f, "objects") >= kSceneAObjects);
  CHECK(json_kib(f, "objects") <= kSceneAObjects + kMiB);
  CHECK(json_kib(f, "swap") == 0);
  CHECK(near(json_kib(f, "file_cached"), w.file_kib));
  CHECK(json_kib(f, "shared_outside") >= 16 * kMiB);
  CHECK(near(json_kib(f, "shared_outside"), w.shared_outside_kib));

  // ... and the table's footer says it, exactly.
  const auto text = unwrapped(t.out);
  CHECK(text.find("Stopping these 4 processes frees") != std::string::npos);
  CHECK(text.find("(exact") != std::string::npos);

  // The process view: each row is its process alone. The workers dirtied nothing: what each
  // maps alone is its own 16 MiB; the master shares its 64 MiB with them, but alone holds the
  // memfd (fd and the only mapping): stopping it alone frees those 24 MiB.
  std::map<int, std::map<std::string, std::string>> procs;
  for (auto& r : parse_tsv(p.out)) procs[std::stoi(r.at("pid"))] = r;
  REQUIRE(procs.size() == 4);
  REQUIRE(procs.count(scene.master()) == 1);
  const auto& m = procs[scene.master()];
  CHECK(kib(m, "group_unique_anon") < 2 * kMiB);
  CHECK(near(kib(m, "group_unique_shmem"), 8 * kMiB));
  CHECK(kib(m, "shmem_objects") >= kSceneAAllObjects);
  CHECK(kib(m, "shmem_objects") <= kSceneAAllObjects + kMiB);
  CHECK(kib(m, "frees") >= 24 * kMiB);
  CHECK(kib(m, "frees") <= 26 * kMiB);
  // Shared with a process outside the selection: the region the outside process maps.
  CHECK(kib(m, "shared_outside") >= 16 * kMiB);
  CHECK(kib(m, "shared_outside") <= 20 * kMiB);
  for (int pid : scene.workers()) {
    REQUIRE(procs.count(pid) == 1);
    const auto& r = procs[pid];
    CHECK(r.at("name") == name);
    CHECK(kib(r, "group_unique_anon") >= 16 * kMiB);
    CHECK(kib(r, "group_unique_anon") <= 17 * kMiB);
    CHECK(kib(r, "group_unique_shmem") == 0);
    CHECK(near(kib(r, "frees"), kib(r, "group_unique_anon")));
    CHECK(kib(r, "shmem_objects") >= 32 * kMiB);
    CHECK(kib(r, "shmem_objects") <= 33 * kMiB);
    // What the master shares with them is within the selection: only libraries are outside.
    CHECK(kib(r, "shared_outside") < 4 * kMiB);
  }
  // Σ alone is far below the group: the copy-on-write 64 MiB and the 32 MiB region are in no
  // process's unique memory, yet freed when all of them stop.
  std::uint64_t sum = 0;
  for (const auto& [pid, r] : procs) sum += kib(r, "frees");
  CHECK(sum + (64 + 32) * kMiB <= frees + kMiB);
}

TEST_CASE("frees: unique anon, shmem, file and shared-outside equal a page-by-page walk",
          "[live]") {
  if (!is_root()) {
    WARN("not root: PFNs are hidden");
    return;
  }
  const std::string name = unique("lvfb");
  ForkScene scene(scene_a(name));
  const std::vector<std::string> cmd{MEMWHO_BINARY,  "-x", "-n",          name,
                                     "--group=name", "-o", kGroupColumns, "--format=tsv"};
  const auto g = run(cmd);
  const std::vector<std::string> pcmd{
      MEMWHO_BINARY,
      "-x",
      "-n",
      name,
      "-o",
      "pid,group_unique,group_unique_anon,group_unique_shmem,group_unique_file,shared_outside",
      "--format=tsv"};
  const auto p = run(pcmd);
  const auto w = walk_frames(scene.group());
  INFO(walk_text(w));
  INFO(str(cmd) << "\n" << g.out << g.err);
  INFO(str(pcmd) << "\n" << p.out << p.err);
  REQUIRE(g.rc == 0);
  REQUIRE(p.rc == 0);
  std::map<std::string, std::map<std::string, std::string>> groups;
  for (auto& row : parse_tsv(g.out)) groups[row.at("group")] = row;
  REQUIRE(groups.count(name) == 1);
  const auto& row = groups[name];
  CHECK(near(kib(row, "group_unique_anon"), w.anon_kib));
  CHECK(near(kib(row, "group_unique_shmem"), w.shmem_kib));
  CHECK(near(kib(row, "group_unique_file"), w.file_kib));
  CHECK(near(kib(row, "group_unique"), w.unique_kib()));
  CHECK(near(kib(row, "shared_outside"), w.shared_outside_kib));
  // Each process alone.
  const auto rows = parse_tsv(p.out);
  CHECK(rows.size() == 4);
  for (const auto& r : rows) {
    const int pid = std::stoi(r.at("pid"));
    const auto alone = walk_frames({pid});
    INFO("pid " << pid << " alone: " << walk_text(alone));
    CHECK(near(kib(r, "group_unique_anon"), alone.anon_kib));
    CHECK(near(kib(r, "group_unique_shmem"), alone.shmem_kib));
    CHECK(near(kib(r, "group_unique_file"), alone.file_kib));
    CHECK(near(kib(r, "group_unique"), alone.unique_kib()));
    // shared_outside of a process row: with processes outside the selection (the walked group).
    CHECK(near(kib(r, "shared_outside"), w.outside_kib_of(pid)));
  }
}

TEST_CASE("frees: unique anonymous memory is the same with and without transparent huge pages",
          "[live]") {
  if (!is_root()) {
    WARN("not root: PFNs are hidden");
    return;
  }
  const std::string name = unique("lvfc");
  for (const bool thp : {false, true}) {
    if (thp && !thp_madvise_allowed()) {
      WARN("transparent huge pages not available through madvise: THP part skipped");
      continue;
    }
    std::vector<std::string> args{"--name",    name, "--master-mib", "64",
                                  "--workers", "3",  "--worker-mib", "16"};
    if (thp) args.emplace_back("--thp");
    ForkScene scene(args);
    const std::vector<std::string> cmd{MEMWHO_BINARY,  "-x", "-n",          name,
                                       "--group=name", "-o", kGroupColumns, "--format=tsv"};
    const auto g = run(cmd);
    const auto w = walk_frames(scene.group());
    const auto huge = kernel_kib(scene.master(), "smaps_rollup", "AnonHugePages");
    INFO((thp ? "THP" : "no THP") << "; master AnonHugePages " << huge << " KiB; " << walk_text(w));
    INFO(str(cmd) << "\n" << g.out << g.err);
    if (thp && huge == 0) WARN("the THP scene got no huge pages (fragmented memory?)");
    REQUIRE(g.rc == 0);
    std::map<std::string, std::map<std::string, std::string>> groups;
    for (auto& row : parse_tsv(g.out)) groups[row.at("group")] = row;
    REQUIRE(groups.count(name) == 1);
    const auto anon = kib(groups[name], "group_unique_anon");
    CHECK(within_pct(anon, kSceneAAnon, 1));
    CHECK(near(anon, w.anon_kib));
    CHECK(near(kib(groups[name], "frees"), anon));
  }
}

TEST_CASE("frees: stopping the application gives the kernel back what memwho said it frees",
          "[live]") {
  if (!is_root()) {
    WARN("not root: PFNs are hidden");
    return;
  }
  // No outside process: everything the scene holds is the group's.
  const std::string name = unique("lvfd");
  ForkScene scene(scene_a(name, 0));
  REQUIRE(scene.outside() == 0);
  const std::vector<std::string> cmd{MEMWHO_BINARY, "-x", "-n", name, "--format=json"};
  const auto j = run(cmd);
  INFO(str(cmd) << "\n" << j.err);
  REQUIRE(j.rc == 0);
  const auto doc = nlohmann::json::parse(j.out, nullptr, false);
  REQUIRE_FALSE(doc.is_discarded());
  REQUIRE(doc.contains("frees"));
  const auto& f = doc["frees"];
  INFO("frees: " << f.dump());
  CHECK(f.value("exact", false) == true);
  const auto frees = json_kib(f, "bytes");
  const auto used = [] { return meminfo_kib("AnonPages") + meminfo_kib("Shmem"); };
  const std::uint64_t before = used();
  scene.stop();  // returns when every process of the scene is reaped
  std::uint64_t after = used();
  // Freeing is done by then; give stragglers (per-CPU counters) a moment all the same.
  for (int i = 0; i < 10 && before > after && !within_pct(before - after, frees, 10); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    after = used();
  }
  const std::uint64_t drop = before > after ? before - after : 0;
  INFO("AnonPages+Shmem before " << before << " KiB, after " << after << " KiB, drop " << drop
                                 << " KiB; memwho said frees " << frees << " KiB");
  CHECK(within_pct(drop, frees, 10));
}

TEST_CASE("frees: not root, the selection figure is a range, never exact", "[live]") {
  if (!is_root()) {
    WARN("not root: cannot start a scene as another user");
    return;
  }
  // A copy of the scene binary that user nobody can read and run (the build tree may be private).
  TempDir tmp;
  REQUIRE(::chmod(tmp.path().c_str(), 0755) == 0);
  const std::string binary = tmp.path() + "/memwho-forkscene";
  REQUIRE(run({"cp", MEMWHO_FORKSCENE, binary}).rc == 0);
  REQUIRE(::chmod(binary.c_str(), 0755) == 0);
  const std::string name = unique("lvfe");
  ForkScene scene(scene_a(name), true, binary);
  struct stat owner {};
  REQUIRE(::stat(("/proc/" + std::to_string(scene.master())).c_str(), &owner) == 0);
  REQUIRE(owner.st_uid == 65534);

  const auto j = run(as_nobody({MEMWHO_BINARY, "-x", "-n", name, "--format=json"}));
  const auto t = run(as_nobody({MEMWHO_BINARY, "-x", "-n", name}));
  const auto tsv =
      run(as_nobody({MEMWHO_BINARY, "-x", "-n", name, "-o", kColumns, "--format=tsv"}));
  const auto root = run({MEMWHO_BINARY, "-x", "-n", name, "--format=json"});
  INFO("as nobody: " << j.out << j.err << "\n" << t.out << t.err << "\n" << tsv.out << tsv.err);
  INFO("as root: " << root.err);
  REQUIRE(j.rc == 0);
  REQUIRE(t.rc == 0);
  REQUIRE(tsv.rc == 0);
  REQUIRE(root.rc == 0);
  const auto doc = nlohmann::json::parse(j.out, nullptr, false);
  REQUIRE_FALSE(doc.is_discarded());
  REQUIRE(doc.contains("frees"));
  const auto& f = doc["frees"];
  INFO("frees as nobody: " << f.dump());
  CHECK(f.value("exact", true) == false);
  CHECK((!f.contains("bytes") || f["bytes"].is_null()));
  REQUIRE(f.contains("low"));
  REQUIRE(f.contains("high"));
  const auto low = f["low"].get<std::uint64_t>();
  const auto high = f["high"].get<std::uint64_t>();
  CHECK(low <= high);
  // The range holds the truth: the unique anonymous memory of the tests' own walk (as root)
  // and the two objects that die with the group; and root's exact figure, when it has one.
  const auto w = walk_frames(scene.group());
  const std::uint64_t truth = (w.anon_kib + kSceneAObjects) * 1024;
  INFO(walk_text(w) << "; so frees " << truth << " bytes");
  CHECK(low <= truth);
  CHECK(truth <= high);
  const auto rdoc = nlohmann::json::parse(root.out, nullptr, false);
  REQUIRE_FALSE(rdoc.is_discarded());
  INFO("frees as root: " << rdoc.value("frees", nlohmann::json()).dump());
  if (rdoc.contains("frees") && rdoc["frees"].contains("bytes") &&
      rdoc["frees"]["bytes"].is_number_unsigned()) {
    const auto exact = rdoc["frees"]["bytes"].get<std::uint64_t>();
    CHECK(low <= exact);
    CHECK(exact <= high);
  }
  // The table says "between", never "(exact)" (nor "(exact, ...").
  const auto text = unwrapped(t.out);
  CHECK(text.find("between") != std::string::npos);
  CHECK(text.find("(exact") == std::string::npos);
  // TSV: the frame-based cells are unknown, so empty.
  const auto rows = parse_tsv(tsv.out);
  CHECK(rows.size() == 4);
  for (const auto& r : rows) {
    CHECK(r.at("group_unique").empty());
    CHECK(r.at("frees").empty());
  }
}

TEST_CASE("sharing: each worker shares with its master what it did not dirty", "[live]") {
  if (!is_root()) {
    WARN("not root: PFNs are hidden");
    return;
  }
  const std::string name = unique("lvff");
  ForkScene scene({"--name", name, "--master-mib", "64", "--workers", "3", "--worker-mib", "4",
                   "--dirty-percent", "0,50,100"});
  const std::vector<std::string> cmd{
      MEMWHO_BINARY,
      "--sharing",
      "-x",
      "-n",
      name,
      "--format=tsv",
      "-o",
      "pid,ppid,name,rss,private,shared_group,shared_outside,cow_parent,cow_shared,cow_percent"};
  const auto r = run(cmd);
  const auto w = walk_frames(scene.group());
  INFO(str(cmd) << "\n" << r.out << r.err);
  INFO(walk_text(w));
  REQUIRE(r.rc == 0);
  std::map<int, std::map<std::string, std::string>> rows;
  for (auto& row : parse_tsv(r.out)) rows[std::stoi(row.at("pid"))] = row;
  REQUIRE(rows.size() == 4);
  REQUIRE(rows.count(scene.master()) == 1);
  const auto& m = rows[scene.master()];
  CHECK(m.at("cow_parent").empty());
  // Every resident frame of a process is private, shared within the group or shared outside.
  for (const auto& [pid, row] : rows) {
    INFO("pid " << pid << ": walk finds " << w.resident_kib(pid) << " KiB resident");
    CHECK(near(kib(row, "private") + kib(row, "shared_group") + kib(row, "shared_outside"),
               w.resident_kib(pid)));
  }
  const auto master_rss = kib(m, "rss");
  const std::uint64_t pcts[] = {0, 50, 100};
  for (std::size_t i = 0; i < 3; ++i) {
    const int pid = scene.workers().at(i);
    REQUIRE(rows.count(pid) == 1);
    const auto& row = rows[pid];
    INFO("worker " << i << " (pid " << pid << ", dirtied " << pcts[i] << "%), walk: shares "
                   << w.common_kib(scene.master(), pid) << " KiB with the master, "
                   << w.resident_kib(scene.master()) << " KiB resident in the master");
    CHECK(row.at("cow_parent") == std::to_string(scene.master()));
    const auto shared = kib(row, "cow_shared");
    const std::uint64_t expected = (100 - pcts[i]) * 64 * kMiB / 100;
    CHECK(shared + 2 * kMiB >= expected);
    CHECK(shared <= expected + 2 * kMiB);
    CHECK(near(shared, w.common_kib(scene.master(), pid)));
    // cow_percent: cow_shared as a percentage of the master's resident frames.
    const double pct = std::stod(row.at("cow_percent"));
    CHECK(std::fabs(pct - 100.0 * static_cast<double>(shared) / static_cast<double>(master_rss)) <=
          1.0);
    CHECK(std::fabs(pct - static_cast<double>(100 - pcts[i])) <= 4.0);
    // What it maps alone: its 4 MiB and its copies of the dirtied part.
    const auto alone = walk_frames({pid});
    CHECK(near(kib(row, "private"), alone.unique_kib()));
    CHECK(kib(row, "private") >= 4 * kMiB + pcts[i] * 64 * kMiB / 100);
  }
}

TEST_CASE("shmem: each object with its whole size, what the group maps, and whether it dies",
          "[live]") {
  if (!is_root()) {
    WARN("not root: whole sizes come from map_files, root only");
    return;
  }
  const std::string name = unique("lvsh");
  ForkScene scene(scene_a(name));
  const std::vector<std::string> cmd{MEMWHO_BINARY,
                                     "--shmem",
                                     "-x",
                                     "-n",
                                     name,
                                     "-o",
                                     "kind,size,whole,mapped,holders,holders_selected,dies,object",
                                     "--format=tsv"};
  const auto r = run(cmd);
  INFO(str(cmd) << "\n" << r.out << r.err);
  REQUIRE(r.rc == 0);
  const auto rows = parse_tsv(r.out);
  REQUIRE(rows.size() == 3);
  // Sorted by WHOLE: the 32 MiB region, the 24 MiB memfd, the 16 MiB region shared outside.
  CHECK(rows[0].at("kind") == "anon_shared");
  CHECK(near(kib(rows[0], "whole"), 32 * kMiB));
  CHECK(near(kib(rows[0], "mapped"), 32 * kMiB));
  CHECK(rows[0].at("holders") == "4");  // the master and its 3 workers
  CHECK(rows[0].at("dies") == "yes");
  CHECK(rows[1].at("kind") == "memfd");
  CHECK(near(kib(rows[1], "whole"), 24 * kMiB));  // all of it, though only 8 MiB is mapped
  CHECK(near(kib(rows[1], "mapped"), 8 * kMiB));
  CHECK(near(kib(rows[1], "size"), 24 * kMiB));
  CHECK(rows[1].at("holders") == "1");  // the master: its mapping and its descriptor
  CHECK(rows[1].at("dies") == "yes");
  CHECK(rows[1].at("object").find("/memfd:") == 0);
  CHECK(rows[2].at("kind") == "anon_shared");
  CHECK(near(kib(rows[2], "whole"), 16 * kMiB));
  CHECK(rows[2].at("holders_selected") == "1");  // the master (the workers unmapped it)
  CHECK(rows[2].at("holders") == "2");           // and the outside process
  CHECK(rows[2].at("dies") == "no");
}
