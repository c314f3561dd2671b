#pragma once
// A capture as a file: a pax tar compressed with zstd or gzip, written and read with libarchive;
// or the directory it unpacks to (tar xf). Reading checks every member (its path, its size):
// an archive is input like any other and may be truncated, corrupt or hostile.
#include <optional>
#include <string>
#include <string_view>

#include "memwho/capture/capture_files.hpp"

namespace memwho {

enum class Compression : std::uint8_t { zstd, gzip };

/// gzip for a FILE ending in .gz or .tgz, zstd otherwise.
Compression compression_for(std::string_view file);

/// Writes `files` as a capture archive to the open descriptor `fd`, the metadata first; false
/// (and `error`) when libarchive or the write fails.
bool write_capture_archive(int fd, const CaptureFiles& files, Compression compression,
                           std::string& error);

/// Reads the capture archive at `path` whole; nullopt (and `error`, naming the file and what is
/// wrong) when it is not a readable capture.
std::optional<CaptureFiles> read_capture_archive(const std::string& path, std::string& error);

/// The same of an archive held in memory (`bytes`), named `where` in errors; `max_total`: the
/// most its members may hold together (tests make it small).
std::optional<CaptureFiles> read_capture_archive_bytes(std::string_view bytes,
                                                       const std::string& where, std::string& error,
                                                       std::size_t max_total = kMaxCaptureBytes);

/// Reads an unpacked capture (a directory holding memwho-capture.json) whole, checked as an
/// archive is.
std::optional<CaptureFiles> read_capture_directory(const std::string& path, std::string& error);

/// A directory that holds a capture's metadata member.
bool is_capture_directory(const std::string& path);

}  // namespace memwho
