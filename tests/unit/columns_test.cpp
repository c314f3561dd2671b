// Tests of the column table, --sort keys, sort_records and the cells each column yields for the
// kinds of record a scan produces (measured, no mm, refused, unidentified).
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "memwho/model/process_columns.hpp"
#include "memwho/report/process_report.hpp"
#include "memwho/write/writer.hpp"

using memwho::Cell;
using memwho::ProcessColumn;
using memwho::ProcessRecord;
using memwho::SizeKib;
using memwho::SmapsKey;
using memwho::SmapsOrigin;
using memwho::sort_records;

namespace {

ProcessRecord measured(int pid, std::uint64_t pss, std::string name = "p") {
  ProcessRecord r;
  r.pid = pid;
  r.uid = 0;
  r.user = "root";
  r.name = std::move(name);
  r.command = "/bin/" + r.name;
  r.state = 'S';
  r.identity_known = true;
  r.has_mm = true;
  r.vm_size = pss * 10;
  r.vm_rss = pss * 2;
  r.smaps.add(SmapsKey::rss, pss * 2);
  r.smaps.add(SmapsKey::pss, pss);
  r.smaps.add(SmapsKey::private_clean, 1);
  r.smaps.add(SmapsKey::private_dirty, pss / 2);
  r.smaps.add(SmapsKey::shared_clean, pss);
  r.smaps.add(SmapsKey::shared_dirty, 0);
  r.smaps.add(SmapsKey::swap, 0);
  r.smaps_origin = SmapsOrigin::rollup;
  return r;
}

ProcessRecord denied(int pid) {
  ProcessRecord r = measured(pid, 0);
  r.smaps.clear();
  r.smaps_origin = SmapsOrigin::denied;
  return r;
}

std::vector<int> pids_of(const std::vector<ProcessRecord>& rs) {
  std::vector<int> out;
  for (const auto& r : rs) out.push_back(r.pid);
  return out;
}

const ProcessColumn* find_column(std::string_view key) {
  return memwho::find_process_column(key);
}

std::optional<memwho::ProcessSortKey> parse_sort_key(std::string_view text) {
  return memwho::parse_sort_key(memwho::process_columns(), text, memwho::kInProcesses);
}

/// The process view of `rs` in `format`, as the front end would write it.
std::string render(const std::vector<ProcessRecord>& rs,
                   const std::vector<const ProcessColumn*>& cols, memwho::Format format,
                   memwho::WriterOptions options = {}) {
  std::string out;
  auto writer = memwho::make_writer(format, options, out);
  memwho::report_processes(rs, rs.size(), cols, {}, *writer, {}, "PSS");
  writer->end({});
  return out;
}

Cell cell(std::string_view key, const ProcessRecord& r) {
  const auto* c = find_column(key);
  REQUIRE(c != nullptr);
  return c->value(r);
}

bool unknown(const Cell& c) {
  return std::holds_alternative<std::monostate>(c);
}
std::uint64_t kib(const Cell& c) {
  return std::get<SizeKib>(c).kib;
}

}  // namespace

