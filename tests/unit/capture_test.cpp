// Captures: what is recorded through the source seam (faults included), the archive written and
// read back, and every way an archive can be bad: each a clear error naming the file.
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "../support/fake_proc_source.hpp"
#include "../support/fake_tree.hpp"
#include "memwho/capture/capture_archive.hpp"
#include "memwho/capture/collect_capture.hpp"
#include "memwho/proc/open_proc_root.hpp"
#include "memwho/scan/scan.hpp"

using namespace memwho;
using memwho::test::add_process;
using memwho::test::FakeProcSource;

namespace {

/// A file name under the test's own temporary directory.
std::string temp_path(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("memwho-capture-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

std::string write_archive(const CaptureFiles& files, const std::string& name,
                          Compression compression = Compression::zstd) {
  const std::string path = temp_path(name);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  REQUIRE(fd >= 0);
  std::string error;
  REQUIRE(write_capture_archive(fd, files, compression, error));
  ::close(fd);
  return path;
}

ScanResult scan_all(const ProcSource& source) {
  ScanRequest req;
  req.needs.cmdline = true;
  req.needs.smaps = true;
  req.needs.cgroup = true;
  return scan(source, req);
}

/// A fake tree of three processes: 100 plain, 200 whose smaps_rollup is refused, 300 whose
/// smaps fails half way with EIO.
FakeProcSource three_processes() {
  FakeProcSource fake;
  add_process(fake, 100, 3);
  add_process(fake, 200, 2);
  add_process(fake, 300, 4);
  fake.add("100/cgroup", "0::/app.slice/a.service\n");
  fake.fail_open("200/smaps_rollup", EACCES);
  fake.fail_after("300/smaps", 100, EIO);
  return fake;
}

CaptureFiles capture_of(const FakeProcSource& fake, bool maps) {
  const ScanResult live = scan_all(fake);
  CaptureFiles files;
  collect_processes(fake, live.records, maps, files);
  files.meta.info.host = "far-away";
  files.meta.info.time = "2024-05-01T12:00:00+02:00";
  files.meta.info.kernel = "6.1.0-test";
  files.meta.info.users = {{0, "captured-root"}};
  return files;
}

/// A tar (no compression) of `members` as given, in order: what memwho's writer never makes.
std::string raw_tar(const std::vector<std::pair<std::string, std::string>>& members) {
  std::string out(1 << 20, '\0');
  std::size_t used = 0;
  archive* a = archive_write_new();
  archive_entry* entry = archive_entry_new();
  REQUIRE(archive_write_set_format_pax_restricted(a) == ARCHIVE_OK);
  REQUIRE(archive_write_open_memory(a, out.data(), out.size(), &used) == ARCHIVE_OK);
  for (const auto& [path, bytes] : members) {
    archive_entry_clear(entry);
    archive_entry_set_pathname(entry, path.c_str());
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0444);
    archive_entry_set_size(entry, static_cast<la_int64_t>(bytes.size()));
    REQUIRE(archive_write_header(a, entry) == ARCHIVE_OK);
    REQUIRE(archive_write_data(a, bytes.data(), bytes.size()) ==
            static_cast<la_ssize_t>(bytes.size()));
  }
  REQUIRE(archive_write_close(a) == ARCHIVE_OK);
  archive_entry_free(entry);
  archive_write_free(a);
  out.resize(used);
  return out;
}

std::string open_error(const std::string& path) {
  std::string error;
  const auto source = open_proc_root(path, error);
  CHECK(source == nullptr);
  return error;
}

}  // namespace

TEST_CASE("capture: a round trip gives the scan the same records, refusals included", "[capture]") {
  const FakeProcSource fake = three_processes();
  const ScanResult live = scan_all(fake);
  REQUIRE(live.records.size() == 3);
  const CaptureFiles files = capture_of(fake, true);
  CHECK(files.meta.processes == 3);
  CHECK(files.meta.vanished == 0);
  // Refused stays refused; a failed read is recorded with its errno.
  REQUIRE(files.meta.unread.count("proc/200/smaps_rollup") == 1);
  CHECK(files.meta.unread.at("proc/200/smaps_rollup").status == ReadStatus::denied);
  REQUIRE(files.meta.unread.count("proc/300/smaps") == 1);
  CHECK(files.meta.unread.at("proc/300/smaps").error == EIO);

  for (const Compression c : {Compression::zstd, Compression::gzip}) {
    const std::string path =
        write_archive(files, c == Compression::zstd ? "round.tar.zst" : "round.tar.gz", c);
    std::string error;
    const auto source = open_proc_root(path, error);
    INFO(error);
    REQUIRE(source != nullptr);
    REQUIRE(source->capture() != nullptr);
    CHECK(source->capture()->host == "far-away");
    CHECK(source->capture()->users.at(0).second == "captured-root");
    const ScanResult back = scan_all(*source);
    REQUIRE(back.records.size() == live.records.size());
    for (std::size_t i = 0; i < back.records.size(); ++i) {
      const ProcessRecord& a = live.records[i];
      const ProcessRecord& b = back.records[i];
      CHECK(a.pid == b.pid);
      CHECK(a.command == b.command);
      CHECK(a.vm_rss == b.vm_rss);
      CHECK(a.smaps_origin == b.smaps_origin);
      CHECK(a.smaps.get(SmapsKey::pss) == b.smaps.get(SmapsKey::pss));
      CHECK(static_cast<bool>(a.cgroup) == static_cast<bool>(b.cgroup));
    }
    CHECK(back.records[1].smaps_origin == SmapsOrigin::denied);
    // smaps is there to stream for --maps; the failed one reads as the failure it was.
    ReadOutcome outcome;
    const ProcDir dir = source->open_dir(nullptr, "100", outcome);
    REQUIRE(dir.is_open());
    CHECK(source->open_stream(dir, "smaps", outcome) != nullptr);
    const ProcDir failed = source->open_dir(nullptr, "300", outcome);
    CHECK(source->open_stream(failed, "smaps", outcome) == nullptr);
    CHECK(outcome.error == EIO);
    // Page frames are never captured.
    CHECK(source->open_stream(dir, "pagemap", outcome) == nullptr);
    CHECK(outcome.status == ReadStatus::gone);
  }
}

TEST_CASE("capture: a process that exits while its files are read is left out and counted",
          "[capture]") {
  FakeProcSource fake = three_processes();
  const ScanResult live = scan_all(fake);
  fake.remove("300/status");
  fake.remove("300/stat");
  CaptureFiles files;
  collect_processes(fake, live.records, false, files);
  CHECK(files.meta.processes == 2);
  CHECK(files.meta.vanished == 1);
  CHECK(files.members.count("proc/300/cmdline") == 0);
  CHECK(files.members.count("proc/100/smaps") == 0);  // not asked for
}

TEST_CASE("capture: the unpacked directory reads as the archive does", "[capture]") {
  const CaptureFiles files = capture_of(three_processes(), false);
  const std::string dir = temp_path("unpacked");
  std::filesystem::remove_all(dir);
  for (const auto& [path, bytes] : files.members) {
    std::filesystem::create_directories(std::filesystem::path(dir + "/" + path).parent_path());
    std::ofstream(dir + "/" + path, std::ios::binary) << bytes;
  }
  std::ofstream(dir + "/memwho-capture.json") << capture_meta_json(files.meta);
  std::string error;
  const auto source = open_proc_root(dir, error);
  INFO(error);
  REQUIRE(source != nullptr);
  REQUIRE(source->capture() != nullptr);
  const ScanResult back = scan_all(*source);
  REQUIRE(back.records.size() == 3);
  CHECK(back.records[0].smaps.get(SmapsKey::pss) ==
        scan_all(three_processes()).records[0].smaps.get(SmapsKey::pss));
  CHECK(back.records[1].smaps_origin == SmapsOrigin::denied);
}

TEST_CASE("capture: truncated, corrupt or foreign archives are errors naming the file",
          "[capture]") {
  const std::string good = write_archive(capture_of(three_processes(), true), "good.tar.zst");
  std::string bytes;
  {
    std::ifstream in(good, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  REQUIRE(bytes.size() > 200);
  SECTION("cut in half") {
    const std::string half = temp_path("half.tar.zst");
    std::ofstream(half, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    const std::string error = open_error(half);
    INFO(error);
    CHECK(error.find(half) == 0);
    CHECK(error.find("truncated") != std::string::npos);
  }
  SECTION("bytes overwritten anywhere") {
    for (std::size_t at = 20; at + 8 < bytes.size(); at += 61) {
      std::string bad = bytes;
      bad.replace(at, 8, "XXXXXXXX");
      const std::string path = temp_path("corrupt.tar.zst");
      std::ofstream(path, std::ios::binary) << bad;
      INFO("at " << at);
      CHECK(open_error(path).find(path) == 0);
    }
  }
  SECTION("not an archive") {
    const std::string path = temp_path("words.txt");
    std::ofstream(path) << "hello\n";
    CHECK(open_error(path).find("not a memwho capture") != std::string::npos);
  }
}

TEST_CASE("capture: members that are not a capture's are refused", "[capture]") {
  CaptureFiles files = capture_of(three_processes(), false);
  SECTION("a path climbing out") {
    files.members["proc/../../etc/passwd"] = "x";
    CHECK(open_error(write_archive(files, "climb.tar.zst")).find("\"..\"") != std::string::npos);
  }
  SECTION("a file memwho never reads") {
    files.members["proc/100/environ"] = "SECRET=1";
    CHECK(open_error(write_archive(files, "environ.tar.zst")).find("proc/100/environ") !=
          std::string::npos);
  }
  SECTION("outside proc/ and cgroup/") {
    files.members["etc/shadow"] = "x";
    CHECK(open_error(write_archive(files, "shadow.tar.zst")).find("etc/shadow") !=
          std::string::npos);
  }
  SECTION("a whole file larger than memwho reads") {
    files.members["proc/100/status"] = std::string(kMaxFileBytes + 1, 'a');
    CHECK(open_error(write_archive(files, "huge.tar.zst")).find("larger") != std::string::npos);
  }
}

TEST_CASE("capture: member paths", "[capture]") {
  std::string why;
  CHECK(valid_member_path("proc/1/status", why));
  CHECK(valid_member_path("proc/1/task/2/smaps", why));
  CHECK(valid_member_path("proc/sysvipc/shm", why));
  CHECK(valid_member_path("cgroup/memory/a/memory.stat", why));
  CHECK(valid_member_path("memwho-capture.json", why));
  CHECK_FALSE(valid_member_path("/proc/1/status", why));
  CHECK_FALSE(valid_member_path("proc//status", why));
  CHECK_FALSE(valid_member_path("proc/./status", why));
  CHECK_FALSE(valid_member_path("cgroup/a/cgroup.procs", why));
  CHECK_FALSE(valid_member_path("proc/1/mem", why));
}

TEST_CASE("capture: the metadata parses back, and garbage is not metadata", "[capture]") {
  CaptureMeta meta;
  meta.info = {"h", "k", "t", "b", {{1000, "alice"}}};
  meta.unread["proc/1/smaps_rollup"] = {ReadStatus::denied, EACCES, ""};
  meta.vanished = 2;
  CaptureMeta back;
  std::string error;
  REQUIRE(parse_capture_meta(capture_meta_json(meta), back, error));
  CHECK(back.info.users == meta.info.users);
  CHECK(back.unread.at("proc/1/smaps_rollup").error == EACCES);
  CHECK(back.vanished == 2);
  for (const char* bad : {"", "{", "[]", "{\"x\":1}", "{\"memwho_capture\":\"1\"}",
                          "{\"memwho_capture\":99}", "{\"memwho_capture\":1,\"users\":7}"}) {
    CaptureMeta m;
    INFO(bad);
    const bool ok = parse_capture_meta(bad, m, error);
    CHECK(ok == (std::string_view(bad) == "{\"memwho_capture\":1,\"users\":7}"));
  }
}

TEST_CASE("capture: an archive in memory reads as the same file does", "[capture]") {
  const std::string path = write_archive(capture_of(three_processes(), true), "memory.tar.zst");
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::string error;
  const auto from_file = read_capture_archive(path, error);
  const auto from_memory = read_capture_archive_bytes(bytes, "in memory", error);
  INFO(error);
  REQUIRE(from_file);
  REQUIRE(from_memory);
  CHECK(from_memory->members == from_file->members);
  CHECK(from_memory->meta.digest == from_file->meta.digest);
  CHECK_FALSE(read_capture_archive_bytes(bytes.substr(0, 100), "cut", error));
  CHECK(error.find("cut: ") == 0);
}

// Found while writing fuzz_capture_archive: libarchive's filter_all
// hands lzop, lrzip and grzip data to the program of that name in $PATH; a hostile --proc-root file
// ran one.
TEST_CASE("capture: no compression makes memwho run a program", "[capture]") {
  const std::string bin = temp_path("bin");
  const std::string ran = temp_path("a-program-ran");
  std::filesystem::create_directories(bin);
  std::filesystem::remove(ran);
  for (const char* name : {"lzop", "lrzip", "grzip"}) {
    const std::string program = bin + "/" + name;
    std::ofstream(program) << "#!/bin/sh\ntouch '" << ran << "'\ncat\n";
    std::filesystem::permissions(program, std::filesystem::perms::owner_all);
  }
  const char* old_path = std::getenv("PATH");
  const std::string saved = old_path != nullptr ? old_path : "/usr/bin:/bin";
  ::setenv("PATH", (bin + ":" + saved).c_str(), 1);
  // The magic numbers of lzop, lrzip and grzip, each padded past what a bidder looks at.
  const std::string lzop("\x89LZO\0\r\n\x1a\n", 9);
  const std::string lrzip("LRZI\0\x06", 6);
  const std::string grzip("GRZipII\0\x02\x04:)", 12);
  for (const std::string& magic : {lzop, lrzip, grzip}) {
    std::string error;
    CHECK_FALSE(read_capture_archive_bytes(magic + std::string(128, '\0'), "packed", error));
    INFO(error);
    CHECK(error.find("packed: ") == 0);
  }
  ::setenv("PATH", saved.c_str(), 1);
  CHECK_FALSE(std::filesystem::exists(ran));
}

TEST_CASE("capture: a member twice is refused, the metadata included", "[capture]") {
  CaptureFiles files = capture_of(three_processes(), false);
  const std::string status = files.members.at("proc/100/status");
  // The digest right, so that only the second member is wrong.
  files.meta.digest = members_digest({{"proc/100/status", status}});
  const std::string meta = capture_meta_json(files.meta);
  std::string error;
  for (const auto& twice : {std::string(kCaptureMetaMember), std::string("proc/100/status")}) {
    std::vector<std::pair<std::string, std::string>> members = {
        {std::string(kCaptureMetaMember), meta}, {"proc/100/status", status}};
    members.emplace_back(twice, twice == kCaptureMetaMember ? meta : status);
    INFO(twice);
    CHECK_FALSE(read_capture_archive_bytes(raw_tar(members), "twice.tar", error));
    CHECK(error == "twice.tar: member \"" + twice + "\" is in it twice: not a memwho capture");
  }
}

TEST_CASE("capture: a member's declared size is refused before anything is allocated for it",
          "[capture]") {
  // A bare ustar header declaring 8 GiB - 1 (the most its 11 octal digits hold), and no data:
  // refused from the header, where growing a string to the data would allocate gigabytes.
  for (const char* name : {"proc/1/status", "proc/1/smaps"}) {
    std::string header(512, '\0');
    const auto put = [&header](std::size_t at, std::string_view field) {
      header.replace(at, field.size(), field);
    };
    put(0, name);
    put(100, "0000444");
    put(124, "77777777777");
    put(136, "00000000000");
    put(156, "0");
    put(257, std::string_view("ustar\0"
                              "00",
                              8));
    put(148, "        ");
    unsigned sum = 0;
    for (const char c : header) sum += static_cast<unsigned char>(c);
    char chksum[8];
    std::snprintf(chksum, sizeof chksum, "%06o", sum);
    put(148, std::string_view(chksum, 7));
    std::string error;
    INFO(name);
    CHECK_FALSE(read_capture_archive_bytes(header + std::string(1024, '\0'), "huge.tar", error));
    CHECK(error ==
          "huge.tar: member \"" + std::string(name) + "\" is larger than any file memwho reads");
  }
}

TEST_CASE("capture: members together may not hold more than the total cap", "[capture]") {
  // zstd packs a run of zeros into almost nothing: each member below its own cap, the sum far
  // beyond any capture memwho writes. Here with a 1 MiB cap for the test (1 GiB in memwho).
  CaptureFiles files = capture_of(three_processes(), false);
  for (const char* pid : {"100", "200", "300"}) {
    files.members["proc/" + std::string(pid) + "/smaps"] = std::string(512 * 1024, '\0');
  }
  const std::string path = write_archive(files, "bomb.tar.zst");
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  CHECK(bytes.size() < 64 * 1024);
  std::string error;
  CHECK_FALSE(read_capture_archive_bytes(bytes, "bomb.tar.zst", error, std::size_t{1} << 20));
  CHECK(error == "bomb.tar.zst: more than 1 MiB unpacked: not a capture memwho writes");
  // Under the real cap it reads.
  CHECK(read_capture_archive_bytes(bytes, "bomb.tar.zst", error));
}
