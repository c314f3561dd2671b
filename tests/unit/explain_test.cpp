// --explain on the fixture trees proc-explain-6.1 and proc-explain-6.18 (tests/fixtures/README.md):
// files that disagree by known amounts, and the reason each difference gets on each kernel.
// Also the pure parts: statm, kernel releases and how each kernel counts RSS.
#include "memwho/aggregate/explain.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "memwho/proc/kernel_release.hpp"
#include "memwho/proc/parse_statm.hpp"
#include "memwho/scan/read_rss_sources.hpp"
#include "memwho/scan/scan.hpp"

using namespace memwho;

namespace {

std::unique_ptr<ProcSource> open_tree(const std::string& name) {
  std::string error;
  auto root = open_proc_dir(std::string(MEMWHO_TEST_DATA) + "/fixtures/" + name, error);
  INFO(error);
  REQUIRE(root);
  return root;
}

struct Explained {
  std::map<std::string, ExplainRow> rows;
  std::map<std::string, std::string> reasons;
};

Explained explain_pid(const std::string& tree, int pid) {
  auto source = open_tree(tree);
  ScanRequest req;
  req.needs.cmdline = true;
  req.needs.smaps = true;
  req.needs.start_time = true;
  req.selector.pids = {pid};
  ScanResult result = scan(*source, req);
  REQUIRE(result.records.size() == 1);
  const RssSources sources = read_rss_sources(*source, result.records[0]);
  REQUIRE_FALSE(sources.gone);
  const std::string kernel = kernel_release_of(*source);
  ExplainInput in;
  in.record = &result.records[0];
  in.sources = &sources;
  in.kernel = kernel;
  in.counting = rss_counting(parse_kernel_release(kernel));
  Explained out;
  const Explanation e = explain_process(in);
  for (const ExplainRow& r : e.rows) out.rows[r.item] = r;
  for (const ExplainReason& r : e.reasons) out.reasons[r.code] = r.text;
  return out;
}

}  // namespace

TEST_CASE("explain: statm parses seven page counts and nothing else", "[explain]") {
  const auto s = parse_statm("18490 1304 20 4 0 1284 0\n");
  REQUIRE(s);
  CHECK(s->size == 18490);
  CHECK(s->resident == 1304);
  CHECK(s->shared == 20);
  CHECK(s->data == 1284);
  CHECK(parse_statm("0 0 0 0 0 0 0\n"));
  CHECK_FALSE(parse_statm(""));
  CHECK_FALSE(parse_statm("1 2 3 4 5 6\n"));
  CHECK_FALSE(parse_statm("1 2 3 4 5 6 7 8\n"));
  CHECK_FALSE(parse_statm("1 -2 3 4 5 6 7\n"));
  CHECK_FALSE(parse_statm("1 0x2 3 4 5 6 7\n"));
  CHECK_FALSE(parse_statm("1 2 3 4 5 6 7\n8"));
  CHECK_FALSE(parse_statm("1 2 3 4 5 6 99999999999999999999999\n"));
}

TEST_CASE("explain: kernel releases and how each kernel counts RSS", "[explain]") {
  const auto v = parse_kernel_release("6.18.44-fc-v769");
  REQUIRE(v);
  CHECK(v->major == 6);
  CHECK(v->minor == 18);
  CHECK(v->patch == 44u);
  CHECK(parse_kernel_release("6.16-rc1")->minor == 16);
  CHECK_FALSE(parse_kernel_release("linux"));
  CHECK_FALSE(parse_kernel_release("6"));
  CHECK_FALSE(parse_kernel_release(""));
  const auto counting = [](std::string_view r) { return rss_counting(parse_kernel_release(r)); };
  CHECK(counting("6.18.44") == RssCounting::exact_status);
  CHECK(counting("6.16.0") == RssCounting::exact_status);
  CHECK(counting("7.0.1") == RssCounting::exact_status);
  CHECK(counting("6.12.117-amd64") == RssCounting::exact_status);
  CHECK(counting("6.12.10") == RssCounting::maybe_exact);
  CHECK(counting("6.15.2") == RssCounting::maybe_exact);
  CHECK(counting("6.14.0") == RssCounting::per_cpu);
  CHECK(counting("6.2.0") == RssCounting::per_cpu);
  CHECK(counting("6.1.0-18-amd64") == RssCounting::per_thread);
  CHECK(counting("4.9.0") == RssCounting::per_thread);
  CHECK(rss_counting(std::nullopt) == RssCounting::unknown);
}

