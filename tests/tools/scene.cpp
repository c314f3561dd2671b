// memwho-scene: builds reproducible "preforking server" process trees whose memory is known in
// advance, for memwho's live tests and for the benchmark (tests/bench/).
//
// Shape of a scene (G groups, W workers per group):
//
//   memwho-scene controller          (this process; comm "memwho-scene")
//   ├── NAME master                  (group 0: comm NAME; writes S MiB, makes M maps, forks)
//   │   ├── NAME worker[0]           (comm NAME, inherited; writes P MiB of its own)
//   │   └── NAME worker[W-1]
//   └── ...                          (group G-1; with --numbered, NAME is NAME + group number)
//
// Memory of each process once "ready" is printed, besides its own few libc/stack pages
// (about 40 KiB private):
//   - S MiB of anonymous private memory written by the master before fork(): COW-shared by the
//     master and its W workers (Shared_Dirty, mapcount W+1);
//   - P MiB of anonymous memory written by each worker after fork(): its private memory;
//   - with --maps M: M one-page mappings made by the master before fork() and inherited by its
//     workers, each separated from the next by an unmapped page so the kernel cannot merge them
//     (M VMAs exactly): M - M/2 anonymous pages written by the master (shared like S) and M/2
//     read-only pages of a per-group file, read by every process of the group (shared file
//     pages, clean: the file is written back before it is mapped, and unlinked at once).
// So a group's PSS is about S + W*P + M pages + per-process overhead; a worker's USS is P MiB
// plus a little. Pages hold a distinct non-zero tag, and THP is refused for them.
//
// The command lines read back from /proc/PID/cmdline as exactly "NAME master" and
// "NAME worker[i]" (one string, NUL-terminated, the way nginx and PostgreSQL rewrite their
// titles), and the controller's as "memwho-scene controller". With substring matching, pick a
// NAME that does not occur in that last one (e.g. not the default "scene").
//
// Protocol: when every process has finished touching its memory, the controller prints one line
// per process, "<role>\t<pid>\t<group>" (role is master or worker; groups and worker indexes
// count from 0), sorted by group, master first, then "ready", and flushes. It then waits for
// EOF on stdin or SIGTERM/SIGINT/SIGHUP, SIGKILLs every process it created by PID, reaps them
// all and exits 0 (1 if the scene could not be built, 2 on bad usage). Every process also has
// PR_SET_PDEATHSIG(SIGKILL) against its parent, so nothing outlives a killed controller.
//
// Groups are built at most --parallel at a time (default: one per CPU): a thousand processes
// faulting in memory at once on two CPUs is slower, and much more variable, than a few at a time.
//
// Kept to POSIX/libc on purpose (no libstdc++ at run time, see CMakeLists.txt) so that the
// per-process overhead that memwho measures on top of S and P stays small.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
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

// Marks the argument appended when we re-exec ourselves to reserve room for process titles.
constexpr char kControllerTitle[] = "memwho-scene controller";
constexpr int kMaxName = 200;

struct Options {
  long groups = 1;
  long workers = 3;
  long shared_mib = 16;
  long private_mib = 4;
  long grow_mib = 0;      // written anew by a process each time it gets SIGUSR1
  long churn_groups = 0;  // the first K groups change every second (a watch's benchmark)
  long churn_mib = 1;
  long maps = 0;
  long timeout_s = 600;
  long parallel = 0;  // groups built at once; 0 = number of online CPUs
  bool numbered = false;
  const char* name = "scene";
  const char* comm = nullptr;  // comm of masters and workers; nullptr = the group's name
  const char* file_dir = nullptr;
};

// One record per process. Workers send theirs to their master, which forwards them and then its
// own to the controller. 16 bytes < PIPE_BUF, so every write() is atomic and records from
// different writers never interleave.
struct Report {
  int32_t role;  // 0 = master, 1 = worker
  int32_t group;
  int32_t index;  // worker index; -1 for masters
  int32_t pid;
};

Options g_opt;
long g_page = 4096;
char g_name[kMaxName + 1];  // copied out of argv: the argv area is overwritten by proc_title::set()
int g_report_fd = -1;       // where this process sends readiness records
char* g_maps_base = nullptr;  // window of the --maps slots, inherited by the workers
long g_maps_count = 0;

