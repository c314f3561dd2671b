#pragma once
// memwho's stdout: every byte of output goes through one Output, which knows whether the
// output got there. A closed pipe (memwho | head) is a normal end; any other failed write
// (a full disk, a closed stdout) is reported once on stderr and makes memwho exit with
// kExitOutput, so a script never takes a cut-off report for a whole one.
#include <string_view>

namespace memwho {

class Output {
 public:
  /// Writes all of `text`. Returns false once output has ended (the reader went away, or a
  /// write failed): callers stop producing more.
  bool write(std::string_view text);
  /// True after a write failed for another reason than a closed pipe.
  [[nodiscard]] bool failed() const { return failed_; }
  [[nodiscard]] bool ended() const { return ended_; }

 private:
  bool ended_ = false;
  bool failed_ = false;
};

}  // namespace memwho
