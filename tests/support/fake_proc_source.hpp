#pragma once
// An in-memory proc tree for tests (ninja's VirtualFileSystem): files by path ("123/status"),
// and faults that a real tree cannot give to root: a refused open, an error after N bytes of a
// read, and a hook that changes the tree between two reads (a pid reused meanwhile).
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "memwho/proc/proc_source.hpp"

namespace memwho::test {

class FakeProcSource final : public ProcSource {
 public:
  /// A file with `content`; replaces any earlier one and its faults.
  void add(const std::string& path, std::string content) {
    files_[path] = File{std::move(content)};
  }
  void remove(const std::string& path) { files_.erase(path); }
  /// Opening `path` fails with `err` (EACCES, ESRCH, EPERM...).
  void fail_open(const std::string& path, int err) { files_[path].open_error = err; }
  /// Reading `path` gives its first `bytes` bytes, then fails with `err` (EIO; ESRCH as when the
  /// task is reaped during the read).
  void fail_after(const std::string& path, std::size_t bytes, int err) {
    files_[path].fail_after = std::pair{bytes, err};
  }
  /// Reading `path` ends early, without an error, after `bytes` (the kernel's way with smaps
  /// when the process exits during the read).
  void end_after(const std::string& path, std::size_t bytes) { files_[path].end_after = bytes; }
  /// Runs `hook` once, after `path` has been read to its end.
  void after_read(const std::string& path, std::function<void()> hook) {
    hooks_[path] = std::move(hook);
  }
  void set_self(int pid) { self_ = pid; }
  /// Makes the tree a capture with this information.
  void set_capture(CaptureInfo info) { capture_ = std::move(info); }
  [[nodiscard]] const CaptureInfo* capture() const override {
    return capture_ ? &*capture_ : nullptr;
  }

  [[nodiscard]] const std::string& name() const override { return name_; }

  [[nodiscard]] std::vector<int> list_pids() const override { return numbers_below(""); }
  [[nodiscard]] std::optional<int> self_pid() const override { return self_; }

  ProcDir open_dir(const ProcDir* parent, std::string_view name,
                   ReadOutcome& outcome) const override {
    const std::string path = parent == nullptr || parent->path().empty()
                                 ? std::string(name)
                                 : parent->path() + "/" + std::string(name);
    const std::string prefix = path + "/";
    const bool exists = std::any_of(files_.begin(), files_.end(), [&](const auto& f) {
      return f.first.compare(0, prefix.size(), prefix) == 0;
    });
    if (!exists) {
      outcome = {ReadStatus::gone, ENOENT, nullptr};
      return {};
    }
    return {-1, path};
  }

  [[nodiscard]] std::vector<int> list_numbers(const ProcDir& dir) const override {
    return numbers_below(dir.path() + "/");
  }

  ReadOutcome read_file(const ProcDir& dir, const char* name, ReadBuffer& buf) const override {
    buf.clear();
    ReadOutcome outcome;
    auto stream = open_stream(dir, name, outcome);
    if (!stream) return outcome;
    for (;;) {
      char* at = buf.room(4096);
      const long n = stream->read(at, buf.room_left());
      if (n < 0) return stream->outcome();
      if (n == 0) return {};
      buf.commit(static_cast<std::size_t>(n));
    }
  }

  std::unique_ptr<FileStream> open_stream(const ProcDir& dir, const char* name,
                                          ReadOutcome& outcome) const override {
    const std::string path = dir.path() + "/" + name;
    auto it = files_.find(path);
    if (it == files_.end()) {
      outcome = {ReadStatus::gone, ENOENT, nullptr};
      return nullptr;
    }
    if (it->second.open_error) {
      outcome = {classify_errno(*it->second.open_error), *it->second.open_error, nullptr};
      return nullptr;
    }
    std::function<void()> hook;
    if (auto h = hooks_.find(path); h != hooks_.end()) {
      hook = std::move(h->second);
      hooks_.erase(h);
    }
    return std::make_unique<Stream>(it->second, std::move(hook));
  }

 private:
  struct File {
    std::string content;
    std::optional<int> open_error;
    std::optional<std::pair<std::size_t, int>> fail_after;
    std::optional<std::size_t> end_after;
  };

  /// Reads a copy of the file (the tree may change under it, as /proc does), a page at a time.
  class Stream final : public FileStream {
   public:
    Stream(File file, std::function<void()> hook)
        : file_(std::move(file)), hook_(std::move(hook)) {}
    long read(char* buf, std::size_t n) override {
      std::size_t end = file_.content.size();
      if (file_.end_after) end = std::min(end, *file_.end_after);
      if (file_.fail_after && pos_ >= file_.fail_after->first) {
        outcome_ = {classify_errno(file_.fail_after->second), file_.fail_after->second, nullptr};
        return -1;
      }
      if (file_.fail_after) end = std::min(end, file_.fail_after->first);
      const std::size_t take = std::min({n, std::size_t{4096}, end - pos_});
      std::memcpy(buf, file_.content.data() + pos_, take);
      pos_ += take;
      if (take == 0 && !file_.fail_after && hook_) {
        auto hook = std::move(hook_);
        hook_ = nullptr;
        hook();
      }
      return static_cast<long>(take);
    }
    long read_at(char* buf, std::size_t n, std::uint64_t offset) override {
      std::size_t size = file_.content.size();
      if (file_.fail_after) {
        if (offset >= file_.fail_after->first) {
          outcome_ = {classify_errno(file_.fail_after->second), file_.fail_after->second, nullptr};
          return -1;
        }
        size = std::min(size, file_.fail_after->first);
      }
      if (file_.end_after) size = std::min(size, *file_.end_after);
      if (offset >= size) return 0;
      const std::size_t take = std::min<std::size_t>(n, size - static_cast<std::size_t>(offset));
      std::memcpy(buf, file_.content.data() + offset, take);
      return static_cast<long>(take);
    }
    [[nodiscard]] ReadOutcome outcome() const override { return outcome_; }

   private:
    File file_;
    std::function<void()> hook_;
    std::size_t pos_ = 0;
    ReadOutcome outcome_;
  };

  [[nodiscard]] std::vector<int> numbers_below(const std::string& prefix) const {
    std::vector<int> out;
    for (const auto& [path, file] : files_) {
      if (path.compare(0, prefix.size(), prefix) != 0) continue;
      const std::string rest = path.substr(prefix.size());
      const auto slash = rest.find('/');
      if (slash == std::string::npos) continue;
      if (auto n = parse_pid(rest.substr(0, slash))) {
        if (out.empty() || out.back() != *n) out.push_back(*n);
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  std::string name_ = "fake";
  std::map<std::string, File> files_;
  mutable std::map<std::string, std::function<void()>> hooks_;
  std::optional<CaptureInfo> capture_;
  std::optional<int> self_;
};

}  // namespace memwho::test
