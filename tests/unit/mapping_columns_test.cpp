// Tests of the maps views' column table, the by-object sums (device + inode + name), and the
// user name lookups.
#include "memwho/model/mapping_columns.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "memwho/aggregate/file_usage.hpp"
#include "memwho/cli/users.hpp"

using memwho::find_mapping_column;
using memwho::kInMappings;
using memwho::kInObjects;

namespace {

memwho::Mapping mapping(std::string_view path, std::uint32_t minor, std::uint64_t inode,
                        std::uint64_t rss) {
  memwho::Mapping m;
  m.header.path = path;
  m.header.dev_major = 0xfe;
  m.header.dev_minor = minor;
  m.header.inode = inode;
  m.counters.add(memwho::SmapsKey::rss, rss);
  m.counters.add(memwho::SmapsKey::pss, rss / 2);
  return m;
}

}  // namespace

TEST_CASE("mapping columns: the table is consistent", "[mapping]") {
  std::set<std::string_view> keys;
  for (const auto& c : memwho::mapping_columns()) {
    INFO(c.meta.key);
    CHECK(keys.insert(c.meta.key).second);
    CHECK(c.value != nullptr);
    CHECK((c.meta.views & (kInMappings | kInObjects)) != 0);
    // Free-width text (width 0) only for text that ends a line.
    if (c.meta.width == 0) CHECK(c.meta.is_text());
  }
  // Per-mapping facts have no meaning for a whole object, and the counts only there.
  CHECK(find_mapping_column("address", kInMappings) != nullptr);
  CHECK(find_mapping_column("address", kInObjects) == nullptr);
  CHECK(find_mapping_column("processes", kInObjects) != nullptr);
  CHECK(find_mapping_column("processes", kInMappings) == nullptr);
  CHECK(find_mapping_column("pss", kInObjects)->meta.sums);
  CHECK_FALSE(find_mapping_column("mode", kInMappings)->meta.sums);
  std::vector<std::string_view> defaults;
  for (const auto* c : memwho::default_mapping_columns(kInMappings, true)) {
    defaults.push_back(c->meta.key);
  }
  CHECK(defaults == std::vector<std::string_view>{"pid", "address", "size", "rss", "pss", "uss",
                                                  "dirty", "swap", "mode", "mapping"});
}

TEST_CASE("by object: one row an object, keyed by device, inode and name", "[mapping]") {
  memwho::FileUsageTable a, b;
  a.add(1, mapping("/usr/lib/libc.so.6", 1, 100, 40));
  a.add(1, mapping("/usr/lib/libc.so.6", 1, 100, 8));  // a second mapping of the same file
  a.add(1, mapping("", 0, 0, 12));                     // anonymous
  b.add(2, mapping("/usr/lib/libc.so.6", 1, 100, 40));
  b.add(2, mapping("/usr/lib/libc.so.6", 2, 100, 20));  // same path, another device
  a.merge(b);
  REQUIRE(a.objects().size() == 3);
  const auto& libc = a.objects()[0];
  CHECK(libc.name == "/usr/lib/libc.so.6");
  CHECK(libc.mappings == 3);
  CHECK(libc.processes == 2);
  CHECK(libc.counters.get(memwho::SmapsKey::rss) == 88u);
  CHECK(libc.device_text == "fe:01");
  CHECK(a.objects()[1].name == "[anon]");
  CHECK(a.objects()[2].device_text == "fe:02");
  CHECK(a.objects()[2].processes == 1);
}

TEST_CASE("users: names and uids", "[users]") {
  CHECK(memwho::resolve_user("root") == 0u);
  CHECK(memwho::resolve_user("0") == 0u);
  CHECK(memwho::resolve_user("4242") == 4242u);  // digits name a uid passwd may not know
  CHECK_FALSE(memwho::resolve_user("memwho-no-such-user"));
  CHECK_FALSE(memwho::resolve_user(""));
  memwho::UserNames names;
  CHECK(names.name(0) == "root");
  CHECK(names.name(4242) == "4242");
}
