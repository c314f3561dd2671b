#include "memwho/maps/map_columns.hpp"

#include <array>

namespace memwho {
namespace {

Cell counter(const MapRow& r, SmapsKey key) {
  const auto v = r.counters->get(key);
  if (!v) return std::monostate{};
  return SizeKib{*v};
}
Cell opt_size(const std::optional<std::uint64_t>& v) {
  if (!v) return std::monostate{};
  return SizeKib{*v};
}

// A macro-free way to write "the counter KEY" as a column value.
template <SmapsKey K>
Cell counter_of(const MapRow& r) {
  return counter(r, K);
}

constexpr std::array kMapColumns = {
    MapColumn{"pid", "PID", "process id", false, false, false, false,
              [](const MapRow& r) -> Cell { return std::int64_t{r.pid}; }},
    MapColumn{"address", "ADDRESS", "start address (hex)", true, false, true, false,
              [](const MapRow& r) -> Cell { return r.address; }},
    MapColumn{"size", "SIZE", "virtual size of the mapping (Size); pmap's Kbytes", false, true,
              false, false, counter_of<SmapsKey::size>},
    MapColumn{"rss", "RSS", "resident (Rss)", false, true, false, false, counter_of<SmapsKey::rss>},
    MapColumn{"pss", "PSS", "proportional resident (Pss)", false, true, false, false,
              counter_of<SmapsKey::pss>},
    MapColumn{"uss", "USS", "mapped only here (Private_Clean+Private_Dirty)", false, true, false,
              false, [](const MapRow& r) -> Cell { return opt_size(r.counters->uss()); }},
    MapColumn{"dirty", "DIRTY", "dirty (Shared_Dirty+Private_Dirty); pmap's Dirty", false, true,
              false, false, [](const MapRow& r) -> Cell { return opt_size(r.counters->dirty()); }},
    MapColumn{"swap", "SWAP", "swapped out (Swap)", false, true, false, false,
              counter_of<SmapsKey::swap>},
    MapColumn{"mode", "MODE", "permissions: r w x, then s (shared) or p (private)", true, false,
              true, false, [](const MapRow& r) -> Cell { return r.mode; }},
    MapColumn{"mappings", "MAPS", "number of mappings added into the row", false, false, false,
              true, [](const MapRow& r) -> Cell { return static_cast<std::int64_t>(r.mappings); }},
    MapColumn{"processes", "PROCS", "number of processes mapping it", false, false, false, true,
              [](const MapRow& r) -> Cell { return static_cast<std::int64_t>(r.processes); }},
    MapColumn{"mapping", "MAPPING", "file path, [heap], [stack], [anon], [anon:NAME], ...", true,
              false, false, false, [](const MapRow& r) -> Cell { return r.name; }},
    // Extended columns, on request with -o.
    MapColumn{"anonymous", "ANON", "anonymous pages (Anonymous)", false, true, false, false,
              counter_of<SmapsKey::anonymous>},
    MapColumn{"file_rss", "FILE_RSS", "resident pages that are not anonymous (Rss-Anonymous)",
              false, true, false, false,
              [](const MapRow& r) -> Cell {
                const auto rss = r.counters->get(SmapsKey::rss);
                const auto anon = r.counters->get(SmapsKey::anonymous);
                if (!rss || !anon) return std::monostate{};
                return SizeKib{*rss >= *anon ? *rss - *anon : 0};
              }},
    MapColumn{"shared_clean", "SHR_CLEAN", "Shared_Clean", false, true, false, false,
              counter_of<SmapsKey::shared_clean>},
    MapColumn{"shared_dirty", "SHR_DIRTY", "Shared_Dirty", false, true, false, false,
              counter_of<SmapsKey::shared_dirty>},
    MapColumn{"private_clean", "PRIV_CLEAN", "Private_Clean", false, true, false, false,
              counter_of<SmapsKey::private_clean>},
    MapColumn{"private_dirty", "PRIV_DIRTY", "Private_Dirty", false, true, false, false,
              counter_of<SmapsKey::private_dirty>},
    MapColumn{"pss_dirty", "PSS_DIRTY", "Pss_Dirty", false, true, false, false,
              counter_of<SmapsKey::pss_dirty>},
    MapColumn{"referenced", "REFERENCED", "recently referenced (Referenced)", false, true, false,
              false, counter_of<SmapsKey::referenced>},
    MapColumn{"locked", "LOCKED", "PSS of mlocked pages (Locked)", false, true, false, false,
              counter_of<SmapsKey::locked>},
    MapColumn{"anon_huge_pages", "ANON_THP", "PMD-mapped transparent huge pages (AnonHugePages)",
              false, true, false, false, counter_of<SmapsKey::anon_huge_pages>},
    MapColumn{"shmem_pmd_mapped", "SHMEM_PMD", "ShmemPmdMapped", false, true, false, false,
              counter_of<SmapsKey::shmem_pmd_mapped>},
    MapColumn{"file_pmd_mapped", "FILE_PMD", "FilePmdMapped", false, true, false, false,
              counter_of<SmapsKey::file_pmd_mapped>},
    MapColumn{"shared_hugetlb", "SHR_HUGETLB", "hugetlbfs pages, shared (Shared_Hugetlb)", false,
              true, false, false, counter_of<SmapsKey::shared_hugetlb>},
    MapColumn{"private_hugetlb", "PRIV_HUGETLB", "hugetlbfs pages, private (Private_Hugetlb)",
              false, true, false, false, counter_of<SmapsKey::private_hugetlb>},
    MapColumn{"ksm", "KSM", "KSM-merged pages (KSM, 6.7+)", false, true, false, false,
              counter_of<SmapsKey::ksm>},
    MapColumn{"lazy_free", "LAZYFREE", "MADV_FREE'd pages (LazyFree)", false, true, false, false,
              counter_of<SmapsKey::lazy_free>},
    MapColumn{"swap_pss", "SWAP_PSS", "proportional swap (SwapPss)", false, true, false, false,
              counter_of<SmapsKey::swap_pss>},
    MapColumn{"kernel_page_size", "KPAGE", "page size backing the mapping (KernelPageSize)", false,
              false, true, false, counter_of<SmapsKey::kernel_page_size>},
    MapColumn{"mmu_page_size", "MMUPAGE", "MMUPageSize", false, false, true, false,
              counter_of<SmapsKey::mmu_page_size>},
    MapColumn{"offset", "OFFSET", "file offset (hex)", true, false, true, false,
              [](const MapRow& r) -> Cell { return r.offset; }},
    MapColumn{"device", "DEVICE", "device major:minor (hex)", true, false, true, false,
              [](const MapRow& r) -> Cell { return r.device; }},
    MapColumn{"inode", "INODE", "inode number", false, false, true, false,
              [](const MapRow& r) -> Cell { return static_cast<std::int64_t>(r.header->inode); }},
    MapColumn{"vmflags", "VMFLAGS", "kernel VmFlags codes (rd wr ex sh mr mw me ...)", true, false,
              true, false, [](const MapRow& r) -> Cell { return r.vm_flags; }},
};

}  // namespace

std::span<const MapColumn> all_map_columns() {
  return kMapColumns;
}

const MapColumn* find_map_column(std::string_view key) {
  for (const MapColumn& c : kMapColumns) {
    if (c.key == key) return &c;
  }
  return nullptr;
}

bool map_column_fits(const MapColumn& column, MapViewKind view) {
  if (view == MapViewKind::by_file) return !column.per_mapping_only;
  return !column.by_file_only;
}

std::vector<const MapColumn*> default_map_columns(MapViewKind view, bool with_pid) {
  std::vector<const MapColumn*> cols;
  auto add = [&cols](std::string_view key) { cols.push_back(find_map_column(key)); };
  if (view == MapViewKind::mappings) {
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
