// A capture as a file: libarchive's pax tar, compressed with zstd (fast, small) or gzip. Read
// back whole into memory: even every process's smaps is tens of MB, and the views then read it
// as they read /proc. Every member is checked before it is kept: path, type and size.
#include "memwho/capture/capture_archive.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>

namespace memwho {
namespace {

struct ReadCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct WriteCloser {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryCloser {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

std::string why_of(archive* a) {
  const char* s = archive_error_string(a);
  return s != nullptr ? s : "unknown libarchive error";
}

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

/// Checks and keeps one member (or the metadata); false and `error` (naming `where`) if it is
/// not one a capture may hold.
bool keep_member(const std::string& where, std::string path, std::string bytes, CaptureFiles& files,
                 bool& have_meta, std::string& error, std::size_t max_total = kMaxCaptureBytes) {
  // A tar may hold a path twice (the last one wins when unpacked); memwho writes each once, and
  // a second metadata member would be parsed into the first (its command and users doubled).
  if (path == kCaptureMetaMember ? have_meta : files.members.contains(path)) {
    error = where + ": member \"" + path + "\" is in it twice: not a memwho capture";
    return false;
  }
  if (path == kCaptureMetaMember) {
    if (!parse_capture_meta(bytes, files.meta, error)) {
      error = where + ": " + error;
      return false;
    }
    have_meta = true;
    return true;
  }
  files.bytes += bytes.size();
  if (files.bytes > max_total) {
    error = where + ": more than " + std::to_string(max_total >> 20) +
            " MiB unpacked: not a capture memwho writes";
    return false;
  }
  files.members[std::move(path)] = std::move(bytes);
  return true;
}

/// "./proc/1/stat" (tar -C dir .) is "proc/1/stat".
std::string normal_path(std::string_view path) {
  while (path.substr(0, 2) == "./") path.remove_prefix(2);
  return std::string(path);
}

bool check_path(const std::string& where, const std::string& path, std::string& error) {
  std::string why;
  if (valid_member_path(path, why)) return true;
  error = where + ": member \"" + path + "\" is " + why + ": not a memwho capture";
  return false;
}

bool finish_read(const std::string& where, bool have_meta, std::string& error) {
  if (have_meta) return true;
  error = where + ": no memwho-capture.json in it: not a memwho capture";
  return false;
}

/// Sets up the decompressors libarchive has linked in (a null version: not linked, so it would
/// fall back to an external program).
void support_linked_filters(archive* a) {
  if (archive_zlib_version() != nullptr) archive_read_support_filter_gzip(a);
  if (archive_libzstd_version() != nullptr) archive_read_support_filter_zstd(a);
  if (archive_liblzma_version() != nullptr) {
    archive_read_support_filter_xz(a);
    archive_read_support_filter_lzma(a);
    archive_read_support_filter_lzip(a);
  }
  if (archive_bzlib_version() != nullptr) archive_read_support_filter_bzip2(a);
  if (archive_liblz4_version() != nullptr) archive_read_support_filter_lz4(a);
}

/// Reads the archive `open` opens on a fresh reader (a file, or bytes in memory; `path` names it
/// in errors): one code path for both, so the fuzzer reads archives as --proc-root does.
template <class Open>
std::optional<CaptureFiles> read_archive(const std::string& path, const Open& open,
                                         std::string& error,
                                         std::size_t max_total = kMaxCaptureBytes) {
  const std::unique_ptr<archive, ReadCloser> a(archive_read_new());
  if (!a) {
    error = path + ": out of memory";
    return std::nullopt;
  }
  // Any compression libarchive decodes itself, but only tar: the content says what it is, not
  // the name. Not filter_all: for lzop, lrzip and grzip (and any library it was built without)
  // libarchive runs the program of that name found in $PATH on the file's bytes.
  support_linked_filters(a.get());
  archive_read_support_format_tar(a.get());
  if (open(a.get()) != ARCHIVE_OK) {
    // A small archive is decompressed whole when opened: a truncated one fails here too.
    error = path + ": not a memwho capture, or truncated or corrupt (" + why_of(a.get()) + ")";
    return std::nullopt;
  }
  CaptureFiles files;
  bool have_meta = false;
  archive_entry* entry = nullptr;
  for (;;) {
    const int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r < ARCHIVE_WARN) {
      error =
          path + ": not a readable memwho capture, truncated or corrupt (" + why_of(a.get()) + ")";
      return std::nullopt;
    }
    const char* raw = archive_entry_pathname(entry);
    const std::string name = normal_path(raw != nullptr ? raw : "");
    const mode_t type = archive_entry_filetype(entry);
    if (type == AE_IFDIR || name.empty() || name == ".") continue;
    if (!check_path(path, name, error)) return std::nullopt;
    if (type != AE_IFREG) {
      error = path + ": member \"" + name + "\" is not a regular file: not a memwho capture";
      return std::nullopt;
    }
    const std::size_t limit = name == kCaptureMetaMember ? kMaxFileBytes : member_limit(name);
    if (archive_entry_size_is_set(entry) != 0 &&
        static_cast<std::uint64_t>(archive_entry_size(entry)) > limit) {
      error = path + ": member \"" + name + "\" is larger than any file memwho reads";
      return std::nullopt;
    }
    std::string bytes;
    char chunk[64 * 1024];
    for (;;) {
      const la_ssize_t n = archive_read_data(a.get(), chunk, sizeof chunk);
      if (n == 0) break;
      if (n < 0) {
        error = path + ": member \"" + name + "\" cannot be read, truncated or corrupt (" +
                why_of(a.get()) + ")";
        return std::nullopt;
      }
      if (bytes.size() + static_cast<std::size_t>(n) > limit) {
        error = path + ": member \"" + name + "\" is larger than any file memwho reads";
        return std::nullopt;
      }
      bytes.append(chunk, static_cast<std::size_t>(n));
    }
    if (!keep_member(path, name, std::move(bytes), files, have_meta, error, max_total))
      return std::nullopt;
  }
  if (!finish_read(path, have_meta, error)) return std::nullopt;
#ifndef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
  if (files.meta.digest != members_digest(files.members)) {
    error = path + ": corrupt: its members are not what memwho wrote (the digest differs)";
    return std::nullopt;
  }
#else
  // The fuzzer (tests/fuzz) cannot forge a digest, and would never reach the proc tree made of
  // what it read: there the digest is computed but not compared.
  static_cast<void>(members_digest(files.members));
#endif
  return files;
}

}  // namespace

Compression compression_for(std::string_view file) {
  return ends_with(file, ".gz") || ends_with(file, ".tgz") ? Compression::gzip : Compression::zstd;
}

bool write_capture_archive(int fd, const CaptureFiles& files, Compression compression,
                           std::string& error) {
  const std::unique_ptr<archive, WriteCloser> a(archive_write_new());
  const std::unique_ptr<archive_entry, EntryCloser> entry(archive_entry_new());
  if (!a || !entry) {
    error = "out of memory";
    return false;
  }
  const int filter = compression == Compression::gzip ? archive_write_add_filter_gzip(a.get())
                                                      : archive_write_add_filter_zstd(a.get());
  if (filter != ARCHIVE_OK || archive_write_set_format_pax_restricted(a.get()) != ARCHIVE_OK ||
      archive_write_open_fd(a.get(), fd) != ARCHIVE_OK) {
    error = why_of(a.get());
    return false;
  }
  const std::time_t now = std::time(nullptr);
  const auto put = [&](const std::string& path, std::string_view bytes) {
    archive_entry_clear(entry.get());
    archive_entry_set_pathname(entry.get(), path.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), 0444);
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(bytes.size()));
    archive_entry_set_mtime(entry.get(), now, 0);
    if (archive_write_header(a.get(), entry.get()) != ARCHIVE_OK) return false;
    return bytes.empty() || archive_write_data(a.get(), bytes.data(), bytes.size()) ==
                                static_cast<la_ssize_t>(bytes.size());
  };
  CaptureMeta meta = files.meta;
  meta.digest = members_digest(files.members);
  if (!put(std::string(kCaptureMetaMember), capture_meta_json(meta))) {
    error = why_of(a.get());
    return false;
  }
  for (const auto& [path, bytes] : files.members) {
    if (!put(path, bytes)) {
      error = why_of(a.get());
      return false;
    }
  }
  if (archive_write_close(a.get()) != ARCHIVE_OK) {
    error = why_of(a.get());
    return false;
  }
  return true;
}

