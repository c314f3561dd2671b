#include "memwho/proc/parse_cmdline.hpp"

namespace memwho {

std::string_view program_of_cmdline(std::string_view cmdline) {
  std::string_view word = cmdline.substr(0, cmdline.find('\0'));
  word = word.substr(0, word.find(' '));
  if (const auto slash = word.rfind('/'); slash != std::string_view::npos) {
    word.remove_prefix(slash + 1);
  }
  if (!word.empty() && word.front() == '-') word.remove_prefix(1);
  if (!word.empty() && word.back() == ':') word.remove_suffix(1);
  return word;
}

CommandLine parse_cmdline(std::string_view text) {
  while (!text.empty() && text.back() == '\0') text.remove_suffix(1);
  CommandLine out;
  out.program = program_of_cmdline(text);
  out.command.assign(text);
  for (char& c : out.command) {
    if (c == '\0') c = ' ';
  }
  return out;
}

}  // namespace memwho
