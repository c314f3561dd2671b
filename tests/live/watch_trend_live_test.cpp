// Live tests of a watch's memory (--interval): a child that grows by a known amount a second
// (per-sample values, the change columns, the slope, the leak flag) beside a steady one;
// processes that exit and appear mid-watch; the table redrawn in place in a real terminal
// (tmux); the exporter's file replaced whole while a reader reads it, and served by a real
// node_exporter.
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>
#include <thread>

#include "live_support.hpp"

using namespace memwho::live;
using Json = nlohmann::json;

namespace {

constexpr std::size_t kGrowBytesPerSecond = std::size_t{4} << 20;

/// A forked child that touches kGrowBytesPerSecond of fresh anonymous memory every second,
/// page by page as the clock goes (a smooth line, not steps), for up to 30 s, then sleeps.
pid_t fork_grower() {
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  const std::size_t total = 30 * kGrowBytesPerSecond;
  auto* mem = static_cast<char*>(
      ::mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  if (mem == MAP_FAILED) ::_exit(1);
  ::madvise(mem, total, MADV_NOHUGEPAGE);  // 4 KiB at a time, not 2 MiB leaps
  timespec start{}, now{};
  ::clock_gettime(CLOCK_MONOTONIC, &start);
  std::size_t touched = 0;
  while (touched < total) {
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    const double t = static_cast<double>(now.tv_sec - start.tv_sec) +
                     static_cast<double>(now.tv_nsec - start.tv_nsec) / 1e9;
    const auto target =
        std::min(total, static_cast<std::size_t>(t * static_cast<double>(kGrowBytesPerSecond)));
    for (; touched < target; touched += 4096) mem[touched] = 1;
    ::usleep(2000);
  }
  for (;;) ::pause();
}

/// A forked child that holds what it has and sleeps.
pid_t fork_steady() {
  const pid_t pid = ::fork();
  if (pid == 0) {
    for (;;) ::pause();
  }
  return pid;
}

struct Reaped {
  pid_t pid;
  ~Reaped() {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
};

/// The JSON documents of a watch's output, one a line.
std::vector<Json> documents(const std::string& out) {
  std::vector<Json> docs;
  for (auto line : lines(out)) {
    Json doc = Json::parse(line, nullptr, false);
    REQUIRE_FALSE(doc.is_discarded());
    docs.push_back(std::move(doc));
  }
  return docs;
}

/// The row of `pid` in a sample's document (null when it is not there).
Json row_of(const Json& doc, int pid) {
  for (const Json& row : doc["rows"]) {
    if (row["pid"] == pid) return row;
  }
  return nullptr;
}

bool has_note(const Json& doc, const std::string& code, const std::string& text) {
  for (const Json& n : doc["notes"]) {
    if (n["code"] == code && n["text"].get<std::string>().find(text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("watch: a child growing 4 MiB/s: per-sample changes, its slope within 10%, flagged",
          "[live]") {
  const Reaped grower{fork_grower()};
  const Reaped steady{fork_steady()};
  ::usleep(200000);  // the grower is under way
  const auto r =
      run({MEMWHO_BINARY, "-p", std::to_string(grower.pid) + "," + std::to_string(steady.pid),
           "--interval", "0.5", "--count", "12", "--format=json", "-o",
           "pid,pss,uss,change,change_first,new"});
  INFO(r.err);
  REQUIRE(r.rc == 0);
  const std::vector<Json> docs = documents(r.out);
  REQUIRE(docs.size() == 13);  // twelve samples and the summary

  // Every sample: the change columns are the differences of the PSS the samples printed, and
  // the grower's PSS grew by about 2 MiB (half a second at 4 MiB/s) each time.
  const Json first = row_of(docs[0], grower.pid);
  REQUIRE(first.is_object());
  CHECK(first["change"].is_null());  // nothing before the first sample
  CHECK(first["new"] == "");
  auto previous = first["pss"].get<std::int64_t>();
  for (std::size_t i = 1; i < 12; ++i) {
    INFO("sample " << i);
    const Json row = row_of(docs[i], grower.pid);
    REQUIRE(row.is_object());
    const auto pss = row["pss"].get<std::int64_t>();
    CHECK(row["change"].get<std::int64_t>() == pss - previous);
    CHECK(row["change_first"].get<std::int64_t>() == pss - first["pss"].get<std::int64_t>());
    CHECK(row["new"] == "");
    CHECK(pss - previous > std::int64_t{1} << 20);
    CHECK(pss - previous < std::int64_t{3} << 20);
    previous = pss;
    const Json still = row_of(docs[i], steady.pid);
    REQUIRE(still.is_object());
    CHECK(std::llabs(still["change"].get<std::int64_t>()) < 64 * 1024);
  }

  // The summary: the grower's slope is 240 MiB a minute within 10%, and it is a suspect; the
  // steady one is not.
  const Json& summary = docs.back();
  CHECK(summary["view"] == "summary");
  const Json g = row_of(summary, grower.pid);
  const Json s = row_of(summary, steady.pid);
  REQUIRE(g.is_object());
  REQUIRE(s.is_object());
  const double expected = 60.0 * kGrowBytesPerSecond;
  CHECK(std::fabs(g["pss_slope"].get<double>() - expected) <= 0.10 * expected);
  CHECK(g["leak"] == "suspect");
  CHECK(g["samples"] == 12);
  CHECK(g["steps_up"] == 11);
  CHECK(g["pss_first"] == first["pss"]);
  CHECK(g["pss_last"] == previous);
  CHECK(g["pss_max"] == previous);
  CHECK(s["leak"] == "");
  CHECK(std::fabs(s["pss_slope"].get<double>()) < 0.01 * expected);
}

TEST_CASE("watch: a process that exits mid-watch is noted, one that appears is new", "[live]") {
  const std::string name = unique("mwexit");
  auto leaving = std::make_unique<Child>("/bin/sleep", std::vector<std::string>{name, "1.1"});
  const int leaving_pid = leaving->pid();
  int out[2];
  REQUIRE(::pipe(out) == 0);
  const pid_t watcher = ::fork();
  if (watcher == 0) {
    ::dup2(out[1], 1);
    ::close(out[0]);
    ::close(out[1]);
    ::execl(MEMWHO_BINARY, MEMWHO_BINARY, "-n", name.c_str(), "--interval", "0.4", "--count", "8",
            "--format=json", "-o", "pid,pss,new", nullptr);
    ::_exit(127);
  }
  ::close(out[1]);
  ::usleep(600000);
  Child arriving("/bin/sleep", {name, "30"});
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;)
    text.append(buf, static_cast<std::size_t>(n));
  ::close(out[0]);
  int status = 0;
  REQUIRE(::waitpid(watcher, &status, 0) == watcher);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  INFO(text);
  const std::vector<Json> docs = documents(text);
  REQUIRE(docs.size() == 9);

  CHECK(row_of(docs[0], leaving_pid).is_object());
  CHECK(row_of(docs[0], arriving.pid()).is_null());
  // The arrival: "new" in the first sample it is in, not after.
  std::size_t arrived = 0;
  for (std::size_t i = 0; i < 8 && arrived == 0; ++i) {
    if (row_of(docs[i], arriving.pid()).is_object()) arrived = i;
  }
  REQUIRE(arrived > 0);
  CHECK(row_of(docs[arrived], arriving.pid())["new"] == "new");
  CHECK(row_of(docs[7], arriving.pid())["new"] == "");
  // The departure (sleep 1.1 s): gone from a sample, whose notes say it exited.
  std::size_t gone = 0;
  for (std::size_t i = 1; i < 8 && gone == 0; ++i) {
    if (row_of(docs[i], leaving_pid).is_null()) gone = i;
  }
  REQUIRE(gone > 0);
  CHECK(has_note(docs[gone], "exited", std::to_string(leaving_pid)));
  if (gone + 1 < 8) CHECK_FALSE(has_note(docs[gone + 1], "exited", std::to_string(leaving_pid)));
  const Json& summary = docs.back();
  CHECK(row_of(summary, leaving_pid)["state"] == "exited");
  CHECK(row_of(summary, arriving.pid())["state"] == "");
  leaving.reset();
}

TEST_CASE("watch: --until-exit ends when the watched processes are gone", "[live]") {
  const std::string name = unique("mwuntil");
  Child a("/bin/sleep", {name, "0.8"});
  const auto start = std::chrono::steady_clock::now();
  const auto r = run({MEMWHO_BINARY, "-n", name, "--interval", "0.2", "--until-exit",
                      "--format=tsv", "-o", "pid"});
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(r.out << r.err);
  // Matched while it lived (exit 0), and ended soon after it did, well before any timeout.
  CHECK(r.rc == 0);
  CHECK(took < 5.0);
  CHECK(r.out.find("\n\npid\tsamples") != std::string::npos);  // ended with its summary
}

TEST_CASE("watch: a table on a terminal is redrawn in place (tmux)", "[live]") {
  if (run({"tmux", "-V"}).rc != 0) FAIL("tmux is not installed (apt-get install tmux)");
  const std::string session = unique("mwtmux");
  const std::string self = std::to_string(::getpid());
  const std::string command = std::string(MEMWHO_BINARY) + " -p " + self +
                              " --interval 0.3 --count 6 -o pid,rss,pss,change; sleep 60";
  REQUIRE(run({"tmux", "-L", session, "new-session", "-d", "-s", session, "-x", "150", "-y", "50",
               command})
              .rc == 0);
  std::string screen;
  for (int i = 0; i < 60; ++i) {  // until the summary is drawn
    ::usleep(100000);
    screen = run({"tmux", "-L", session, "capture-pane", "-p", "-t", session}).out;
    if (screen.find("Summary of 6 samples") != std::string::npos) break;
  }
  run({"tmux", "-L", session, "kill-server"});
  INFO(screen);
  REQUIRE(screen.find("Summary of 6 samples") != std::string::npos);
  // Six samples, one table on the screen: each drew over the one before, not below it.
  std::size_t headers = 0, times = 0;
  for (auto line : lines(screen)) {
    headers +=
        line.find("PID") != std::string_view::npos && line.find("RSS") != std::string_view::npos
            ? 1
            : 0;
    times += line.rfind("20", 0) == 0 ? 1 : 0;  // a sample's time line: "2026-..."
  }
  CHECK(headers == 1);
  CHECK(times == 1);
  // The last sample's change is a number, not '-': the screen shows the sixth sample.
  CHECK(screen.find("CHANGE") != std::string::npos);
}

TEST_CASE("watch: --output is replaced whole each sample while a reader reads it", "[live]") {
  TempDir dir;
  const std::string path = dir.path() + "/memwho.prom";
  std::atomic<bool> done{false};
  std::size_t reads = 0, torn = 0, versions = 0;
  ino_t inode = 0;
  std::thread reader([&] {
    while (!done) {
      const std::string text = read_text(path);
      if (text.empty()) continue;
      ++reads;
      const bool whole = text.rfind("# TYPE ", 0) == 0 && text.size() >= 6 &&
                         text.compare(text.size() - 6, 6, "# EOF\n") == 0;
      torn += whole ? 0 : 1;
      struct stat st {};
      // Each sample is a new file renamed over the path: a new inode.
      if (::stat(path.c_str(), &st) == 0 && st.st_ino != inode) {
        inode = st.st_ino;
        ++versions;
      }
    }
  });
  const auto r =
      run({MEMWHO_BINARY, "-p", std::to_string(::getpid()), "--interval", "0.1", "--count", "30",
           "--format=openmetrics", "--output", path, "-o", "pid,rss,pss"});
  done = true;
  reader.join();
  INFO(r.err);
  CHECK(r.rc == 0);
  CHECK(r.out.empty());  // samples go to the file; no summary on stdout
  CHECK(reads > 30);
  CHECK(torn == 0);
  CHECK(versions > 1);
  CHECK(run({"ls", "-A", dir.path()}).out == "memwho.prom\n");  // no temporary file left
}
