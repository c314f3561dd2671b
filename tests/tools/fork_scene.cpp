// memwho-forkscene: one forking application whose "what stopping it frees" is known by
// construction, for the live tests of issue 11 (group_unique*, frees, the sharing view).
//
//   NAME                       the master: this process (comm and title NAME)
//   ├── NAMEout                "outside": another program (comm and title NAMEout)
//   ├── NAME worker[0]         comm NAME (inherited), title rewritten
//   └── NAME worker[N-1]
//
// Memory, once "ready" is printed (besides each process's own few libc/stack/heap pages):
//   - master region, M MiB (--master-mib) of private anonymous memory written by the master
//     before the workers are forked: copy-on-write shared with every worker. Worker i writes
//     (dirties) the first pct_i % of its pages (--dirty-percent a,b,c), so it then shares the
//     other (100 - pct_i) % with the master and holds pct_i % of M as copies of its own;
//   - worker region, P MiB (--worker-mib) written by each worker after the fork: its own;
//   - anon-shared region, S MiB (--anon-shared-mib) of MAP_SHARED|MAP_ANONYMOUS memory (a shmem
//     object), created and written by the master before the forks, read by every worker: mapped
//     by the group only, so it dies with the group;
//   - a memfd ("fscene") of F MiB (--memfd-mib), all of it written with pwrite() (F MiB of shmem
//     in the page cache), of which the master alone maps and reads the first G MiB
//     (--memfd-mapped-mib). Its fd (CLOEXEC) stays open in the master only: the children close
//     it and unmap the window, so the object is held by the master alone;
//   - outside region, X MiB (--outside-mib, 0 = no outside process) of MAP_SHARED|MAP_ANONYMOUS
//     memory written by the master, then read by the outside process (forked first, before any
//     of the above exists, so it shares nothing else with the group but a few libc/stack pages):
//     shared with a process outside the group, so never unique to it.
// So the group (-x -n NAME: the outside process is "NAMEout", which a substring match on NAME
// would catch) holds M + sum(pct_i) * M + N * P MiB of unique anonymous memory plus its own
// small overhead, S + F MiB of shmem objects that die with it, and shares X MiB with "outside".
//
// With --thp the master and worker regions are 2 MiB-aligned and MADV_HUGEPAGE'd before they are
// touched (transparent huge pages if the system allows madvise); without it they are
// MADV_NOHUGEPAGE'd. Every page written holds a distinct non-zero tag: never the zero page,
// nothing KSM could merge.
//
// Protocol: when every process has touched its memory, the master prints "master\tPID", then
// "worker\tPID" per worker in index order, then "outside\tPID" (if X > 0), then "ready", and
// flushes. It then waits for SIGTERM/SIGINT/SIGHUP or --timeout seconds (default 300), SIGKILLs
// its children by pid, reaps them and exits 0 (1 if the scene could not be built, 2 on bad
// usage). Every child also has PR_SET_PDEATHSIG(SIGKILL): nothing outlives a killed master.
//
// libc only and no exceptions or RTTI (see CMakeLists.txt): the per-process overhead on top of
// the constructed figures stays small.

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "tool_support.hpp"