void usage(FILE* to) {
  std::fputs(
      "usage: memwho-scene [--groups G] [--workers W] [--shared-mib S] [--private-mib P]\n"
      "                    [--maps M] [--name NAME] [--numbered] [--file-dir DIR]\n"
      "                    [--parallel K] [--timeout SECONDS] [--comm COMM] [--grow-mib G]\n"
      "                    [--churn-groups K] [--churn-mib C]\n"
      "Builds G groups of 1 master + W workers with known memory; prints\n"
      "\"<role>\\t<pid>\\t<group>\" per process and \"ready\", then tears everything down\n"
      "on EOF on stdin or SIGTERM/SIGINT. Defaults: G=1 W=3 S=16 P=4 M=0 NAME=scene.\n"
      "  --numbered     group g is named NAME followed by g, zero-padded (e.g. app07)\n"
      "  --name         comm of the group (truncated to 15 bytes) and start of its titles;\n"
      "                 avoid substrings of \"memwho-scene controller\" if you match by name\n"
      "  --comm         comm of masters and workers instead of the group's name, as an\n"
      "                 interpreter's (ruby) under rewritten titles\n"
      "  --file-dir     where the (immediately unlinked) file for --maps is created;\n"
      "                 default $TMPDIR, else /var/tmp\n"
      "  --parallel     groups built at the same time (default: online CPUs)\n"
      "  --churn-groups the processes of the first K groups map and touch C MiB (default\n"
      "                 1) one second and unmap it the next, so their memory changes\n"
      "                 every second (the watch benchmark's changing processes)\n"
      "  --grow-mib     on each SIGUSR1 a master or worker writes G MiB more of its own\n"
      "  --timeout      give up if the scene is not ready after this long (default 600)\n",
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

// Accepts "--opt value" and "--opt=value". Returns false (after printing why) on bad usage.
bool parse_args(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const char* arg = argv[i];
    if (std::strncmp(arg, proc_title::kPadFlag, sizeof proc_title::kPadFlag - 1) == 0) continue;
    if (std::strcmp(arg, "-h") == 0 || std::strcmp(arg, "--help") == 0) {
      usage(stdout);
      std::exit(0);
    }
    if (std::strcmp(arg, "--numbered") == 0) {
      g_opt.numbered = true;
      continue;
    }
    const char* eq = std::strchr(arg, '=');
    size_t key_len = eq ? static_cast<size_t>(eq - arg) : std::strlen(arg);
    auto is = [&](const char* key) {
      return key_len == std::strlen(key) && std::strncmp(arg, key, key_len) == 0;
    };
    if (!is("--groups") && !is("--workers") && !is("--shared-mib") && !is("--private-mib") &&
        !is("--maps") && !is("--parallel") && !is("--timeout") && !is("--name") &&
        !is("--file-dir") && !is("--comm") && !is("--grow-mib") && !is("--churn-groups") &&
        !is("--churn-mib")) {
      std::fprintf(stderr, "memwho-scene: unknown option %s\n", arg);
      usage(stderr);
      return false;
    }
    const char* value = nullptr;
    if (eq) {
      value = eq + 1;
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      std::fprintf(stderr, "memwho-scene: %s needs a value\n", arg);
      return false;
    }
    bool ok = true;
    if (is("--groups")) {
      ok = parse_long(value, 1, 100000, &g_opt.groups);
    } else if (is("--workers")) {
      ok = parse_long(value, 0, 100000, &g_opt.workers);
    } else if (is("--shared-mib")) {
      ok = parse_long(value, 0, 1 << 20, &g_opt.shared_mib);
    } else if (is("--private-mib")) {
      ok = parse_long(value, 0, 1 << 20, &g_opt.private_mib);
    } else if (is("--churn-groups")) {
      ok = parse_long(value, 0, 100000, &g_opt.churn_groups);
    } else if (is("--churn-mib")) {
      ok = parse_long(value, 1, 1 << 20, &g_opt.churn_mib);
    } else if (is("--grow-mib")) {
      ok = parse_long(value, 0, 1 << 20, &g_opt.grow_mib);
    } else if (is("--maps")) {
      ok = parse_long(value, 0, 10000000, &g_opt.maps);
    } else if (is("--parallel")) {
      ok = parse_long(value, 1, 100000, &g_opt.parallel);
    } else if (is("--timeout")) {
      ok = parse_long(value, 1, 86400, &g_opt.timeout_s);
    } else if (is("--name")) {
      ok = value[0] != '\0' && std::strlen(value) <= kMaxName;
      g_opt.name = value;
    } else if (is("--comm")) {
      ok = value[0] != '\0';
      g_opt.comm = value;
    } else {  // --file-dir
      g_opt.file_dir = value;
    }
    if (!ok) {
      std::fprintf(stderr, "memwho-scene: bad value for %.*s: '%s'\n", static_cast<int>(key_len),
                   arg, value);
      return false;
    }
  }
  if ((g_opt.workers + 1) * g_opt.groups > 100000) {
    std::fprintf(stderr, "memwho-scene: too many processes (max 100000)\n");
    return false;
  }
  return true;
}

// Writes a deterministic tag into every page: real, distinct, non-zero pages (never the shared
// zero page, and nothing that looks KSM-mergeable). Only 16 bytes per page are written because
// the page fault already zeroes the page; writing all of it would only slow down big scenes.
void tag_pages(char* base, size_t bytes, uint64_t tag) {
  uint64_t index = 0;
  for (size_t off = 0; off < bytes; off += static_cast<size_t>(g_page), ++index) {
    auto* words = reinterpret_cast<volatile uint64_t*>(base + off);
    words[0] = 0x6d656d77686f0000ULL ^ tag;  // "memwho" in the high bytes
    words[1] = index + 1;
  }
}

uint64_t make_tag(uint64_t kind, long group, long worker) {
  return (kind << 56) ^ (static_cast<uint64_t>(group) << 32) ^ static_cast<uint64_t>(worker + 1);
}

// Anonymous private memory, touched. THP is refused so that the page count (and the kernel's
// page-walk cost that the benchmark measures) does not depend on the THP setting.
void touch_region(long mib, uint64_t tag) {
  if (mib == 0) return;
  size_t bytes = static_cast<size_t>(mib) << 20;
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) tool::die("mmap region");
  madvise(p, bytes, MADV_NOHUGEPAGE);
  tag_pages(static_cast<char*>(p), bytes, tag);
}

