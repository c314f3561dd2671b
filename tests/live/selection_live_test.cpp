// Live tests of selection and of what the table claims: real processes started through paths,
// with rewritten titles and names, checked against what pgrep and the kernel say.
#include <sys/prctl.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <set>

#include "live_support.hpp"

using namespace memwho::live;

namespace {

std::set<int> pids_of(const RunResult& r) {
  std::set<int> pids;
  for (const auto& row : parse_tsv(r.out)) pids.insert(std::stoi(row.at("pid")));
  return pids;
}

}  // namespace

TEST_CASE(
    "selection: -n matches the program, not the directories of its path (psql under postgresql/)",
    "[live]") {
  // Debian runs psql as /usr/lib/postgresql/15/bin/psql: a directory named after the server.
  const std::string app = unique("lvapp");
  TempDir tmp;
  const std::string client = tmp.path() + "/" + app + "/bin/client";
  const std::string server = tmp.path() + "/" + app + "/bin/" + app;
  copy_sleep(client);
  copy_sleep(server);
  Child c(client, {client, "60"});
  Child s(server, {server, "60"});

  const auto r = run({MEMWHO_BINARY, "-n", app, "--format=tsv", "-o", "pid,name,command"});
  INFO(r.out << r.err);
  CHECK(r.rc == 0);
  CHECK(pids_of(r) == std::set<int>{s.pid()});  // the server, not the client beside it
  // pgrep agrees: it matches comm, and comm is the executable's name.
  const auto pg = run({"pgrep", app});
  CHECK(pg.out == std::to_string(s.pid()) + "\n");
  // Directories never match: "-n bin" or "-n tmp" would select everything started by a path.
  const auto bin = run(
      {MEMWHO_BINARY, "-n", "bin", "-p", std::to_string(c.pid()) + "," + std::to_string(s.pid())});
  CHECK(bin.rc == 1);
  CHECK(bin.err.find("no process matches") != std::string::npos);
  // -f sees the whole command line, directories included.
  const auto full =
      run({MEMWHO_BINARY, "-f", "/" + app + "/bin/client", "--format=tsv", "-o", "pid"});
  CHECK(pids_of(full) == std::set<int>{c.pid()});
}

TEST_CASE("selection: -n finds rewritten titles by their program, -f by any word, -x whole",
          "[live]") {
  const std::string app = unique("lvttl");
  // exec -a: argv[0] is the title "APP worker[1]" (one string), comm stays "sleep".
  Child w("/bin/sleep", {app + " worker[1]", "60"});
  Child m("/bin/sleep", {app + ": master process", "60"});

  const auto by_name = run({MEMWHO_BINARY, "-n", app, "--format=tsv", "-o", "pid,command"});
  CHECK(pids_of(by_name) == std::set<int>{w.pid(), m.pid()});
  // The title's second word is not a name; -f finds it.
  const auto worker_word = run({MEMWHO_BINARY, "-n", "worker[1]", "-p", std::to_string(w.pid())});
  CHECK(worker_word.rc == 1);
  const auto full = run({MEMWHO_BINARY, "-f", app + " worker[1]", "--format=tsv", "-o", "pid"});
  CHECK(pids_of(full) == std::set<int>{w.pid()});
  const auto full_master =
      run({MEMWHO_BINARY, "-f", "master process", "-n", app, "--format=tsv", "-o", "pid"});
  CHECK(pids_of(full_master) == std::set<int>{m.pid()});
  // -x: the program "APP" (title's ':' dropped) equals the name; a part of it does not.
  const auto exact = run({MEMWHO_BINARY, "-x", "-n", app, "--format=tsv", "-o", "pid"});
  CHECK(pids_of(exact) == std::set<int>{w.pid(), m.pid()});
  const auto part = run({MEMWHO_BINARY, "-x", "-n", app.substr(0, 4), "-p",
                         std::to_string(w.pid()) + "," + std::to_string(m.pid())});
  CHECK(part.rc == 1);
}

TEST_CASE("selection: -n finds a name set with prctl(PR_SET_NAME)", "[live]") {
  const std::string name = unique("lvprc");
  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_NAME, name.c_str(), 0, 0, 0);
    (void)!::write(ready[1], "x", 1);
    ::pause();
    ::_exit(0);
  }
  char x;
  (void)!::read(ready[0], &x, 1);
  const auto r = run({MEMWHO_BINARY, "-x", "-n", name, "--format=tsv", "-o", "pid,name"});
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
  CHECK(r.out == "pid\tname\n" + std::to_string(pid) + "\t" + name + "\n");
}

TEST_CASE("an empty -n or -f is a usage error, never the whole machine", "[live]") {
  for (const char* opt : {"-n", "-f"}) {
    const auto r = run({MEMWHO_BINARY, opt, ""});
    INFO(opt << ": " << r.err);
    CHECK(r.rc == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("empty") != std::string::npos);
  }
}

TEST_CASE("no match: one stderr line naming the selection, exit 1, in every view", "[live]") {
  const std::string nosuch = unique("nosuch");
  struct Case {
    std::vector<std::string> args;
    std::string out;  // what stdout holds: nothing, or the TSV header
  };
  const std::vector<Case> cases = {
      {{}, ""},
      {{"--format=tsv", "-o", "pid,pss"}, "pid\tpss\n"},
      {{"--maps"}, ""},
      {{"--maps", "--format=tsv", "-o", "address,rss"}, "address\trss\n"},
      {{"--maps", "--by=file"}, ""},
  };
  for (const auto& c : cases) {
    std::vector<std::string> argv{MEMWHO_BINARY, "-n", nosuch};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    const auto r = run(argv);
    INFO(r.out << r.err);
    CHECK(r.rc == 1);
    CHECK(r.out == c.out);
    CHECK(r.err == "memwho: no process matches -n " + nosuch + "\n");
  }
}