TEST_CASE("columns: the table is consistent", "[columns]") {
  std::set<std::string_view> keys;
  for (const auto& c : memwho::process_columns()) {
    INFO(c.meta.key);
    CHECK(keys.insert(c.meta.key).second);  // keys are unique
    CHECK(memwho::find_process_column(c.meta.key, c.meta.views) == &c);
    CHECK_FALSE(c.meta.title.empty());
    CHECK_FALSE(c.meta.description.empty());
    CHECK_FALSE(c.meta.source.field.empty());  // every value says where it comes from
    CHECK(c.value != nullptr);
    // Only sizes are summed in the TOTAL row.
    if (c.meta.sums) CHECK(c.meta.kind == memwho::ValueKind::size);
  }
  // TOTAL adds only what adds up across processes; the rest counts a shared page in every
  // process that maps it.
  for (const char* key : {"pss", "pss_anon", "pss_file", "pss_shmem", "pss_dirty", "uss",
                          "private_clean", "private_dirty", "swap_pss", "locked"}) {
    INFO(key);
    CHECK(find_column(key)->meta.sums);
  }
  for (const char* key :
       {"vss", "rss", "rss_anon", "rss_file", "rss_shmem", "shared", "shared_clean", "shared_dirty",
        "anonymous", "swap", "vm_swap", "hugetlb"}) {
    INFO(key);
    CHECK_FALSE(find_column(key)->meta.sums);
  }
  CHECK(find_column("nope") == nullptr);
  CHECK(find_column("") == nullptr);
  CHECK(find_column("PSS") == nullptr);  // keys are lower case; titles are not keys

  std::vector<std::string_view> defaults;
  for (const auto* c : memwho::default_process_columns()) defaults.push_back(c->meta.key);
  CHECK(defaults == std::vector<std::string_view>{"pid", "user", "vss", "rss", "pss", "uss", "swap",
                                                  "command"});
  // What the scan must read follows from the column.
  auto needs = [](const char* key, memwho::Need need) {
    return (find_column(key)->meta.needs & need) != 0;
  };
  CHECK(needs("pss", memwho::kNeedRollup));
  CHECK(needs("uss", memwho::kNeedRollup));
  CHECK_FALSE(needs("rss", memwho::kNeedRollup));
  CHECK(needs("command", memwho::kNeedCmdline));
  CHECK_FALSE(needs("name", memwho::kNeedCmdline));
}

TEST_CASE("parse_sort_key: directions and unknown keys", "[columns]") {
  const auto pss = parse_sort_key("pss");
  REQUIRE(pss);
  CHECK(pss->column->meta.key == "pss");
  CHECK(pss->descending);  // sizes: biggest first
  CHECK_FALSE(parse_sort_key("pid")->descending);
  CHECK_FALSE(parse_sort_key("name")->descending);
  CHECK(parse_sort_key("-pid")->descending);
  CHECK_FALSE(parse_sort_key("+rss")->descending);
  CHECK(parse_sort_key("-rss")->descending);
  CHECK(parse_sort_key("+name")->column->meta.key == "name");

  CHECK_FALSE(parse_sort_key(""));
  CHECK_FALSE(parse_sort_key("-"));
  CHECK_FALSE(parse_sort_key("+"));
  CHECK_FALSE(parse_sort_key("--pss"));
  CHECK_FALSE(parse_sort_key("+-pss"));
  CHECK_FALSE(parse_sort_key("PSS"));
  CHECK_FALSE(parse_sort_key("pss "));
  CHECK_FALSE(parse_sort_key("bogus"));
}

TEST_CASE("sort_records: sizes numerically, unknown values last, ties by pid", "[columns]") {
  std::vector<ProcessRecord> rs;
  rs.push_back(denied(5));
  rs.push_back(measured(9, 900));
  rs.push_back(measured(3, 10000));  // more digits but a bigger number: not a string compare
  rs.push_back(denied(1));
  rs.push_back(measured(7, 900));  // tie with pid 9
  rs.push_back(measured(2, 0));

  SECTION("descending (the default for sizes)") {
    sort_records(rs, *parse_sort_key("pss"));
    CHECK(pids_of(rs) == std::vector<int>{3, 7, 9, 2, 1, 5});
  }
  SECTION("ascending: unknown values are still last") {
    sort_records(rs, *parse_sort_key("+pss"));
    CHECK(pids_of(rs) == std::vector<int>{2, 7, 9, 3, 1, 5});
  }
  SECTION("uss: Private_Clean + Private_Dirty") {
    sort_records(rs, *parse_sort_key("uss"));
    CHECK(pids_of(rs) == std::vector<int>{3, 7, 9, 2, 1, 5});
  }
  SECTION("pid ascending and descending") {
    sort_records(rs, *parse_sort_key("pid"));
    CHECK(pids_of(rs) == std::vector<int>{1, 2, 3, 5, 7, 9});
    sort_records(rs, *parse_sort_key("-pid"));
    CHECK(pids_of(rs) == std::vector<int>{9, 7, 5, 3, 2, 1});
  }
  SECTION("a status size is known even where smaps was refused") {
    sort_records(rs, *parse_sort_key("rss"));
    CHECK(pids_of(rs) == std::vector<int>{3, 7, 9, 1, 2, 5});
  }
}