// Creates the per-group file backing the file mappings, filled with distinct pages. It is
// unlinked by the caller as soon as it is mapped, so that a SIGKILLed scene leaves no file.
int make_backing_file(long pages, long group, char* path, size_t path_size) {
  const char* dir = g_opt.file_dir;
  if (dir == nullptr) dir = std::getenv("TMPDIR");
  // /var/tmp rather than /tmp: /tmp is often tmpfs, whose pages count as shmem (RssShmem),
  // not as the ordinary file pages that libraries are.
  if (dir == nullptr || dir[0] == '\0') dir = "/var/tmp";
  std::snprintf(path, path_size, "%s/memwho-scene.XXXXXX", dir);
  int fd = mkstemp(path);
  if (fd < 0) tool::die("mkstemp for --maps file (see --file-dir)");
  constexpr long kChunkPages = 64;
  size_t chunk_bytes = static_cast<size_t>(kChunkPages * g_page);
  char* buf = static_cast<char*>(std::calloc(1, chunk_bytes));
  if (buf == nullptr) tool::die("calloc");
  for (long done = 0; done < pages;) {
    long n = pages - done < kChunkPages ? pages - done : kChunkPages;
    size_t bytes = static_cast<size_t>(n * g_page);
    std::memset(buf, 0, bytes);
    for (long i = 0; i < n; ++i) {
      auto* words = reinterpret_cast<uint64_t*>(buf + i * g_page);
      words[0] = 0x6d656d77686f0000ULL ^ make_tag(3, group, -1);
      words[1] = static_cast<uint64_t>(done + i + 1);
    }
    if (write(fd, buf, bytes) != static_cast<ssize_t>(bytes)) tool::die("write --maps file");
    done += n;
  }
  std::free(buf);
  // Write the pages back now: otherwise they stay dirty in the page cache for up to ~30 s and
  // show up as *_Dirty or *_Clean depending on when memwho happens to look.
  if (fdatasync(fd) != 0) tool::die("fdatasync --maps file");
  return fd;
}

