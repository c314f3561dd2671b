#pragma once
// What a capture (memwho capture FILE) holds, in memory: the proc and cgroup files it recorded as
// archive members by path, the reads that gave no file (refused, failed), and the metadata
// member that says where and when it was taken. Both the writer and the reader work on this.
//
// Layout of the archive (a pax tar, zstd or gzip), and of its unpacked directory:
//   memwho-capture.json        the metadata (first member)
//   proc/PID/status ...        as /proc/PID/...; proc/meminfo, proc/sysvipc/shm
//   cgroup/PATH/memory.*       as --sys-root/PATH/memory.* (the cgroups of the captured processes)
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "memwho/proc/proc_source.hpp"

namespace memwho {

inline constexpr std::string_view kCaptureMetaMember = "memwho-capture.json";
inline constexpr std::string_view kProcPrefix = "proc/";
inline constexpr std::string_view kCgroupPrefix = "cgroup/";
/// The most a streamed member (smaps) may hold; whole files are held to kMaxFileBytes.
inline constexpr std::size_t kMaxStreamedBytes = std::size_t{1} << 30;

/// A read that gave no file, as the capture met it: the offline view meets the same outcome
/// ("refused" stays refused).
struct UnreadFile {
  ReadStatus status = ReadStatus::denied;
  int error = 0;
  std::string detail;  ///< what was wrong when it was not an errno
};

struct CaptureMeta {
  CaptureInfo info;
  std::string version;                       ///< memwho's, that wrote the capture
  std::vector<std::string> command;          ///< the command line that took it
  std::size_t processes = 0;                 ///< the processes captured
  std::size_t vanished = 0;                  ///< selected, but gone before their files were read
  std::map<std::string, UnreadFile> unread;  ///< member path -> how its read ended
  /// members_digest() of the members when written: zstd frames carry no checksum, so a
  /// corrupt archive could otherwise decompress into wrong figures without a word.
  std::string digest;
};

struct CaptureFiles {
  CaptureMeta meta;
  std::map<std::string, std::string> members;  ///< member path -> bytes (not the metadata)
  std::size_t bytes = 0;                       ///< the members' sizes added up
};

/// The most a capture may hold unpacked, all members together. Each member has its own cap, but
/// zstd packs 60 MiB of zeros into 2 KiB: without a total, a small file could fill the memory.
/// A capture of 1,000 processes with --maps is a few hundred MiB at most.
inline constexpr std::size_t kMaxCaptureBytes = std::size_t{1} << 30;

/// The metadata member's text (JSON).
std::string capture_meta_json(const CaptureMeta& meta);

/// Parses the metadata member; false (and `error`) when it is not memwho's. Never throws.
bool parse_capture_meta(std::string_view text, CaptureMeta& meta, std::string& error);

/// A digest of the members' paths and bytes (64-bit FNV-1a, hex): catches corruption, not
/// tampering.
std::string members_digest(const std::map<std::string, std::string>& members);

/// Whether `path` may be a member of a capture: the metadata, or a relative path below proc/ or
/// cgroup/ without "." or ".." parts, naming a file memwho reads there. Else `why` says.
bool valid_member_path(std::string_view path, std::string& why);

/// The most bytes the member `path` may hold: smaps is streamed, every other file read whole.
std::size_t member_limit(std::string_view path);

}  // namespace memwho
