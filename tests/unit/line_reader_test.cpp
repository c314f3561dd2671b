// LineSplitter, ReadBuffer::read_lines and the overlapped ChunkStream: every line comes out once,
// whole and in order, wherever the chunk boundaries fall.
#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>
#include <vector>

#include "memwho/proc/line_splitter.hpp"
#include "memwho/proc/overlapped_reader.hpp"
#include "memwho/proc/read_buffer.hpp"

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

/// A temporary directory holding one file; removed at the end of the test.
struct TempFile {
  std::string dir;
  int dirfd = -1;
  explicit TempFile(const std::string& content) {
    char pattern[] = "/tmp/memwho-lines-XXXXXX";
    dir = ::mkdtemp(pattern);
    const std::string path = dir + "/file";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    REQUIRE(::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()));
    ::close(fd);
    dirfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  }
  ~TempFile() {
    ::close(dirfd);
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
  const auto a =
      buf.read_lines(file.dirfd, "file", [&](std::string_view l) { serial.emplace_back(l); });
  const auto b = memwho::read_lines_overlapped(
      file.dirfd, "file", [&](std::string_view l) { overlapped.emplace_back(l); });
  CHECK(a.ok());
  CHECK(b.ok());
  CHECK(serial.size() == want.size());
  CHECK(serial == want);
  CHECK(overlapped == want);
}

TEST_CASE("read_lines_overlapped of a missing file reports it and calls nothing", "[lines]") {
  TempFile file("x\n");
  std::size_t calls = 0;
  const auto outcome =
      memwho::read_lines_overlapped(file.dirfd, "no-such-file", [&](std::string_view) { ++calls; });
  CHECK(calls == 0);
  CHECK(outcome.status == memwho::ReadStatus::gone);
  CHECK(outcome.error == ENOENT);
}

TEST_CASE("a ChunkStream abandoned halfway stops its reader thread", "[lines]") {
  const std::string text = numbered_lines(200000);
  TempFile file(text);
  memwho::ChunkStream stream(file.dirfd, "file");
  CHECK(!stream.next().empty());
  // Leaving the scope with most of the file unread must join the reader, not hang or crash.
}
