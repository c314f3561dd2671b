#include "memwho/model/mapping_columns.hpp"

#include <array>

namespace memwho {
namespace {

Cell counter(const MapRow& r, SmapsKey key) {
  return size_cell(r.counters->get(key));
}

// "the counter KEY" as a column value, without a macro.
template <SmapsKey K>
Cell counter_of(const MapRow& r) {
  return counter(r, K);
}

constexpr std::uint8_t kBoth = kInMappings | kInObjects;

/// A counter of smaps: sums over the mappings of a process (pmap's total line).
constexpr ColumnMeta smaps_size(std::string_view key, std::string_view title,
                                std::string_view field, std::string_view description) {
  return {key, title, description, ValueKind::size, true, kNeedNothing, {"smaps", field}, kBoth};
}
/// A per-mapping property: no meaning for a whole object, never summed.
constexpr ColumnMeta per_mapping(std::string_view key, std::string_view title, ValueKind kind,
                                 std::string_view field, std::string_view description,
                                 std::uint8_t width = 9) {
  return {key, title, description, kind, false, kNeedNothing, {"smaps", field}, kInMappings, width};
}

// clang-format off
constexpr std::array kMapColumns = {
    MappingColumn{{"pid", "PID", "process id", ValueKind::number, false, kNeedNothing,
                   {"", "the /proc directory"}, kInMappings, 7},
                  [](const MapRow& r) -> Cell { return std::int64_t{r.pid}; }},
    MappingColumn{per_mapping("address", "ADDRESS", ValueKind::text, "header: start",
                              "start address (hex)", 16),
                  [](const MapRow& r) -> Cell { return r.address; }},
    MappingColumn{smaps_size("size", "SIZE", "Size", "virtual size of the mapping; pmap's Kbytes"),
                  counter_of<SmapsKey::size>},
    MappingColumn{smaps_size("rss", "RSS", "Rss", "resident"), counter_of<SmapsKey::rss>},
    MappingColumn{smaps_size("pss", "PSS", "Pss", "proportional resident (truncated per mapping)"),
                  counter_of<SmapsKey::pss>},
    MappingColumn{smaps_size("uss", "USS", "Private_Clean + Private_Dirty", "mapped only here"),
                  [](const MapRow& r) { return size_cell(r.counters->uss()); }},
    MappingColumn{smaps_size("dirty", "DIRTY", "Shared_Dirty + Private_Dirty", "dirty; pmap's Dirty"),
                  [](const MapRow& r) { return size_cell(r.counters->dirty()); }},
    MappingColumn{smaps_size("swap", "SWAP", "Swap", "swapped out"), counter_of<SmapsKey::swap>},
    MappingColumn{per_mapping("mode", "MODE", ValueKind::text, "header: perms",
                              "permissions: r w x, then s (shared) or p (private)", 4),
                  [](const MapRow& r) -> Cell { return r.mode; }},
    MappingColumn{{"mappings", "MAPS", "number of mappings added into the row", ValueKind::number,
                   true, kNeedNothing, {"", "count of smaps records"}, kInObjects},
                  [](const MapRow& r) -> Cell { return static_cast<std::int64_t>(r.mappings); }},
    MappingColumn{{"processes", "PROCS", "number of processes mapping it", ValueKind::number,
                   false, kNeedNothing, {"", "count of processes"}, kInObjects},
                  [](const MapRow& r) -> Cell { return static_cast<std::int64_t>(r.processes); }},
    MappingColumn{{"mapping", "MAPPING", "file path, [heap], [stack], [anon], [anon:NAME], ...",
                   ValueKind::text, false, kNeedNothing, {"smaps", "header: path"}, kBoth, 0},
                  [](const MapRow& r) -> Cell { return r.name; }},
    // Extended columns, on request with -o.
    MappingColumn{smaps_size("anonymous", "ANON", "Anonymous", "anonymous pages"),
                  counter_of<SmapsKey::anonymous>},
    MappingColumn{smaps_size("file_rss", "FILE_RSS", "Rss - Anonymous",
                             "resident pages that are not anonymous"),
                  [](const MapRow& r) -> Cell {
                    const auto rss = r.counters->get(SmapsKey::rss);
                    const auto anon = r.counters->get(SmapsKey::anonymous);
                    if (!rss || !anon) return std::monostate{};
                    return SizeKib{*rss >= *anon ? *rss - *anon : 0};
                  }},
    MappingColumn{smaps_size("shared_clean", "SHR_CLEAN", "Shared_Clean", "clean, mapped by others too"),
                  counter_of<SmapsKey::shared_clean>},
    MappingColumn{smaps_size("shared_dirty", "SHR_DIRTY", "Shared_Dirty", "dirty, mapped by others too"),
                  counter_of<SmapsKey::shared_dirty>},
    MappingColumn{smaps_size("private_clean", "PRIV_CLEAN", "Private_Clean", "clean, mapped only here"),
                  counter_of<SmapsKey::private_clean>},
    MappingColumn{smaps_size("private_dirty", "PRIV_DIRTY", "Private_Dirty", "dirty, mapped only here"),
                  counter_of<SmapsKey::private_dirty>},
    MappingColumn{smaps_size("pss_dirty", "PSS_DIRTY", "Pss_Dirty", "PSS of dirty pages"),
                  counter_of<SmapsKey::pss_dirty>},
    MappingColumn{smaps_size("referenced", "REFERENCED", "Referenced", "recently referenced"),
                  counter_of<SmapsKey::referenced>},
    MappingColumn{smaps_size("locked", "LOCKED", "Locked", "PSS of mlocked pages"),
                  counter_of<SmapsKey::locked>},
    MappingColumn{smaps_size("anon_huge_pages", "ANON_THP", "AnonHugePages",
                             "PMD-mapped transparent huge pages"),
                  counter_of<SmapsKey::anon_huge_pages>},
    MappingColumn{smaps_size("shmem_pmd_mapped", "SHMEM_PMD", "ShmemPmdMapped",
                             "PMD-mapped shared memory"),
                  counter_of<SmapsKey::shmem_pmd_mapped>},
    MappingColumn{smaps_size("file_pmd_mapped", "FILE_PMD", "FilePmdMapped", "PMD-mapped file pages"),
                  counter_of<SmapsKey::file_pmd_mapped>},
    MappingColumn{smaps_size("shared_hugetlb", "SHR_HUGETLB", "Shared_Hugetlb",
                             "hugetlbfs pages, shared"),
                  counter_of<SmapsKey::shared_hugetlb>},
    MappingColumn{smaps_size("private_hugetlb", "PRIV_HUGETLB", "Private_Hugetlb",
                             "hugetlbfs pages, private"),
                  counter_of<SmapsKey::private_hugetlb>},
    MappingColumn{smaps_size("ksm", "KSM", "KSM", "KSM-merged pages (6.7+)"), counter_of<SmapsKey::ksm>},
    MappingColumn{smaps_size("lazy_free", "LAZYFREE", "LazyFree", "MADV_FREE'd pages"),
                  counter_of<SmapsKey::lazy_free>},
    MappingColumn{smaps_size("swap_pss", "SWAP_PSS", "SwapPss", "proportional swap"),
                  counter_of<SmapsKey::swap_pss>},
    MappingColumn{per_mapping("kernel_page_size", "KPAGE", ValueKind::size, "KernelPageSize",
                              "page size backing the mapping"),
                  counter_of<SmapsKey::kernel_page_size>},
    MappingColumn{per_mapping("mmu_page_size", "MMUPAGE", ValueKind::size, "MMUPageSize",
                              "page size of the MMU"),
                  counter_of<SmapsKey::mmu_page_size>},
    MappingColumn{per_mapping("offset", "OFFSET", ValueKind::text, "header: offset",
                              "file offset (hex)", 8),
                  [](const MapRow& r) -> Cell { return r.offset; }},
    MappingColumn{per_mapping("device", "DEVICE", ValueKind::text, "header: dev",
                              "device major:minor (hex)", 5),
                  [](const MapRow& r) -> Cell { return r.device; }},
    MappingColumn{per_mapping("inode", "INODE", ValueKind::number, "header: inode", "inode number"),
                  [](const MapRow& r) -> Cell {
                    return static_cast<std::int64_t>(r.header->inode);
                  }},
    MappingColumn{per_mapping("vmflags", "VMFLAGS", ValueKind::text, "VmFlags",
                              "kernel VmFlags codes (rd wr ex sh mr mw me ...)", 0),
                  [](const MapRow& r) -> Cell { return r.vm_flags; }},
};
// clang-format on

}  // namespace

std::span<const MappingColumn> mapping_columns() {
  return kMapColumns;
}

const MappingColumn* find_mapping_column(std::string_view key, std::uint8_t view) {
  return find_column(mapping_columns(), key, view);
}

std::vector<const MappingColumn*> default_mapping_columns(std::uint8_t view, bool with_pid) {
  std::vector<const MappingColumn*> cols;
  auto add = [&](std::string_view key) { cols.push_back(find_mapping_column(key, view)); };
  if (view == kInMappings) {
    if (with_pid) add("pid");
    for (auto key : {"address", "size", "rss", "pss", "uss", "dirty", "swap", "mode", "mapping"}) {
      add(key);
    }
  } else {
    for (auto key :
         {"size", "rss", "pss", "uss", "dirty", "swap", "mappings", "processes", "mapping"}) {
      add(key);
    }
  }
  return cols;
}

}  // namespace memwho
