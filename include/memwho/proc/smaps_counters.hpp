#pragma once
// The "Key: N kB" counters of /proc/PID/smaps and smaps_rollup, and a table that maps each key to
// a slot, so one parser serves both files and any kernel's set of keys.
#include <array>
#include <cstdint>
#include <limits>
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
  /// Adds `kib` to a counter (summing records). A sum that would overflow makes it unknown.
  void add(SmapsKey key, std::uint64_t kib) {
    const auto i = static_cast<std::size_t>(key);
    if (values_[i] > std::numeric_limits<std::uint64_t>::max() - kib) bad_ |= bit(key);
    values_[i] += kib;
    present_ |= bit(key);
  }
  /// Sets a counter of one record. A key the record already had (the kernel prints each once)
  /// makes it unknown: two values cannot both be true.
  void add_once(SmapsKey key, std::uint64_t kib) {
    if (has_line(key)) bad_ |= bit(key);
    values_[static_cast<std::size_t>(key)] = kib;
    present_ |= bit(key);
  }
  /// Marks a counter whose line was there but whose value was not "<digits> kB".
  void set_malformed(SmapsKey key) {
    present_ |= bit(key);
    bad_ |= bit(key);
  }
  /// Replaces one counter (present and valid from now on).
  void set(SmapsKey key, std::uint64_t kib) {
    values_[static_cast<std::size_t>(key)] = kib;
    present_ |= bit(key);
    bad_ &= ~bit(key);
  }
  /// Adds every counter of `other`; a counter present in either is present in the sum, and
  /// unknown in the sum if unknown in either (or if the sum overflows).
  SmapsCounters& operator+=(const SmapsCounters& other) {
    for (std::size_t i = 0; i < kSmapsKeyCount; ++i) {
      const std::uint64_t v = other.values_[i];
      if (values_[i] > std::numeric_limits<std::uint64_t>::max() - v) bad_ |= std::uint32_t{1} << i;
      values_[i] += v;
    }
    present_ |= other.present_;
    bad_ |= other.bad_;
    return *this;
  }
  /// True when the kernel printed the counter and its value is known.
  [[nodiscard]] bool has(SmapsKey key) const {
    return (present_ & bit(key)) != 0 && (bad_ & bit(key)) == 0;
  }
  /// True when a line for the counter was there, whatever its value.
  [[nodiscard]] bool has_line(SmapsKey key) const { return (present_ & bit(key)) != 0; }
  /// True when some counter's line was there but its value unusable (malformed, duplicated,
  /// overflowed).
  [[nodiscard]] bool any_malformed() const { return bad_ != 0; }
  /// How many counters are unusable.
  [[nodiscard]] int malformed_count() const { return __builtin_popcount(bad_); }
  /// The first such counter.
  [[nodiscard]] std::optional<SmapsKey> first_malformed() const {
    for (std::size_t i = 0; i < kSmapsKeyCount; ++i) {
      if ((bad_ >> i) & 1u) return static_cast<SmapsKey>(i);
    }
    return std::nullopt;
  }
  [[nodiscard]] std::optional<std::uint64_t> get(SmapsKey key) const {
    if (!has(key)) return std::nullopt;
    return values_[static_cast<std::size_t>(key)];
  }
  /// Value or 0 when absent: for sums where an absent counter means "none of it".
  [[nodiscard]] std::uint64_t value_or_zero(SmapsKey key) const {
    return has(key) ? values_[static_cast<std::size_t>(key)] : 0;
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
  /// a + b: absent when neither line was there, unknown when either value is unusable or the
  /// sum overflows.
  [[nodiscard]] std::optional<std::uint64_t> sum2(SmapsKey a, SmapsKey b) const {
    if (!has_line(a) && !has_line(b)) return std::nullopt;
    if (((bad_ & bit(a)) | (bad_ & bit(b))) != 0) return std::nullopt;
    const std::uint64_t x = value_or_zero(a), y = value_or_zero(b);
    if (x > std::numeric_limits<std::uint64_t>::max() - y) return std::nullopt;
    return x + y;
  }

  std::array<std::uint64_t, kSmapsKeyCount> values_{};
  std::uint32_t present_ = 0;
  std::uint32_t bad_ = 0;
  static_assert(kSmapsKeyCount <= 32, "bitmasks too small");
};

}  // namespace memwho
