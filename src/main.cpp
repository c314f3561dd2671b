// memwho: how much memory processes really use. Parse the command line, then run.
#include "memwho/cli/app.hpp"
#include "memwho/cli/config.hpp"

int main(int argc, char** argv) {
  memwho::Config config;
  if (const int early = memwho::parse_command_line(argc, argv, config); early >= 0) return early;
  return memwho::run(config);
}
