#pragma once
// Which mappings are shared memory objects, by what /proc/PID/maps prints for them (pure): SysV
// segments, POSIX shared memory (/dev/shm), memfd and anonymous MAP_SHARED memory. Their pages
// are shmem: not freed when the process exits unless the object dies with it.
#include <cstdint>
#include <optional>
#include <string_view>

#include "memwho/proc/parse_smaps.hpp"

namespace memwho {

enum class ShmemKind : std::uint8_t {
  sysv,         ///< "/SYSV0000abcd (deleted)": inode = shmid; dies when removed and detached
  posix,        ///< "/dev/shm/NAME": dies when unlinked and no longer held
  memfd,        ///< "/memfd:NAME (deleted)": dies with its last mapping or descriptor
  anon_shared,  ///< MAP_SHARED|MAP_ANONYMOUS ("/dev/zero (deleted)"): dies with its last mapping
};

std::string_view shmem_kind_name(ShmemKind kind);

/// An object by its inode: device numbers as maps prints them, and the inode.
struct ShmemId {
  std::uint32_t dev_major = 0, dev_minor = 0;
  std::uint64_t ino = 0;
  friend bool operator==(const ShmemId&, const ShmemId&) = default;
  friend auto operator<=>(const ShmemId&, const ShmemId&) = default;
};

/// The kind of shared memory object a mapping maps, or nullopt for any other mapping.
std::optional<ShmemKind> shmem_kind(const MappingHeader& h);

/// The same from a /proc/PID/fd link's target ("/memfd:x (deleted)", "/dev/shm/x"): a
/// descriptor keeps a memfd or POSIX object alive without mapping it.
std::optional<ShmemKind> shmem_kind_of_link(std::string_view target);

/// True when a path as the kernel prints it ends in " (deleted)": the name is gone.
bool path_deleted(std::string_view path);

}  // namespace memwho