TEST_CASE("explain: a 6.1 kernel's counters lag the page tables by 256 KiB", "[explain]") {
  const Explained e = explain_pid("proc-explain-6.1", 100);
  CHECK(e.rows.at("smaps_rollup").kib == 5216u);
  CHECK(e.rows.at("smaps").kib == 5216u);
  CHECK(e.rows.at("status").kib == 4960u);
  CHECK(e.rows.at("statm").kib == 4960u);  // 1240 pages of 4 KiB (the page size from smaps)
  CHECK(e.rows.at("stat").kib == 4960u);
  CHECK(e.rows.at("status").diff_kib == -256);
  // Same counters in stat, statm and status before 6.16: no difference among them.
  CHECK(e.reasons.count("stat_counter_lags") == 0);
  CHECK(e.reasons.count("moment_stat_status") == 0);
  REQUIRE(e.reasons.count("counters_per_thread") == 1);
  CHECK(e.rows.at("counters_per_thread").diff_kib == -256);
  CHECK(e.reasons.count("counters_per_cpu") == 0);
  // Three one-page mappings shared by three: 4/3 KiB each, printed 1: 1 KiB lost in smaps.
  CHECK(e.rows.at("pss_truncated").diff_kib == 1);
  CHECK(e.reasons.at("pss_truncated").find("more than truncation") == std::string::npos);
  CHECK(e.rows.at("pfnmap_outside_rss").diff_kib == 16);  // [vvar]
  CHECK(e.reasons.count("all_agree") == 0);
  // VSS 73960 - RSS 5216; the 64 MiB anonymous reservation holds 1 MiB.
  CHECK(e.rows.at("not_resident").kib == 68744u);
  CHECK(e.rows.at("reserved_1").kib == 64512u);
  CHECK(e.rows.at("uss").kib == 5136u);
  CHECK(e.rows.at("shared_share").kib == 36u);
  CHECK_FALSE(e.rows.at("mapped_twice").kib);  // no page frames in a fixture: unknown, not 0
}

TEST_CASE("explain: on 6.18 stat lags an exact status, smaps moved 8 KiB", "[explain]") {
  const Explained e = explain_pid("proc-explain-6.18", 100);
  CHECK(e.rows.at("stat").kib == 5088u);
  CHECK(e.rows.at("status").kib == 5216u);
  REQUIRE(e.reasons.count("stat_counter_lags") == 1);
  CHECK(e.rows.at("stat_counter_lags").diff_kib == -128);
  CHECK(e.reasons.at("stat_counter_lags").find("6.18.44") != std::string::npos);
  CHECK(e.rows.at("moment_smaps_rollup").diff_kib == 8);
  // status is exact and equals the rollup: no counter reason at all.
  CHECK(e.reasons.count("counters_per_thread") == 0);
  CHECK(e.reasons.count("moment_status_rollup") == 0);
  // The later smaps read holds 8 KiB more private memory: more than truncation explains.
  CHECK(e.rows.at("pss_truncated").diff_kib == -7);
  CHECK(e.reasons.at("pss_truncated").find("more than truncation") != std::string::npos);
}

TEST_CASE("explain: hugetlb and shared memory outside RSS, shmem swap", "[explain]") {
  for (const char* tree : {"proc-explain-6.1", "proc-explain-6.18"}) {
    INFO(tree);
    const Explained e = explain_pid(tree, 200);
    CHECK(e.reasons.count("all_agree") == 1);
    CHECK(e.rows.at("hugetlb_outside_rss").diff_kib == 4096);
    CHECK(e.rows.at("swap_shmem").diff_kib == 256);
    CHECK(e.rows.at("pss_truncated").diff_kib == 0);
    CHECK(e.rows.at("shmem").kib == 1280u);
    CHECK(e.rows.at("not_resident").kib == 9248u - 1808u - 4096u);
    CHECK(e.rows.at("swap").kib == 256u);
    CHECK(e.rows.at("swap_pss").kib == 0u);
  }
}

TEST_CASE("explain: a kernel thread has no address space, every figure 0", "[explain]") {
  const Explained e = explain_pid("proc-explain-6.18", 300);
  CHECK(e.reasons.count("no_address_space") == 1);
  CHECK(e.rows.at("stat").kib == 0u);
  CHECK(e.rows.at("statm").kib == 0u);
  CHECK(e.rows.at("status").kib == 0u);
  CHECK(e.reasons.size() == 1);
}

TEST_CASE("explain: every reason given is a documented code", "[explain]") {
  const auto codes = explain_reason_codes();
  for (const char* tree : {"proc-explain-6.1", "proc-explain-6.18"}) {
    for (const int pid : {100, 200, 300}) {
      for (const auto& [code, text] : explain_pid(tree, pid).reasons) {
        INFO(code);
        CHECK(std::find(codes.begin(), codes.end(), code) != codes.end());
        CHECK_FALSE(text.empty());
      }
    }
  }
}