// Makes `count` one-page mappings, alternating anonymous (even slots) and file-backed (odd
// slots), each touched. Slot i sits at page 2i+1 of a 2*count+1 page window, so every mapping
// has an unmapped page on both sides, including the first and the last: an adjacent compatible
// VMA (e.g. a worker's private region, placed later by the kernel right below the window) would
// otherwise be merged with it and the VMA count would be wrong.
void make_maps(long count, long group) {
  if (count == 0) return;
  size_t page = static_cast<size_t>(g_page);
  size_t span = page * (2 * static_cast<size_t>(count) + 1);
  // Find free address space for all slots, then release it and map each slot at a fixed
  // address. Nothing else maps memory meanwhile: the process is single-threaded.
  void* res = mmap(nullptr, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (res == MAP_FAILED) tool::die("reserve address space for --maps");
  munmap(res, span);
  char* base = static_cast<char*>(res);

  long file_pages = count / 2;
  int fd = -1;
  char path[4096];
  if (file_pages > 0) fd = make_backing_file(file_pages, group, path, sizeof path);

  for (long i = 0; i < count; ++i) {
    char* slot = base + page * (2 * static_cast<size_t>(i) + 1);
    bool file_backed = (i % 2) == 1;
    void* p;
    if (file_backed) {
      off_t offset = static_cast<off_t>(i / 2) * g_page;
      p = mmap(slot, page, PROT_READ, MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd, offset);
    } else {
      p = mmap(slot, page, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    }
    if (p == MAP_FAILED) {
      if (errno == ENOMEM) {
        std::fprintf(stderr, "memwho-scene: mmap failed at mapping %ld: check vm.max_map_count\n",
                     i);
      }
      tool::die("mmap --maps slot");
    }
    if (p != slot) {  // kernels before 4.17 treat MAP_FIXED_NOREPLACE as a hint
      errno = EEXIST;
      tool::die("mmap --maps slot landed elsewhere");
    }
    if (file_backed) {
      // A read maps the page-cache page: a file page shared by the group, like a library's.
      (void)*static_cast<volatile char*>(p);
    } else {
      tag_pages(static_cast<char*>(p), page, make_tag(2, group, -1));
    }
  }
  if (fd >= 0) {
    unlink(path);
    close(fd);
  }
  g_maps_base = base;
  g_maps_count = count;
}

// fork() copies no page-table entries for a file mapping that has no anonymous pages (they
// are refilled on fault), so a worker must read its file slots itself for the group to share
// those pages, the way every worker of a real server uses the same library pages.
void read_file_maps() {
  size_t page = static_cast<size_t>(g_page);
  for (long i = 1; i < g_maps_count; i += 2) {
    (void)*reinterpret_cast<volatile char*>(g_maps_base + page * (2 * static_cast<size_t>(i) + 1));
  }
}

// SIGUSR1 is taken synchronously (sigwaitinfo in idle_forever), so it must be blocked before the
// process says it is ready: a test may send it as soon as it reads "ready".
void block_grow_signal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigprocmask(SIG_BLOCK, &set, nullptr);
}

// Waits forever; with --grow-mib G, each SIGUSR1 adds G MiB of private anonymous memory, touched
// (a process that grows by a known amount: memwho diff's live test). A process of the first
// --churn-groups groups also maps and touches --churn-mib MiB one second and unmaps it the next.
[[noreturn]] void idle_forever(uint64_t tag, long group) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  const bool churn = group < g_opt.churn_groups;
  const size_t churn_bytes = static_cast<size_t>(g_opt.churn_mib) << 20;
  void* churned = nullptr;
  for (uint64_t n = 1;; ++n) {
    if (!churn) {
      if (sigwaitinfo(&set, nullptr) == SIGUSR1) touch_region(g_opt.grow_mib, tag ^ (n << 48));
      continue;
    }
    const timespec second{1, 0};
    if (sigtimedwait(&set, nullptr, &second) == SIGUSR1) {
      touch_region(g_opt.grow_mib, tag ^ (n << 48));
    } else if (churned != nullptr) {
      munmap(churned, churn_bytes);
      churned = nullptr;
    } else {
      churned =
          mmap(nullptr, churn_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (churned == MAP_FAILED) tool::die("mmap --churn-mib");
      madvise(churned, churn_bytes, MADV_NOHUGEPAGE);
      tag_pages(static_cast<char*>(churned), churn_bytes, tag ^ (n << 48));
    }
  }
}

[[noreturn]] void run_worker(pid_t master, const sigset_t& old_mask, long group, long index,
                             const char* group_name) {
  tool::become_child(master, old_mask);
  char title[kMaxName + 64];
  std::snprintf(title, sizeof title, "%s worker[%ld]", group_name, index);
  proc_title::set(title);  // comm is inherited from the master
  read_file_maps();
  touch_region(g_opt.private_mib, make_tag(1, group, index));
  block_grow_signal();
  tool::write_record(g_report_fd,
                     Report{1, static_cast<int32_t>(group), static_cast<int32_t>(index),
                            static_cast<int32_t>(getpid())});
  close(g_report_fd);
  idle_forever(make_tag(3, group, index), group);
}

// Builds one group. Exits (and so, through PDEATHSIG, takes its workers along) if a worker dies
// before it is ready; the controller notices the master's death and gives up.
[[noreturn]] void run_master(pid_t controller, const sigset_t& old_mask, long group) {
  tool::become_child(controller, old_mask);
  // Group names are NAME, or NAME + zero-padded group number with --numbered (app00..app99).
  char group_name[kMaxName + 32];
  char number[24] = "";
  if (g_opt.numbered) {
    int width = 1;
    for (long n = g_opt.groups - 1; n >= 10; n /= 10) ++width;
    int len = std::snprintf(number, sizeof number, "%ld", group);
    int zeros = width > len ? width - len : 0;  // at most 5: --groups is at most 100000
    std::snprintf(group_name, sizeof group_name, "%s%.*s%s", g_name, zeros, "00000", number);
  } else {
    std::snprintf(group_name, sizeof group_name, "%s", g_name);
  }
  prctl(PR_SET_NAME, g_opt.comm ? g_opt.comm : group_name);  // truncated to 15 bytes
  char title[kMaxName + 64];
  std::snprintf(title, sizeof title, "%s master", group_name);
  proc_title::set(title);

  touch_region(g_opt.shared_mib, make_tag(0, group, -1));
  make_maps(g_opt.maps, group);

  int to_controller = g_report_fd;
  int from_workers[2];
  if (pipe(from_workers) != 0) tool::die("pipe");
  pid_t self = getpid();
  for (long i = 0; i < g_opt.workers; ++i) {
    pid_t pid = fork();
    if (pid < 0) tool::die("fork worker");
    if (pid == 0) {
      close(to_controller);
      close(from_workers[0]);
      g_report_fd = from_workers[1];
      run_worker(self, old_mask, group, i, group_name);
    }
  }
  close(from_workers[1]);
  for (long i = 0; i < g_opt.workers; ++i) {
    Report r;
    if (!tool::read_record(from_workers[0], &r)) {
      std::fprintf(stderr, "memwho-scene: a worker of group %ld died before it was ready\n", group);
      _exit(1);
    }
    tool::write_record(to_controller, r);
  }
  close(from_workers[0]);
  block_grow_signal();
  tool::write_record(to_controller,
                     Report{0, static_cast<int32_t>(group), -1, static_cast<int32_t>(self)});
  close(to_controller);
  idle_forever(make_tag(3, group, -1), group);
}

int compare_reports(const void* a, const void* b) {
  const auto* x = static_cast<const Report*>(a);
  const auto* y = static_cast<const Report*>(b);
  if (x->group != y->group) return x->group < y->group ? -1 : 1;
  if (x->role != y->role) return x->role < y->role ? -1 : 1;
  if (x->index != y->index) return x->index < y->index ? -1 : 1;
  return 0;
}

long elapsed_ms(const timespec& since) {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (now.tv_sec - since.tv_sec) * 1000 + (now.tv_nsec - since.tv_nsec) / 1000000;
}

// The controller's state while the scene is built and held.
struct Scene {
  pid_t* masters = nullptr;  // by group; 0 = not forked yet, or already reaped
  long* pending = nullptr;   // by group: records still expected before the group is complete
  Report* reports = nullptr;
  long n_reports = 0;
  long total = 0;
  long next_group = 0;  // next master to fork
  long building = 0;    // groups forked but not complete
  int report_fds[2] = {-1, -1};
  int sig_fd = -1;
};

bool fork_master(Scene& sc, const sigset_t& old_mask) {
  long g = sc.next_group;
  pid_t self = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    std::fprintf(stderr, "memwho-scene: fork master: %s\n", std::strerror(errno));
    return false;
  }
  if (pid == 0) {
    close(sc.report_fds[0]);
    close(sc.sig_fd);
    g_report_fd = sc.report_fds[1];
    run_master(self, old_mask, g);
  }
  sc.masters[g] = pid;
  ++sc.next_group;
  ++sc.building;
  if (sc.next_group == g_opt.groups) {
    close(sc.report_fds[1]);  // from now on, EOF means that every master has reported or died
    sc.report_fds[1] = -1;
  }
  return true;
}

