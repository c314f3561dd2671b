// Tests of the command line: argument vectors in, a Config (or an exit code) out.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "memwho/cli/config.hpp"

using memwho::Config;

namespace {

/// Parses argv (without the program name); returns parse_command_line's result.
int parse(std::vector<std::string> args, Config& config) {
  args.insert(args.begin(), "memwho");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::string text;
  return memwho::parse_command_line(static_cast<int>(argv.size()), argv.data(), config, text);
}

}  // namespace

TEST_CASE("command line: -n, -f and -x", "[cli]") {
  Config c;
  REQUIRE(parse({"-n", "postgres", "-n", "nginx", "-f", "pool www", "-x"}, c) == -1);
  CHECK(c.names == std::vector<std::string>{"postgres", "nginx"});
  CHECK(c.commands == std::vector<std::string>{"pool www"});
  CHECK(c.exact);
  Config d;
  REQUIRE(parse({"--full", "worker[1]"}, d) == -1);
  CHECK(d.commands == std::vector<std::string>{"worker[1]"});  // brackets are plain text
  CHECK_FALSE(d.exact);
}

TEST_CASE("command line: an empty -n or -f is a usage error", "[cli]") {
  // `memwho -n "$APP"` with $APP unset must not report the whole machine.
  Config a, b, c, d;
  CHECK(parse({"-n", ""}, a) == memwho::kExitUsage);
  CHECK(parse({"-f", ""}, b) == memwho::kExitUsage);
  CHECK(parse({"-n", "ok", "-n", ""}, c) == memwho::kExitUsage);
  CHECK(parse({"--name="}, d) == memwho::kExitUsage);
}

TEST_CASE("command line: the view, format, columns and sort key are resolved when parsed",
          "[cli]") {
  using memwho::Format;
  using memwho::View;
  Config c;
  REQUIRE(parse({"--format", "json", "-o", "pid,pss,command", "--sort", "+rss"}, c) == -1);
  CHECK(c.view == View::processes);
  CHECK(c.format == Format::json);
  REQUIRE(c.process_columns.size() == 3);
  CHECK(c.process_columns[1] == memwho::find_process_column("pss"));
  CHECK(c.process_sort.column == memwho::find_process_column("rss"));
  CHECK_FALSE(c.process_sort.descending);

  Config d;  // the defaults: the default columns, sorted by PSS, biggest first
  REQUIRE(parse({}, d) == -1);
  CHECK(d.process_columns == memwho::default_process_columns());
  CHECK(d.process_sort.column->meta.key == "pss");
  CHECK(d.process_sort.descending);
  CHECK(d.format == Format::table);

  Config e;  // without PSS shown, the first size shown: no smaps_rollup read for nothing
  REQUIRE(parse({"-o", "pid,rss"}, e) == -1);
  CHECK(e.process_sort.column->meta.key == "rss");

  Config m;
  REQUIRE(parse({"--maps", "-p", "1", "--by=file", "--sort", "mapping", "-o", "rss,mapping",
                 "--format=csv", "--units=bytes"},
                m) == -1);
  CHECK(m.view == View::objects);
  CHECK(m.format == Format::csv);
  CHECK(m.bytes);
  REQUIRE(m.mapping_sort);
  CHECK(m.mapping_sort->column->meta.key == "mapping");
  CHECK_FALSE(m.mapping_sort->descending);
  REQUIRE(m.mapping_columns.size() == 2);

  Config o;
  REQUIRE(parse({"--format=openmetrics", "--output", "/tmp/x.prom"}, o) == -1);
  CHECK(o.format == Format::openmetrics);
  CHECK(o.output == "/tmp/x.prom");
}

TEST_CASE("command line: bad values are usage errors (exit 2)", "[cli]") {
  const std::vector<std::vector<std::string>> bad = {
      {"--format", "xml"},
      {"--units", "mb"},
      {"-o", "pid,bogus"},
      {"-o", "address"},  // a maps column in the process view
      {"--sort", "bogus"},
      {"--maps", "-p", "1", "-o", "processes"},  // a by-object column per mapping
      {"--maps", "-p", "1", "--sort", "rss"},    // the per-mapping view is in address order
      {"--maps"},                                // --maps needs a selection
      {"--by=file", "-p", "1"},                  // --by goes with --maps
      {"--by=dir", "--maps", "-p", "1"},
      {"-p", "12x"},
      {"-p", "0"},
      {"-j", "0"},
      {"--bogus"},
  };
  for (const auto& args : bad) {
    Config c;
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    INFO(shown);
    CHECK(parse(args, c) == memwho::kExitUsage);
  }
}

