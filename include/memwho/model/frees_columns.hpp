#pragma once
// The columns of "what stopping frees", one definition for the process and the group views: a
// process row is the process alone, a group row the group.
#include <array>
#include <string_view>

#include "memwho/model/column.hpp"
#include "memwho/model/frees_row.hpp"

namespace memwho {

enum class FreesField : std::uint8_t { group_unique, anon, shmem, file, swap, objects, frees };

/// Why these do not add up across rows: each row's processes alone.
inline constexpr std::string_view kNotSummedAlone =
    "each row's figure counts its processes alone; pages they share with other rows go only "
    "when all stop (see the line on what stopping them frees)";

constexpr ColumnMeta frees_meta(FreesField f, std::uint8_t views) {
  struct Def {
    std::string_view key, title, description, file, field;
  };
  constexpr std::array<Def, 7> kDefs = {{
      {"group_unique", "UNIQUE",
       "resident memory only these processes map (anon + shmem + file); >= USS sum without root",
       "pagemap + kpagecount", "frames only they map: kpagecount = their mappings"},
      {"group_unique_anon", "UNIQ_ANON", "of UNIQUE, anonymous: freed when they stop",
       "pagemap + kpagecount + kpageflags", "frames only they map, ANON"},
      {"group_unique_shmem", "UNIQ_SHMEM",
       "of UNIQUE, shared memory: freed only if its object dies with them",
       "pagemap + kpagecount + kpageflags", "frames only they map, SWAPBACKED, not ANON"},
      {"group_unique_file", "UNIQ_FILE",
       "of UNIQUE, page cache: stays cached when they stop, not freed",
       "pagemap + kpagecount + kpageflags", "frames only they map, neither ANON nor SWAPBACKED"},
      {"group_swap", "UNIQ_SWAP", "swap slots their pages hold", "pagemap",
       "distinct swap entries"},
      {"shmem_objects", "SHM_OBJ",
       "whole size (resident + swapped) of the shared memory objects they map or hold open",
       "maps, map_files, fd, sysvipc/shm", "st_blocks of the object; SysV: rss + swap"},
      {"frees", "FREES",
       "what stopping them frees: UNIQ_ANON + UNIQ_SWAP + objects that die with them", "",
       "UNIQ_ANON + UNIQ_SWAP + SHM_OBJ of the objects that die with them"},
  }};
  const Def& d = kDefs[static_cast<std::size_t>(f)];
  ColumnMeta m{d.key,
               d.title,
               d.description,
               ValueKind::size,
               false,
               kNeedFrames | kNeedRollup,
               {d.file, d.field},
               views};
  m.width = 10;
  m.not_summed_because = kNotSummedAlone;
  return m;
}

inline Cell frees_cell(const FreesRow& r, FreesField f) {
  switch (f) {
    case FreesField::group_unique:
      return r.group_unique_cell();
    case FreesField::anon:
      return r.anon_cell();
    case FreesField::shmem:
      return r.from_frames ? FreesRow::exact_cell(r.unique_shmem) : Cell{};
    case FreesField::file:
      return r.from_frames ? FreesRow::exact_cell(r.unique_file) : Cell{};
    case FreesField::swap:
      return r.from_frames ? FreesRow::exact_cell(r.swap) : Cell{};
    case FreesField::objects:
      return r.objects_cell();
    case FreesField::frees:
      return r.frees_cell();
  }
  return {};
}

}  // namespace memwho
