// The report model end to end, without a /proc: trees from the fake source go through the scan,
// a report builder and a writer, and the output carries the documented marks and messages:
// faults injected as root (EACCES on smaps_rollup, ESRCH and EIO half way through smaps) come
// out as '-', null, "complete": false and problems with stable codes.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "../support/fake_proc_source.hpp"
#include "../support/fake_tree.hpp"
#include "memwho/model/process_columns.hpp"
#include "memwho/report/diagnostics.hpp"
#include "memwho/report/maps_report.hpp"
#include "memwho/report/process_report.hpp"
#include "memwho/scan/scan.hpp"
#include "memwho/write/writer.hpp"

using memwho::Format;
using memwho::test::add_process;
using memwho::test::FakeProcSource;
using Json = nlohmann::json;

namespace {

struct Run {
  std::string out;
  std::vector<memwho::Note> problems;
};

/// The process view of the fake tree in `format`, with the diagnostics a run would print.
Run processes(const FakeProcSource& fake, Format format) {
  memwho::ScanRequest req;
  req.needs.cmdline = true;
  req.needs.smaps = true;
  auto result = memwho::scan(fake, req);
  const auto columns = memwho::default_process_columns();
  memwho::sort_records(result.records, memwho::default_process_sort(columns));
  Run run;
  run.problems = memwho::scan_diagnostics(result, req.selector, "(hint)");
  auto writer = memwho::make_writer(format, {}, run.out);
  memwho::report_processes(result.records, result.records.size(), columns, {}, *writer, {}, "PSS");
  writer->end(run.problems);
  return run;
}

/// The maps view of every process of the fake tree, as JSON.
Json mappings(const FakeProcSource& fake, std::vector<memwho::Note>& problems) {
  memwho::ScanRequest req;
  req.needs.cmdline = true;
  req.needs.start_time = true;
  const auto result = memwho::scan(fake, req);
  memwho::MapsReportOptions options;
  options.columns = memwho::default_mapping_columns(memwho::kInMappings, true);
  std::string out;
  auto writer = memwho::make_writer(Format::json, {}, out);
  auto report =
      memwho::report_mappings(fake, result.records, options, {}, *writer, [] { return true; });
  writer->end(report.diagnostics);
  problems = report.diagnostics;
  return Json::parse(out);
}

std::vector<std::string> codes(const Json& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.at("code"));
  return out;
}

}  // namespace

TEST_CASE("report: smaps_rollup refused to root shows '-' and null, and says why", "[report]") {
  FakeProcSource fake;
  add_process(fake, 100);
  add_process(fake, 200);
  fake.fail_open("200/smaps_rollup", EACCES);
  Run table = processes(fake, Format::table);
  INFO(table.out);
  for (char& c : table.out) {
    if (c == '\n') c = ' ';  // the footer wraps at 80 columns
  }
  CHECK(table.out.find("Not in TOTAL, as unknown: PSS of 1 process") != std::string::npos);
  const Run json = processes(fake, Format::json);
  const Json doc = Json::parse(json.out);
  REQUIRE(doc.at("rows").size() == 2);
  for (const auto& row : doc.at("rows")) {
    if (row.at("pid") == 200) {
      CHECK(row.at("pss").is_null());
      CHECK(row.at("rss") == 2048 * 1024);  // status still read
    }
  }
  CHECK(doc.at("totals").at("pss") == 40 * 1024);  // the known one only
  CHECK(doc.at("totals_unknown").at("pss") == 1);
  CHECK(codes(doc.at("problems")) == std::vector<std::string>{"smaps_rollup_refused"});
}

TEST_CASE("report: smaps ending in ESRCH half way is an incomplete block", "[report]") {
  FakeProcSource fake;
  add_process(fake, 100, 50);
  fake.fail_after("100/smaps", 10240, ESRCH);
  std::vector<memwho::Note> problems;
  const Json doc = mappings(fake, problems);
  REQUIRE(doc.at("processes").size() == 1);
  const auto& p = doc.at("processes")[0];
  CHECK(p.at("complete") == false);
  CHECK(p.at("totals").empty());  // no totals over a partial listing
  CHECK(p.at("mappings").size() > 0);
  CHECK(p.at("mappings").size() < 50);
  CHECK(codes(doc.at("problems")) == std::vector<std::string>{"incomplete"});
}

TEST_CASE("report: smaps failing with EIO half way is marked incomplete and names the error",
          "[report]") {
  FakeProcSource fake;
  add_process(fake, 100, 50);
  add_process(fake, 200, 3);
  fake.fail_after("100/smaps", 10240, EIO);
  std::vector<memwho::Note> problems;
  const Json doc = mappings(fake, problems);
  INFO(doc.dump());
  // The block of 100 was started as its rows streamed, and is marked incomplete; 200 is whole.
  REQUIRE(doc.at("processes").size() == 2);
  CHECK(doc.at("processes")[0].at("complete") == false);
  CHECK(doc.at("processes")[0].at("totals").empty());
  CHECK(doc.at("processes")[1].at("pid") == 200);
  CHECK(doc.at("processes")[1].at("complete") == true);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].code == "read_failed");
  CHECK(problems[0].text == "100/smaps: Input/output error");
}

TEST_CASE("report: every format of an empty selection keeps its schema", "[report]") {
  FakeProcSource fake;
  for (Format f : {Format::tsv, Format::csv, Format::json, Format::openmetrics}) {
    const Run run = processes(fake, f);
    INFO(static_cast<int>(f) << ": " << run.out);
    CHECK_FALSE(run.out.empty());
  }
  CHECK(Json::parse(processes(fake, Format::json).out).at("rows").empty());
}
