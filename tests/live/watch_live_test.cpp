// Live tests of memory over time (--interval, --count): reports at the interval, one header
// for a TSV stream with a time column, one JSON document a line, a table per sample, and a
// clean end on SIGTERM between two reports.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "live_support.hpp"

using namespace memwho::live;

namespace {

/// Seconds since the epoch of an ISO 8601 time with milliseconds and zone
/// ("2026-12-02T12:59:38.441+00:00").
double seconds_of(const std::string& t) {
  std::tm tm{};
  const char* rest = ::strptime(t.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  REQUIRE(rest != nullptr);
  REQUIRE(*rest == '.');
  const double millis = std::stod(std::string(rest + 1, 3));
  const char* zone = rest + 4;
  REQUIRE((zone[0] == '+' || zone[0] == '-'));
  const int offset =
      (std::stoi(std::string(zone + 1, 2)) * 60 + std::stoi(std::string(zone + 4, 2))) * 60 *
      (zone[0] == '-' ? -1 : 1);
  return static_cast<double>(::timegm(&tm)) - offset + millis / 1000;
}

}  // namespace

TEST_CASE("watch: --interval 0.3 --count 4 gives 4 rows a header, 0.3 s apart", "[live]") {
  const std::string self = std::to_string(::getpid());
  const auto r = run({MEMWHO_BINARY, "-p", self, "--interval", "0.3", "--count", "4",
                      "--format=tsv", "-o", "pid,rss"});
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
  // The stream, then after a blank line the summary with its own header.
  const std::size_t blank = r.out.find("\n\n");
  REQUIRE(blank != std::string::npos);
  const auto rows = parse_tsv(r.out.substr(0, blank + 1));
  const auto summary = parse_tsv(r.out.substr(blank + 2));
  REQUIRE(summary.size() == 1);
  CHECK(summary.at(0).at("pid") == self);
  CHECK(summary.at(0).at("samples") == "4");
  REQUIRE(rows.size() == 4);
  CHECK(lines(r.out).at(0) == "time\tpid\trss");  // one header for the stream
  double previous = 0;
  for (const auto& row : rows) {
    CHECK(row.at("pid") == self);
    const double t = seconds_of(row.at("time"));
    if (previous > 0) {
      CHECK(t - previous > 0.2);
      CHECK(t - previous < 0.6);
    }
    previous = t;
  }
}

TEST_CASE("watch: JSON is one document a line, a table is a table each sample", "[live]") {
  const std::string self = std::to_string(::getpid());
  const auto j = run({MEMWHO_BINARY, "-p", self, "--interval", "0.2", "--count", "3",
                      "--format=json", "-o", "pid,rss"});
  INFO(j.out << j.err);
  REQUIRE(j.rc == 0);
  const auto docs = lines(j.out);
  REQUIRE(docs.size() == 4);  // three samples, then the summary
  for (auto line : docs) {
    const auto doc = nlohmann::json::parse(line, nullptr, false);
    REQUIRE_FALSE(doc.is_discarded());
    CHECK(doc["rows"].size() == 1);
  }
  CHECK(nlohmann::json::parse(docs.back())["view"] == "summary");
  const auto t =
      run({MEMWHO_BINARY, "-p", self, "--interval", "0.2", "--count", "2", "-o", "pid,rss"});
  REQUIRE(t.rc == 0);
  std::size_t headers = 0;
  for (auto line : lines(t.out)) {
    headers +=
        line.find("PID") != std::string_view::npos && line.find("RSS") != std::string_view::npos;
  }
  CHECK(headers == 2);
  CHECK(t.out.find("Summary of 2 samples") != std::string::npos);
}

TEST_CASE("watch: SIGTERM ends the watch between two reports, every line whole", "[live]") {
  int out[2];
  REQUIRE(::pipe(out) == 0);
  const pid_t child = ::fork();
  if (child == 0) {
    ::dup2(out[1], 1);
    ::close(out[0]);
    ::close(out[1]);
    const std::string self = std::to_string(::getppid());
    ::execl(MEMWHO_BINARY, MEMWHO_BINARY, "-p", self.c_str(), "--interval", "0.2", "--format=tsv",
            "-o", "pid,rss", nullptr);
    ::_exit(127);
  }
  ::close(out[1]);
  std::this_thread::sleep_for(std::chrono::milliseconds(900));
  ::kill(child, SIGTERM);
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;)
    text.append(buf, static_cast<std::size_t>(n));
  ::close(out[0]);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  INFO(text);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  REQUIRE_FALSE(text.empty());
  CHECK(text.back() == '\n');
  // Ended after its summary: the stream, a blank line, the summary of every sample.
  const std::size_t blank = text.find("\n\n");
  REQUIRE(blank != std::string::npos);
  const auto rows = parse_tsv(text.substr(0, blank + 1));
  CHECK(rows.size() >= 3);
  const auto summary = parse_tsv(text.substr(blank + 2));
  REQUIRE(summary.size() == 1);
  CHECK(summary.at(0).at("samples") == std::to_string(rows.size()));
  for (const auto& row : rows) CHECK_FALSE(row.at("rss").empty());
}

TEST_CASE("watch: the maps views over time, one header and a time column in TSV", "[live]") {
  const std::string self = std::to_string(::getpid());
  const auto r = run({MEMWHO_BINARY, "--maps", "--by=file", "-p", self, "--interval", "0.2",
                      "--count", "3", "--format=tsv", "-o", "rss,mapping"});
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
  CHECK(lines(r.out).at(0) == "time\trss\tmapping");
  const auto rows = parse_tsv(r.out);
  std::set<std::string> times;
  for (const auto& row : rows) times.insert(row.at("time"));
  CHECK(times.size() == 3);  // three samples, each its own time
  // The per-mapping table: a time line and a pmap-style block each sample.
  const auto t = run({MEMWHO_BINARY, "--maps", "-p", self, "--interval", "0.2", "--count", "2"});
  REQUIRE(t.rc == 0);
  std::size_t totals = 0;
  for (auto line : lines(t.out)) totals += line.rfind("total kB", 0) == 0 ? 1 : 0;
  CHECK(totals == 2);
}
