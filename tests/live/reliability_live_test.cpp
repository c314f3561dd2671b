// Live tests of memwho under races, privileges and hostile input: a process exiting during
// --maps, a zombie leader whose threads live on, hostile names in messages, hidepid, write
// errors, thread ids, and proc trees with FIFOs, device files and endless lines. Each reproduces
// a finding that once printed a wrong number as if right, hung, or leaked an escape.
#include <pthread.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <fstream>

#include "live_support.hpp"

using namespace memwho::live;

namespace {

/// A forked child that runs `body` and is killed and reaped at the end of the scope. `body`
/// writes one byte to `ready` when the state to test is there.
class Forked {
 public:
  explicit Forked(const std::function<void(int ready)>& body) {
    int p[2];
    if (::pipe(p) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(p[0]);
      body(p[1]);
      for (;;) ::pause();
    }
    ::close(p[1]);
    char c;
    if (::read(p[0], &c, 1) != 1) throw std::runtime_error("child failed");
    ::close(p[0]);
  }
  Forked(const Forked&) = delete;
  Forked& operator=(const Forked&) = delete;
  ~Forked() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  [[nodiscard]] pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

void signal_ready(int fd) {
  (void)!::write(fd, "x", 1);
}

/// In a forked child: `n` distinct one-page mappings (every other page of one region made
/// read-only, so the kernel cannot merge them), the writable ones touched.
void make_mappings(std::size_t n) {
  const std::size_t page = 4096;
  auto* base = static_cast<char*>(
      ::mmap(nullptr, 2 * n * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  for (std::size_t i = 0; i < 2 * n; i += 2) {
    base[i * page] = 1;
    ::mprotect(base + (i + 1) * page, page, PROT_READ);
  }
}

std::size_t mapping_rows(const std::string& out) {
  std::size_t rows = 0;
  for (auto line : lines(out)) {
    if (line.size() > 17 && line[16] == ' ' && line.find_first_not_of("0123456789abcdef") == 16) {
      ++rows;
    }
  }
  return rows;
}

bool has_byte(const std::string& s, char c) {
  return s.find(c) != std::string::npos;
}

}  // namespace

TEST_CASE("reliability: a process exiting during --maps is never shown as complete", "[live]") {
  // 30,000 mappings, killed 30 ms after memwho starts: smaps ends early without an error (once
  // 14 runs in 40 printed a partial listing with a total line, exit 0, no word). Each
  // run must either list every mapping with a total, or say the listing is incomplete (exit 3),
  // or say the process was gone before the read (exit 1).
  constexpr std::size_t kMaps = 30000;
  int cut = 0, complete = 0;
  for (int run_no = 0; run_no < 16; ++run_no) {
    for (const bool by_file : {false, true}) {
      pid_t child = ::fork();
      int ready[2];
      if (child == 0) {
        make_mappings(kMaps);
        for (;;) ::pause();
      }
      (void)ready;
      // Wait until the child's mappings are in place.
      for (int i = 0; i < 500; ++i) {
        if (lines(read_text("/proc/" + std::to_string(child) + "/maps")).size() > kMaps) break;
        ::usleep(10000);
      }
      std::vector<std::string> argv{MEMWHO_BINARY, "--maps", "-p", std::to_string(child)};
      if (by_file) argv.emplace_back("--by=file");
      // Most runs kill mid-read; every fourth gives the read time to finish.
      const unsigned delay_us = run_no % 4 == 3 ? 600000 : 30000;
      const auto r = run(argv, [child, delay_us](pid_t) {
        ::usleep(delay_us);
        ::kill(child, SIGKILL);
      });
      ::waitpid(child, nullptr, 0);
      INFO("run " << run_no << (by_file ? " by file" : "") << ": rc " << r.rc << "\n" << r.err);
      const bool total = r.out.find("total kB") != std::string::npos;
      if (r.rc == 0) {
        ++complete;
        CHECK(total);
        CHECK(r.err.empty());
        if (!by_file) CHECK(mapping_rows(r.out) > kMaps);
      } else if (r.rc == 3) {
        ++cut;
        CHECK(r.err.find("exited while its mappings were read") != std::string::npos);
        if (!by_file) {
          CHECK_FALSE(total);  // no totals over a partial listing
          CHECK(r.out.find("(incomplete") != std::string::npos);
        }
      } else {
        // Gone before the read began (killed, not yet reaped: a zombie; or reaped).
        CHECK(r.rc == 1);
        CHECK((r.err.find("exited before its mappings could be read") != std::string::npos ||
               r.err.find("is a zombie") != std::string::npos));
      }
    }
  }
  INFO(complete << " complete, " << cut << " cut short");
  CHECK(complete + cut > 0);
  if (cut == 0) WARN("no run was cut short: the race was not hit this time");
}

TEST_CASE("reliability: a zombie leader with a live thread shows its memory", "[live]") {
  const std::string name = unique("lvzl");
  constexpr std::size_t kMiB = 64;
  Forked proc([&](int ready) {
    ::prctl(PR_SET_NAME, name.c_str(), 0, 0, 0);
    pthread_t t;
    static int fd;
    fd = ready;
    ::pthread_create(
        &t, nullptr,
        [](void*) -> void* {
          auto* p = static_cast<char*>(::mmap(nullptr, kMiB << 20, PROT_READ | PROT_WRITE,
                                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
          std::memset(p, 1, kMiB << 20);
          signal_ready(fd);
          for (;;) ::pause();
          return nullptr;
        },
        nullptr);
    // What pthread_exit() does to the leader, without unwinding through the test framework:
    // only the calling thread exits, the leader becomes a zombie, the thread runs on.
    ::syscall(SYS_exit, 0);
  });
  // Wait until the leader is a zombie.
  const std::string status_path = "/proc/" + std::to_string(proc.pid()) + "/status";
  for (int i = 0; i < 200 && read_text(status_path).find("State:\tZ") == std::string::npos; ++i) {
    ::usleep(10000);
  }
  REQUIRE(read_text(status_path).find("State:\tZ") != std::string::npos);
  const auto r = run({MEMWHO_BINARY, "-n", name, "--format=tsv", "-o", "pid,rss,pss,uss,command"});
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);  // listed without -p: it is no zombie to leave out
  const auto rows = parse_tsv(r.out);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].at("pid") == std::to_string(proc.pid()));
  CHECK(*to_u64(rows[0].at("rss")) >= kMiB * 1024);
  CHECK(*to_u64(rows[0].at("uss")) >= kMiB * 1024);
  CHECK(rows[0].at("command").find("<defunct>") == std::string::npos);
  const auto maps = run({MEMWHO_BINARY, "--maps", "-p", std::to_string(proc.pid())});
  INFO(maps.out << maps.err);
  CHECK(maps.rc == 0);
  CHECK(maps.out.find("total kB") != std::string::npos);
  CHECK(maps.err.find("zombie") == std::string::npos);
}

TEST_CASE("reliability: hostile names and arguments never reach stderr raw", "[live]") {
  // A zombie whose name is OSC "set title" + "clear screen": --maps names it in its message.
  const char hostile[] = "\x1b]0;pwned\x07\x1b[2J";
  const pid_t zombie = ::fork();
  if (zombie == 0) {
    ::prctl(PR_SET_NAME, hostile, 0, 0, 0);
    ::_exit(0);
  }
  ::usleep(100000);  // not reaped: a zombie
  const auto r = run({MEMWHO_BINARY, "--maps", "-p", std::to_string(zombie)});
  ::waitpid(zombie, nullptr, 0);
  INFO(r.err);
  CHECK(r.err.find("zombie") != std::string::npos);
  CHECK_FALSE(has_byte(r.err, '\x1b'));
  CHECK_FALSE(has_byte(r.err, '\x07'));
  // CLI11's own messages quote the bad argument.
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--format", "x\x1b[2J"},
                                               {"--bogus\x1b[2J"},
                                               {"-o", "\x1b[2J"},
                                               {"--sort",
                                                "\x9b"
                                                "2J"},
                                               {"-p", "1\x1b[2J"},
                                               {"-u", "\x1b[2J"}}) {
    std::vector<std::string> argv{MEMWHO_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto bad = run(argv);
    INFO(bad.err);
    CHECK(bad.rc == 2);
    CHECK_FALSE(has_byte(bad.err, '\x1b'));
    CHECK(bad.err.find('\x9b') == std::string::npos);
  }
}

TEST_CASE("reliability: hidepid=1 gives rows with '-' and one summary line", "[live]") {
  if (::geteuid() != 0) {
    WARN("skipped: needs root to mount a proc instance");
    return;
  }
  TempDir mnt;
  for (const char* opts : {"hidepid=1", "hidepid=1,subset=pid", "hidepid=invisible"}) {
    const std::string script = "mount -t proc -o " + std::string(opts) + " proc " + mnt.path() +
                               " && exec setpriv --reuid=65534 --regid=65534 --clear-groups " +
                               MEMWHO_BINARY + " --proc-root " + mnt.path() + " -o pid,rss";
    const auto r = run({"unshare", "-m", "sh", "-c", script});
    INFO(opts << ": rc " << r.rc << "\n" << r.out << r.err);
    CHECK(r.err.find("Operation not permitted") == std::string::npos);
    CHECK(lines(r.err).size() <= 1);
    if (std::string(opts) == "hidepid=invisible") {
      // Invisible: other users' pids are not even listed, and nobody runs nothing else.
      CHECK(r.rc == 1);
      CHECK(r.err.find("no process with an address space") != std::string::npos);
      continue;
    }
    CHECK(r.rc == 0);
    CHECK(r.err.find("could not be identified") != std::string::npos);
    CHECK(lines(r.out).size() > 2);
    CHECK(r.out.find(" -") != std::string::npos);
  }
}

TEST_CASE("reliability: a failed write of stdout is reported once and exits 4", "[live]") {
  const std::string m = MEMWHO_BINARY;
  for (const std::string& cmd :
       {m + " >/dev/full", m + " >&-", m + " --format=tsv >/dev/full", m + " --help >/dev/full",
        m + " --list-columns >/dev/full", m + " --maps -p $$ >/dev/full",
        m + " --maps --by=file -p $$ >&-"}) {
    const auto r = run({"bash", "-c", cmd});
    INFO(cmd << ": " << r.err);
    CHECK(r.rc == 4);
    // Once, however many times memwho would have written (the maps view flushes every 64 KiB).
    std::size_t reports = 0;
    for (auto l : lines(r.err)) reports += l.find("cannot write the output") != std::string::npos;
    CHECK(reports == 1);
  }
  // A reader that goes away early is a normal end: exit 0, nothing on stderr.
  const auto piped =
      run({"bash", "-c", m + " --maps -p $$ | head -c 10 >/dev/null; echo \"${PIPESTATUS[0]}\""});
  CHECK(piped.out == "0\n");
  CHECK(piped.err.empty());
}

TEST_CASE("reliability: -p with a thread id counts the process once", "[live]") {
  Forked proc([](int ready) {
    pthread_t t;
    ::pthread_create(
        &t, nullptr,
        [](void*) -> void* {
          for (;;) ::pause();
          return nullptr;
        },
        nullptr);
    signal_ready(ready);
  });
  int tid = 0;
  const auto tasks = run({"ls", "/proc/" + std::to_string(proc.pid()) + "/task"});
  for (auto l : lines(tasks.out)) {
    if (auto t = to_u64(l); t && static_cast<int>(*t) != proc.pid()) tid = static_cast<int>(*t);
  }
  REQUIRE(tid != 0);
  const auto r = run({MEMWHO_BINARY, "-p", std::to_string(proc.pid()) + "," + std::to_string(tid),
                      "--format=tsv", "-o", "pid,rss"});
  INFO(r.out << r.err);
  CHECK(r.rc == 0);
  CHECK(parse_tsv(r.out).size() == 1);
  CHECK(r.err.find(std::to_string(tid) + " is a thread of process " + std::to_string(proc.pid())) !=
        std::string::npos);
}

TEST_CASE("reliability: a crafted --proc-root cannot hang memwho or exhaust its memory", "[live]") {
  // FIFOs (a read would block forever), /dev/zero (never ends, no newline), a sparse 20 MiB
  // status, and smaps with a 2 MiB line: made here, not committed.
  const std::string fixtures = std::string(MEMWHO_TEST_DATA) + "/fixtures/";
  for (const char* file : {"status", "cmdline", "smaps_rollup", "smaps"}) {
    for (const char* kind : {"fifo", "zero", "huge", "long-line"}) {
      TempDir tree;
      const std::string dir = tree.path() + "/800";
      REQUIRE(run({"cp", "-r", fixtures + "proc-maps/800", dir}).rc == 0);
      const std::string path = dir + "/" + file;
      ::unlink(path.c_str());
      const std::string k = kind;
      if (k == "fifo") {
        REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
      } else if (k == "zero") {
        REQUIRE(::symlink("/dev/zero", path.c_str()) == 0);
      } else if (k == "huge") {
        REQUIRE(run({"truncate", "-s", "20M", path}).rc == 0);
      } else {
        std::ofstream(path) << "7f00-7f01 r--p 00000000 00:00 0 " << std::string(2 << 20, 'x')
                            << "\nSize: 4 kB\n";
      }
      const bool maps = std::string(file) == "smaps";
      std::vector<std::string> argv{"timeout", "20", MEMWHO_BINARY, "--proc-root", tree.path()};
      if (maps) {
        argv.insert(argv.end(), {"--maps", "-p", "800"});
      } else {
        argv.insert(argv.end(), {"-o", "pid,rss,pss,command"});
      }
      const auto r = run(argv);
      INFO(file << " as " << kind << ": rc " << r.rc << "\n" << r.out << r.err);
      CHECK(r.rc != 124);                       // timeout: it hung
      CHECK(r.rc < 128);                        // killed: bad_alloc, a crash
      if (k == "long-line" && !maps) continue;  // a long line is fine in a whole-file read
      if (k == "huge" && std::string(file) == "smaps") {
        // 20 MiB of NUL bytes: one line longer than the limit.
        CHECK(r.err.find("800/smaps") != std::string::npos);
        continue;
      }
      CHECK(r.err.find(std::string("800/") + file) != std::string::npos);
    }
  }
}

TEST_CASE("reliability: --maps over many refused processes says so once", "[live]") {
  if (::geteuid() != 0) {
    WARN("skipped: needs root to switch to an unprivileged user");
    return;
  }
  std::vector<std::unique_ptr<Child>> children;
  std::string pids;
  for (int i = 0; i < 5; ++i) {
    children.push_back(
        std::make_unique<Child>("/bin/sleep", std::vector<std::string>{"sleep", "60"}));
    pids += (pids.empty() ? "" : ",") + std::to_string(children.back()->pid());
  }
  const auto r = run({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", MEMWHO_BINARY,
                      "--maps", "-p", pids});
  INFO(r.out << r.err);
  CHECK(r.rc == 1);
  CHECK(r.out.empty());
  CHECK(lines(r.err).size() == 1);  // not one "permission denied" line a process
  CHECK(r.err.find("smaps of 5 processes refused") != std::string::npos);
}