namespace {

constexpr int kMaxName = 200;
constexpr int kMaxWorkers = 1000;
constexpr size_t kMiB = size_t{1} << 20;
constexpr size_t kHuge = 2 * kMiB;

struct Options {
  const char* name = "fscene";
  long master_mib = 64;
  long workers = 3;
  long worker_mib = 16;
  long dirty[kMaxWorkers] = {};
  long n_dirty = 0;
  long anon_shared_mib = 0;
  long memfd_mib = 0;
  long memfd_mapped_mib = 0;
  long outside_mib = 0;
  long timeout_s = 300;
  bool thp = false;
};

// 16 bytes < PIPE_BUF: every record is written atomically.
struct Report {
  int32_t role;  // 1 = worker, 2 = outside
  int32_t index;
  int32_t pid;
  int32_t pad;
};

Options g_opt;
long g_page = 4096;
char g_name[kMaxName + 1];  // copied out of argv: the argv area is overwritten by proc_title::set()

void usage(FILE* to) {
  std::fputs(
      "usage: memwho-forkscene [--name NAME] [--master-mib M] [--workers N] [--worker-mib P]\n"
      "                        [--dirty-percent a,b,...] [--anon-shared-mib S] [--memfd-mib F]\n"
      "                        [--memfd-mapped-mib G] [--outside-mib X] [--thp]\n"
      "                        [--timeout SECONDS]\n"
      "A master NAME with M MiB private, N workers \"NAME worker[i]\" with P MiB each (worker i\n"
      "dirties a_i % of the master's M), S MiB MAP_SHARED anonymous shared by the group, a memfd\n"
      "of F MiB (G mapped by the master), and X MiB shared with a process \"NAMEout\".\n"
      "Prints \"role\\tpid\" per process and \"ready\"; exits on SIGTERM or after the timeout.\n"
      "Defaults: NAME=fscene M=64 N=3 P=16 a=0 S=0 F=0 G=0 X=0 timeout 300.\n",
      to);
}

bool parse_long(const char* s, long lo, long hi, long* out) {
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi) return false;
  *out = v;
  return true;
}

bool parse_percents(const char* s) {
  g_opt.n_dirty = 0;
  char buf[4096];
  if (std::strlen(s) >= sizeof buf) return false;
  std::strcpy(buf, s);
  char* save = nullptr;
  for (char* tok = strtok_r(buf, ",", &save); tok != nullptr; tok = strtok_r(nullptr, ",", &save)) {
    if (g_opt.n_dirty == kMaxWorkers) return false;
    if (!parse_long(tok, 0, 100, &g_opt.dirty[g_opt.n_dirty])) return false;
    ++g_opt.n_dirty;
  }
  return g_opt.n_dirty > 0;
}

// Accepts "--opt value" and "--opt=value".
bool parse_args(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const char* arg = argv[i];
    if (std::strncmp(arg, proc_title::kPadFlag, sizeof proc_title::kPadFlag - 1) == 0) continue;
    if (std::strcmp(arg, "-h") == 0 || std::strcmp(arg, "--help") == 0) {
      usage(stdout);
      std::exit(0);
    }
    if (std::strcmp(arg, "--thp") == 0) {
      g_opt.thp = true;
      continue;
    }
    const char* eq = std::strchr(arg, '=');
    size_t key_len = eq ? static_cast<size_t>(eq - arg) : std::strlen(arg);
    auto is = [&](const char* key) {
      return key_len == std::strlen(key) && std::strncmp(arg, key, key_len) == 0;
    };
    if (!is("--name") && !is("--master-mib") && !is("--workers") && !is("--worker-mib") &&
        !is("--dirty-percent") && !is("--anon-shared-mib") && !is("--memfd-mib") &&
        !is("--memfd-mapped-mib") && !is("--outside-mib") && !is("--timeout")) {
      std::fprintf(stderr, "memwho-forkscene: unknown option %s\n", arg);
      usage(stderr);
      return false;
    }
    const char* value = nullptr;
    if (eq) {
      value = eq + 1;
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      std::fprintf(stderr, "memwho-forkscene: %s needs a value\n", arg);
      return false;
    }
    constexpr long kMaxMib = 1 << 20;
    bool ok = true;
    if (is("--name")) {
      ok = value[0] != '\0' && std::strlen(value) <= kMaxName && std::strchr(value, ' ') == nullptr;
      g_opt.name = value;
    } else if (is("--master-mib")) {
      ok = parse_long(value, 0, kMaxMib, &g_opt.master_mib);
    } else if (is("--workers")) {
      ok = parse_long(value, 0, kMaxWorkers, &g_opt.workers);
    } else if (is("--worker-mib")) {
      ok = parse_long(value, 0, kMaxMib, &g_opt.worker_mib);
    } else if (is("--dirty-percent")) {
      ok = parse_percents(value);
    } else if (is("--anon-shared-mib")) {
      ok = parse_long(value, 0, kMaxMib, &g_opt.anon_shared_mib);
    } else if (is("--memfd-mib")) {
      ok = parse_long(value, 0, kMaxMib, &g_opt.memfd_mib);
    } else if (is("--memfd-mapped-mib")) {
      ok = parse_long(value, 0, kMaxMib, &g_opt.memfd_mapped_mib);
    } else if (is("--outside-mib")) {
      ok = parse_long(value, 0, kMaxMib, &g_opt.outside_mib);
    } else {  // --timeout
      ok = parse_long(value, 1, 86400, &g_opt.timeout_s);
    }
    if (!ok) {
      std::fprintf(stderr, "memwho-forkscene: bad value for %.*s: '%s'\n",
                   static_cast<int>(key_len), arg, value);
      return false;
    }
  }
  if (g_opt.memfd_mapped_mib > g_opt.memfd_mib) {
    std::fprintf(stderr, "memwho-forkscene: --memfd-mapped-mib exceeds --memfd-mib\n");
    return false;
  }
  if (g_opt.n_dirty > g_opt.workers) {
    std::fprintf(stderr, "memwho-forkscene: more --dirty-percent values than workers\n");
    return false;
  }
  return true;
}

