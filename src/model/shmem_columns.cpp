#include "memwho/model/shmem_columns.hpp"

#include <array>

namespace memwho {
namespace {

constexpr ColumnMeta size(std::string_view key, std::string_view title, Source src,
                          std::string_view description, std::string_view sum_means) {
  // Objects are distinct: their sizes add up.
  ColumnMeta m{key, title, description, ValueKind::size, true, kNeedFrames, src, kInShmem};
  m.sum_means = sum_means;
  m.width = 10;
  return m;
}

// clang-format off
constexpr std::array kColumns = {
    ShmemColumn{{"kind", "KIND", "sysv, posix (/dev/shm), memfd or anon_shared (MAP_SHARED|MAP_ANONYMOUS)",
                 ValueKind::text, false, kNeedFrames, {"maps", "the path of the mapping or fd"},
                 kInShmem},
                [](const ShmemObject& o) -> Cell { return shmem_kind_name(o.kind); }},
    ShmemColumn{size("size", "SIZE", {"map_files, fd, sysvipc/shm", "st_size; SysV: size"},
                     "the object's size: what it may hold",
                     "the objects' sizes"),
                [](const ShmemObject& o) { return size_cell(o.size_kib); }},
    ShmemColumn{size("whole", "WHOLE",
                     {"map_files, fd, sysvipc/shm", "st_blocks; SysV: rss + swap"},
                     "resident + swapped: all its pages, mapped by anyone or by no one",
                     "the memory the objects hold"),
                [](const ShmemObject& o) { return size_cell(o.whole_kib); }},
    ShmemColumn{size("mapped", "MAPPED", {"pagemap", "distinct frames in their mappings of it"},
                     "of WHOLE, what the selected processes map (root)",
                     "what the selected processes map of them"),
                [](const ShmemObject& o) -> Cell {
                  if (!o.mapped_kib) return std::monostate{};
                  return SizeKib{*o.mapped_kib, o.mapped_partial};
                }},
    ShmemColumn{{"holders", "HOLDERS", "processes that map it or hold it open, selected or not",
                 ValueKind::number, false, kNeedFrames, {"maps, fd", "every process's"},
                 kInShmem},
                [](const ShmemObject& o) -> Cell {
                  return static_cast<std::int64_t>(o.holders.size());
                }},
    ShmemColumn{{"holders_selected", "SELECTED", "of HOLDERS, the selected processes",
                 ValueKind::number, false, kNeedFrames, {"maps, fd", "the selected processes'"},
                 kInShmem},
                [](const ShmemObject& o) -> Cell {
                  return static_cast<std::int64_t>(o.holders_measured);
                }},
    ShmemColumn{{"dies", "DIES",
                 "yes: it dies when the selected processes stop (no name, no other holder)",
                 ValueKind::text, false, kNeedFrames,
                 {"maps, fd, sysvipc/shm", "name gone (SysV: SHM_DEST) and no holder outside"},
                 kInShmem},
                [](const ShmemObject& o) -> Cell {
                  if (!o.dies) return std::monostate{};
                  return std::string_view(*o.dies ? "yes" : "no");
                }},
    ShmemColumn{{"inode", "INODE", "the object's inode (SysV: the shmid)", ValueKind::number,
                 false, kNeedFrames, {"maps", "inode"}, kInShmem},
                [](const ShmemObject& o) -> Cell { return static_cast<std::int64_t>(o.id.ino); }},
    ShmemColumn{{"object", "OBJECT", "its name as maps or fd shows it", ValueKind::text, false,
                 kNeedFrames, {"maps", "path"}, kInShmem, 0},
                [](const ShmemObject& o) -> Cell { return std::string_view(o.name); }},
};
// clang-format on

}  // namespace

std::span<const ShmemColumn> shmem_columns() {
  return kColumns;
}

const ShmemColumn* find_shmem_column(std::string_view key) {
  return find_column(shmem_columns(), key, kInShmem);
}

std::vector<const ShmemColumn*> default_shmem_columns() {
  std::vector<const ShmemColumn*> cols;
  for (const char* key : {"kind", "size", "whole", "mapped", "holders", "dies", "object"}) {
    cols.push_back(find_shmem_column(key));
  }
  return cols;
}

void sort_objects(std::vector<ShmemObject>& objects, const ShmemSortKey& key) {
  sort_by(
      objects, key, [](const ShmemObject& o) -> const ShmemObject& { return o; },
      [](const ShmemObject& a, const ShmemObject& b) { return a.id < b.id; });
}

}  // namespace memwho
