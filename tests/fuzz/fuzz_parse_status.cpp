// libFuzzer target: parse_status() and unescape_status_name() on arbitrary bytes.
// Checks, beyond "no crash, no UB": a parsed name never grows past its escaped form, and an
// unescaped name is stable (unescaping the kernel's escape of a name gives the name back).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "memwho/proc/parse_status.hpp"

namespace {

// seq_escape_str(..., "\n\\"): what the kernel prints on the Name line for a comm.
std::string kernel_escape(std::string_view raw) {
  std::string out;
  for (const char c : raw) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\\') {
      out += "\\\\";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const memwho::StatusInfo st = memwho::parse_status(text);
  if (st.name.size() > size) std::abort();

  // Any byte string can be a comm (but NUL); the kernel escapes it, memwho must undo that.
  std::string comm(text.substr(0, 64));
  for (char& c : comm) {
    if (c == '\0') c = ' ';
  }
  if (memwho::unescape_status_name(kernel_escape(comm)) != comm) std::abort();
  const std::string line = "Name:\t" + kernel_escape(comm) + "\nState:\tS (sleeping)\n";
  if (memwho::parse_status(line).name != comm) std::abort();
  return 0;
}