TEST_CASE("TOTAL adds only what adds up: SHARED and RSS_SHMEM are left out and named", "[live]") {
  const std::string name = unique("lvtot");
  Scene scene({"--groups", "1", "--workers", "3", "--shared-mib", "32", "--private-mib", "4",
               "--name", name});
  const auto table = run({MEMWHO_BINARY, "-n", name, "-o", "pid,uss,shared,rss_shmem"});
  const auto tsv = run({MEMWHO_BINARY, "-n", name, "--format=tsv", "-o", "pid,uss,shared"});
  INFO(table.out << tsv.out);
  REQUIRE(table.rc == 0);
  std::uint64_t uss_sum = 0, shared_sum = 0;
  for (const auto& row : parse_tsv(tsv.out)) {
    uss_sum += *to_u64(row.at("uss"));
    shared_sum += *to_u64(row.at("shared"));
  }
  // Each process maps the 32 MiB its master wrote: SHARED summed would say 4 x 32 MiB.
  CHECK(shared_sum >= 4 * 32 * 1024);
  std::string total_line;
  for (auto line : lines(table.out)) {
    if (line.substr(0, 5) == "TOTAL") total_line = std::string(line);
  }
  REQUIRE(!total_line.empty());
  const auto words = split(total_line, ' ');
  std::vector<std::string_view> fields;
  for (auto w : words) {
    if (!w.empty()) fields.push_back(w);
  }
  // "TOTAL", then USS as value and unit: nothing under SHARED or RSS_SHMEM.
  REQUIRE(fields.size() == 3);
  const double uss_mib = std::stod(std::string(fields[1]));
  CHECK(fields[2] == "MiB");
  CHECK(std::abs(uss_mib - static_cast<double>(uss_sum) / 1024.0) < 0.1);
  CHECK(unwrapped(table.out).find("SHARED and RSS_SHMEM are not added") != std::string::npos);
  CHECK(table.out.find("real total") == std::string::npos);
}

TEST_CASE("maps view: the total PSS equals the process table's exact PSS, with the rows' sum noted",
          "[live]") {
  // 2 workers + master map 64 one-page file mappings: each page's PSS is 4/3 kB, which smaps
  // prints as 1 per mapping; smaps_rollup adds the exact thirds.
  const std::string name = unique("lvmpt");
  Scene scene({"--groups", "1", "--workers", "2", "--shared-mib", "1", "--private-mib", "1",
               "--maps", "128", "--name", name});
  const int worker = scene.processes().back().pid;
  const auto maps = run({MEMWHO_BINARY, "--maps", "-p", std::to_string(worker)});
  const auto table =
      run({MEMWHO_BINARY, "-p", std::to_string(worker), "--format=tsv", "-o", "pss,rss"});
  const auto rollup_pss = kernel_kib(worker, "smaps_rollup", "Pss");
  INFO(maps.out << maps.err << table.out);
  REQUIRE(maps.rc == 0);
  const auto rows = parse_tsv(table.out);
  REQUIRE(rows.size() == 1);
  const std::uint64_t table_pss = *to_u64(rows[0].at("pss"));
  std::vector<std::uint64_t> totals;
  std::uint64_t rows_pss = 0, mappings = 0;
  for (auto line : lines(maps.out)) {
    // A mapping row: 16 hex digits of address, then SIZE RSS PSS USS DIRTY SWAP. (An address
    // may be all decimal digits: never parse it as a number.)
    const bool total = line.substr(0, 8) == "total kB";
    const bool mapping =
        line.size() > 17 && line[16] == ' ' &&
        line.substr(0, 16).find_first_not_of("0123456789abcdef") == std::string_view::npos;
    if (!total && !mapping) continue;
    std::vector<std::uint64_t> numbers;
    for (auto word : split(line.substr(total ? 8 : 17), ' ')) {
      if (auto v = to_u64(word)) numbers.push_back(*v);
    }
    if (total) {
      totals = numbers;
    } else if (numbers.size() >= 6) {
      rows_pss += numbers[2];
      ++mappings;
    }
  }
  REQUIRE(totals.size() == 6);  // SIZE RSS PSS USS DIRTY SWAP
  // Both views take smaps_rollup's figure (the fixture goldens prove it exactly). Live, the
  // worker shares libc and libstdc++ pages with memwho itself, and which of those pages a memwho
  // run has faulted in depends on its code path (the maps view runs other code than the table),
  // so two runs can see the worker's PSS a few kB apart: compare within 1%.
  const auto near = [](std::uint64_t a, std::uint64_t b) {
    return std::llabs(static_cast<long long>(a) - static_cast<long long>(b)) <=
           static_cast<long long>(b / 100);
  };
  CHECK(near(totals[2], table_pss));
  CHECK(near(table_pss, rollup_pss));
  // The rows are the kernel's truncated per-mapping figures: their sum is short by less than
  // 1 kB a mapping, and the note says by how much.
  CHECK(rows_pss < totals[2]);
  CHECK(totals[2] - rows_pss < mappings);
  CHECK(unwrapped(maps.out).find("The rows add up to " + std::to_string(rows_pss) + " kB") !=
        std::string::npos);
  // pmap -x's own columns still total as pmap -x does.
  const auto pm = pmap_x_totals(worker);
  REQUIRE(pm.size() == 3);
  CHECK(totals[0] == pm[0]);
  CHECK(totals[1] == pm[1]);
  CHECK(totals[4] == pm[2]);
}
