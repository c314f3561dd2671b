// memwho-bench-run: runs one or more commands at the same moment and reports their cost.
//
//   memwho-bench-run TIMEOUT_S STDOUT STDERR N  ARGC_1 ARGV_1...  ...  ARGC_N ARGV_N...
//
// prints one line: "<wall_ns> <cpu_us> <maxrss_kib> <worst_exit_code>", where wall runs from
// just before the first fork() to the last exit, cpu is user+sys and maxrss the largest
// ru_maxrss over all commands (from wait4(), so each includes the descendants the command
// reaped). Exit code 124 from this helper means a command hit the timeout and was killed.
//
// Why a helper instead of timing from Python: a child's ru_maxrss starts at the RSS of the
// process that forked it (the kernel keeps the pre-exec high-water mark), so a child of the
// Python runner would never report less than the interpreter's ~18 MB. This helper stays
// around 1 MB, and its fork+exec cost is the same for every row and floor.

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

constexpr int kMaxCommands = 64;
pid_t g_children[kMaxCommands];
int g_n_children = 0;

[[noreturn]] void usage() {
  std::fputs(
      "usage: memwho-bench-run TIMEOUT_S STDOUT STDERR N ARGC_1 ARGV_1... ARGC_N ARGV_N...\n",
      stderr);
  std::exit(2);
}

long parse_count(const char* s, long lo, long hi) {
  char* end = nullptr;
  long v = std::strtol(s, &end, 10);
  if (end == s || *end != '\0' || v < lo || v > hi) usage();
  return v;
}

void on_alarm(int) {
  for (int i = 0; i < g_n_children; ++i) kill(g_children[i], SIGKILL);
}

void redirect(int fd, const char* path, int flags) {
  int f = open(path, flags, 0644);
  if (f < 0 || dup2(f, fd) < 0) {
    std::fprintf(stderr, "memwho-bench-run: %s: %s\n", path, std::strerror(errno));
    _exit(127);
  }
  if (f != fd) close(f);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) usage();
  long timeout_s = parse_count(argv[1], 1, 86400);
  const char* out_path = argv[2];
  const char* err_path = argv[3];
  long n = parse_count(argv[4], 1, kMaxCommands);

  // Split the remaining arguments into n NULL-terminated argv arrays, in place: each count is
  // replaced by the NULL that ends the previous command.
  char** commands[kMaxCommands];
  int pos = 5;
  for (long c = 0; c < n; ++c) {
    if (pos >= argc) usage();
    long count = parse_count(argv[pos], 1, argc - pos - 1);
    if (c > 0) argv[pos] = nullptr;
    commands[c] = &argv[pos + 1];
    pos += 1 + static_cast<int>(count);
  }
  if (pos != argc) usage();  // argv[argc] is already NULL and ends the last command

  // Die with the runner; the commands die with us (PDEATHSIG survives exec).
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  signal(SIGALRM, on_alarm);

  timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (long c = 0; c < n; ++c) {
    pid_t pid = fork();
    if (pid < 0) {
      std::perror("memwho-bench-run: fork");
      on_alarm(0);
      return 125;
    }
    if (pid == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      redirect(STDIN_FILENO, "/dev/null", O_RDONLY);
      redirect(STDOUT_FILENO, out_path, O_WRONLY | O_CREAT | O_TRUNC);
      redirect(STDERR_FILENO, err_path, O_WRONLY | O_CREAT | O_TRUNC);
      execvp(commands[c][0], commands[c]);
      std::fprintf(stderr, "memwho-bench-run: %s: %s\n", commands[c][0], std::strerror(errno));
      _exit(127);
    }
    g_children[g_n_children++] = pid;
  }
  alarm(static_cast<unsigned>(timeout_s));

  double cpu_us = 0;
  long maxrss = 0;
  int worst = 0;
  bool timed_out = false;
  for (int i = 0; i < g_n_children; ++i) {
    int status = 0;
    rusage ru{};
    while (wait4(g_children[i], &status, 0, &ru) < 0) {
      if (errno != EINTR) {
        std::perror("memwho-bench-run: wait4");
        return 125;
      }
    }
    cpu_us += static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
              static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
    if (ru.ru_maxrss > maxrss) maxrss = ru.ru_maxrss;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) timed_out = true;
    if (code > worst) worst = code;
  }
  clock_gettime(CLOCK_MONOTONIC, &end);
  alarm(0);

  long long wall_ns = static_cast<long long>(end.tv_sec - start.tv_sec) * 1000000000LL +
                      (end.tv_nsec - start.tv_nsec);
  std::printf("%lld %.0f %ld %d\n", wall_ns, cpu_us, maxrss, worst);
  return timed_out ? 124 : 0;
}
