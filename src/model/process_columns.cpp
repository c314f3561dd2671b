#include "memwho/model/process_columns.hpp"

#include <array>

#include "memwho/model/frees_columns.hpp"

namespace memwho {
namespace {

Cell rollup(const ProcessRecord& r, SmapsKey key) {
  return size_cell(r.smaps_size(key));
}

constexpr ColumnMeta text(std::string_view key, std::string_view title, Needs needs, Source src,
                          std::string_view description) {
  return {key, title, description, ValueKind::text, false, needs, src, kInProcesses};
}
constexpr ColumnMeta number(std::string_view key, std::string_view title, Source src,
                            std::string_view description) {
  return {key, title, description, ValueKind::number, false, kNeedNothing, src, kInProcesses};
}
/// A size. `sums`: its sum across processes counts each page once at most.
constexpr ColumnMeta size(std::string_view key, std::string_view title, bool sums, Needs needs,
                          Source src, std::string_view description,
                          std::string_view sum_means = {}) {
  ColumnMeta m{key, title, description, ValueKind::size, sums, needs, src, kInProcesses};
  m.sum_means = sum_means;
  return m;
}
/// A column of the tree view only: the sizes of a process's subtree.
constexpr ColumnMeta tree_size(std::string_view key, std::string_view title, Source src,
                               std::string_view description) {
  // Subtrees nest: a TOTAL of them would count every descendant once per ancestor.
  ColumnMeta m{key, title, description, ValueKind::size, false, kNeedRollup, src, kInTree};
  m.not_summed_because = "a subtree holds its descendants' subtrees";
  return m;
}

Cell tree_size_cell(const ProcessRecord& r,
                    std::optional<std::uint64_t> ProcessRecord::TreePosition::*field) {
  if (!r.tree || !((*r.tree).*field)) return std::monostate{};
  return SizeKib{*((*r.tree).*field), r.tree->partial};
}
Cell frees_of(const ProcessRecord& r, FreesField f) {
  if (!r.frees) return std::monostate{};
  return frees_cell(*r.frees, f);
}
template <FreesField F>
constexpr ProcessColumn frees_column() {
  return {frees_meta(F, kInProcesses), [](const ProcessRecord& r) { return frees_of(r, F); }};
}
template <ChangeField F>
constexpr ProcessColumn change_column() {
  return {change_meta(F), [](const ProcessRecord& r) {
            return change_field_cell(r.change ? &*r.change : nullptr, F);
          }};
}
/// A column of how the frames of a process are shared with the others measured (--sharing).
constexpr ColumnMeta sharing_size(std::string_view key, std::string_view title, bool sums,
                                  std::string_view field, std::string_view description) {
  ColumnMeta m{key,
               title,
               description,
               ValueKind::size,
               sums,
               kNeedFrames | kNeedRollup,
               {"pagemap + kpagecount", field},
               kInProcesses};
  m.width = 10;
  return m;
}
Cell sharing_size_cell(const ProcessRecord& r, std::optional<std::uint64_t> SharingRow::*field) {
  if (!r.sharing || !((*r.sharing).*field)) return std::monostate{};
  return SizeKib{*((*r.sharing).*field)};
}
constexpr bool kSums = true;
constexpr bool kDoubleCounts = false;

// clang-format off
constexpr std::array kColumns = {
    ProcessColumn{number("pid", "PID", {"", "the /proc directory"}, "process id"),
                  [](const ProcessRecord& r) -> Cell { return std::int64_t{r.pid}; }},
    ProcessColumn{number("ppid", "PPID", {"status", "PPid"}, "parent process id"),
                  [](const ProcessRecord& r) -> Cell {
                    if (!r.ppid) return std::monostate{};
                    return std::int64_t{*r.ppid};
                  }},
    ProcessColumn{text("user", "USER", kNeedNothing, {"status", "Uid (first), named by passwd"},
                       "owner: name of the real uid"),
                  [](const ProcessRecord& r) -> Cell {
                    if (!r.uid) return std::monostate{};
                    return std::string_view(r.user);
                  }},
    ProcessColumn{number("uid", "UID", {"status", "Uid (first)"}, "real uid"),
                  [](const ProcessRecord& r) -> Cell {
                    if (!r.uid) return std::monostate{};
                    return std::int64_t{*r.uid};
                  }},
    ProcessColumn{text("state", "S", kNeedNothing, {"status", "State"}, "process state letter"),
                  [](const ProcessRecord& r) -> Cell {
                    if (!r.identity_known) return std::monostate{};
                    return std::string_view(&r.state, 1);
                  }},
    ProcessColumn{text("name", "NAME", kNeedNothing, {"status", "Name"}, "process name (comm)"),
                  [](const ProcessRecord& r) -> Cell {
                    if (!r.identity_known) return std::monostate{};
                    return std::string_view(r.name);
                  }},
    ProcessColumn{text("program", "PROGRAM", kNeedCmdline,
                       {"cmdline", "argv[0]'s first word, its basename"},
                       "the program the command runs (what -n matches besides comm)"),
                  [](const ProcessRecord& r) -> Cell {
                    if (!r.identity_known || r.program.empty()) return std::monostate{};
                    return std::string_view(r.program);
                  }},
    ProcessColumn{text("command", "COMMAND", kNeedCmdline, {"cmdline", "argv, NULs as spaces"},
                       "full command line; [name] when there is none"),
                  [](const ProcessRecord& r) -> Cell {
                    if (!r.identity_known) return std::monostate{};
                    return std::string_view(r.command);
                  }},
    ProcessColumn{size("vss", "VSS", kDoubleCounts, kNeedNothing, {"status", "VmSize"},
                       "virtual size: address space, not memory"),
                  [](const ProcessRecord& r) { return size_cell(r.status_size(r.vm_size)); }},
    ProcessColumn{size("rss", "RSS", kDoubleCounts, kNeedNothing, {"status", "VmRSS"},
                       "resident set: counts shared pages in full"),
                  [](const ProcessRecord& r) { return size_cell(r.status_size(r.vm_rss)); }},
    ProcessColumn{size("rss_anon", "RSS_ANON", kDoubleCounts, kNeedNothing, {"status", "RssAnon"},
                       "resident anonymous pages (COW-shared ones in full)"),
                  [](const ProcessRecord& r) { return size_cell(r.status_size(r.rss_anon)); }},
    ProcessColumn{size("rss_file", "RSS_FILE", kDoubleCounts, kNeedNothing, {"status", "RssFile"},
                       "resident file-backed pages"),
                  [](const ProcessRecord& r) { return size_cell(r.status_size(r.rss_file)); }},
    ProcessColumn{size("rss_shmem", "RSS_SHMEM", kDoubleCounts, kNeedNothing,
                       {"status", "RssShmem"}, "resident shared memory, tmpfs, memfd"),
                  [](const ProcessRecord& r) { return size_cell(r.status_size(r.rss_shmem)); }},
    ProcessColumn{size("pss", "PSS", kSums, kNeedRollup, {"smaps_rollup", "Pss"},
                       "proportional set: each shared page split among its sharers",
                       "their share of the memory they map (each shared page split among its "
                       "sharers)"),
                  [](const ProcessRecord& r) { return rollup(r, SmapsKey::pss); }},
    ProcessColumn{size("pss_anon", "PSS_ANON", kSums, kNeedRollup, {"smaps_rollup", "Pss_Anon"},
                       "PSS of anonymous pages"),
                  [](const ProcessRecord& r) { return rollup(r, SmapsKey::pss_anon); }},
    ProcessColumn{size("pss_file", "PSS_FILE", kSums, kNeedRollup, {"smaps_rollup", "Pss_File"},
                       "PSS of file pages"),
                  [](const ProcessRecord& r) { return rollup(r, SmapsKey::pss_file); }},
    ProcessColumn{size("pss_shmem", "PSS_SHMEM", kSums, kNeedRollup,
                       {"smaps_rollup", "Pss_Shmem"}, "PSS of shared memory"),
                  [](const ProcessRecord& r) { return rollup(r, SmapsKey::pss_shmem); }},
    ProcessColumn{size("pss_dirty", "PSS_DIRTY", kSums, kNeedRollup,
                       {"smaps_rollup", "Pss_Dirty"}, "PSS of dirty pages"),
                  [](const ProcessRecord& r) { return rollup(r, SmapsKey::pss_dirty); }},
    ProcessColumn{size("uss", "USS", kSums, kNeedRollup,
                       {"smaps_rollup", "Private_Clean + Private_Dirty"},
                       "unique set: pages only this process maps",
                       "the memory each maps alone (pages they share among themselves are in "
                       "no USS)"),
                  [](const ProcessRecord& r) { return size_cell(r.uss()); }},
    ProcessColumn{size("shared", "SHARED", kDoubleCounts, kNeedRollup,
                       {"smaps_rollup", "Shared_Clean + Shared_Dirty"},
                       "resident pages others map too"),
                  [](const ProcessRecord& r) { return size_cell(r.shared()); }},
    ProcessColumn{size("private_clean", "PRIV_CLEAN", kSums, kNeedRollup,
                       {"smaps_rollup", "Private_Clean"}, "clean pages only this process maps"),
                  [](const ProcessRecord& r) { return rollup(r, SmapsKey::private_clean); }},
    ProcessColumn{size("private_dirty", "PRIV_DIRTY", kSums, kNeedRollup,
                       {"smaps_rollup", "Private_Dirty"}, "dirty pages only this process maps"),
                  [](const ProcessRecord& r) { return rollup(r, SmapsKey::private_dirty); }},
    ProcessColumn{size("shared_clean", "SHR_CLEAN", kDoubleCounts, kNeedRollup,
                       {"smaps_rollup", "Shared_Clean"}, "clean pages others map too"),
                  [](const ProcessRecord& r) { return rollup(r, SmapsKey::shared_clean); }},
    ProcessColumn{size("shared_dirty", "SHR_DIRTY", kDoubleCounts, kNeedRollup,
                       {"smaps_rollup", "Shared_Dirty"}, "dirty pages others map too"),
                  [](const ProcessRecord& r) { return rollup(r, SmapsKey::shared_dirty); }},
    ProcessColumn{size("anonymous", "ANON", kDoubleCounts, kNeedRollup,
                       {"smaps_rollup", "Anonymous"}, "anonymous pages mapped"),
                  [](const ProcessRecord& r) { return rollup(r, SmapsKey::anonymous); }},
    ProcessColumn{size("swap", "SWAP", kDoubleCounts, kNeedRollup, {"smaps_rollup", "Swap"},
                       "swapped out; shared swap counted in full"),
                  [](const ProcessRecord& r) { return rollup(r, SmapsKey::swap); }},
    ProcessColumn{size("swap_pss", "SWAP_PSS", kSums, kNeedRollup, {"smaps_rollup", "SwapPss"},
                       "proportional swap: sums correctly",
                       "their share of swap"),
                  [](const ProcessRecord& r) { return rollup(r, SmapsKey::swap_pss); }},
    ProcessColumn{size("vm_swap", "VM_SWAP", kDoubleCounts, kNeedNothing, {"status", "VmSwap"},
                       "swapped anonymous pages, no shmem"),
                  [](const ProcessRecord& r) { return size_cell(r.status_size(r.vm_swap)); }},
    ProcessColumn{size("locked", "LOCKED", kSums, kNeedRollup, {"smaps_rollup", "Locked"},
                       "PSS of mlocked pages"),
                  [](const ProcessRecord& r) { return rollup(r, SmapsKey::locked); }},
    ProcessColumn{size("hugetlb", "HUGETLB", kDoubleCounts, kNeedRollup,
                       {"smaps_rollup", "Shared_Hugetlb + Private_Hugetlb"},
                       "hugetlbfs pages, outside RSS and PSS"),
                  [](const ProcessRecord& r) -> Cell {
                    const auto s = r.smaps_size(SmapsKey::shared_hugetlb);
                    const auto p = r.smaps_size(SmapsKey::private_hugetlb);
                    if (!s && !p) return std::monostate{};
                    return SizeKib{s.value_or(0) + p.value_or(0)};
                  }},
    ProcessColumn{tree_size("subtree_pss", "TREE_PSS", {"", "Σ smaps_rollup Pss over the subtree"},
                            "PSS of the process and its descendants shown"),
                  [](const ProcessRecord& r) {
                    return tree_size_cell(r, &ProcessRecord::TreePosition::pss);
                  }},
    ProcessColumn{tree_size("subtree_uss", "TREE_USS", {"", "Σ USS over the subtree"},
                            "USS of the process and its descendants shown"),
                  [](const ProcessRecord& r) {
                    return tree_size_cell(r, &ProcessRecord::TreePosition::uss);
                  }},
    ProcessColumn{{"subtree_processes", "TREE_N", "processes in the subtree shown",
                   ValueKind::number, false, kNeedNothing, {"", "count of the subtree"}, kInTree},
                  [](const ProcessRecord& r) -> Cell {
                    if (!r.tree) return std::monostate{};
                    return static_cast<std::int64_t>(r.tree->processes);
                  }},
    ProcessColumn{{"depth", "DEPTH", "depth in the tree shown (0: no parent shown)",
                   ValueKind::number, false, kNeedNothing, {"", "PPid links"}, kInTree},
                  [](const ProcessRecord& r) -> Cell {
                    if (!r.tree) return std::monostate{};
                    return std::int64_t{r.tree->depth};
                  }},
    ProcessColumn{{"tree", "COMMAND", "command line, indented under its parent as tree(1) draws it",
                   ValueKind::text, false, kNeedCmdline, {"cmdline", "argv, under PPid"}, kInTree},
                  [](const ProcessRecord& r) -> Cell {
                    if (!r.tree || !r.identity_known) return std::monostate{};
                    return std::string_view(r.tree->drawn);
                  }},
    change_column<ChangeField::since_previous>(),
    change_column<ChangeField::since_first>(),
    change_column<ChangeField::appeared>(),
    frees_column<FreesField::group_unique>(),
    frees_column<FreesField::anon>(),
    frees_column<FreesField::shmem>(),
    frees_column<FreesField::file>(),
    frees_column<FreesField::swap>(),
    frees_column<FreesField::objects>(),
    frees_column<FreesField::frees>(),
    ProcessColumn{sharing_size("private", "PRIVATE", kSums, "frames only it maps",
                               "resident memory only this process maps (USS without root)"),
                  [](const ProcessRecord& r) { return sharing_size_cell(r, &SharingRow::private_kib); }},
    ProcessColumn{sharing_size("shared_group", "SHR_GROUP", kDoubleCounts,
                               "frames only it and other selected processes map",
                               "resident memory shared only with other selected processes"),
                  [](const ProcessRecord& r) { return sharing_size_cell(r, &SharingRow::shared_group_kib); }},
    ProcessColumn{sharing_size("shared_outside", "SHR_OUTSIDE", kDoubleCounts,
                               "frames a process outside the selection maps too",
                               "resident memory shared with processes outside the selection"),
                  [](const ProcessRecord& r) { return sharing_size_cell(r, &SharingRow::shared_outside_kib); }},
    ProcessColumn{{"cow_parent", "COW_OF", "its nearest selected ancestor (the master of a worker)",
                   ValueKind::number, false, kNeedFrames, {"status", "PPid, through the selection"},
                   kInProcesses},
                  [](const ProcessRecord& r) -> Cell {
                    if (!r.sharing || !r.sharing->cow_parent) return std::monostate{};
                    return std::int64_t{*r.sharing->cow_parent};
                  }},
    ProcessColumn{sharing_size("cow_shared", "COW_SHARED", kDoubleCounts,
                               "frames both it and COW_OF map",
                               "memory it still shares with COW_OF (copy-on-write after fork)"),
                  [](const ProcessRecord& r) { return sharing_size_cell(r, &SharingRow::cow_shared_kib); }},
    ProcessColumn{{"cow_percent", "COW_%", "COW_SHARED as a percentage of COW_OF's resident memory",
                   ValueKind::number, false, kNeedFrames | kNeedRollup,
                   {"pagemap + kpagecount", "100 * COW_SHARED / COW_OF's frames"}, kInProcesses},
                  [](const ProcessRecord& r) -> Cell {
                    if (!r.sharing || !r.sharing->cow_percent) return std::monostate{};
                    return *r.sharing->cow_percent;
                  }},
};
// clang-format on

}  // namespace

std::span<const ProcessColumn> process_columns() {
  return kColumns;
}

const ProcessColumn* find_process_column(std::string_view key, std::uint8_t view) {
  return find_column(process_columns(), key, view);
}

std::vector<const ProcessColumn*> default_tree_columns() {
  std::vector<const ProcessColumn*> cols;
  for (const char* key :
       {"pid", "user", "rss", "pss", "uss", "subtree_pss", "subtree_uss", "tree"}) {
    cols.push_back(find_process_column(key, kInProcesses | kInTree));
  }
  return cols;
}

std::vector<const ProcessColumn*> default_sharing_columns() {
  std::vector<const ProcessColumn*> cols;
  for (const char* key : {"pid", "ppid", "rss", "private", "shared_group", "shared_outside",
                          "cow_parent", "cow_shared", "cow_percent", "command"}) {
    cols.push_back(find_process_column(key));
  }
  return cols;
}

std::vector<const ProcessColumn*> default_process_columns() {
  std::vector<const ProcessColumn*> cols;
  for (const char* key : {"pid", "user", "vss", "rss", "pss", "uss", "swap", "command"}) {
    cols.push_back(find_process_column(key));
  }
  return cols;
}

ProcessSortKey default_process_sort(const std::vector<const ProcessColumn*>& shown) {
  // The tree: whole subtrees by their PSS, so the largest application comes first.
  for (std::string_view key : {"subtree_pss", "pss"}) {
    for (const ProcessColumn* c : shown) {
      if (c->meta.key == key) return {c, true};
    }
  }
  for (const ProcessColumn* c : shown) {
    if (c->meta.is_size()) return {c, true};
  }
  return {find_process_column("pid"), false};
}

void sort_records(std::vector<ProcessRecord>& records, const ProcessSortKey& key) {
  sort_by(
      records, key, [](const ProcessRecord& r) -> const ProcessRecord& { return r; },
      [](const ProcessRecord& a, const ProcessRecord& b) { return a.pid < b.pid; });
}

}  // namespace memwho
