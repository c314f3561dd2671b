// libFuzzer target: a capture archive (`--proc-root FILE`) from arbitrary bytes, read as memwho
// reads one, then every file of the proc tree it makes read back the way the views read them.
// Built with FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION, so a wrong digest does not stop a read:
// a mutated member still reaches the tree.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "memwho/capture/capture_archive.hpp"
#include "memwho/capture/capture_proc_source.hpp"

namespace {

using memwho::ProcDir;
using memwho::ProcSource;
using memwho::ReadBuffer;
using memwho::ReadOutcome;

/// Streams `name` of `dir` to its end; aborts if it yields more than it may hold.
void drain(const ProcSource& source, const ProcDir& dir, const char* name) {
  ReadOutcome outcome;
  const auto stream = source.open_stream(dir, name, outcome);
  if (!stream) {
    if (outcome.ok()) std::abort();  // a failed open must say why
    return;
  }
  char chunk[4096];
  std::size_t total = 0;
  for (long n = 0; (n = stream->read(chunk, sizeof chunk)) != 0;) {
    if (n < 0 || static_cast<std::size_t>(n) > sizeof chunk) std::abort();
    total += static_cast<std::size_t>(n);
    if (total > memwho::kMaxStreamedBytes) std::abort();
  }
  // pread past the end and at the start: both must stay inside the member.
  if (stream->read_at(chunk, sizeof chunk, total + 1) != 0) std::abort();
  if (stream->read_at(chunk, sizeof chunk, 0) < 0) std::abort();
}

/// Reads what a scan reads of one process directory (and of its threads, one level down).
void walk_process(const ProcSource& source, const ProcDir& dir, ReadBuffer& buf, int depth) {
  for (const char* name : {"status", "stat", "cmdline", "smaps_rollup", "cgroup"}) {
    const ReadOutcome outcome = source.read_file(dir, name, buf);
    if (outcome.ok() ? buf.size() > memwho::kMaxFileBytes : buf.size() != 0) std::abort();
  }
  drain(source, dir, "smaps");
  if (depth > 0) return;
  ReadOutcome outcome;
  const ProcDir task = source.open_dir(&dir, "task", outcome);
  if (!task.is_open()) return;
  for (const int tid : source.list_numbers(task)) {
    const ProcDir thread = source.open_dir(&task, memwho::pid_dir_name(tid), outcome);
    if (!thread.is_open()) std::abort();  // listed, so there
    walk_process(source, thread, buf, depth + 1);
  }
}

/// A file the archive held (or recorded as unread), and which tree of the source serves it.
struct Expected {
  bool cgroup = false;
  std::string dir, name;            ///< below the tree's root: "1/task/2", "status"
  std::optional<std::size_t> size;  ///< nullopt: an unread file
};

/// "proc/1/task/2/status" -> {false, "1/task/2", "status"}; nullopt outside both trees.
std::optional<Expected> expected_of(std::string_view path) {
  Expected e;
  if (path.starts_with(memwho::kProcPrefix)) {
    path.remove_prefix(memwho::kProcPrefix.size());
  } else if (path.starts_with(memwho::kCgroupPrefix)) {
    path.remove_prefix(memwho::kCgroupPrefix.size());
    e.cgroup = true;
  } else {
    return std::nullopt;
  }
  const auto slash = path.rfind('/');
  e.dir = slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
  e.name = std::string(path.substr(slash == std::string_view::npos ? 0 : slash + 1));
  return e;
}

/// Every member reads back at its size, whole (up to kMaxFileBytes) and streamed.
void check_member(const ProcSource& tree, const Expected& e, ReadBuffer& buf) {
  ReadOutcome outcome;
  const ProcDir dir = tree.open_dir(nullptr, e.dir, outcome);
  if (!e.size) {
    // Unread paths come from the metadata, unchecked: "proc/./1/status" may name a member.
    if (dir.is_open()) static_cast<void>(tree.read_file(dir, e.name.c_str(), buf));
    return;
  }
  if (!dir.is_open()) std::abort();  // a member's directory is there
  const ReadOutcome read = tree.read_file(dir, e.name.c_str(), buf);
  if (read.ok() != (*e.size <= memwho::kMaxFileBytes)) std::abort();
  if (read.ok() && buf.size() != *e.size) std::abort();
  const auto stream = tree.open_stream(dir, e.name.c_str(), outcome);
  if (!stream) std::abort();
  char chunk[64 * 1024];
  std::size_t total = 0;
  for (long n = 0; (n = stream->read(chunk, sizeof chunk)) != 0; total += n) {
    if (n < 0 || static_cast<std::size_t>(n) > sizeof chunk) std::abort();
  }
  if (total != *e.size) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string error;
  auto files = memwho::read_capture_archive_bytes(bytes, "fuzz.tar", error);
  if (!files) {
    if (error.rfind("fuzz.tar", 0) != 0) std::abort();  // every error names the file
    return 0;
  }
  std::vector<Expected> expected;
  for (const auto& [path, member] : files->members) {
    auto e = expected_of(path);
    if (!e) std::abort();  // the reader let a member outside proc/ and cgroup/ through
    e->size = member.size();
    expected.push_back(std::move(*e));
  }
  for (const auto& [path, unread] : files->meta.unread) {
    // A member of the same path wins; the metadata's paths are not checked as members' are.
    if (files->members.contains(path)) continue;
    if (auto e = expected_of(path)) expected.push_back(std::move(*e));
  }
  const auto source = memwho::capture_proc_source("fuzz.tar", std::move(*files));
  if (source->capture() == nullptr || source->recorded_cgroups() == nullptr) std::abort();
  ReadBuffer buf;
  for (const Expected& e : expected) {
    check_member(e.cgroup ? *source->recorded_cgroups() : *source, e, buf);
  }
  // And as a scan walks it: the pids listed, each one's files and threads.
  ReadOutcome outcome;
  for (const int pid : source->list_pids()) {
    const ProcDir dir = source->open_dir(nullptr, memwho::pid_dir_name(pid), outcome);
    if (!dir.is_open()) std::abort();  // listed, so there
    walk_process(*source, dir, buf, 0);
  }
  return 0;
}
