// LineSplitter, ReadBuffer::read_lines and the overlapped ChunkStream: every line comes out once,
// whole and in order, wherever the chunk boundaries fall.
#include "memwho/proc/line_reader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>
#include <vector>

#include "memwho/proc/line_splitter.hpp"
#include "memwho/proc/proc_source.hpp"

using memwho::LineSplitter;

namespace {

std::vector<std::string> split_in_chunks(std::string_view text, std::size_t chunk) {
  std::vector<std::string> lines;
  auto collect = [&lines](std::string_view line) { lines.emplace_back(line); };
  LineSplitter splitter;
  for (std::size_t i = 0; i < text.size(); i += chunk)
    splitter.feed(text.substr(i, chunk), collect);
  splitter.finish(collect);
  return lines;
}

/// A temporary directory holding one file, read as a proc tree; removed at the end of the test.
struct TempFile {
  std::string dir;
  std::unique_ptr<memwho::ProcSource> source;
  memwho::ProcDir top;
  explicit TempFile(const std::string& content) {
    char pattern[] = "/tmp/memwho-lines-XXXXXX";
    dir = ::mkdtemp(pattern);
    const std::string path = dir + "/file";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    REQUIRE(::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()));
    ::close(fd);
    // The tree's root is the directory's parent, so that the directory is opened as a ProcDir.
    std::string error;
    source = memwho::open_proc_dir("/tmp", error);
    REQUIRE(source);
    memwho::ReadOutcome outcome;
    top = source->open_dir(nullptr, dir.substr(5), outcome);
    REQUIRE(top.is_open());
  }
  ~TempFile() {
    ::unlink((dir + "/file").c_str());
    ::rmdir(dir.c_str());
  }
};

std::string numbered_lines(std::size_t n) {
  std::string text;
  for (std::size_t i = 0; i < n; ++i)
    text += "line " + std::to_string(i) + std::string(i % 97, 'x') + "\n";
  return text;
}

}  // namespace

TEST_CASE("LineSplitter: lines cut at any chunk boundary come out whole", "[lines]") {
  const std::string text = "Rss:  4 kB\nPss:  2 kB\n\nlast line without newline";
  const std::vector<std::string> want = {"Rss:  4 kB", "Pss:  2 kB", "",
                                         "last line without newline"};
  for (std::size_t chunk = 1; chunk <= text.size(); ++chunk) {
    INFO("chunk size " << chunk);
    CHECK(split_in_chunks(text, chunk) == want);
  }
  CHECK(split_in_chunks("", 4).empty());
  CHECK(split_in_chunks("\n", 4) == std::vector<std::string>{""});
}

TEST_CASE("read_lines and read_lines_overlapped give the same lines as the file holds", "[lines]") {
  // About 8 MB: many 128 KiB chunks of the overlapped reader's ring, and many serial reads.
  const std::string text = numbered_lines(120000);
  TempFile file(text);
  const auto want = split_in_chunks(text, text.size());

  std::vector<std::string> serial, overlapped;
  memwho::ReadBuffer buf(4096);
  const auto a = memwho::read_lines(*file.source, file.top, "file", buf,
                                    [&](std::string_view l) { serial.emplace_back(l); });
  const auto b = memwho::read_lines_overlapped(
      *file.source, file.top, "file", [&](std::string_view l) { overlapped.emplace_back(l); });
  CHECK(a.ok());
  CHECK(b.ok());
  CHECK(serial.size() == want.size());
  CHECK(serial == want);
  CHECK(overlapped == want);
}

TEST_CASE("read_lines_overlapped of a missing file reports it and calls nothing", "[lines]") {
  TempFile file("x\n");
  std::size_t calls = 0;
  const auto outcome = memwho::read_lines_overlapped(*file.source, file.top, "no-such-file",
                                                     [&](std::string_view) { ++calls; });
  CHECK(calls == 0);
  CHECK(outcome.status == memwho::ReadStatus::gone);
  CHECK(outcome.error == ENOENT);
}

TEST_CASE("a ChunkStream abandoned halfway stops its reader thread", "[lines]") {
  const std::string text = numbered_lines(200000);
  TempFile file(text);
  memwho::ChunkStream stream(*file.source, file.top, "file");
  CHECK(!stream.next().empty());
  // Leaving the scope with most of the file unread must join the reader, not hang or crash.
}

TEST_CASE("a line longer than the limit ends the read with an error, not unbounded memory",
          "[lines]") {
  LineSplitter lines(16);
  std::vector<std::string> got;
  auto collect = [&got](std::string_view l) { got.emplace_back(l); };
  lines.feed("short\n0123456789", collect);
  lines.feed("0123456789", collect);  // 20 bytes without a newline: over the limit
  lines.feed("more\nafter\n", collect);
  lines.finish(collect);
  CHECK(lines.overflowed());
  CHECK(got == std::vector<std::string>{"short"});
  // Through a reader: the outcome says why.
  TempFile file("a\n" + std::string(std::size_t{2} << 20, 'x') + "\n");
  memwho::ReadBuffer buf(4096);
  std::size_t calls = 0;
  const auto outcome =
      memwho::read_lines(*file.source, file.top, "file", buf, [&](std::string_view) { ++calls; });
  CHECK(calls == 1);
  CHECK(outcome.status == memwho::ReadStatus::failed);
  CHECK(std::string(memwho::describe(outcome)).find("longer than 1 MiB") != std::string::npos);
}