// Forks masters, at most `parallel` groups at a time, and collects every process's record.
// Returns false if the scene could not be built, or if we were asked to stop meanwhile.
bool build(Scene& sc, const sigset_t& old_mask, long parallel) {
  timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  while (sc.n_reports < sc.total) {
    while (sc.next_group < g_opt.groups && sc.building < parallel) {
      if (!fork_master(sc, old_mask)) return false;
    }
    long left_ms = g_opt.timeout_s * 1000 - elapsed_ms(start);
    if (left_ms <= 0) {
      std::fprintf(stderr, "memwho-scene: timed out after %ld s waiting for %ld of %ld processes\n",
                   g_opt.timeout_s, sc.total - sc.n_reports, sc.total);
      return false;
    }
    pollfd fds[2] = {{sc.report_fds[0], POLLIN, 0}, {sc.sig_fd, POLLIN, 0}};
    int rc = poll(fds, 2, static_cast<int>(left_ms));
    if (rc < 0 && errno == EINTR) continue;
    if (rc < 0) tool::die("poll");
    if (fds[1].revents != 0) {
      signalfd_siginfo info;
      if (read(sc.sig_fd, &info, sizeof info) != static_cast<ssize_t>(sizeof info)) continue;
      if (info.ssi_signo != SIGCHLD) {
        std::fprintf(stderr, "memwho-scene: interrupted before the scene was ready\n");
        return false;
      }
      // Masters never exit on their own: one that did has failed (it printed why).
      int status;
      pid_t pid;
      bool died = false;
      while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        for (long g = 0; g < g_opt.groups; ++g) {
          if (sc.masters[g] == pid) sc.masters[g] = 0;  // reaped: its PID may be reused
        }
        died = true;
      }
      if (died) {
        std::fprintf(stderr, "memwho-scene: a process died before the scene was ready\n");
        return false;
      }
      continue;
    }
    if (fds[0].revents != 0) {
      Report r;
      if (!tool::read_record(sc.report_fds[0], &r)) {
        std::fprintf(stderr, "memwho-scene: %ld of %ld processes died before they were ready\n",
                     sc.total - sc.n_reports, sc.total);
        return false;
      }
      sc.reports[sc.n_reports++] = r;
      if (--sc.pending[r.group] == 0) --sc.building;  // make room for the next group
    }
  }
  return true;
}

