#include "memwho/proc/shmem_mapping.hpp"

namespace memwho {

std::string_view shmem_kind_name(ShmemKind kind) {
  switch (kind) {
    case ShmemKind::sysv:
      return "sysv";
    case ShmemKind::posix:
      return "posix";
    case ShmemKind::memfd:
      return "memfd";
    case ShmemKind::anon_shared:
      return "anon_shared";
  }
  return "?";
}

bool path_deleted(std::string_view path) {
  return path.ends_with(" (deleted)");
}

std::optional<ShmemKind> shmem_kind_of_link(std::string_view target) {
  if (target.starts_with("/memfd:")) return ShmemKind::memfd;
  if (target.starts_with("/dev/shm/")) return ShmemKind::posix;
  return std::nullopt;
}

std::optional<ShmemKind> shmem_kind(const MappingHeader& h) {
  const std::string_view p = h.path;
  // mm/shmem.c names SysV segments "SYSV%08x" on the internal shm mount; ipc/shm.c.
  if (p.starts_with("/SYSV") && path_deleted(p)) return ShmemKind::sysv;
  if (auto k = shmem_kind_of_link(p)) return k;
  // shmem_zero_setup(): an anonymous shared mapping is a deleted "/dev/zero" on the shm mount
  // (newer kernels may print "[anon_shmem]").
  const bool shared = h.perms[3] == 's';
  if (shared && (p == "/dev/zero (deleted)" || p == "[anon_shmem]")) return ShmemKind::anon_shared;
  return std::nullopt;
}

}  // namespace memwho
