#pragma once
// Reads a large /proc file on a second thread while the caller parses it. For smaps the kernel's
// side (a page-table walk and the formatting of ~700 bytes per mapping) is most of the cost; on
// a second core it runs alongside memwho's parsing and printing instead of taking turns with it.
#include <array>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>

#include "memwho/proc/line_splitter.hpp"
#include "memwho/proc/read_buffer.hpp"

namespace memwho {

/// A file read ahead into a ring of chunks by a reader thread. Memory stays at the ring's size
/// however large the file is.
class ChunkStream {
 public:
  /// Opens dirfd/name and starts reading; check outcome() if next() returns nothing.
  ChunkStream(int dirfd, const char* name);
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

  int fd_ = -1;
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

/// Like ReadBuffer::read_lines, but the file is read on a second thread.
template <class OnLine>
ReadOutcome read_lines_overlapped(int dirfd, const char* name, OnLine&& on_line) {
  ChunkStream stream(dirfd, name);
  LineSplitter lines;
  for (std::string_view chunk = stream.next(); !chunk.empty(); chunk = stream.next()) {
    lines.feed(chunk, on_line);
  }
  lines.finish(on_line);
  return stream.outcome();
}

}  // namespace memwho
