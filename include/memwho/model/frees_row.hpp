#pragma once
// What stopping a row's processes frees (a process alone, a group, the whole selection): exact
// from page frames as root, bounds from the smaps counters otherwise. The cells it gives are the
// columns group_unique, its split, group_swap, shared_outside, shmem_objects and frees.
#include <cstddef>
#include <cstdint>
#include <optional>

#include "memwho/model/cell.hpp"

namespace memwho {

struct FreesRow {
  /// From page frames (root): every figure below that is set is exact, unless `dying_unknown`.
  bool from_frames = false;
  // Exact (from frames).
  std::optional<std::uint64_t> unique_anon, unique_shmem, unique_file, swap, shared_outside;
  // The shared memory objects the processes map or hold open.
  std::size_t objects = 0;
  std::optional<std::uint64_t> objects_kib;  ///< their whole size (known ones)
  bool objects_partial = false;              ///< some object's size is not known
  std::uint64_t dying_kib = 0;               ///< objects that die with the processes
  std::size_t dying_unknown = 0;             ///< objects whose fate or size is not known
  std::optional<std::uint64_t> may_die_kib;  ///< the most the objects that may die hold
  /// Objects counted as dying on the assumption that the processes memwho could not read hold
  /// none of them (the report names those processes).
  std::size_t dying_assumed = 0;
  /// Bounds, from the smaps counters (always when not from frames): ΣUSS <= group_unique <=
  /// ΣPSS; anon_low <= unique anon.
  std::optional<std::uint64_t> unique_low, unique_high, anon_low, anon_high, swap_high;

  /// What stopping frees, exact: unique anon + swap + the objects that die.
  [[nodiscard]] std::optional<std::uint64_t> frees() const {
    if (!from_frames || dying_unknown > 0 || !unique_anon || !swap) return std::nullopt;
    return *unique_anon + *swap + dying_kib;
  }
  /// The least it frees: what is sure.
  [[nodiscard]] std::optional<std::uint64_t> frees_low() const {
    if (from_frames && unique_anon && swap) return *unique_anon + *swap + dying_kib;
    if (!anon_low) return std::nullopt;
    return *anon_low + dying_kib;
  }
  /// The most it frees: unique anon (or its bound), swap, and every object that may die. nullopt
  /// when the size of such an object is unknown.
  [[nodiscard]] std::optional<std::uint64_t> frees_high() const {
    if (!may_die_kib) return std::nullopt;
    if (from_frames && unique_anon && swap) return *unique_anon + *swap + *may_die_kib;
    if (!anon_high || !swap_high) return std::nullopt;
    return *anon_high + *swap_high + *may_die_kib;
  }
  [[nodiscard]] std::optional<std::uint64_t> group_unique() const {
    if (!from_frames || !unique_anon || !unique_shmem || !unique_file) return std::nullopt;
    return *unique_anon + *unique_shmem + *unique_file;
  }

  // Cells: exact values, or a lower bound (">=") where only that is known.
  [[nodiscard]] Cell group_unique_cell() const {
    if (auto v = group_unique()) return SizeKib{*v};
    return at_least(unique_low);
  }
  [[nodiscard]] Cell anon_cell() const {
    if (from_frames && unique_anon) return SizeKib{*unique_anon};
    return at_least(anon_low);
  }
  [[nodiscard]] Cell frees_cell() const {
    if (auto v = frees()) return SizeKib{*v};
    return at_least(frees_low());
  }
  [[nodiscard]] Cell objects_cell() const {
    if (!objects_kib) return std::monostate{};
    return SizeKib{*objects_kib, objects_partial};
  }
  static Cell exact_cell(const std::optional<std::uint64_t>& v) {
    if (!v) return std::monostate{};
    return SizeKib{*v};
  }

 private:
  static Cell at_least(const std::optional<std::uint64_t>& v) {
    if (!v) return std::monostate{};
    return SizeKib{*v, true};
  }
};

/// A process among the processes measured together (--sharing): how its frames are shared.
struct SharingRow {
  std::optional<std::uint64_t> private_kib, shared_group_kib, shared_outside_kib;
  std::optional<int> cow_parent;  ///< its nearest ancestor among the processes
  std::optional<std::uint64_t> cow_shared_kib;
  std::optional<std::int64_t> cow_percent;  ///< of the ancestor's resident frames, rounded
};

}  // namespace memwho
