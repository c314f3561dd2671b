#include "memwho/render/columns.hpp"

#include <algorithm>
#include <array>

namespace memwho {
namespace {

Cell size_cell(const std::optional<std::uint64_t>& v) {
  if (!v) return std::monostate{};
  return SizeKib{*v};
}
Cell smaps_cell(const ProcessRecord& r, SmapsKey key) {
  return size_cell(r.smaps_size(key));
}

// Which file each value comes from is part of the description, so --list-columns documents it.
constexpr std::array kColumns = {
    Column{"pid", ColumnKind::number, "PID", "process id", false, false, false,
           [](const ProcessRecord& r) -> Cell { return std::int64_t{r.pid}; }},
    Column{"ppid", ColumnKind::number, "PPID", "parent process id (status PPid)", false, false,
           false,
           [](const ProcessRecord& r) -> Cell {
             if (!r.ppid) return std::monostate{};
             return std::int64_t{*r.ppid};
           }},
    Column{"user", ColumnKind::text, "USER", "owner: name of the real uid (status Uid)", false,
           false, false,
           [](const ProcessRecord& r) -> Cell {
             if (!r.uid) return std::monostate{};
             return std::string_view(r.user);
           }},
    Column{"uid", ColumnKind::number, "UID", "real uid (status Uid)", false, false, false,
           [](const ProcessRecord& r) -> Cell {
             if (!r.uid) return std::monostate{};
             return std::int64_t{*r.uid};
           }},
    Column{"state", ColumnKind::text, "S", "process state letter (status State)", false, false,
           false,
           [](const ProcessRecord& r) -> Cell {
             if (!r.identity_known) return std::monostate{};
             return std::string_view(&r.state, 1);
           }},
    Column{"name", ColumnKind::text, "NAME", "process name, comm (status Name)", false, false,
           false,
           [](const ProcessRecord& r) -> Cell {
             if (!r.identity_known) return std::monostate{};
             return std::string_view(r.name);
           }},
    Column{"command", ColumnKind::text, "COMMAND",
           "full command line (cmdline); [name] when there is none", true, false, false,
           [](const ProcessRecord& r) -> Cell {
             if (!r.identity_known) return std::monostate{};
             return std::string_view(r.command);
           }},
    Column{"vss", ColumnKind::size, "VSS",
           "virtual size: address space, not memory (status VmSize)", false, false, false,
           [](const ProcessRecord& r) -> Cell { return size_cell(r.status_size(r.vm_size)); }},
    Column{"rss", ColumnKind::size, "RSS",
           "resident set: counts shared pages in full (status VmRSS)", false, false, false,
           [](const ProcessRecord& r) -> Cell { return size_cell(r.status_size(r.vm_rss)); }},
    Column{"rss_anon", ColumnKind::size, "RSS_ANON", "resident anonymous pages (status RssAnon)",
           false, false, false,
           [](const ProcessRecord& r) -> Cell { return size_cell(r.status_size(r.rss_anon)); }},
    Column{"rss_file", ColumnKind::size, "RSS_FILE", "resident file-backed pages (status RssFile)",
           false, false, false,
           [](const ProcessRecord& r) -> Cell { return size_cell(r.status_size(r.rss_file)); }},
    Column{"rss_shmem", ColumnKind::size, "RSS_SHMEM",
           "resident shared memory, tmpfs, memfd (status RssShmem)", false, false, false,
           [](const ProcessRecord& r) -> Cell { return size_cell(r.status_size(r.rss_shmem)); }},
    Column{"pss", ColumnKind::size, "PSS",
           "proportional set: shared pages split among sharers (smaps_rollup Pss)", false, true,
           true, [](const ProcessRecord& r) -> Cell { return smaps_cell(r, SmapsKey::pss); }},
    Column{"pss_anon", ColumnKind::size, "PSS_ANON",
           "PSS of anonymous pages (smaps_rollup Pss_Anon)", false, true, true,
           [](const ProcessRecord& r) -> Cell { return smaps_cell(r, SmapsKey::pss_anon); }},
    Column{"pss_file", ColumnKind::size, "PSS_FILE", "PSS of file pages (smaps_rollup Pss_File)",
           false, true, true,
           [](const ProcessRecord& r) -> Cell { return smaps_cell(r, SmapsKey::pss_file); }},
    Column{"pss_shmem", ColumnKind::size, "PSS_SHMEM",
           "PSS of shared memory (smaps_rollup Pss_Shmem)", false, true, true,
           [](const ProcessRecord& r) -> Cell { return smaps_cell(r, SmapsKey::pss_shmem); }},
    Column{"pss_dirty", ColumnKind::size, "PSS_DIRTY",
           "PSS of dirty pages (smaps_rollup Pss_Dirty)", false, true, true,
           [](const ProcessRecord& r) -> Cell { return smaps_cell(r, SmapsKey::pss_dirty); }},
    Column{"uss", ColumnKind::size, "USS",
           "unique set: pages only this process maps (Private_Clean+Private_Dirty)", false, true,
           true, [](const ProcessRecord& r) -> Cell { return size_cell(r.uss()); }},
    Column{"shared", ColumnKind::size, "SHARED",
           "resident pages others map too (Shared_Clean+Shared_Dirty)", false, true, false,
           [](const ProcessRecord& r) -> Cell { return size_cell(r.shared()); }},
    Column{"private_clean", ColumnKind::size, "PRIV_CLEAN", "smaps_rollup Private_Clean", false,
           true, true,
           [](const ProcessRecord& r) -> Cell { return smaps_cell(r, SmapsKey::private_clean); }},
    Column{"private_dirty", ColumnKind::size, "PRIV_DIRTY", "smaps_rollup Private_Dirty", false,
           true, true,
           [](const ProcessRecord& r) -> Cell { return smaps_cell(r, SmapsKey::private_dirty); }},
    Column{"shared_clean", ColumnKind::size, "SHR_CLEAN", "smaps_rollup Shared_Clean", false, true,
           false,
           [](const ProcessRecord& r) -> Cell { return smaps_cell(r, SmapsKey::shared_clean); }},
    Column{"shared_dirty", ColumnKind::size, "SHR_DIRTY", "smaps_rollup Shared_Dirty", false, true,
           false,
           [](const ProcessRecord& r) -> Cell { return smaps_cell(r, SmapsKey::shared_dirty); }},
    Column{"anonymous", ColumnKind::size, "ANON", "anonymous pages mapped (smaps_rollup Anonymous)",
           false, true, false,
           [](const ProcessRecord& r) -> Cell { return smaps_cell(r, SmapsKey::anonymous); }},
    Column{"swap", ColumnKind::size, "SWAP",
           "swapped out, shared swap counted in full (smaps_rollup Swap)", false, true, false,
           [](const ProcessRecord& r) -> Cell { return smaps_cell(r, SmapsKey::swap); }},
    Column{"swap_pss", ColumnKind::size, "SWAP_PSS",
           "proportional swap: sums correctly (smaps_rollup SwapPss)", false, true, true,
           [](const ProcessRecord& r) -> Cell { return smaps_cell(r, SmapsKey::swap_pss); }},
    Column{"vm_swap", ColumnKind::size, "VM_SWAP",
           "swapped anonymous pages, no shmem (status VmSwap)", false, false, false,
           [](const ProcessRecord& r) -> Cell { return size_cell(r.status_size(r.vm_swap)); }},
    Column{"locked", ColumnKind::size, "LOCKED", "PSS of mlocked pages (smaps_rollup Locked)",
           false, true, true,
           [](const ProcessRecord& r) -> Cell { return smaps_cell(r, SmapsKey::locked); }},
    Column{"hugetlb", ColumnKind::size, "HUGETLB",
           "hugetlbfs pages, outside RSS/PSS (Shared_Hugetlb+Private_Hugetlb)", false, true, false,
           [](const ProcessRecord& r) -> Cell {
             const auto s = r.smaps_size(SmapsKey::shared_hugetlb);
             const auto p = r.smaps_size(SmapsKey::private_hugetlb);
             if (!s && !p) return std::monostate{};
             return SizeKib{s.value_or(0) + p.value_or(0)};
           }},
};

}  // namespace

std::span<const Column> all_columns() {
  return kColumns;
}

const Column* find_column(std::string_view key) {
  for (const Column& c : kColumns) {
    if (c.key == key) return &c;
  }
  return nullptr;
}

std::vector<const Column*> default_columns() {
  std::vector<const Column*> cols;
  for (const char* key : {"pid", "user", "vss", "rss", "pss", "uss", "swap", "command"}) {
    cols.push_back(find_column(key));
  }
  return cols;
}

std::optional<SortKey> parse_sort_key(std::string_view text) {
  const SortSpec spec = parse_sort_spec(text);
  const Column* column = find_column(spec.key);
  if (column == nullptr) return std::nullopt;
  return SortKey{column, spec.descending.value_or(column->kind == ColumnKind::size)};
}

void sort_records(std::vector<ProcessRecord>& records, const SortKey& key) {
  const auto value = key.column->value;
  std::stable_sort(records.begin(), records.end(),
                   [&](const ProcessRecord& a, const ProcessRecord& b) {
                     const int order = order_cells(value(a), value(b), key.descending);
                     return order != 0 ? order < 0 : a.pid < b.pid;
                   });
}

}  // namespace memwho