void set_identity(const char* comm, const char* title) {
  prctl(PR_SET_NAME, comm);  // truncated to 15 bytes
  proc_title::set(title);
}

// A distinct non-zero tag in every page (16 bytes written: the fault already zeroed the page).
void tag_pages(char* base, size_t bytes, uint64_t tag) {
  uint64_t index = 0;
  for (size_t off = 0; off < bytes; off += static_cast<size_t>(g_page), ++index) {
    auto* words = reinterpret_cast<volatile uint64_t*>(base + off);
    words[0] = 0x6673636e65000000ULL ^ tag;  // "fscne" in the high bytes
    words[1] = index + 1;
  }
}

// Reads one byte of every page: maps the (already written) pages without dirtying them.
void read_pages(const char* base, size_t bytes) {
  uint64_t sum = 0;
  for (size_t off = 0; off < bytes; off += static_cast<size_t>(g_page)) {
    sum += *reinterpret_cast<const volatile uint64_t*>(base + off);
  }
  if (sum == 1) std::fputs("", stderr);  // keep the reads
}

uint64_t make_tag(uint64_t kind, long index) {
  return (kind << 40) ^ static_cast<uint64_t>(index + 1) << 20;
}

// Private anonymous memory, not touched yet. With --thp: 2 MiB-aligned and MADV_HUGEPAGE;
// otherwise MADV_NOHUGEPAGE.
char* map_private(size_t bytes) {
  if (bytes == 0) return nullptr;
  if (!g_opt.thp) {
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) tool::die("mmap private region");
    madvise(p, bytes, MADV_NOHUGEPAGE);
    return static_cast<char*>(p);
  }
  size_t span = bytes + kHuge;
  void* p = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) tool::die("mmap private region");
  auto start = reinterpret_cast<uintptr_t>(p);
  uintptr_t aligned = (start + kHuge - 1) & ~(uintptr_t{kHuge} - 1);
  if (aligned > start) munmap(p, aligned - start);
  uintptr_t end = start + span;
  if (end > aligned + bytes)
    munmap(reinterpret_cast<void*>(aligned + bytes), end - aligned - bytes);
  if (madvise(reinterpret_cast<void*>(aligned), bytes, MADV_HUGEPAGE) != 0)
    tool::die("MADV_HUGEPAGE");
  return reinterpret_cast<char*>(aligned);
}

char* map_shared_anon(size_t bytes) {
  if (bytes == 0) return nullptr;
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) tool::die("mmap shared anonymous region");
  return static_cast<char*>(p);
}

