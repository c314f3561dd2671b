// memwho: how much memory processes really use. Parse the command line, then run.
#include <clocale>
#include <string>

#include "memwho/cli/app.hpp"
#include "memwho/cli/config.hpp"
#include "memwho/cli/output.hpp"

int main(int argc, char** argv) {
  // Only the character set: it decides whether a cut shows as "…" or "+". Numbers stay in the
  // C locale's format, which scripts parse.
  std::setlocale(LC_CTYPE, "");
  memwho::Config config;
  std::string text;
  if (const int early = memwho::parse_command_line(argc, argv, config, text); early >= 0) {
    memwho::Output out;  // --help, --version: their text must get out too
    out.write(text);
    return out.failed() ? memwho::kExitOutput : early;
  }
  return memwho::run(config);
}
