// Live tests of --maps: a child maps regions of known size and kind; memwho's rows and totals
// are checked against the kernel's smaps and against pmap -x, read at the same moment.
#include <sys/mman.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstring>

#include "live_support.hpp"

using namespace memwho::live;

namespace {

std::size_t count_lines(const std::string& path) {
  const auto r = run({"cat", path});
  return lines(r.out).size();
}

/// A child that maps known regions and waits: its pid, and the regions' start addresses.
struct MappedChild {
  pid_t pid = -1;
  std::uintptr_t anon = 0, file = 0, shared = 0;
  std::string path;
  MappedChild(const MappedChild&) = delete;
  MappedChild& operator=(const MappedChild&) = delete;
  MappedChild() {
    // A file name with a space, a newline and parentheses: the kernel prints the newline as
    // \012, memwho must show it escaped as \n and never split the name.
    path = "/tmp/memwho live map " + std::to_string(::getpid()) + "\nx (y).bin";
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    pid = ::fork();
    if (pid == 0) {
      ::close(ready[0]);
      const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0600);
      std::vector<char> block(1 << 20, 'f');
      for (int i = 0; i < 4; ++i) (void)!::write(fd, block.data(), block.size());
      auto* file =
          static_cast<volatile char*>(::mmap(nullptr, 4 << 20, PROT_READ, MAP_SHARED, fd, 0));
      auto* anon = static_cast<char*>(
          ::mmap(nullptr, 8 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
      auto* shared = static_cast<char*>(
          ::mmap(nullptr, 2 << 20, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
      long sum = 0;
      for (std::size_t i = 0; i < (4u << 20); i += 4096) sum += file[i];
      std::memset(anon, 1, 8 << 20);
      std::memset(shared, 2, 2 << 20);
      std::uintptr_t addrs[3] = {reinterpret_cast<std::uintptr_t>(anon),
                                 reinterpret_cast<std::uintptr_t>(file),
                                 reinterpret_cast<std::uintptr_t>(shared)};
      (void)!::write(ready[1], addrs, sizeof addrs);
      ::pause();
      ::_exit(static_cast<int>(sum & 1));
    }
    ::close(ready[1]);
    std::uintptr_t addrs[3] = {};
    REQUIRE(::read(ready[0], addrs, sizeof addrs) == sizeof addrs);
    ::close(ready[0]);
    anon = addrs[0], file = addrs[1], shared = addrs[2];
  }
  ~MappedChild() {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    ::unlink(path.c_str());
  }
};

std::string hex16(std::uintptr_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016lx", static_cast<unsigned long>(v));
  return buf;
}

}  // namespace

TEST_CASE("maps view: rows of known regions match what was mapped and the kernel's smaps",
          "[live]") {
  MappedChild child;
  const auto r = run({MEMWHO_BINARY, "--maps", "-p", std::to_string(child.pid), "--format=tsv",
                      "-o", "address,size,rss,pss,uss,dirty,swap,mode,mapping,anonymous"});
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
  const auto rows = parse_tsv(r.out);
  // One row per line of /proc/PID/maps, in address order.
  CHECK(rows.size() == count_lines("/proc/" + std::to_string(child.pid) + "/maps"));
  auto row_at = [&](std::uintptr_t addr) -> const std::map<std::string, std::string>& {
    for (const auto& row : rows) {
      if (row.at("address") == hex16(addr)) return row;
    }
    FAIL("no row at " << hex16(addr));
    return rows.front();
  };
  const auto& anon = row_at(child.anon);
  CHECK(anon.at("size") == "8192");
  CHECK(anon.at("rss") == "8192");
  CHECK(anon.at("uss") == "8192");
  CHECK(anon.at("dirty") == "8192");
  CHECK(anon.at("anonymous") == "8192");
  CHECK(anon.at("mode") == "rw-p");
  CHECK(anon.at("mapping") == "[anon]");

  const auto& file = row_at(child.file);
  CHECK(file.at("size") == "4096");
  CHECK(file.at("rss") == "4096");
  CHECK(file.at("mode") == "r--s");
  CHECK(file.at("anonymous") == "0");
  // Escaped: the newline as \n, spaces and parentheses as they are; one field, one row.
  std::string expected_name = child.path;
  expected_name.replace(expected_name.find('\n'), 1, "\\n");
  CHECK(file.at("mapping") == expected_name);

  const auto& shm = row_at(child.shared);
  CHECK(shm.at("size") == "2048");
  CHECK(shm.at("rss") == "2048");
  CHECK(shm.at("mode") == "rw-s");
  CHECK(shm.at("mapping") == "/dev/zero (deleted)");  // shared anonymous memory is shmem

  // The same sums as the kernel's own smaps read now: the child is idle.
  std::uint64_t size = 0, rss = 0;
  for (const auto& row : rows) {
    size += *to_u64(row.at("size"));
    rss += *to_u64(row.at("rss"));
  }
  CHECK(size == kernel_kib(child.pid, "smaps", "Size"));
  CHECK(rss == kernel_kib(child.pid, "smaps", "Rss"));
}

TEST_CASE("maps view: totals equal pmap -x's Kbytes, RSS and Dirty", "[live]") {
  MappedChild child;
  const auto r = run({MEMWHO_BINARY, "--maps", "-p", std::to_string(child.pid)});
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
  const auto pmap = pmap_x_totals(child.pid);
  REQUIRE(pmap.size() == 3);
  std::vector<std::uint64_t> ours;  // SIZE RSS PSS USS DIRTY SWAP
  for (auto line : lines(r.out)) {
    if (line.substr(0, 8) != "total kB") continue;
    for (auto word : split(line.substr(8), ' ')) {
      if (auto v = to_u64(word)) ours.push_back(*v);
    }
  }
  REQUIRE(ours.size() == 6);
  CHECK(ours[0] == pmap[0]);  // Kbytes
  CHECK(ours[1] == pmap[1]);  // RSS
  CHECK(ours[4] == pmap[2]);  // Dirty
  CHECK(r.out.substr(0, std::to_string(child.pid).size() + 1) ==
        std::to_string(child.pid) + ":");  // the block names the process
}

TEST_CASE(
    "maps view on 12,000 mappings: pmap -x totals, one row per maps line, by-file PSS = rollup",
    "[live]") {
  Scene scene({"--groups", "1", "--workers", "0", "--maps", "12000", "--name",
               "lvmaps" + std::to_string(::getpid() % 100000)});
  REQUIRE(scene.processes().size() == 1);
  const int pid = scene.processes()[0].pid;
  const std::size_t maps_lines = count_lines("/proc/" + std::to_string(pid) + "/maps");
  REQUIRE(maps_lines >= 12000);

  const auto tsv = run({MEMWHO_BINARY, "--maps", "-p", std::to_string(pid), "--format=tsv"});
  REQUIRE(tsv.rc == 0);
  const auto rows = parse_tsv(tsv.out);
  CHECK(rows.size() == maps_lines);
  std::uint64_t size = 0, rss = 0, dirty = 0;
  for (const auto& row : rows) {
    size += *to_u64(row.at("size"));
    rss += *to_u64(row.at("rss"));
    dirty += *to_u64(row.at("dirty"));
  }
  const auto pmap = pmap_x_totals(pid);
  REQUIRE(pmap.size() == 3);
  CHECK(size == pmap[0]);
  CHECK(rss == pmap[1]);
  CHECK(dirty == pmap[2]);

  // By file: the PSS total is the kernel's rollup Pss, less at most 1 KiB of truncation per
  // mapping (each smaps record truncates its own Pss; the rollup truncates once).
  const auto by_file =
      run({MEMWHO_BINARY, "--maps", "--by=file", "-p", std::to_string(pid), "--format=tsv"});
  REQUIRE(by_file.rc == 0);
  std::uint64_t pss = 0, mappings = 0;
  for (const auto& row : parse_tsv(by_file.out)) {
    pss += *to_u64(row.at("pss"));
    mappings += *to_u64(row.at("mappings"));
  }
  CHECK(mappings == maps_lines);
  const std::uint64_t rollup = kernel_kib(pid, "smaps_rollup", "Pss");
  INFO("by-file PSS " << pss << " KiB, rollup " << rollup << " KiB, " << mappings << " mappings");
  CHECK(pss <= rollup);
  CHECK(rollup - pss < mappings);
}

TEST_CASE("maps view: a pid that does not exist or may not be read says so", "[live]") {
  const pid_t gone = ::fork();
  if (gone == 0) ::_exit(0);
  ::waitpid(gone, nullptr, 0);
  const auto missing = run({MEMWHO_BINARY, "--maps", "-p", std::to_string(gone)});
  CHECK(missing.rc == 1);
  CHECK(missing.out.empty());
  CHECK(missing.err.find("no such process: " + std::to_string(gone)) != std::string::npos);

  if (::geteuid() != 0) return;  // the permission case needs an unprivileged user to switch to
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execlp("sleep", "sleep", "30", nullptr);
    ::_exit(127);
  }
  ::usleep(100000);
  const auto denied = run({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                           MEMWHO_BINARY, "--maps", "-p", std::to_string(pid)});
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  INFO(denied.out << denied.err);
  CHECK(denied.rc == 1);
  CHECK(denied.out.empty());  // no empty table pretending to be an answer
  CHECK(denied.err.find("smaps of 1 process refused (pid " + std::to_string(pid) + ")") !=
        std::string::npos);
  CHECK(denied.err.find("Run as root") != std::string::npos);
}