std::optional<CaptureFiles> read_capture_archive(const std::string& path, std::string& error) {
  return read_archive(
      path, [&path](archive* a) { return archive_read_open_filename(a, path.c_str(), 64 * 1024); },
      error);
}

std::optional<CaptureFiles> read_capture_archive_bytes(std::string_view bytes,
                                                       const std::string& where, std::string& error,
                                                       std::size_t max_total) {
  return read_archive(
      where,
      [bytes](archive* a) { return archive_read_open_memory(a, bytes.data(), bytes.size()); },
      error, max_total);
}

bool is_capture_directory(const std::string& path) {
  struct stat st {};
  const std::string meta = path + "/" + std::string(kCaptureMetaMember);
  return ::stat(meta.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::optional<CaptureFiles> read_capture_directory(const std::string& path, std::string& error) {
  namespace fs = std::filesystem;
  CaptureFiles files;
  bool have_meta = false;
  std::error_code ec;
  fs::recursive_directory_iterator it(path, fs::directory_options::none, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& e = *it;
    const fs::file_status st = e.symlink_status(ec);
    if (ec) break;
    if (fs::is_directory(st)) continue;
    const std::string name = e.path().lexically_relative(path).generic_string();
    if (!check_path(path, name, error)) return std::nullopt;
    if (!fs::is_regular_file(st)) {
      error = path + ": \"" + name + "\" is not a regular file: not a memwho capture";
      return std::nullopt;
    }
    const std::size_t limit = name == kCaptureMetaMember ? kMaxFileBytes : member_limit(name);
    // O_NONBLOCK: a FIFO swapped in since the check must not block the open.
    const int fd = ::open(e.path().c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
    if (fd < 0) {
      error = path + ": \"" + name + "\": " + std::strerror(errno);
      return std::nullopt;
    }
    std::string bytes;
    char chunk[64 * 1024];
    ssize_t n = 0;
    while ((n = ::read(fd, chunk, sizeof chunk)) > 0 && bytes.size() <= limit) {
      bytes.append(chunk, static_cast<std::size_t>(n));
    }
    const int read_errno = errno;
    ::close(fd);
    if (n < 0) {
      error = path + ": \"" + name + "\": " + std::strerror(read_errno);
      return std::nullopt;
    }
    if (bytes.size() > limit) {
      error = path + ": \"" + name + "\" is larger than any file memwho reads";
      return std::nullopt;
    }
    if (!keep_member(path, name, std::move(bytes), files, have_meta, error)) return std::nullopt;
  }
  if (ec) {
    error = path + ": " + ec.message();
    return std::nullopt;
  }
  if (!finish_read(path, have_meta, error)) return std::nullopt;
  return files;
}

}  // namespace memwho
