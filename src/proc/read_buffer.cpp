#include "memwho/proc/read_buffer.hpp"

#include <algorithm>
#include <cerrno>

namespace memwho {

ReadStatus classify_errno(int err) {
  switch (err) {
    case ENOENT:  // the /proc/PID directory is gone
    case ESRCH:   // the task exited (or is a zombie / kernel thread with no mm)
      return ReadStatus::gone;
    case EACCES:  // ptrace-mode check of smaps*, or an LSM
    case EPERM:   // hidepid=1
      return ReadStatus::denied;
    default:
      return ReadStatus::failed;
  }
}

const char* describe(const ReadOutcome& outcome) {
  if (outcome.detail != nullptr) return outcome.detail;
  return std::strerror(outcome.error);
}

ReadBuffer::ReadBuffer(std::size_t initial)
    : data_(new char[std::max<std::size_t>(initial, 4096)]),
      capacity_(std::max<std::size_t>(initial, 4096)) {}

char* ReadBuffer::room(std::size_t n) {
  if (capacity_ - size_ < n) {
    const std::size_t bigger = std::max(capacity_ * 2, size_ + n);
    std::unique_ptr<char[]> next(new char[bigger]);
    std::memcpy(next.get(), data_.get(), size_);
    data_ = std::move(next);
    capacity_ = bigger;
  }
  return data_.get() + size_;
}

}  // namespace memwho
