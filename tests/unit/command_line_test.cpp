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