TEST_CASE("sort_records: text columns compare bytes, unidentified records last", "[columns]") {
  std::vector<ProcessRecord> rs;
  rs.push_back(measured(4, 1, "zeta"));
  rs.push_back(measured(2, 1, "Alpha"));
  rs.push_back(measured(3, 1, "alpha"));
  ProcessRecord anonymous;  // status unreadable: only the pid is known
  anonymous.pid = 1;
  rs.push_back(anonymous);
  rs.push_back(measured(5, 1, "alpha"));
  sort_records(rs, *parse_sort_key("name"));
  CHECK(pids_of(rs) == std::vector<int>{2, 3, 5, 4, 1});
  sort_records(rs, *parse_sort_key("-name"));
  CHECK(pids_of(rs) == std::vector<int>{4, 3, 5, 2, 1});
}

TEST_CASE("cells: what each kind of record shows", "[columns]") {
  SECTION("a measured process") {
    const ProcessRecord r = measured(10, 100);
    CHECK(std::get<std::int64_t>(cell("pid", r)) == 10);
    CHECK(std::get<std::string_view>(cell("user", r)) == "root");
    CHECK(std::get<std::int64_t>(cell("uid", r)) == 0);
    CHECK(std::get<std::string_view>(cell("state", r)) == "S");
    CHECK(kib(cell("vss", r)) == 1000u);
    CHECK(kib(cell("rss", r)) == 200u);
    CHECK(kib(cell("pss", r)) == 100u);
    CHECK(kib(cell("uss", r)) == 51u);
    CHECK(kib(cell("shared", r)) == 100u);
    CHECK(kib(cell("swap", r)) == 0u);
    // Counters the kernel did not print are unknown, not zero.
    CHECK(unknown(cell("pss_dirty", r)));
    CHECK(unknown(cell("swap_pss", r)));
    CHECK(unknown(cell("hugetlb", r)));
    CHECK(unknown(cell("rss_anon", r)));
  }
  SECTION("hugetlb sums Shared_Hugetlb and Private_Hugetlb") {
    ProcessRecord r = measured(10, 100);
    r.smaps.add(SmapsKey::shared_hugetlb, 2048);
    CHECK(kib(cell("hugetlb", r)) == 2048u);
    r.smaps.add(SmapsKey::private_hugetlb, 4096);
    CHECK(kib(cell("hugetlb", r)) == 6144u);
  }
  SECTION("no address space (kernel thread, zombie): every size is a true 0") {
    ProcessRecord r;
    r.pid = 2;
    r.identity_known = true;
    r.has_mm = false;
    r.kernel_thread = true;
    r.smaps_origin = SmapsOrigin::no_mm;
    for (const char* key : {"vss", "rss", "rss_anon", "vm_swap", "pss", "uss", "shared", "swap",
                            "pss_dirty", "locked"}) {
      INFO(key);
      REQUIRE_FALSE(unknown(cell(key, r)));
      CHECK(kib(cell(key, r)) == 0u);
    }
  }
  SECTION("smaps refused: smaps sizes unknown, status sizes known") {
    const ProcessRecord r = denied(10);
    CHECK(unknown(cell("pss", r)));
    CHECK(unknown(cell("uss", r)));
    CHECK(unknown(cell("shared", r)));
    CHECK(unknown(cell("swap", r)));
    CHECK(unknown(cell("hugetlb", r)));
    CHECK(kib(cell("rss", r)) == 0u);
  }
  SECTION("smaps failed or not read: unknown") {
    ProcessRecord r = measured(10, 100);
    r.smaps_origin = SmapsOrigin::failed;
    CHECK(unknown(cell("pss", r)));
    CHECK(unknown(cell("uss", r)));
    r.smaps_origin = SmapsOrigin::not_read;
    CHECK(unknown(cell("pss", r)));
  }
  SECTION("unidentified (status unreadable): only the pid") {
    ProcessRecord r;
    r.pid = 77;
    for (const auto& c : memwho::process_columns()) {
      INFO(c.meta.key);
      if (c.meta.key == "pid") {
        CHECK(std::get<std::int64_t>(c.value(r)) == 77);
      } else {
        CHECK(unknown(c.value(r)));
      }
    }
  }
}

