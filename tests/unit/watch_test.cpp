// The watch's memory (--interval): the slope, the sparkline, the leak rule, and processes that
// appear, exit, or reuse a pid between two samples of a fake tree.
#include <catch2/catch.hpp>

#include "../support/fake_tree.hpp"
#include "memwho/cli/watch_state.hpp"
#include "memwho/scan/scan.hpp"

using namespace memwho;

namespace {

Series series_of(const std::vector<std::uint64_t>& pss, double step_seconds) {
  Series s;
  s.label = {42, "app"};
  for (std::size_t i = 0; i < pss.size(); ++i) {
    s.points.push_back({static_cast<double>(i) * step_seconds, pss[i], pss[i] / 2, pss[i]});
  }
  s.first_sample = 1;
  s.last_sample = pss.size();
  return s;
}

std::vector<ProcessRecord> scan_all(const test::FakeProcSource& fake) {
  ScanRequest request;
  request.needs.smaps = true;
  request.needs.start_time = true;
  return scan(fake, request).records;
}

}  // namespace

TEST_CASE("watch: least squares slope of a line is its slope, one point has none", "[watch]") {
  CHECK(*least_squares_slope({0, 1, 2, 3}, {10, 13, 16, 19}) == Approx(3.0));
  CHECK(*least_squares_slope({0, 1, 2, 3}, {5, 5, 5, 5}) == Approx(0.0));
  CHECK_FALSE(least_squares_slope({1}, {1}).has_value());
  CHECK_FALSE(least_squares_slope({2, 2}, {1, 5}).has_value());
  // Large sizes keep their digits: 64 GiB in KiB plus a small slope.
  const double base = 64.0 * 1024 * 1024;
  CHECK(*least_squares_slope({0, 1, 2}, {base, base + 1, base + 2}) == Approx(1.0));
}

TEST_CASE("watch: the sparkline draws 8 levels, ASCII outside UTF-8, at most its width",
          "[watch]") {
  CHECK(sparkline({0, 1, 2, 3, 4, 5, 6, 7}, 40, false) == "_.-=+*#@");
  CHECK(sparkline({0, 7}, 40, true) == "\xe2\x96\x81\xe2\x96\x88");
  CHECK(sparkline({5, 5, 5}, 40, false) == "___");
  CHECK(sparkline({}, 40, false).empty());
  // 1 KiB on 470 KiB is noise, not a cliff: it stays at the bottom.
  CHECK(sparkline({469, 470, 470}, 40, false) == "___");
  // 100 values in 10 characters: each the mean of ten, rising.
  std::vector<std::uint64_t> rising(100);
  for (std::size_t i = 0; i < rising.size(); ++i) rising[i] = i;
  const std::string ten = sparkline(rising, 10, false);
  CHECK(ten.size() == 10);
  CHECK(ten.front() == '_');
  CHECK(ten.back() == '@');
}

TEST_CASE("watch: a steady grower is a leak suspect, noise and a short watch are not", "[watch]") {
  const LeakRule rule;
  // 4 MiB a second for 10 samples a second apart: 240 MiB a minute.
  std::vector<std::uint64_t> growing;
  for (std::uint64_t i = 0; i < 10; ++i) growing.push_back(100000 + 4096 * i);
  const SeriesSummary g = summarize(series_of(growing, 1.0), 10, rule);
  CHECK(g.leak_suspect);
  CHECK(*g.pss_kib_per_minute == Approx(4096.0 * 60));
  CHECK(g.steps_up == 9);
  CHECK(*g.pss_first == 100000);
  CHECK(*g.pss_last == 100000 + 4096 * 9);
  CHECK(*g.uss_max == (100000 + 4096 * 9) / 2);
  CHECK_FALSE(g.exited);

  // Up and down around a level: half the steps up, no suspect.
  const SeriesSummary n =
      summarize(series_of({1000, 1400, 1000, 1400, 1000, 1400, 1000, 1400}, 1.0), 8, rule);
  CHECK_FALSE(n.leak_suspect);
  // Growing, but only three samples: too few to say.
  CHECK_FALSE(summarize(series_of({1000, 2000, 3000}, 60.0), 3, rule).leak_suspect);
  // Growing steadily but by a few pages over an hour: below the growth floor.
  CHECK_FALSE(
      summarize(series_of({1000, 1004, 1008, 1012, 1016, 1020}, 600.0), 6, rule).leak_suspect);
  // Not in the last sample: exited.
  CHECK(summarize(series_of(growing, 1.0), 11, rule).exited);
}

TEST_CASE("watch: a pid reused between samples is a new process and the old one exited",
          "[watch]") {
  test::FakeProcSource fake;
  test::add_process(fake, 100, 10, 1000);
  test::add_process(fake, 200, 5, 1000);
  WatchState state;
  const ProcessSortKey key{find_process_column("pss"), true};

  state.begin_sample(0, "t0");
  std::vector<ProcessRecord> first = scan_all(fake);
  state.observe(first, key);
  CHECK(state.end_sample(true).empty());  // nothing before: no exits, no change to explain
  for (const ProcessRecord& r : first) {
    REQUIRE(r.change);
    CHECK_FALSE(r.change->appeared);
    CHECK_FALSE(r.change->since_previous.has_value());
  }

  // Pid 100 exits and a new process gets its pid (a later start time) with more memory;
  // pid 200 grows by 8 KiB.
  test::add_process(fake, 100, 20, 5000);
  fake.add("200/smaps_rollup", test::rollup(4 * 5 + 8));
  state.begin_sample(1, "t1");
  std::vector<ProcessRecord> second = scan_all(fake);
  state.observe(second, key);
  const std::vector<Note> notes = state.end_sample(true);
  for (const ProcessRecord& r : second) {
    REQUIRE(r.change);
    if (r.pid == 100) {
      CHECK(r.change->appeared);
      CHECK_FALSE(r.change->since_previous.has_value());
    } else {
      CHECK_FALSE(r.change->appeared);
      CHECK(*r.change->since_previous == 8);
      CHECK(*r.change->since_first == 8);
    }
  }
  REQUIRE(notes.size() == 2);
  CHECK(notes[0].code == "exited");
  CHECK(notes[0].text.find("100 (app)") != std::string::npos);
  CHECK(notes[1].code == "change");

  const std::vector<SummaryRow> rows = state.summary(false);
  REQUIRE(rows.size() == 3);  // 100 (old), 200, 100 (new)
  std::size_t exited = 0;
  for (const SummaryRow& r : rows) exited += r.summary.exited ? 1 : 0;
  CHECK(exited == 1);
  CHECK(state.info().samples == 2);
}
