// memwho: how much memory processes really use. Parse the command line, then run.
#include <clocale>

#include "memwho/cli/app.hpp"
#include "memwho/cli/config.hpp"

int main(int argc, char** argv) {
  // Only the character set: it decides whether a cut shows as "…" or "+". Numbers stay in the
  // C locale's format, which scripts parse.
  std::setlocale(LC_CTYPE, "");
  memwho::Config config;
  if (const int early = memwho::parse_command_line(argc, argv, config); early >= 0) return early;
  return memwho::run(config);
}
