#include "memwho/cli/output.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "memwho/cli/terminal.hpp"
#include "memwho/write/escape.hpp"

namespace memwho {

Output::~Output() {
  if (!temp_.empty()) {  // never finished: leave the old file alone
    ::close(fd_);
    ::unlink(temp_.c_str());
  }
}

bool Output::open_file(const std::string& path) {
  // The temporary file must be in the same directory, hence the same file system, for rename()
  // to replace the file in one step. mkstemp makes it 0600; the final file gets 0644 (the
  // textfile collector runs as another user).
  std::vector<char> name(path.begin(), path.end());
  for (const char c : std::string_view(".memwho-XXXXXX")) name.push_back(c);
  name.push_back('\0');
  const int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) {
    fmt::print(stderr, "memwho: --output {}: {}\n", escaped(path, terminal_charset()),
               std::strerror(errno));
    return false;
  }
  ::fchmod(fd, 0644);
  fd_ = fd;
  path_ = path;
  temp_ = name.data();
  return true;
}

void Output::begin_frame() {
  framing_ = true;
  frame_.clear();
}

bool Output::end_frame(std::size_t lines) {
  framing_ = false;
  // Home, then each line followed by "erase to the end of the line", then "erase below": no
  // blank flash between two frames, and nothing of a longer earlier frame stays.
  std::string screen = cleared_ ? "\x1b[H" : "\x1b[H\x1b[2J";
  cleared_ = true;
  std::size_t shown = 0, start = 0;
  std::size_t total = 0;
  for (const char c : frame_) total += c == '\n' ? 1 : 0;
  const std::size_t room = lines > 1 ? lines - 1 : 1;  // the last line stays for the cursor
  while (start < frame_.size()) {
    std::size_t end = frame_.find('\n', start);
    if (end == std::string::npos) end = frame_.size();
    if (shown + 1 == room && total > room) {
      screen += fmt::format("({} more lines: a taller window, or --top N)\x1b[K\n", total - shown);
      break;
    }
    screen.append(frame_, start, end - start);
    screen += "\x1b[K\n";
    ++shown;
    start = end + 1;
  }
  screen += "\x1b[J";
  frame_.clear();
  return write(screen);
}

bool Output::write(std::string_view text) {
  if (ended_) return false;
  if (framing_) {
    frame_.append(text);
    return true;
  }
  while (!text.empty()) {
    // cppcheck 2.10 loses track of string_view parameters' lifetimes here (a false positive).
    // cppcheck-suppress [invalidLifetime,danglingTemporaryLifetime]
    const ssize_t n = ::write(fd_, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      ended_ = true;
      if (errno != EPIPE) {
        failed_ = true;
        fmt::print(stderr, "memwho: cannot write the output ({}): {}\n",
                   temp_.empty() ? std::string("stdout") : escaped(path_, terminal_charset()),
                   std::strerror(errno));
      }
      return false;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool Output::finish() {
  if (temp_.empty()) return !failed_;
  const std::string temp = std::move(temp_);
  temp_.clear();
  bool ok = !failed_;
  if (ok && ::fsync(fd_) != 0) ok = false;
  if (::close(fd_) != 0) ok = false;
  fd_ = 1;
  if (ok && std::rename(temp.c_str(), path_.c_str()) != 0) ok = false;
  if (!ok) {
    if (!failed_) {
      fmt::print(stderr, "memwho: cannot write the output ({}): {}\n",
                 escaped(path_, terminal_charset()), std::strerror(errno));
    }
    failed_ = true;
    ::unlink(temp.c_str());
  }
  return ok;
}

}  // namespace memwho
