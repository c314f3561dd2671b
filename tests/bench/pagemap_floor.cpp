// memwho-bench-floor-frames: the kernel floor of "what stopping frees" for the benchmark, as
// `cat` is the floor of the other rows: it reads what memwho must read, the plainest way.
//
//   memwho-bench-floor-frames FILE... -- PID...
//
// reads each FILE whole (status, cmdline, smaps_rollup: the name floor), then each PID's
// /proc/PID/maps and its pagemap over every mapping (one pread of up to 64 Ki entries at a
// time, [vsyscall] left out). It does not read kpagecount or kpageflags, nor count anything:
// memwho's figure needs both, so the floor is a bound no exact tool can beat. libc only.
#include <fcntl.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

char g_buf[1 << 20];

void read_whole(const char* path) {
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;  // gone, or a kernel thread's rollup: as cat, nothing to read
  while (read(fd, g_buf, sizeof g_buf) > 0) {
  }
  close(fd);
}

void read_pagemap(const char* pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%s/maps", pid);
  FILE* maps = std::fopen(path, "re");
  std::snprintf(path, sizeof path, "/proc/%s/pagemap", pid);
  const int pm = open(path, O_RDONLY | O_CLOEXEC);
  if (maps == nullptr || pm < 0) {
    std::fprintf(stderr, "memwho-bench-floor-frames: cannot read pid %s\n", pid);
    std::exit(1);
  }
  char line[4096 + 256];
  while (std::fgets(line, sizeof line, maps) != nullptr) {
    if (std::strstr(line, "[vsyscall]") != nullptr) continue;
    std::uint64_t start = 0, end = 0;
    if (std::sscanf(line, "%" SCNx64 "-%" SCNx64, &start, &end) != 2) continue;
    for (std::uint64_t page = start / 4096; page < end / 4096;) {
      const std::uint64_t n = end / 4096 - page < 65536 ? end / 4096 - page : 65536;
      if (pread(pm, g_buf, n * 8, static_cast<off_t>(page * 8)) < 0) std::exit(1);
      page += n;
    }
  }
  std::fclose(maps);
  close(pm);
}

}  // namespace

int main(int argc, char** argv) {
  int i = 1;
  for (; i < argc && std::strcmp(argv[i], "--") != 0; ++i) read_whole(argv[i]);
  for (++i; i < argc; ++i) read_pagemap(argv[i]);
  return 0;
}
