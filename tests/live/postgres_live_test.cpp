// Live test on the real thing: PostgreSQL 15 from Debian's packages, started by the test in a
// temporary directory (initdb + pg_ctl, as the postgres user), with a psql client connected the
// way Debian runs it (/usr/lib/postgresql/15/bin/psql). `memwho -n postgres` must select
// exactly the server's processes, as pgrep does: never the client. And what memwho says stopping
// the server frees must be what the kernel gets back when it stops.
#include <errno.h>
#include <pwd.h>
#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "live_support.hpp"

using namespace memwho::live;

namespace {

const std::string kBin = "/usr/lib/postgresql/15/bin/";

std::set<int> pid_set(const std::string& text) {
  std::set<int> pids;
  for (auto l : lines(text)) {
    if (auto v = to_u64(l)) pids.insert(static_cast<int>(*v));
  }
  return pids;
}

/// A PostgreSQL cluster of its own: unix socket in its directory, no TCP.
class Cluster {
 public:
  Cluster() {
    passwd* pw = ::getpwnam("postgres");
    if (pw == nullptr) throw std::runtime_error("no postgres user: install postgresql");
    REQUIRE(::chown(dir_.path().c_str(), pw->pw_uid, pw->pw_gid) == 0);
    port_ = std::to_string(20000 + ::getpid() % 20000);
    const auto init =
        as_postgres({kBin + "initdb", "-D", data(), "-A", "trust", "-U", "postgres", "--no-sync"});
    INFO(init.out << init.err);
    REQUIRE(init.rc == 0);
    const auto start = as_postgres(
        {kBin + "pg_ctl", "-D", data(), "-l", dir_.path() + "/log", "-o",
         "-k " + dir_.path() + " -p " + port_ + " -c listen_addresses=''", "-w", "start"});
    INFO(start.out << start.err << read_text(dir_.path() + "/log"));
    REQUIRE(start.rc == 0);
    started_ = true;
    postmaster_ = std::stoi(std::string(lines(read_text(data() + "/postmaster.pid")).at(0)));
  }
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;
  ~Cluster() {
    if (started_) as_postgres({kBin + "pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop"});
  }
  /// A clean shutdown: returns when pg_ctl -m fast -w stop has finished (postmaster.pid gone).
  RunResult stop() {
    auto r = as_postgres({kBin + "pg_ctl", "-D", data(), "-m", "fast", "-w", "stop"});
    if (r.rc == 0) started_ = false;
    return r;
  }
  /// Runs SQL through psql (one -c per statement), as the postgres user.
  [[nodiscard]] RunResult psql(const std::vector<std::string>& statements) const {
    std::vector<std::string> argv{kBin + "psql", "-X",         "-v", "ON_ERROR_STOP=1",
                                  "-h",          socket_dir(), "-p", port(),
                                  "-U",          "postgres",   "-d", "postgres"};
    for (const auto& sql : statements) {
      argv.push_back("-c");
      argv.push_back(sql);
    }
    return as_postgres(argv);
  }
  [[nodiscard]] std::string data() const { return dir_.path() + "/data"; }
  [[nodiscard]] const std::string& socket_dir() const { return dir_.path(); }
  [[nodiscard]] const std::string& port() const { return port_; }
  [[nodiscard]] int postmaster() const { return postmaster_; }

  static RunResult as_postgres(std::vector<std::string> argv) {
    argv.insert(argv.begin(), {"runuser", "-u", "postgres", "--"});
    return run(argv);
  }

