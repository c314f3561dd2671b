// docs/metrics.md cannot drift from the column tables: its tables of columns are made from them,
// and this test fails when a column is added, removed or changed without the docs.
// MEMWHO_UPDATE_DOCS=1 rewrites the tables between their markers (then read the diff).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "memwho/aggregate/explain.hpp"
#include "memwho/model/diff_columns.hpp"
#include "memwho/model/explain_columns.hpp"
#include "memwho/model/group_columns.hpp"
#include "memwho/model/mapping_columns.hpp"
#include "memwho/model/process_columns.hpp"
#include "memwho/model/shmem_columns.hpp"

namespace {

template <class Row>
std::string table_of(std::span<const memwho::Column<Row>> columns, std::uint8_t views) {
  std::string out =
      "| key | title | unit | sums | root | source | description |\n"
      "|---|---|---|---|---|---|---|\n";
  for (const auto& c : columns) {
    if ((c.meta.views & views) == 0) continue;
    const std::string sums = c.meta.is_text() ? "" : (c.meta.sums ? "yes" : "no");
    std::string source = c.meta.source.file.empty() ? std::string(c.meta.source.field)
                                                    : "`" + std::string(c.meta.source.file) + "` " +
                                                          std::string(c.meta.source.field);
    out += "| `" + std::string(c.meta.key) + "` | " + std::string(c.meta.title) + " | " +
           std::string(c.meta.unit()) + " | " + sums + " | " + (c.meta.needs_root() ? "yes" : "") +
           " | " + source + " | " + std::string(c.meta.description) + " |\n";
  }
  return out;
}

/// Replaces or checks the text between "<!-- NAME -->" and "<!-- /NAME -->".
void check_section(std::string& doc, const std::string& name, const std::string& want,
                   bool update) {
  const std::string open = "<!-- " + name + " -->\n", close = "<!-- /" + name + " -->";
  const auto a = doc.find(open);
  const auto b = doc.find(close);
  REQUIRE(a != std::string::npos);
  REQUIRE(b != std::string::npos);
  const std::string have = doc.substr(a + open.size(), b - a - open.size());
  if (update) {
    doc.replace(a + open.size(), b - a - open.size(), want);
    return;
  }
  INFO("docs/metrics.md, section " << name << ", should read:\n" << want);
  CHECK(have == want);
}

}  // namespace

TEST_CASE("docs: metrics.md lists every column with its source, as the code has it", "[docs]") {
  const std::string path = std::string(MEMWHO_TEST_DATA) + "/../docs/metrics.md";
  std::ifstream in(path);
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string doc = ss.str();
  const bool update = std::getenv("MEMWHO_UPDATE_DOCS") != nullptr;
  check_section(doc, "process-columns", table_of(memwho::process_columns(), memwho::kInProcesses),
                update);
  check_section(doc, "mapping-columns",
                table_of(memwho::mapping_columns(), memwho::kInMappings | memwho::kInObjects),
                update);
  check_section(doc, "tree-columns", table_of(memwho::process_columns(), memwho::kInTree), update);
  check_section(doc, "group-columns",
                table_of(memwho::group_columns(), memwho::kInGroups | memwho::kInCgroups), update);
  check_section(doc, "shmem-columns", table_of(memwho::shmem_columns(), memwho::kInShmem), update);
  check_section(doc, "diff-columns",
                table_of(memwho::diff_columns(),
                         memwho::kInProcesses | memwho::kInGroups | memwho::kInObjects),
                update);
  check_section(doc, "explain-columns", table_of(memwho::explain_columns(), memwho::kInProcesses),
                update);
  std::string reasons;
  for (const std::string_view code : memwho::explain_reason_codes()) {
    reasons += "- `" + std::string(code) + "`\n";
  }
  check_section(doc, "explain-reasons", reasons, update);
  if (update) std::ofstream(path) << doc;
}

TEST_CASE("docs: every column has a description and a source", "[docs]") {
  for (const auto& c : memwho::process_columns()) {
    INFO(c.meta.key);
    CHECK_FALSE(c.meta.description.empty());
    CHECK_FALSE(c.meta.source.field.empty());
  }
  for (const auto& c : memwho::explain_columns()) {
    INFO(c.meta.key);
    CHECK_FALSE(c.meta.description.empty());
    CHECK_FALSE(c.meta.source.field.empty());
  }
  for (const auto& c : memwho::mapping_columns()) {
    INFO(c.meta.key);
    CHECK_FALSE(c.meta.description.empty());
    CHECK_FALSE(c.meta.source.field.empty());
  }
  for (const auto& c : memwho::group_columns()) {
    INFO(c.meta.key);
    CHECK_FALSE(c.meta.description.empty());
    CHECK_FALSE(c.meta.source.field.empty());
  }
  for (const auto& c : memwho::shmem_columns()) {
    INFO(c.meta.key);
    CHECK_FALSE(c.meta.description.empty());
    CHECK_FALSE(c.meta.source.field.empty());
  }
  for (const auto& c : memwho::diff_columns()) {
    INFO(c.meta.key);
    CHECK_FALSE(c.meta.description.empty());
    CHECK_FALSE(c.meta.source.field.empty());
  }
}
