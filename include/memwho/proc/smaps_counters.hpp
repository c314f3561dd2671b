#pragma once
// The "Key: N kB" counters of /proc/PID/smaps and smaps_rollup, and a table that maps each key to
// a slot, so one parser serves both files and any kernel's set of keys.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace memwho {

/// One slot per smaps counter memwho knows. Values are in KiB, as the kernel prints them ("kB").
enum class SmapsKey : std::uint8_t {
  size,
  kernel_page_size,
  mmu_page_size,
  rss,
  pss,
  pss_dirty,
  pss_anon,
  pss_file,
  pss_shmem,
  shared_clean,
  shared_dirty,
  private_clean,
  private_dirty,
  referenced,
  anonymous,
  ksm,
  lazy_free,
  anon_huge_pages,
  shmem_pmd_mapped,
  file_pmd_mapped,
  shared_hugetlb,
  private_hugetlb,
  swap,
  swap_pss,
  locked,
  count_  // number of keys; not a key
};

inline constexpr std::size_t kSmapsKeyCount = static_cast<std::size_t>(SmapsKey::count_);

/// The kernel's spelling of each key (without the colon), in SmapsKey order.
/// Source: fs/proc/task_mmu.c __show_smap()/show_smap()/show_smaps_rollup().
// clang-format off
inline constexpr std::array<std::string_view, kSmapsKeyCount> kSmapsKeyNames = {
    "Size",           "KernelPageSize",  "MMUPageSize",   "Rss",            "Pss",
    "Pss_Dirty",      "Pss_Anon",        "Pss_File",      "Pss_Shmem",      "Shared_Clean",
    "Shared_Dirty",   "Private_Clean",   "Private_Dirty", "Referenced",     "Anonymous",
    "KSM",            "LazyFree",        "AnonHugePages", "ShmemPmdMapped", "FilePmdMapped",
    "Shared_Hugetlb", "Private_Hugetlb", "Swap",          "SwapPss",        "Locked"};
// clang-format on

/// Finds the slot of a key such as "Pss"; nullopt for keys memwho does not track (VmFlags,
/// THPeligible, ProtectionKey, keys of future kernels).
std::optional<SmapsKey> smaps_key_from_name(std::string_view name);

/// A set of smaps counters. A counter the kernel did not print is absent, not zero: an old kernel
/// has no Pss_Dirty, a rollup has no Size.
class SmapsCounters {
 public:
  void add(SmapsKey key, std::uint64_t kib) {
    const auto i = static_cast<std::size_t>(key);
    values_[i] += kib;
    present_ |= bit(key);
  }
  /// Replaces one counter (present from now on).
  void set(SmapsKey key, std::uint64_t kib) {
    values_[static_cast<std::size_t>(key)] = kib;
    present_ |= bit(key);
  }
  /// Adds every counter of `other`; a counter present in either is present in the sum.
  SmapsCounters& operator+=(const SmapsCounters& other) {
    for (std::size_t i = 0; i < kSmapsKeyCount; ++i) values_[i] += other.values_[i];
    present_ |= other.present_;
    return *this;
  }
  [[nodiscard]] bool has(SmapsKey key) const { return (present_ & bit(key)) != 0; }
  [[nodiscard]] std::optional<std::uint64_t> get(SmapsKey key) const {
    if (!has(key)) return std::nullopt;
    return values_[static_cast<std::size_t>(key)];
  }
  /// Value or 0 when absent: for sums where an absent counter means "none of it".
  [[nodiscard]] std::uint64_t value_or_zero(SmapsKey key) const {
    return values_[static_cast<std::size_t>(key)];
  }
  [[nodiscard]] bool empty() const { return present_ == 0; }
  void clear() { *this = SmapsCounters{}; }

  /// USS: pages mapped only by this process (Private_Clean + Private_Dirty), the definition of
  /// procps `uss` and Android libmeminfo. Absent when the kernel printed neither.
  [[nodiscard]] std::optional<std::uint64_t> uss() const {
    return sum2(SmapsKey::private_clean, SmapsKey::private_dirty);
  }
  /// Shared_Clean + Shared_Dirty: resident pages that some other mapping also maps.
  [[nodiscard]] std::optional<std::uint64_t> shared() const {
    return sum2(SmapsKey::shared_clean, SmapsKey::shared_dirty);
  }
  /// Shared_Dirty + Private_Dirty: pmap -x's "Dirty" column.
  [[nodiscard]] std::optional<std::uint64_t> dirty() const {
    return sum2(SmapsKey::shared_dirty, SmapsKey::private_dirty);
  }

 private:
  static constexpr std::uint32_t bit(SmapsKey key) {
    return std::uint32_t{1} << static_cast<unsigned>(key);
  }
  [[nodiscard]] std::optional<std::uint64_t> sum2(SmapsKey a, SmapsKey b) const {
    if (!has(a) && !has(b)) return std::nullopt;
    return value_or_zero(a) + value_or_zero(b);
  }

  std::array<std::uint64_t, kSmapsKeyCount> values_{};
  std::uint32_t present_ = 0;
  static_assert(kSmapsKeyCount <= 32, "present_ bitmask too small");
};

}  // namespace memwho