// Holds the scene until stdin reaches EOF or a termination signal arrives. A dying scene
// process (SIGCHLD, e.g. a test killed one on purpose) does not end the scene.
void hold(Scene& sc) {
  char sink[4096];
  for (;;) {
    pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {sc.sig_fd, POLLIN, 0}};
    int rc = poll(fds, 2, -1);
    if (rc < 0 && errno == EINTR) continue;
    if (rc < 0) return;
    if (fds[1].revents != 0) {
      signalfd_siginfo info;
      if (read(sc.sig_fd, &info, sizeof info) != static_cast<ssize_t>(sizeof info)) continue;
      if (info.ssi_signo != SIGCHLD) return;
      continue;
    }
    if (fds[0].revents & POLLNVAL) return;  // no stdin at all: nothing to wait for
    if (fds[0].revents != 0) {
      ssize_t n = read(STDIN_FILENO, sink, sizeof sink);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;
    }
  }
}

// Kills every process we know of by PID and reaps until no child is left. PIDs cannot have been
// reused: before this point nobody reaps a scene process (masters never wait for their workers,
// and a master reaped in build() is forgotten), so each PID is held by a live process or a
// zombie. Workers that never reported die with their master (PDEATHSIG); as a child subreaper
// the controller inherits them and reaps them too.
void teardown(Scene& sc) {
  for (long i = 0; i < sc.n_reports; ++i) kill(sc.reports[i].pid, SIGKILL);
  for (long g = 0; g < g_opt.groups; ++g) {
    if (sc.masters[g] > 0) kill(sc.masters[g], SIGKILL);
  }
  for (;;) {
    pid_t pid = waitpid(-1, nullptr, 0);
    if (pid < 0 && errno == EINTR) continue;
    if (pid < 0) break;  // ECHILD: everything is reaped
  }
}

}  // namespace

