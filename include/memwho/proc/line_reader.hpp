#pragma once
// Reading a proc file line by line without keeping it: memory stays at one chunk however large
// the file (smaps can be hundreds of MB). read_lines reads on the calling thread;
// read_lines_overlapped reads on a second thread while the caller parses: for smaps the kernel's
// side (a page-table walk and the formatting of ~700 bytes per mapping) is most of the cost, and
// on a second core it runs alongside memwho's parsing and printing instead of taking turns.
#include <array>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>

#include "memwho/proc/line_splitter.hpp"
#include "memwho/proc/proc_source.hpp"

namespace memwho {

/// The outcome once a splitter has seen the whole stream: a line too long is a failure.
inline ReadOutcome line_outcome(const LineSplitter& lines, ReadOutcome read) {
  if (read.ok() && lines.overflowed()) {
    return {ReadStatus::failed, 0, "a line longer than 1 MiB: not a proc file"};
  }
  return read;
}

/// Reads `name` of `dir` in chunks of `chunk`'s size, calling on_line for every line.
template <class OnLine>
ReadOutcome read_lines(const ProcSource& source, const ProcDir& dir, const char* name,
                       ReadBuffer& chunk, OnLine&& on_line) {
  ReadOutcome outcome;
  auto stream = source.open_stream(dir, name, outcome);
  if (!stream) return outcome;
  LineSplitter lines(kMaxLineBytes);
  for (;;) {
    chunk.clear();
    char* at = chunk.room(4096);
    const long n = stream->read(at, chunk.room_left());
    if (n < 0) {
      outcome = stream->outcome();
      break;
    }
    if (n == 0) break;
    lines.feed(std::string_view(at, static_cast<std::size_t>(n)), on_line);
    if (lines.overflowed()) break;
  }
  lines.finish(on_line);
  return line_outcome(lines, outcome);
}

/// A file read ahead into a ring of chunks by a reader thread. Memory stays at the ring's size
/// however large the file is.
class ChunkStream {
 public:
  /// Opens `name` of `dir` and starts reading; check outcome() if next() returns nothing.
  ChunkStream(const ProcSource& source, const ProcDir& dir, const char* name);
  ChunkStream(const ChunkStream&) = delete;
  ChunkStream& operator=(const ChunkStream&) = delete;
  ~ChunkStream();

  /// The next chunk, valid until the following call; empty at the end of the file or on error.
  std::string_view next();
  /// How the read ended (valid once next() returned empty).
  [[nodiscard]] ReadOutcome outcome() const { return outcome_; }

 private:
  static constexpr std::size_t kChunks = 4;
  static constexpr std::size_t kChunkSize = std::size_t{128} << 10;

  void read_ahead();

  std::unique_ptr<FileStream> file_;
  std::array<std::unique_ptr<char[]>, kChunks> chunks_;
  std::array<std::size_t, kChunks> sizes_{};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t produced_ = 0;  // chunks filled by the reader
  std::size_t consumed_ = 0;  // chunks handed back by the caller
  bool handed_out_ = false;   // the caller holds chunk consumed_
  bool done_ = false;
  bool stop_ = false;
  ReadOutcome outcome_;
  std::thread reader_;
};

/// Like read_lines, but the file is read on a second thread.
template <class OnLine>
ReadOutcome read_lines_overlapped(const ProcSource& source, const ProcDir& dir, const char* name,
                                  OnLine&& on_line) {
  ChunkStream stream(source, dir, name);
  LineSplitter lines(kMaxLineBytes);
  for (std::string_view chunk = stream.next(); !chunk.empty(); chunk = stream.next()) {
    lines.feed(chunk, on_line);
    if (lines.overflowed()) break;
  }
  lines.finish(on_line);
  return line_outcome(lines, stream.outcome());
}

}  // namespace memwho
