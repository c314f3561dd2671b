#pragma once
// What the test tools (memwho-scene, memwho-forkscene) share: process titles the way
// setproctitle() does it in nginx or PostgreSQL ("NAME worker[3]" in /proc/PID/cmdline), dying
// with a message, fixed-size records over a pipe, and the start of every child. libc only, no
// exceptions: the tools' processes are what the live tests measure, so they stay lean.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace tool {

/// The tool's name for messages ("memwho-scene"); set by main.
inline const char* g_tool = "memwho-tool";

[[noreturn]] inline void die(const char* what) {
  std::fprintf(stderr, "%s: %s: %s\n", g_tool, what, std::strerror(errno));
  _exit(1);
}

template <class Record>
void write_record(int fd, const Record& r) {
  if (write(fd, &r, sizeof r) != static_cast<ssize_t>(sizeof r)) die("write report");
}

/// Reads one whole record; false at EOF (every writer has closed its end).
template <class Record>
bool read_record(int fd, Record* r) {
  auto* into = reinterpret_cast<char*>(r);
  size_t got = 0;
  while (got < sizeof *r) {
    const ssize_t n = read(fd, into + got, sizeof *r - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    got += static_cast<size_t>(n);
  }
  return true;
}

/// Common start of every child: die with the parent, default signals, and let go of the
/// caller's stdin/stdout (a leaked pipe end would keep the caller waiting for EOF).
inline void become_child(pid_t parent, const sigset_t& old_mask) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) die("PR_SET_PDEATHSIG");
  if (getppid() != parent) _exit(1);  // the parent died before prctl(): nobody would kill us
  signal(SIGPIPE, SIG_DFL);
  sigprocmask(SIG_SETMASK, &old_mask, nullptr);
  const int devnull = open("/dev/null", O_RDWR);
  if (devnull >= 0) {
    dup2(devnull, STDIN_FILENO);
    dup2(devnull, STDOUT_FILENO);
    if (devnull > STDERR_FILENO) close(devnull);
  }
}

}  // namespace tool

namespace proc_title {

/// The argument the re-exec adds; the tools' option parsers skip it.
constexpr char kPadFlag[] = "--argv-pad=";

inline char* g_begin = nullptr;
inline size_t g_size = 0;

/// The kernel exposes the original argv area as /proc/PID/cmdline, so a title can be at most as
/// long as that area. Re-exec ourselves once with a padding argument so that a title of up to
/// `name_len` + 64 bytes always fits, whatever the caller's command line was.
inline void ensure_room(int argc, char** argv, size_t name_len) {
  if (argc > 1 && std::strncmp(argv[argc - 1], kPadFlag, sizeof kPadFlag - 1) == 0) return;
  const size_t pad_len = name_len + 64;
  char* pad = static_cast<char*>(std::malloc(sizeof kPadFlag + pad_len));
  char** args = static_cast<char**>(std::calloc(static_cast<size_t>(argc) + 2, sizeof(char*)));
  if (pad == nullptr || args == nullptr) {
    std::perror("malloc");
    std::exit(1);
  }
  std::memcpy(pad, kPadFlag, sizeof kPadFlag - 1);
  std::memset(pad + sizeof kPadFlag - 1, 'x', pad_len);
  pad[sizeof kPadFlag - 1 + pad_len] = '\0';
  for (int i = 0; i < argc; ++i) args[i] = argv[i];
  args[argc] = pad;
  execv("/proc/self/exe", args);
  std::perror("re-exec via /proc/self/exe");
  std::exit(1);
}

/// Remembers the argv area (call after ensure_room, before set).
inline void capture(int argc, char** argv) {
  g_begin = argv[0];
  char* end = argv[0];
  for (int i = 0; i < argc; ++i) {
    if (argv[i] != end) break;  // not contiguous (never seen on Linux): use what is
    end = argv[i] + std::strlen(argv[i]) + 1;
  }
  g_size = static_cast<size_t>(end - g_begin);
}

/// Rewrites /proc/self/cmdline to exactly `title` followed by one NUL: the title and NUL
/// padding are written over the argv area, and the area's last byte is left non-NUL, which
/// makes the kernel (fs/proc/base.c, get_mm_proctitle) return the text up to the first NUL
/// instead of the whole padded area.
inline void set(const char* title) {
  if (g_size < 3) return;
  size_t n = std::strlen(title);
  if (n > g_size - 2) n = g_size - 2;
  std::memcpy(g_begin, title, n);
  std::memset(g_begin + n, 0, g_size - n);
  g_begin[g_size - 1] = ' ';
}

}  // namespace proc_title