TEST_CASE("command line: --help and --version go to stdout and exit 0", "[cli]") {
  for (const char* flag : {"--help", "-h", "--version", "-V"}) {
    Config c;
    std::string text;
    std::vector<const char*> argv{"memwho", flag};
    CHECK(memwho::parse_command_line(2, argv.data(), c, text) == 0);
    CHECK_FALSE(text.empty());
  }
}

TEST_CASE("command line: --group, --tree, --descendants, --top and --min", "[cli]") {
  using memwho::View;
  Config g;
  REQUIRE(parse({"--group", "cgroup", "-o", "group,pss,cgroup_charge"}, g) == -1);
  CHECK(g.view == View::groups);
  CHECK(g.group_by == memwho::GroupBy::cgroup);
  REQUIRE(g.group_columns.size() == 3);
  CHECK(g.group_sort.column->meta.key == "pss");
  Config n;
  REQUIRE(parse({"--group=name"}, n) == -1);
  CHECK(n.group_columns.front()->meta.key == "processes");
  Config bad_column;  // a cgroup's charge is only in --group=cgroup
  CHECK(parse({"--group=user", "-o", "cgroup_charge"}, bad_column) == memwho::kExitUsage);
  Config bad_group;
  CHECK(parse({"--group=pid"}, bad_group) == memwho::kExitUsage);

  Config t;
  REQUIRE(parse({"--tree", "--descendants", "-n", "unicorn", "--top", "3"}, t) == -1);
  CHECK(t.view == View::tree);
  CHECK(t.descendants);
  CHECK(t.process_sort.column->meta.key == "subtree_pss");
  CHECK(t.limit.top == 3u);
  Config tree_only_column;  // subtree sums only in the tree
  CHECK(parse({"-o", "pid,subtree_pss"}, tree_only_column) == memwho::kExitUsage);

  Config m;
  REQUIRE(parse({"--min", "1.5G"}, m) == -1);
  CHECK(m.limit.min_kib == 1572864u);
  for (const char* size : {"100M", "100MiB", "100MB"}) {
    Config s;
    REQUIRE(parse({"--min", size}, s) == -1);
    CHECK(s.limit.min_kib == 102400u);
  }
  Config k;
  REQUIRE(parse({"--min", "512"}, k) == -1);
  CHECK(k.limit.min_kib == 512u);
  for (std::vector<std::string> args : {std::vector<std::string>{"--min", "12Q"},
                                        {"--min", "-1M"},
                                        {"--min", ""},
                                        {"--top", "0"},
                                        {"--top", "x"},
                                        {"--min", "1M", "--sort", "command"},
                                        {"--maps", "-p", "1", "--top", "3"},
                                        {"--tree", "--group=name"},
                                        {"--maps", "-p", "1", "--tree"}}) {
    Config c;
    INFO(args.front() << " " << args.back());
    CHECK(parse(args, c) == memwho::kExitUsage);
  }
  Config maps_min;
  REQUIRE(parse({"--maps", "-p", "1", "--min", "8"}, maps_min) == -1);
  CHECK(maps_min.limit.min_kib == 8u);
}

TEST_CASE("command line: --interval and --count", "[cli]") {
  Config a;
  REQUIRE(parse({"--interval", "5", "--count", "3", "-n", "unicorn"}, a) == -1);
  REQUIRE(a.interval);
  CHECK(*a.interval == 5.0);
  REQUIRE(a.count);
  CHECK(*a.count == 3u);
  Config b;
  REQUIRE(parse({"--interval", "0.5"}, b) == -1);
  CHECK_FALSE(b.count);  // forever
  // The table of a watch shows the change columns after the sort key, NEW before COMMAND;
  // the machine formats keep their schema.
  const auto keys = [](const Config& c) {
    std::string k;
    for (const auto* col : c.process_columns) k += std::string(col->meta.key) + " ";
    return k;
  };
  CHECK(keys(b) == "pid user vss rss pss change change_first uss swap new command ");
  Config t;
  REQUIRE(parse({"--interval", "1", "--format=tsv"}, t) == -1);
  CHECK(keys(t) == "pid user vss rss pss uss swap command ");
  Config u;
  REQUIRE(parse({"--interval", "1", "--until-exit", "-o", "pid,change", "--output", "f"}, u) == -1);
  CHECK(u.until_exit);
  CHECK(keys(u) == "pid change ");
  Config v;
  CHECK(parse({"-o", "pid,change"}, v) == memwho::kExitUsage);  // no change without a watch
  Config m;
  REQUIRE(parse({"--interval", "1", "--maps", "-p", "1"}, m) == -1);  // every view is watched
  CHECK(m.maps());
  for (const std::vector<std::string>& bad : {std::vector<std::string>{"--count", "3"},
                                              {"--interval", "0"},
                                              {"--interval", "-1"},
                                              {"--interval", "x"},
                                              {"--interval", "1", "--count", "0"},
                                              {"--until-exit", "-n", "x"}}) {
    Config c;
    INFO(bad.at(0) << " " << bad.at(1));
    CHECK(parse(bad, c) == memwho::kExitUsage);
  }
}

