// docs/metrics.md and the man page (docs/memwho.1.scd, its COLUMNS section) cannot drift from
// the column tables: their lists of columns are made from them, and these tests fail when a
// column is added, removed or changed without the docs.
// MEMWHO_UPDATE_DOCS=1 rewrites the lists between their markers (then read the diff).
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
#include "memwho/model/summary_columns.hpp"

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

/// scdoc text that shows `text` as it is: '*' and '_' would start bold and underline.
std::string scdoc_escaped(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '*' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

/// The man page's entries for the columns of `views`: the key, then indented its title, whether
/// it sums, its source and its description.
template <class Row>
std::string man_entries_of(std::span<const memwho::Column<Row>> columns, std::uint8_t views) {
  std::string out;
  for (const auto& c : columns) {
    if ((c.meta.views & views) == 0) continue;
    const std::string sums = c.meta.sums        ? ", added up in TOTAL"
                             : c.meta.is_size() ? ", not added up"
                                                : "";
    const std::string source = c.meta.source.file.empty() ? std::string(c.meta.source.field)
                                                          : std::string(c.meta.source.file) + " " +
                                                                std::string(c.meta.source.field);
    out += "*" + scdoc_escaped(c.meta.key) + "*\n\t" + scdoc_escaped(c.meta.title) + sums + "; " +
           scdoc_escaped(source) + ". " + scdoc_escaped(c.meta.description) + ".\n\n";
  }
  return out;
}

/// Replaces or checks the text between the markers "<!-- NAME -->" and "<!-- /NAME -->" (or
/// others: `open` and `close`).
void check_section(std::string& doc, const std::string& name, const std::string& want, bool update,
                   std::string open = {}, std::string close = {}) {
  if (open.empty()) open = "<!-- " + name + " -->\n", close = "<!-- /" + name + " -->";
  const auto a = doc.find(open);
  const auto b = doc.find(close);
  REQUIRE(a != std::string::npos);
  REQUIRE(b != std::string::npos);
  const std::string have = doc.substr(a + open.size(), b - a - open.size());
  if (update) {
    doc.replace(a + open.size(), b - a - open.size(), want);
    return;
  }
  INFO("section " << name << " should read:\n" << want);
  CHECK(have == want);
}

/// The whole file at `path` (a test failure when it cannot be read).
std::string read_doc(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("docs: metrics.md lists every column with its source, as the code has it", "[docs]") {
  const std::string path = std::string(MEMWHO_TEST_DATA) + "/../docs/metrics.md";
  std::string doc = read_doc(path);
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
  check_section(doc, "watch-columns", table_of(memwho::process_columns(), memwho::kInWatch),
                update);
  check_section(doc, "summary-columns",
                table_of(memwho::summary_columns(), memwho::kInProcesses | memwho::kInGroups),
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

TEST_CASE("docs: the man page lists every column with its source, as the code has it", "[docs]") {
  const std::string path = std::string(MEMWHO_TEST_DATA) + "/../docs/memwho.1.scd";
  std::string doc = read_doc(path);
  const bool update = std::getenv("MEMWHO_UPDATE_DOCS") != nullptr;
  using namespace memwho;
  std::string want;
  const auto view = [&](std::string_view heading, std::string_view intro, std::string entries) {
    want += "## " + std::string(heading) + "\n\n" + std::string(intro) + "\n\n" + entries;
  };
  view("Processes", "The process table, and *--sharing*.",
       man_entries_of(process_columns(), kInProcesses));
  view("Tree", "With *--tree*, besides the process columns.",
       man_entries_of(process_columns(), kInTree));
  view("Over time", "With *--interval*, besides the view's columns.",
       man_entries_of(process_columns(), kInWatch));
  view("Watch summary", "The summary at the end of a watch.",
       man_entries_of(summary_columns(), kInProcesses | kInGroups));
  view("Groups", "With *--group* (the cgroup columns with *--group=cgroup* only).",
       man_entries_of(group_columns(), kInGroups | kInCgroups));
  view("Mappings", "With *--maps* and *--maps --by=file*.",
       man_entries_of(mapping_columns(), kInMappings | kInObjects));
  view("Shared memory objects", "With *--shmem*.", man_entries_of(shmem_columns(), kInShmem));
  view("Diff", "After *diff*.",
       man_entries_of(diff_columns(), kInProcesses | kInGroups | kInObjects));
  check_section(doc, "man page columns", want, update, "; <columns>\n", "; </columns>");
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
  for (const auto& c : memwho::summary_columns()) {
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