TEST_CASE("renderers: unknown values, escaping and totals", "[columns]") {
  std::vector<ProcessRecord> rs;
  rs.push_back(measured(10, 2048, "a\tb"));
  rs.push_back(denied(11));
  rs.back().name = "esc\x1b[31m";
  std::vector<const ProcessColumn*> cols = {find_column("pid"), find_column("name"),
                                            find_column("pss")};
  SECTION("TSV: integer KiB, empty when unknown, text escaped") {
    CHECK(render(rs, cols, memwho::Format::tsv) ==
          "pid\tname\tpss\n"
          "10\ta\\tb\t2048\n"
          "11\tesc\\x1b[31m\t\n");
    memwho::WriterOptions no_header;
    no_header.header = false;
    CHECK(render(rs, cols, memwho::Format::tsv, no_header) ==
          "10\ta\\tb\t2048\n"
          "11\tesc\\x1b[31m\t\n");
  }
  SECTION("table: '-' for unknown, a TOTAL row over known values only") {
    CHECK(render(rs, cols, memwho::Format::table) ==
          "  PID  NAME             PSS\n"
          "   10  a\\tb         2.0 MiB\n"
          "   11  esc\\x1b[31m        -\n"
          "TOTAL               2.0 MiB\n"
          "2 processes. TOTAL PSS is their share of the memory they map (each shared page\n"
          "split among its sharers). Not in TOTAL, as unknown: PSS of 1 process.\n");
  }
  SECTION("totals count known and unknown values") {
    memwho::Totals totals(cols.size());
    for (const auto& r : rs) {
      std::vector<Cell> cells;
      for (const auto* c : cols) cells.push_back(c->value(r));
      totals.add(cells);
    }
    const auto& t = totals.get();
    REQUIRE(t.size() == 3);
    CHECK(t[2].kib == 2048u);
    CHECK(t[2].known == 1u);
    CHECK(t[2].unknown == 1u);
  }
}

TEST_CASE("renderers: a TOTAL over no known value is unknown, not 0", "[columns]") {
  // '-' means "could not be read, never a zero" (--help). When no row of a column has a value
  // (an old kernel without Pss_Dirty, or every smaps_rollup refused), the TOTAL cell must be '-'
  // too; "0 KiB" claims a measured zero.
  std::vector<ProcessRecord> rs;
  rs.push_back(denied(11));
  rs.push_back(denied(12));
  const std::string table =
      render(rs, {find_column("pid"), find_column("pss")}, memwho::Format::table);
  const auto at = table.find("TOTAL");
  REQUIRE(at != std::string::npos);
  const std::string total_row = table.substr(at, table.find('\n', at) - at);
  CHECK(total_row.find("KiB") == std::string::npos);
  CHECK(total_row.back() == '-');
}

TEST_CASE("order_cells puts unknown cells last in both directions", "[columns]") {
  using memwho::Cell;
  using memwho::order_cells;
  using memwho::SizeKib;
  const Cell small = SizeKib{1}, big = SizeKib{2}, unknown = std::monostate{};
  CHECK(order_cells(big, small, true) < 0);   // descending: big first
  CHECK(order_cells(big, small, false) > 0);  // ascending: small first
  CHECK(order_cells(small, small, true) == 0);
  for (const bool descending : {true, false}) {
    CHECK(order_cells(unknown, small, descending) > 0);
    CHECK(order_cells(small, unknown, descending) < 0);
    CHECK(order_cells(unknown, unknown, descending) == 0);
  }
}

TEST_CASE("parse_sort_spec reads the direction prefix of ps --sort", "[columns]") {
  using memwho::parse_sort_spec;
  CHECK(parse_sort_spec("pss").key == "pss");
  CHECK_FALSE(parse_sort_spec("pss").descending.has_value());
  CHECK(parse_sort_spec("-rss").key == "rss");
  CHECK(parse_sort_spec("-rss").descending == true);
  CHECK(parse_sort_spec("+pid").descending == false);
  CHECK(parse_sort_spec("").key.empty());
}
