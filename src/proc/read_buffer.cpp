#include "memwho/proc/read_buffer.hpp"

#include <fcntl.h>

#include <algorithm>

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

ReadBuffer::ReadBuffer(std::size_t initial)
    : data_(new char[std::max<std::size_t>(initial, 4096)]),
      capacity_(std::max<std::size_t>(initial, 4096)) {}

int ReadBuffer::open_at(int dirfd, const char* name, ReadOutcome& outcome) const {
  const int fd = ::openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) outcome = {classify_errno(errno), errno};
  return fd;
}

long ReadBuffer::read_some(int fd) {
  for (;;) {
    const ssize_t n = ::read(fd, data_.get() + size_, capacity_ - size_);
    if (n >= 0 || errno != EINTR) return static_cast<long>(n);
  }
}

void ReadBuffer::grow() {
  const std::size_t bigger = capacity_ * 2;
  std::unique_ptr<char[]> next(new char[bigger]);
  std::memcpy(next.get(), data_.get(), size_);
  data_ = std::move(next);
  capacity_ = bigger;
}

ReadOutcome ReadBuffer::read_file(int dirfd, const char* name) {
  ReadOutcome outcome;
  const int fd = open_at(dirfd, name, outcome);
  if (fd < 0) return outcome;
  size_ = 0;
  for (;;) {
    if (size_ == capacity_) grow();
    const long n = read_some(fd);
    if (n < 0) {
      outcome = {classify_errno(errno), errno};
      break;
    }
    if (n == 0) break;
    size_ += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return outcome;
}

}  // namespace memwho
