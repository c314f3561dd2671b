#pragma once
// memwho's output: stdout, or with --output FILE a temporary file beside FILE that replaces it
// atomically at the end (rename), so a reader such as node_exporter's textfile collector never
// sees half a file. Every byte goes through one Output, which knows whether it got there: a
// closed pipe (memwho | head) is a normal end; any other failed write (a full disk, a closed
// stdout) is reported once on stderr and makes memwho exit with kExitOutput, so a script never
// takes a cut-off report for a whole one.
#include <string>
#include <string_view>

namespace memwho {

class Output {
 public:
  Output() = default;
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output();

  /// Writes to a temporary file in the directory of `path` from now on; false (message
  /// printed) when it cannot be created.
  bool open_file(const std::string& path);
  /// Writes all of `text`. Returns false once output has ended (the reader went away, or a
  /// write failed): callers stop producing more.
  bool write(std::string_view text);
  /// With a file: makes it whole on disk and renames it over the path; false (message printed)
  /// on failure, and the old file stays. Without one: nothing to do.
  bool finish();
  /// A watch's table on a terminal (as top): what is written until end_frame() is kept, then
  /// drawn over the previous frame from the top-left corner, each line clearing what that one
  /// left, cut to `lines` lines so the screen never scrolls.
  void begin_frame();
  bool end_frame(std::size_t lines);
  /// True after a write failed for another reason than a closed pipe.
  [[nodiscard]] bool failed() const { return failed_; }
  [[nodiscard]] bool ended() const { return ended_; }

 private:
  int fd_ = 1;
  std::string path_, temp_;
  bool ended_ = false;
  bool framing_ = false;
  bool cleared_ = false;  ///< the screen was cleared before the first frame
  std::string frame_;
  bool failed_ = false;
};

}  // namespace memwho
