// Live test of captures: a scene of processes with known, static memory; every view run live
// right before and after `memwho capture`, then read back from the archive and from its unpacked
// directory: the same rows, the same totals, byte for byte (JSON: but for where and when).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "live_support.hpp"

using namespace memwho::live;

namespace {

/// A view's output without what says where and when it was taken, and the selection's "what
/// stopping frees" (exact live as root, bounds from a capture: checked apart).
std::string comparable(const std::string& out, bool json) {
  if (!json) return out;
  nlohmann::json j = nlohmann::json::parse(out);
  for (const char* key : {"host", "time", "captured", "kernel"}) j.erase(key);
  j.erase("frees");
  j.erase("notes");  // the table's notes: the "captured on" line and the frees sentence
  return j.dump();
}

}  // namespace

TEST_CASE("capture: every view read back from a capture gives the live figures", "[live]") {
  const std::string name = unique("lvcap");
  Scene scene({"--groups", "2", "--workers", "2", "--shared-mib", "4", "--private-mib", "2",
               "--name", name});
  const std::string archive = "/tmp/" + unique("lvcap") + ".tar.zst";
  const std::string unpacked = "/tmp/" + unique("lvcapdir");
  const std::vector<std::vector<std::string>> views = {
      {"--format=tsv"},
      {"--format=json"},
      {"--tree", "--format=tsv"},
      {"--group=name", "--format=tsv"},
      {"--group=user", "--format=json"},
      // The cgroup's own charge holds everything else running in it: only its processes'
      // figures are static (the charge from the capture is checked below).
      {"--group=cgroup", "-o", "group,processes,pss,uss", "--format=tsv"},
      {"--maps", "--format=tsv"},
      {"--maps", "--by=file", "--format=tsv"},
      {"--maps", "--by=file", "--format=json"},
  };
  const auto run_view = [&](const std::vector<std::string>& view, const std::string& root) {
    std::vector<std::string> argv{MEMWHO_BINARY, "-n", name};
    argv.insert(argv.end(), view.begin(), view.end());
    if (!root.empty()) argv.insert(argv.end(), {"--proc-root", root});
    return run(argv);
  };
  // The scene's own memory is static, but its libc pages are shared with every process on the
  // machine: one starting or exiting elsewhere moves their PSS by a KiB. So the live runs
  // before and after the capture must agree (a quiet moment, tried up to five times), and then
  // the capture gives exactly their figures.
  std::vector<RunResult> before, after;
  const auto same = [&] {
    for (std::size_t i = 0; i < views.size(); ++i) {
      const bool json = views[i].back() == "--format=json";
      if (comparable(before[i].out, json) != comparable(after[i].out, json)) return false;
    }
    return true;
  };
  for (int attempt = 0; attempt < 5 && (before.empty() || !same()); ++attempt) {
    before.clear();
    after.clear();
    for (const auto& v : views) before.push_back(run_view(v, ""));
    const auto captured = run({MEMWHO_BINARY, "capture", archive, "--maps", "-n", name});
    INFO(captured.err);
    REQUIRE(captured.rc == 0);
    CHECK(captured.out.empty());
    CHECK(captured.err.find(std::to_string(scene.processes().size()) + " processes") !=
          std::string::npos);
    for (const auto& v : views) after.push_back(run_view(v, ""));
  }
  std::filesystem::create_directories(unpacked);
  REQUIRE(run({"tar", "xf", archive, "-C", unpacked}).rc == 0);

  for (const std::string& root : {archive, unpacked}) {
    for (std::size_t i = 0; i < views.size(); ++i) {
      const bool json = views[i].back() == "--format=json";
      const auto offline = run_view(views[i], root);
      INFO(root << " " << views[i][0] << " " << views[i].back() << "\n" << offline.err);
      REQUIRE(offline.rc == 0);
      REQUIRE(before[i].rc == 0);
      // The scene's memory is static: live before and after agree, and so does the capture.
      const std::string live = comparable(before[i].out, json);
      CHECK(live == comparable(after[i].out, json));
      CHECK(comparable(offline.out, json) == live);
      if (json) {
        const auto j = nlohmann::json::parse(offline.out);
        CHECK(j.at("captured") == true);
        CHECK(!j.at("kernel").get<std::string>().empty());
      }
    }
  }
  // The table says where and when; the selection's frees are honest bounds, never exact.
  const auto table = run_view({}, archive);
  CHECK(table.out.find("Captured on ") != std::string::npos);
  CHECK(table.out.find("page frames are not in a capture") != std::string::npos);
  // The charge comes from the cgroup files in the capture, not from this machine's.
  const auto charge = run_view({"--group=cgroup", "-o", "cgroup_charge", "--format=tsv"}, archive);
  const auto charge_rows = parse_tsv(charge.out);
  REQUIRE(charge_rows.size() == 1);
  CHECK(to_u64(charge_rows[0].at("cgroup_charge")).value_or(0) > 0);
  // -u resolves through the capture's users.
  const auto by_user = run_view({"-u", "root", "--format=tsv"}, archive);
  CHECK(by_user.rc == 0);
  std::filesystem::remove_all(unpacked);
  ::unlink(archive.c_str());
}

TEST_CASE("capture: the summary, FILE.tmp never left, and a bad archive exits 2", "[live]") {
  const std::string archive = "/tmp/" + unique("lvcapall") + ".tar.gz";
  const auto r = run({MEMWHO_BINARY, "capture", archive});
  INFO(r.err);
  REQUIRE(r.rc == 0);
  CHECK(std::filesystem::exists(archive));
  CHECK(!std::filesystem::exists(archive + ".tmp"));
  // gzip by name: the magic bytes say so.
  CHECK(read_text(archive).substr(0, 2) == "\x1f\x8b");
  const std::string half = archive + ".half";
  {
    const std::string bytes = read_text(archive);
    FILE* f = std::fopen(half.c_str(), "wb");
    REQUIRE(f != nullptr);
    std::fwrite(bytes.data(), 1, bytes.size() / 2, f);
    std::fclose(f);
  }
  const auto bad = run({MEMWHO_BINARY, "--proc-root", half});
  CHECK(bad.rc == 2);
  CHECK(bad.err.find(half) != std::string::npos);
  // A directory that cannot be written to: no archive, no tmp file, exit 4.
  const auto nowhere = run({MEMWHO_BINARY, "capture", "/nonexistent-dir/x.tar.zst"});
  CHECK(nowhere.rc == 4);
  ::unlink(archive.c_str());
  ::unlink(half.c_str());
}