// The memfd, filled with pwrite() in 1 MiB chunks of tagged pages.
int make_memfd(size_t bytes) {
  int fd = memfd_create("fscene", MFD_CLOEXEC);
  if (fd < 0) tool::die("memfd_create");
  if (ftruncate(fd, static_cast<off_t>(bytes)) != 0) tool::die("ftruncate memfd");
  char* buf = static_cast<char*>(std::calloc(1, kMiB));
  if (buf == nullptr) tool::die("calloc");
  for (size_t done = 0; done < bytes; done += kMiB) {
    std::memset(buf, 0, kMiB);
    tag_pages(buf, kMiB, make_tag(4, static_cast<long>(done / kMiB)));
    size_t n = bytes - done < kMiB ? bytes - done : kMiB;
    if (pwrite(fd, buf, n, static_cast<off_t>(done)) != static_cast<ssize_t>(n)) {
      tool::die("pwrite memfd");
    }
  }
  std::free(buf);
  return fd;
}

[[noreturn]] void idle_forever() {
  for (;;) pause();
}

// The state the master builds, and the children inherit.
struct Layout {
  char* master = nullptr;
  size_t master_bytes = 0;
  char* anon_shared = nullptr;
  size_t anon_shared_bytes = 0;
  int memfd = -1;
  char* memfd_map = nullptr;
  size_t memfd_map_bytes = 0;
  char* outside = nullptr;
  size_t outside_bytes = 0;
};

Layout g_layout;

}  // namespace

