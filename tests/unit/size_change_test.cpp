// The signed size cell (SizeChangeKib): its text in every writer, its sums, its order.
#include <catch2/catch.hpp>
#include <limits>
#include <string>
#include <vector>

#include "memwho/model/cell.hpp"
#include "memwho/report/report.hpp"
#include "memwho/report/row_limit.hpp"
#include "memwho/write/cell_text.hpp"
#include "memwho/write/units.hpp"
#include "memwho/write/writer.hpp"

using namespace memwho;

namespace {

std::string plain(const Cell& c, bool bytes = false) {
  std::string out;
  append_plain_cell(out, c, bytes);
  return out;
}

/// One row of one change column through the writer of `format`.
std::string write_one(Format format, const Cell& cell) {
  ColumnMeta meta{"pss_change", "PSS_CHG", "change of PSS", ValueKind::size_change, true};
  ViewInfo view;
  view.name = "diff";
  view.row = "diff_process";
  view.columns = {&meta};
  std::string out;
  auto writer = make_writer(format, {}, out);
  writer->begin(view);
  writer->begin_block({});
  const Cell cells[] = {cell};
  const Label labels[] = {{"pid", "1"}};
  writer->row(cells, labels);
  BlockEnd end;
  Total t;
  t += cell;
  end.totals = {t};
  writer->end_block(end);
  writer->end({});
  return out;
}

}  // namespace

TEST_CASE("size_change_cell: after minus before, unknown when either is", "[size_change]") {
  CHECK(std::get<SizeChangeKib>(size_change_cell(100, 1124)).kib == 1024);
  CHECK(std::get<SizeChangeKib>(size_change_cell(1124, 100)).kib == -1024);
  CHECK(std::get<SizeChangeKib>(size_change_cell(0, 0)).kib == 0);
  CHECK(is_unknown(size_change_cell(std::nullopt, 5)));
  CHECK(is_unknown(size_change_cell(5, std::nullopt)));
}

TEST_CASE("a change prints with its sign in every unit", "[size_change]") {
  CHECK(human_change_kib(1536) == "+1.5 MiB");
  CHECK(human_change_kib(-340) == "-340 KiB");
  CHECK(human_change_kib(0) == "0");
  CHECK(compact_change_kib(-1536) == "-1.5M");
  CHECK(human_change_kib(std::numeric_limits<std::int64_t>::min()) == "-8388608.0 PiB");
  CHECK(table_cell(SizeChangeKib{2048}, {SizeUnits::human}) == "+2.0 MiB");
  CHECK(table_cell(SizeChangeKib{-2048}, {SizeUnits::compact}) == "-2.0M");
  CHECK(table_cell(SizeChangeKib{-7}, {SizeUnits::kib}) == "-7");
  CHECK(plain(SizeChangeKib{1536}) == "+1536");
  CHECK(plain(SizeChangeKib{-340}) == "-340");
  CHECK(plain(SizeChangeKib{0}) == "0");
  CHECK(plain(SizeChangeKib{-1}, true) == "-1024");
  // Beyond 64 bits in bytes: unknown (empty), never wrapped.
  CHECK(plain(SizeChangeKib{std::numeric_limits<std::int64_t>::max()}, true).empty());
}

TEST_CASE("changes add up with their signs and unknown ones are counted apart", "[size_change]") {
  Total t;
  t += SizeChangeKib{1000};
  t += SizeChangeKib{-1500};
  t += std::monostate{};
  CHECK(std::get<SizeChangeKib>(t.cell(ValueKind::size_change)).kib == -500);
  CHECK(t.known == 2);
  CHECK(t.unknown == 1);
  Total over;
  over += SizeChangeKib{std::numeric_limits<std::int64_t>::max()};
  over += SizeChangeKib{1};
  CHECK(is_unknown(over.cell(ValueKind::size_change)));
}

TEST_CASE("changes sort by value and --min keeps a growth of at least SIZE", "[size_change]") {
  CHECK(order_cells(SizeChangeKib{5}, SizeChangeKib{-5}, true) < 0);
  CHECK(order_cells(SizeChangeKib{-5}, SizeChangeKib{5}, false) < 0);
  CHECK(order_cells(std::monostate{}, SizeChangeKib{-5}, true) > 0);
  RowLimit limit;
  limit.min_kib = 100;
  CHECK(limit.passes_min(SizeChangeKib{100}));
  CHECK_FALSE(limit.passes_min(SizeChangeKib{99}));
  CHECK_FALSE(limit.passes_min(SizeChangeKib{-1000}));
}

TEST_CASE("every writer carries a change with its sign", "[size_change]") {
  CHECK(write_one(Format::tsv, SizeChangeKib{-2}) == "pss_change\n-2\n");
  CHECK(write_one(Format::csv, SizeChangeKib{3}) == "pss_change\n+3\n");
  const std::string json = write_one(Format::json, SizeChangeKib{-2});
  CHECK(json.find("\"rows\":[{\"pss_change\":-2048}]") != std::string::npos);
  CHECK(json.find("\"totals\":{\"pss_change\":-2048}") != std::string::npos);
  CHECK(json.find("\"kind\":\"size_change\"") != std::string::npos);
  const std::string om = write_one(Format::openmetrics, SizeChangeKib{-2});
  CHECK(om.find("memwho_diff_process_pss_change_bytes{pid=\"1\"} -2048\n") != std::string::npos);
  const std::string table = write_one(Format::table, SizeChangeKib{-2});
  CHECK(table.find("-2 KiB") != std::string::npos);
}
