#include "memwho/proc/line_reader.hpp"

namespace memwho {

ChunkStream::ChunkStream(const ProcSource& source, const ProcDir& dir, const char* name) {
  file_ = source.open_stream(dir, name, outcome_);
  if (!file_) {
    done_ = true;
    return;
  }
  for (auto& chunk : chunks_) chunk.reset(new char[kChunkSize]);
  reader_ = std::thread([this] { read_ahead(); });
}

ChunkStream::~ChunkStream() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  if (reader_.joinable()) reader_.join();
}

void ChunkStream::read_ahead() {
  for (std::size_t slot_index = 0;; ++slot_index) {
    {
      // Wait for a free chunk: the ring holds at most kChunks not yet handed back.
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [this] { return stop_ || produced_ - consumed_ < kChunks; });
      if (stop_) return;
    }
    const std::size_t slot = slot_index % kChunks;
    char* buf = chunks_[slot].get();
    std::size_t size = 0;
    ReadOutcome ended;
    bool at_end = false;
    // procfs's seq_file returns about a page per read(); gather many into one chunk so the
    // hand-over cost is paid per 128 KiB, not per 4 KiB.
    while (size + 4096 <= kChunkSize) {
      const long n = file_->read(buf + size, kChunkSize - size);
      if (n <= 0) {
        if (n < 0) ended = file_->outcome();
        at_end = true;
        break;
      }
      size += static_cast<std::size_t>(n);
    }
    {
      std::lock_guard lock(mutex_);
      sizes_[slot] = size;
      if (size > 0) ++produced_;
      if (at_end) {
        done_ = true;
        outcome_ = ended;
      }
    }
    changed_.notify_all();
    if (at_end) return;
  }
}

std::string_view ChunkStream::next() {
  std::unique_lock lock(mutex_);
  if (handed_out_) {
    ++consumed_;  // the caller is done with the chunk it held
    handed_out_ = false;
    changed_.notify_all();
  }
  changed_.wait(lock, [this] { return produced_ > consumed_ || done_; });
  if (produced_ == consumed_) return {};  // done, and every chunk handed out
  handed_out_ = true;
  const std::size_t slot = consumed_ % kChunks;
  return {chunks_[slot].get(), sizes_[slot]};
}

}  // namespace memwho
