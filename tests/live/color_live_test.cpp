// Live tests of colour: memwho on a pseudo-terminal (script(1) gives it one) colours its table;
// in a pipe, with NO_COLOR or TERM=dumb it does not, unless --color=always says so; the machine
// formats never carry colour.
#include <catch2/catch.hpp>

#include "live_support.hpp"

using namespace memwho::live;

namespace {

/// memwho with `args` run on a pseudo-terminal under `env` (VAR=value words); what it wrote.
std::string on_terminal(const std::string& env, const std::string& args) {
  const std::string cmd = "env -u NO_COLOR -u COLUMNS TERM=xterm " + env + " " +
                          std::string(MEMWHO_BINARY) + " " + args;
  const auto r = run({"script", "-q", "-e", "-c", cmd, "/dev/null"});
  REQUIRE(r.rc == 0);
  // The report got out: a table's PID, or the key pid of the machine formats.
  REQUIRE((r.out.find("PID") != std::string::npos || r.out.find("pid") != std::string::npos));
  return r.out;
}

std::string in_pipe(const std::string& env, const std::string& args) {
  const auto r =
      run({"sh", "-c", "env -u NO_COLOR TERM=xterm " + env + " " + MEMWHO_BINARY + " " + args});
  REQUIRE(r.rc == 0);
  return r.out;
}

bool colored(const std::string& out) {
  return out.find("\x1b[") != std::string::npos;
}

}  // namespace

TEST_CASE("colour: on a terminal by default, off with NO_COLOR or TERM=dumb, on with always",
          "[live]") {
  const std::string self = "-p " + std::to_string(::getpid());
  const std::string out = on_terminal("", self);
  CHECK(colored(out));
  CHECK(out.find("\x1b[1mPID\x1b[0m") != std::string::npos);  // the header, bold
  CHECK_FALSE(colored(on_terminal("NO_COLOR=1", self)));
  CHECK(colored(on_terminal("NO_COLOR=", self)));  // empty is unset (no-color.org)
  CHECK_FALSE(colored(on_terminal("TERM=dumb", self)));
  CHECK_FALSE(colored(on_terminal("", self + " --color=never")));
  CHECK(colored(on_terminal("NO_COLOR=1", self + " --color=always")));
  // The machine formats never, even when asked.
  CHECK_FALSE(colored(on_terminal("", self + " --format=tsv --color=always")));
  CHECK_FALSE(colored(on_terminal("", self + " --format=json --color=always")));
}

TEST_CASE("colour: never in a pipe unless --color=always", "[live]") {
  const std::string self = "-p " + std::to_string(::getpid());
  CHECK_FALSE(colored(in_pipe("", self)));
  CHECK(colored(in_pipe("", self + " --color=always")));
  CHECK_FALSE(colored(in_pipe("", self + " --color=always --format=csv")));
}