int main(int argc, char** argv) {
  tool::g_tool = "memwho-scene";
  if (!parse_args(argc, argv)) return 2;
  proc_title::ensure_room(argc, argv, std::strlen(g_opt.name));
  proc_title::capture(argc, argv);
  std::snprintf(g_name, sizeof g_name, "%s", g_opt.name);
  g_page = sysconf(_SC_PAGESIZE);

  long max_maps = 0;
  if (FILE* f = std::fopen("/proc/sys/vm/max_map_count", "r")) {
    if (std::fscanf(f, "%ld", &max_maps) != 1) max_maps = 0;
    std::fclose(f);
  }
  if (max_maps > 0 && g_opt.maps + 100 > max_maps) {
    std::fprintf(stderr, "memwho-scene: --maps %ld exceeds vm.max_map_count (%ld) minus margin\n",
                 g_opt.maps, max_maps);
    return 2;
  }
  long parallel = g_opt.parallel;
  if (parallel == 0) parallel = sysconf(_SC_NPROCESSORS_ONLN);
  if (parallel < 1) parallel = 1;

  proc_title::set(kControllerTitle);
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) tool::die("PR_SET_CHILD_SUBREAPER");
  signal(SIGPIPE, SIG_IGN);  // a closed stdout must not stop us from tearing down

  // Signals arrive through a signalfd, so they can be polled together with the report pipe and
  // stdin; children restore the original mask.
  sigset_t handled, old_mask;
  sigemptyset(&handled);
  sigaddset(&handled, SIGTERM);
  sigaddset(&handled, SIGINT);
  sigaddset(&handled, SIGHUP);
  sigaddset(&handled, SIGCHLD);
  if (sigprocmask(SIG_BLOCK, &handled, &old_mask) != 0) tool::die("sigprocmask");

  Scene sc;
  sc.sig_fd = signalfd(-1, &handled, SFD_CLOEXEC);
  if (sc.sig_fd < 0) tool::die("signalfd");
  if (pipe(sc.report_fds) != 0) tool::die("pipe");
  sc.total = g_opt.groups * (g_opt.workers + 1);
  auto n_groups = static_cast<size_t>(g_opt.groups);
  sc.masters = static_cast<pid_t*>(std::calloc(n_groups, sizeof(pid_t)));
  sc.pending = static_cast<long*>(std::calloc(n_groups, sizeof(long)));
  sc.reports = static_cast<Report*>(std::calloc(static_cast<size_t>(sc.total), sizeof(Report)));
  if (sc.masters == nullptr || sc.pending == nullptr || sc.reports == nullptr) tool::die("calloc");
  for (long g = 0; g < g_opt.groups; ++g) sc.pending[g] = g_opt.workers + 1;

  bool ready = build(sc, old_mask, parallel);
  if (sc.report_fds[1] >= 0) close(sc.report_fds[1]);
  close(sc.report_fds[0]);
  if (ready) {
    std::qsort(sc.reports, static_cast<size_t>(sc.n_reports), sizeof(Report), compare_reports);
    for (long i = 0; i < sc.n_reports; ++i) {
      const Report& r = sc.reports[i];
      std::printf("%s\t%d\t%d\n", r.role == 0 ? "master" : "worker", r.pid, r.group);
    }
    std::printf("ready\n");
    std::fflush(stdout);
    hold(sc);
  }
  teardown(sc);
  return ready ? 0 : 1;
}
