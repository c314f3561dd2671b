// Live tests of the machine formats end to end: a real prometheus-node-exporter (Debian's
// package) serves memwho's OpenMetrics file through its textfile collector, and --output
// replaces files atomically.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>

#include "live_support.hpp"

using namespace memwho::live;

namespace {

const char* kNodeExporter = "/usr/bin/prometheus-node-exporter";

/// GET `url` with Python's urllib; empty when it does not answer.
std::string http_get(const std::string& url) {
  const auto r = run({"python3", "-c",
                      "import sys, urllib.request\n"
                      "sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=2).read()"
                      ".decode())",
                      url});
  return r.rc == 0 ? r.out : std::string();
}

}  // namespace

TEST_CASE("formats: node_exporter serves memwho's gauges, equal to the kernel's Pss", "[live]") {
  if (::access(kNodeExporter, X_OK) != 0) {
    FAIL("prometheus-node-exporter is not installed (apt-get install prometheus-node-exporter)");
  }
  const std::string name = "lvne" + std::to_string(::getpid() % 100000);
  Scene scene({"--groups", "1", "--workers", "1", "--shared-mib", "8", "--private-mib", "4",
               "--name", name});
  const int pid = scene.processes().back().pid;
  TempDir dir;
  const std::string prom = dir.path() + "/memwho.prom";
  const auto w = run({MEMWHO_BINARY, "-p", std::to_string(pid), "--format=openmetrics", "--output",
                      prom, "-o", "pid,name,rss,pss,uss"});
  INFO(w.err);
  REQUIRE(w.rc == 0);
  CHECK(w.out.empty());  // it all went to the file
  const auto kernel_pss = kernel_kib(pid, "smaps_rollup", "Pss");

  const std::string port = std::to_string(40000 + ::getpid() % 20000);
  Child exporter(kNodeExporter,
                 {kNodeExporter, "--web.listen-address=127.0.0.1:" + port,
                  "--collector.disable-defaults", "--collector.textfile",
                  "--collector.textfile.directory=" + dir.path(), "--log.level=error"});
  std::string metrics;
  for (int i = 0; i < 100 && metrics.empty(); ++i) {
    metrics = http_get("http://127.0.0.1:" + port + "/metrics");
    if (metrics.empty()) ::usleep(50000);
  }
  REQUIRE_FALSE(metrics.empty());
  INFO(metrics.substr(0, 4000));
  CHECK(metrics.find("node_textfile_scrape_error 0") != std::string::npos);
  std::optional<double> served;
  for (auto line : lines(metrics)) {
    if (line.rfind("memwho_process_pss_bytes{", 0) != 0) continue;
    if (line.find("pid=\"" + std::to_string(pid) + "\"") == std::string_view::npos) continue;
    CHECK(line.find("name=\"" + name + "\"") != std::string_view::npos);
    served = std::stod(std::string(line.substr(line.rfind(' ') + 1)));
  }
  REQUIRE(served);
  // The kernel's Pss, read after memwho: equal but for the libc pages memwho itself shared while
  // it ran (one more sharer of each libc page, a few KiB), hence the 1%.
  const double expected = static_cast<double>(kernel_pss) * 1024;
  CHECK(std::fabs(*served - expected) <= expected * 0.01);
  CHECK(std::fmod(*served, 1024.0) == 0.0);  // bytes of whole KiB
}

TEST_CASE("formats: --output replaces the file whole, and says so when it cannot", "[live]") {
  TempDir dir;
  const std::string path = dir.path() + "/out.tsv";
  { std::ofstream(path) << "old contents\n"; }
  const auto r = run({MEMWHO_BINARY, "-p", std::to_string(::getpid()), "--format=tsv", "-o",
                      "pid,rss", "--output", path});
  INFO(r.err);
  CHECK(r.rc == 0);
  const std::string text = read_text(path);
  CHECK(text.rfind("pid\trss\n" + std::to_string(::getpid()) + "\t", 0) == 0);
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0644);  // readable by the collector's user
  // No temporary file is left beside it.
  const auto ls = run({"ls", "-A", dir.path()});
  CHECK(ls.out == "out.tsv\n");
  // A directory that does not exist: exit 4, the old file untouched elsewhere.
  const auto bad = run({MEMWHO_BINARY, "-p", std::to_string(::getpid()), "--output",
                        dir.path() + "/no/such/dir/x.prom"});
  CHECK(bad.rc == 4);
  CHECK(bad.err.find("--output") != std::string::npos);
}

TEST_CASE("formats: the exporter recipe, a watch writing node_exporter's textfile", "[live]") {
  if (::access(kNodeExporter, X_OK) != 0) {
    FAIL("prometheus-node-exporter is not installed (apt-get install prometheus-node-exporter)");
  }
  const std::string name = "lvwx" + std::to_string(::getpid() % 100000);
  Scene scene({"--groups", "1", "--workers", "2", "--shared-mib", "8", "--private-mib", "4",
               "--name", name});
  TempDir dir;
  const std::string prom = dir.path() + "/memwho.prom";
  // The README's recipe, at a faster interval.
  Child watch(MEMWHO_BINARY, {MEMWHO_BINARY, "--interval", "0.5", "--group=name", "-n", name,
                              "--format=openmetrics", "--output", prom});
  const std::string port = std::to_string(40000 + (::getpid() + 7) % 20000);
  Child exporter(kNodeExporter,
                 {kNodeExporter, "--web.listen-address=127.0.0.1:" + port,
                  "--collector.disable-defaults", "--collector.textfile",
                  "--collector.textfile.directory=" + dir.path(), "--log.level=error"});
  std::uint64_t kernel_pss = 0;
  for (const auto& p : scene.processes()) kernel_pss += kernel_kib(p.pid, "smaps_rollup", "Pss");
  const std::string series = "memwho_group_pss_bytes{group=\"" + name + "\"}";
  for (int scrape = 0; scrape < 2; ++scrape) {
    std::string metrics;
    for (int i = 0; i < 100; ++i) {
      metrics = http_get("http://127.0.0.1:" + port + "/metrics");
      if (metrics.find(series) != std::string::npos) break;
      ::usleep(50000);
    }
    INFO(metrics.substr(0, 3000));
    CHECK(metrics.find("node_textfile_scrape_error 0") != std::string::npos);
    std::optional<double> served;
    for (auto line : lines(metrics)) {
      if (line.rfind(series, 0) == 0)
        served = std::stod(std::string(line.substr(line.rfind(' ') + 1)));
    }
    REQUIRE(served);
    const double expected = static_cast<double>(kernel_pss) * 1024;
    CHECK(std::fabs(*served - expected) <= expected * 0.01);
    ::usleep(700000);  // the next scrape reads a later sample's file
  }
  // SIGTERM ends the watch cleanly; the last file stays whole.
  REQUIRE(::kill(watch.pid(), SIGTERM) == 0);
  int status = 0;
  REQUIRE(::waitpid(watch.pid(), &status, 0) == watch.pid());
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  const std::string text = read_text(prom);
  CHECK(text.size() > 6);
  CHECK(text.compare(text.size() - 6, 6, "# EOF\n") == 0);
}