 private:
  TempDir dir_;
  std::string port_;
  int postmaster_ = 0;
  bool started_ = false;
};

/// The pids whose PPid is `parent`.
std::set<int> children_of(int parent) {
  std::set<int> kids;
  const auto r = run({"pgrep", "-P", std::to_string(parent)});
  for (auto l : lines(r.out)) {
    kids.insert(static_cast<int>(*to_u64(l)));
  }
  return kids;
}

/// A process that is gone, or a zombie (its memory is freed already; init may reap it late).
bool gone(int pid) {
  if (::kill(pid, 0) != 0) return errno == ESRCH;
  const auto stat = read_text("/proc/" + std::to_string(pid) + "/stat");
  const auto p = stat.rfind(')');
  return stat.empty() || (p != std::string::npos && p + 2 < stat.size() && stat[p + 2] == 'Z');
}

/// AnonPages + Shmem of /proc/meminfo in KiB: the median of three readings, to damp noise.
std::uint64_t anon_and_shmem_kib() {
  std::uint64_t v[3];
  for (auto& x : v) x = meminfo_kib("AnonPages") + meminfo_kib("Shmem");
  std::sort(v, v + 3);
  return v[1];
}

/// A client session held open the way a user's is: psql (Debian's, as the postgres user)
/// reading its commands from a pipe that stays open until the session ends. Ending it closes
/// the pipe and kills and reaps psql.
class PsqlSession {
 public:
  PsqlSession(const Cluster& pg, std::string_view commands) {
    REQUIRE(::pipe2(in_, O_CLOEXEC) == 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in_[0], 0);
      const int devnull = ::open("/dev/null", O_WRONLY);
      ::dup2(devnull, 1);
      ::dup2(devnull, 2);
      passwd* pw = ::getpwnam("postgres");
      if (::setgid(pw->pw_gid) != 0 || ::setuid(pw->pw_uid) != 0) ::_exit(126);
      const std::string path = kBin + "psql";
      ::execl(path.c_str(), path.c_str(), "-X", "-h", pg.socket_dir().c_str(), "-p",
              pg.port().c_str(), "-U", "postgres", "-d", "postgres", nullptr);
      ::_exit(127);
    }
    ::close(in_[0]);
    (void)!::write(in_[1], commands.data(), commands.size());
  }
  PsqlSession(const PsqlSession&) = delete;
  PsqlSession& operator=(const PsqlSession&) = delete;
  ~PsqlSession() { end(); }
  void end() {
    if (pid_ <= 0) return;
    ::close(in_[1]);
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  [[nodiscard]] pid_t pid() const { return pid_; }

 private:
  int in_[2] = {-1, -1};
  pid_t pid_ = -1;
};

/// True when a session's backend ("postgres: postgres postgres [local] ...") is among the
/// postmaster's children.
bool has_session_backend(int postmaster) {
  for (int pid : children_of(postmaster)) {
    if (read_text("/proc/" + std::to_string(pid) + "/cmdline").find("[local]") !=
        std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("PostgreSQL: -n postgres selects exactly the server processes, not psql", "[live]") {
  if (::access((kBin + "initdb").c_str(), X_OK) != 0) {
    FAIL("PostgreSQL 15 is not installed (apt-get install postgresql): this test needs it");
  }
  Cluster pg;
  // A client session held open: psql reads its commands from a pipe that stays open.
  PsqlSession session(pg, "select 1;\n");
  // Wait until the cluster is settled: the five background processes and the session's
  // backend ("postgres: postgres postgres [local] idle") are the postmaster's children.
  std::set<int> server;
  for (int i = 0; i < 1000; ++i) {
    server = children_of(pg.postmaster());
    if (server.size() >= 6 && has_session_backend(pg.postmaster())) break;
    ::usleep(20000);
  }
  server.insert(pg.postmaster());
  INFO("postmaster " << pg.postmaster() << ", its children and itself: " << server.size());

  const auto r = run({MEMWHO_BINARY, "-n", "postgres", "--format=tsv", "-o", "pid,name,command"});
  const auto pgrep = run({"pgrep", "postgres"});
  const auto ckpt =
      run({MEMWHO_BINARY, "-n", "postgres", "-f", "checkpointer", "--format=tsv", "-o", "pid"});
  // Grouped by program: the server's titled processes are one application, psql another.
  const auto groups =
      run({MEMWHO_BINARY, "--group=name", "--format=tsv", "-o", "group,processes,pss"});
  // The postmaster above its children, the subtree all of them.
  const auto tree = run({MEMWHO_BINARY, "-p", std::to_string(pg.postmaster()), "--descendants",
                         "--tree", "--format=tsv", "-o", "pid,depth,subtree_processes"});
  const pid_t psql = session.pid();
  session.end();
  INFO(groups.out << groups.err << tree.out << tree.err);
  std::map<std::string, std::string> procs_by_group;
  for (const auto& row : parse_tsv(groups.out))
    procs_by_group[row.at("group")] = row.at("processes");
  REQUIRE(procs_by_group.count("postgres") == 1);
  CHECK(std::stoul(procs_by_group["postgres"]) == pid_set(pgrep.out).size());
  REQUIRE(procs_by_group.count("psql") == 1);
  const auto tree_rows = parse_tsv(tree.out);
  REQUIRE(!tree_rows.empty());
  CHECK(std::stoi(tree_rows[0].at("pid")) == pg.postmaster());
  CHECK(tree_rows[0].at("depth") == "0");
  CHECK(std::stoul(tree_rows[0].at("subtree_processes")) == server.size());

  INFO(r.out << r.err << "pgrep:\n" << pgrep.out);
  REQUIRE(r.rc == 0);
  std::set<int> selected;
  for (const auto& row : parse_tsv(r.out)) {
    selected.insert(std::stoi(row.at("pid")));
    CHECK(row.at("name") == "postgres");
  }
  // The postmaster, checkpointer, background writer, walwriter, autovacuum launcher, logical
  // replication launcher and the session's backend, at least.
  CHECK(server.size() >= 7);
  for (int pid : server) CHECK(selected.count(pid) == 1);
  CHECK(selected.count(psql) == 0);
  // Exactly what pgrep finds (it matches comm): the same processes, the same total.
  CHECK(selected == pid_set(pgrep.out));
  // A title word with -f: this cluster's checkpointer is among those found.
  std::set<int> checkpointers;
  for (const auto& row : parse_tsv(ckpt.out)) checkpointers.insert(std::stoi(row.at("pid")));
  std::size_t ours = 0;
  for (int pid : checkpointers) ours += server.count(pid);
  CHECK(ours == 1);
}

TEST_CASE(
    "PostgreSQL: stopping the server frees what memwho said (the postmaster and its descendants)",
    "[live]") {
  if (::geteuid() != 0) {
    WARN("not root: the figure is exact only from page frames, as root");
    return;
  }
  if (::access((kBin + "initdb").c_str(), X_OK) != 0) {
    FAIL("PostgreSQL 15 is not installed (apt-get install postgresql): this test needs it");
  }
  Cluster pg;  // default settings: shared_buffers 128MB
  // A table of about 20 MB, read whole, so the shared buffers hold it.
  const auto fill = pg.psql(
      {"create table t as select g, repeat('x', 200) as pad from generate_series(1, 80000) g",
       "select count(*), sum(length(pad)) from t"});
  INFO(fill.out << fill.err);
  REQUIRE(fill.rc == 0);
  REQUIRE(fill.out.find("16000000") != std::string::npos);
  // A client session held open (psql reading from a pipe): its backend stops with the server,
  // psql itself (not a postgres process) stays until the session ends.
  PsqlSession session(pg, "select count(*) from t;\n");
  bool backend = false;
  for (int i = 0; i < 500 && !backend; ++i) {
    backend = has_session_backend(pg.postmaster());
    if (!backend) ::usleep(20000);
  }
  CHECK(backend);
  ::usleep(200000);  // the session's query done, the backend idle

  // This cluster: its postmaster and every process under it (another PostgreSQL on the machine,
  // a packaged one or a test's leftover, is not what this stop frees).
  const std::vector<std::string> cmd{MEMWHO_BINARY, "-p", std::to_string(pg.postmaster()),
                                     "--descendants", "--format=json"};
  const auto j = run(cmd);
  const std::uint64_t before = anon_and_shmem_kib();
  INFO(j.err);
  REQUIRE(j.rc == 0);
  const auto doc = nlohmann::json::parse(j.out, nullptr, false);
  REQUIRE_FALSE(doc.is_discarded());
  REQUIRE(doc.contains("frees"));
  const auto& f = doc["frees"];
  INFO("frees: " << f.dump());
  REQUIRE(f.value("exact", false) == true);
  REQUIRE(f.contains("bytes"));
  const std::uint64_t frees = f["bytes"].get<std::uint64_t>() / 1024;
  std::set<int> pids;
  for (const auto& row : doc["rows"]) pids.insert(row["pid"].get<int>());
  REQUIRE(pids.count(pg.postmaster()) == 1);

  const auto stop = pg.stop();
  INFO(stop.out << stop.err);
  REQUIRE(stop.rc == 0);
  for (int i = 0; i < 1000; ++i) {
    if (std::all_of(pids.begin(), pids.end(), gone)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  for (int pid : pids) CHECK(gone(pid));
  std::uint64_t after = anon_and_shmem_kib();
  const auto near = [&] {
    const std::uint64_t drop = before > after ? before - after : 0;
    const auto d = drop > frees ? drop - frees : frees - drop;
    return d * 10 <= frees;
  };
  // Freeing is done by then; give stragglers (per-CPU counters) a moment all the same.
  for (int i = 0; i < 10 && !near(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    after = anon_and_shmem_kib();
  }
  const std::uint64_t drop = before > after ? before - after : 0;
  const auto kib = [&](const char* key) {
    return f.contains(key) && f[key].is_number() ? f[key].get<std::uint64_t>() / 1024 : 0;
  };
  std::ostringstream figures;
  figures << pids.size() << " postgres processes; memwho: frees " << frees << " KiB (anon "
          << kib("anon") << ", objects " << kib("objects") << " in " << f.value("objects_count", 0)
          << ", file_cached " << kib("file_cached") << ", shared_outside " << kib("shared_outside")
          << "); /proc/meminfo AnonPages+Shmem " << before << " KiB before the stop, " << after
          << " after: drop " << drop << " KiB";
  INFO(figures.str());
  WARN(figures.str());
  CHECK(near());
}
