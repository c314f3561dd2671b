#pragma once
// Cuts a stream of chunks into lines. A line cut by a chunk boundary is carried over to the
// next chunk; only that tail is ever copied.
#include <cstring>
#include <string>
#include <string_view>

namespace memwho {

class LineSplitter {
 public:
  /// `max_line`: a longer line is not kept (a file without newlines, such as /dev/zero, would
  /// otherwise grow memory without bound); overflowed() then says so.
  explicit LineSplitter(std::size_t max_line = std::size_t{1} << 20) : max_line_(max_line) {}

  /// Calls on_line for every line that `chunk` completes (without its '\n').
  template <class OnLine>
  void feed(std::string_view chunk, OnLine&& on_line) {
    if (overflowed_) return;
    if (!carry_.empty()) {
      const void* nl = std::memchr(chunk.data(), '\n', chunk.size());
      if (nl == nullptr) {
        append_carry(chunk);
        return;
      }
      const auto end = static_cast<std::size_t>(static_cast<const char*>(nl) - chunk.data());
      append_carry(chunk.substr(0, end));
      if (overflowed_) return;
      on_line(std::string_view(carry_));
      carry_.clear();
      chunk.remove_prefix(end + 1);
    }
    for (;;) {
      const void* nl = std::memchr(chunk.data(), '\n', chunk.size());
      if (nl == nullptr) break;
      const auto end = static_cast<std::size_t>(static_cast<const char*>(nl) - chunk.data());
      on_line(chunk.substr(0, end));
      chunk.remove_prefix(end + 1);
    }
    append_carry(chunk);
  }
  /// At end of input: a last line without '\n' still counts.
  template <class OnLine>
  void finish(OnLine&& on_line) {
    if (!carry_.empty() && !overflowed_) on_line(std::string_view(carry_));
    carry_.clear();
  }
  /// True once a line longer than the limit was met; no line is given out after it.
  [[nodiscard]] bool overflowed() const { return overflowed_; }

 private:
  void append_carry(std::string_view part) {
    if (carry_.size() + part.size() > max_line_) {
      overflowed_ = true;
      carry_.clear();
      carry_.shrink_to_fit();
      return;
    }
    carry_.append(part);
  }

  std::string carry_;
  std::size_t max_line_;
  bool overflowed_ = false;
};

}  // namespace memwho