int main(int argc, char** argv) {
  tool::g_tool = "memwho-forkscene";
  if (!parse_args(argc, argv)) return 2;
  proc_title::ensure_room(argc, argv, std::strlen(g_opt.name));
  proc_title::capture(argc, argv);
  std::snprintf(g_name, sizeof g_name, "%s", g_opt.name);
  g_page = sysconf(_SC_PAGESIZE);
  set_identity(g_name, g_name);
  signal(SIGPIPE, SIG_IGN);

  // Signals are taken with sigtimedwait(); the children restore the original mask.
  sigset_t handled, old_mask;
  sigemptyset(&handled);
  sigaddset(&handled, SIGTERM);
  sigaddset(&handled, SIGINT);
  sigaddset(&handled, SIGHUP);
  if (sigprocmask(SIG_BLOCK, &handled, &old_mask) != 0) tool::die("sigprocmask");
  // The master ends with whoever started it (a test that crashed must not leave the scene
  // holding its output open until the timeout): SIGTERM, taken like any other.
  const pid_t starter = getppid();
  if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0) tool::die("PR_SET_PDEATHSIG");
  if (getppid() != starter) return 1;

  int reports[2];
  if (pipe2(reports, O_CLOEXEC) != 0) tool::die("pipe");
  const pid_t self = getpid();
  pid_t outside_pid = 0;
  long expected = 0;
  Layout& L = g_layout;

  // The outside process first, so that it inherits nothing of the group's but the outside
  // region and the few pages every process starts with.
  if (g_opt.outside_mib > 0) {
    L.outside_bytes = static_cast<size_t>(g_opt.outside_mib) * kMiB;
    L.outside = map_shared_anon(L.outside_bytes);
    tag_pages(L.outside, L.outside_bytes, make_tag(5, 0));
    outside_pid = fork();
    if (outside_pid < 0) tool::die("fork outside");
    if (outside_pid == 0) {
      tool::become_child(self, old_mask);
      close(reports[0]);
      char title[kMaxName + 8];
      std::snprintf(title, sizeof title, "%sout", g_name);
      set_identity(title, title);
      read_pages(L.outside, L.outside_bytes);
      tool::write_record(reports[1], Report{2, 0, static_cast<int32_t>(getpid()), 0});
      close(reports[1]);
      idle_forever();
    }
    ++expected;
  }

  // The master's own memory: private (to be shared copy-on-write), shared anonymous, memfd.
  L.master_bytes = static_cast<size_t>(g_opt.master_mib) * kMiB;
  L.master = map_private(L.master_bytes);
  if (L.master) tag_pages(L.master, L.master_bytes, make_tag(1, 0));
  L.anon_shared_bytes = static_cast<size_t>(g_opt.anon_shared_mib) * kMiB;
  L.anon_shared = map_shared_anon(L.anon_shared_bytes);
  if (L.anon_shared) tag_pages(L.anon_shared, L.anon_shared_bytes, make_tag(2, 0));
  if (g_opt.memfd_mib > 0) {
    L.memfd = make_memfd(static_cast<size_t>(g_opt.memfd_mib) * kMiB);
    L.memfd_map_bytes = static_cast<size_t>(g_opt.memfd_mapped_mib) * kMiB;
    if (L.memfd_map_bytes > 0) {
      void* p = mmap(nullptr, L.memfd_map_bytes, PROT_READ, MAP_SHARED, L.memfd, 0);
      if (p == MAP_FAILED) tool::die("mmap memfd");
      L.memfd_map = static_cast<char*>(p);
      read_pages(L.memfd_map, L.memfd_map_bytes);
    }
  }

  pid_t workers[kMaxWorkers];
  for (long i = 0; i < g_opt.workers; ++i) {
    pid_t pid = fork();
    if (pid < 0) tool::die("fork worker");
    if (pid == 0) {
      tool::become_child(self, old_mask);
      close(reports[0]);
      char title[kMaxName + 32];
      std::snprintf(title, sizeof title, "%s worker[%ld]", g_name, i);
      proc_title::set(title);  // comm NAME is inherited
      // The memfd is the master's alone; the outside region is none of the workers' business.
      if (L.memfd >= 0) close(L.memfd);
      if (L.memfd_map) munmap(L.memfd_map, L.memfd_map_bytes);
      if (L.outside) munmap(L.outside, L.outside_bytes);
      if (L.anon_shared) read_pages(L.anon_shared, L.anon_shared_bytes);
      long pct = i < g_opt.n_dirty ? g_opt.dirty[i] : 0;
      if (L.master && pct > 0) {
        size_t pages = L.master_bytes / static_cast<size_t>(g_page);
        size_t dirty = pages * static_cast<size_t>(pct) / 100;
        tag_pages(L.master, dirty * static_cast<size_t>(g_page), make_tag(6, i));
      }
      size_t own = static_cast<size_t>(g_opt.worker_mib) * kMiB;
      char* mine = map_private(own);
      if (mine) tag_pages(mine, own, make_tag(3, i));
      tool::write_record(reports[1],
                         Report{1, static_cast<int32_t>(i), static_cast<int32_t>(getpid()), 0});
      close(reports[1]);
      idle_forever();
    }
    workers[i] = pid;
    ++expected;
  }
  close(reports[1]);

  auto kill_children = [&]() {
    for (long i = 0; i < g_opt.workers; ++i) kill(workers[i], SIGKILL);
    if (outside_pid > 0) kill(outside_pid, SIGKILL);
    for (;;) {
      pid_t pid = waitpid(-1, nullptr, 0);
      if (pid < 0 && errno == EINTR) continue;
      if (pid < 0) break;  // ECHILD: all reaped
    }
  };

  for (long got = 0; got < expected; ++got) {
    Report r;
    if (!tool::read_record(reports[0], &r)) {
      std::fprintf(stderr, "memwho-forkscene: a child died before it was ready\n");
      kill_children();
      return 1;
    }
  }
  close(reports[0]);

  std::printf("master\t%d\n", self);
  for (long i = 0; i < g_opt.workers; ++i) std::printf("worker\t%d\n", workers[i]);
  if (outside_pid > 0) std::printf("outside\t%d\n", outside_pid);
  std::printf("ready\n");
  std::fflush(stdout);

  timespec deadline;
  clock_gettime(CLOCK_MONOTONIC, &deadline);
  deadline.tv_sec += g_opt.timeout_s;
  for (;;) {
    timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec > deadline.tv_sec ||
        (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec)) {
      break;
    }
    timespec left{deadline.tv_sec - now.tv_sec, deadline.tv_nsec - now.tv_nsec};
    if (left.tv_nsec < 0) {
      left.tv_nsec += 1000000000L;
      --left.tv_sec;
    }
    int sig = sigtimedwait(&handled, nullptr, &left);
    if (sig > 0) break;
    if (sig < 0 && errno != EINTR && errno != EAGAIN) break;
  }
  kill_children();
  return 0;
}