TEST_CASE("command line: capture FILE takes the selection, --maps, and no view option", "[cli]") {
  Config c;
  REQUIRE(parse({"capture", "/tmp/x.tar.zst", "-n", "php", "--maps", "-u", "www-data",
                 "--descendants", "--proc-root", "/proc"},
                c) == -1);
  REQUIRE(c.capture);
  CHECK(c.capture->file == "/tmp/x.tar.zst");
  CHECK(c.capture->maps);
  CHECK(c.names == std::vector<std::string>{"php"});
  CHECK(c.users == std::vector<std::string>{"www-data"});
  CHECK(c.descendants);
  CHECK(c.capture->argv.front() == "memwho");
  CHECK_FALSE(c.maps());  // capture's --maps is not the maps view
  Config plain;
  REQUIRE(parse({"-n", "php"}, plain) == -1);
  CHECK_FALSE(plain.capture);
  CHECK(plain.sys_root.empty());  // the default, or a capture's own cgroups
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"capture"},
                                             {"capture", "f", "--tree"},
                                             {"capture", "f", "--format=json"},
                                             {"capture", "f", "--group=user"},
                                             {"capture", "f", "--interval", "1"},
                                             {"--maps", "capture", "f", "-n", "x"}}) {
    Config bad;
    INFO(args.size());
    CHECK(parse(args, bad) == memwho::kExitUsage);
  }
}

TEST_CASE("command line: diff A B, with the other views' options after or before", "[cli]") {
  using memwho::Format;
  using memwho::MatchChoice;
  using memwho::View;
  Config c;
  REQUIRE(parse({"diff", "a.tar.zst", "/proc", "-p", "7", "--format=tsv", "--match=cmdline"}, c) ==
          -1);
  REQUIRE(c.diff);
  CHECK(c.diff->a == "a.tar.zst");
  CHECK(c.diff->b == "/proc");
  CHECK(c.diff->match == MatchChoice::cmdline);
  CHECK(c.pids == std::vector<int>{7});
  CHECK(c.format == Format::tsv);
  // The machine formats get every figure; sorted by the PSS change, growth first.
  CHECK(c.diff_columns.size() == 17);
  CHECK(c.diff_sort.column->meta.key == "pss_change");
  CHECK(c.diff_sort.descending);

  Config g;
  REQUIRE(parse({"--group=user", "diff", "a", "b", "-o", "group,pss_change", "--sort", "+group"},
                g) == -1);
  CHECK(g.view == View::groups);
  CHECK(g.diff->match == MatchChoice::automatic);
  REQUIRE(g.diff_columns.size() == 2);
  CHECK(g.diff_columns[0]->meta.key == "group");
  CHECK_FALSE(g.diff_sort.descending);

  Config t;
  REQUIRE(parse({"diff", "a", "b"}, t) == -1);
  CHECK(t.diff_columns.front()->meta.key == "pid");  // the table's shorter set
  CHECK_FALSE(t.limit.min_kib);

  Config none;
  REQUIRE(parse({"-p", "1"}, none) == -1);
  CHECK_FALSE(none.diff);
}

TEST_CASE("command line: what diff refuses (exit 2)", "[cli]") {
  Config a, b, c, d, e, f, g, h;
  CHECK(parse({"diff", "a"}, a) == memwho::kExitUsage);                            // one tree
  CHECK(parse({"diff", "a", "b", "--tree"}, b) == memwho::kExitUsage);             // no tree view
  CHECK(parse({"diff", "a", "b", "--maps", "-p", "1"}, c) == memwho::kExitUsage);  // mappings
  CHECK(parse({"diff", "a", "b", "--interval", "1"}, d) == memwho::kExitUsage);
  CHECK(parse({"diff", "a", "b", "--proc-root", "/x"}, e) == memwho::kExitUsage);
  CHECK(parse({"diff", "a", "b", "--match=name"}, f) == memwho::kExitUsage);
  CHECK(parse({"diff", "a", "b", "-o", "vss"}, g) == memwho::kExitUsage);  // not a diff column
  CHECK(parse({"diff", "a", "b", "--group=name", "-o", "command"}, h) == memwho::kExitUsage);
}
