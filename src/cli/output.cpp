#include "memwho/cli/output.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace memwho {

bool Output::write(std::string_view text) {
  if (ended_) return false;
  while (!text.empty()) {
    // cppcheck 2.10 loses track of string_view parameters' lifetimes here (a false positive).
    // cppcheck-suppress [invalidLifetime,danglingTemporaryLifetime]
    const ssize_t n = ::write(STDOUT_FILENO, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      ended_ = true;
      if (errno != EPIPE) {
        failed_ = true;
        fmt::print(stderr, "memwho: cannot write the output (stdout): {}\n", std::strerror(errno));
      }
      return false;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace memwho
