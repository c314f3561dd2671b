#pragma once
// Cuts a stream of chunks into lines. A line cut by a chunk boundary is carried over to the
// next chunk; only that tail is ever copied.
#include <cstring>
#include <string>
#include <string_view>

namespace memwho {

class LineSplitter {
 public:
  /// Calls on_line for every line that `chunk` completes (without its '\n').
  template <class OnLine>
  void feed(std::string_view chunk, OnLine&& on_line) {
    if (!carry_.empty()) {
      const void* nl = std::memchr(chunk.data(), '\n', chunk.size());
      if (nl == nullptr) {
        carry_.append(chunk);
        return;
      }
      const auto end = static_cast<std::size_t>(static_cast<const char*>(nl) - chunk.data());
      carry_.append(chunk.substr(0, end));
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
    carry_.append(chunk);
  }
  /// At end of input: a last line without '\n' still counts.
  template <class OnLine>
  void finish(OnLine&& on_line) {
    if (!carry_.empty()) on_line(std::string_view(carry_));
    carry_.clear();
  }

 private:
  std::string carry_;
};

}  // namespace memwho
