#include "memwho/model/group_columns.hpp"

#include <array>

#include "memwho/model/frees_columns.hpp"

namespace memwho {
namespace {

constexpr std::uint8_t kGroups = kInGroups;
constexpr std::uint8_t kCgroups = kInCgroups;

/// A sum over the members; its sum across groups means something.
constexpr ColumnMeta summed(std::string_view key, std::string_view title, std::string_view field,
                            std::string_view description, std::string_view sum_means = {}) {
  ColumnMeta m{
      key,    title, description, ValueKind::size, true, kNeedRollup, {"smaps_rollup", field},
      kGroups};
  m.sum_means = sum_means;
  return m;
}
/// What the cgroup is charged. Across groups it may double count (a v1 parent cgroup counts its
/// children), so TOTAL leaves it out.
constexpr ColumnMeta charged(std::string_view key, std::string_view title, std::string_view file,
                             std::string_view description) {
  ColumnMeta m{key,
               title,
               description,
               ValueKind::size,
               false,
               kNeedCgroup | kNeedCgroupCharge,
               {"cgroup", file},
               kCgroups};
  m.not_summed_because = "a parent cgroup's charge holds its children's";
  return m;
}

template <SmapsKey K>
Cell sum_of(const GroupRow& g) {
  return g.sum_cell(g.sum.get(K));
}

template <std::optional<std::uint64_t> CgroupMemory::*Field>
Cell charge_of(const GroupRow& g) {
  if (!g.cgroup) return std::monostate{};
  return size_cell((*g.cgroup).*Field);
}

// clang-format off
template <ChangeField F>
constexpr GroupColumn change_column() {
  return {change_meta(F), [](const GroupRow& g) {
            return change_field_cell(g.change ? &*g.change : nullptr, F);
          }};
}
template <FreesField F>
constexpr GroupColumn frees_column() {
  return {frees_meta(F, kGroups), [](const GroupRow& g) -> Cell {
            if (!g.frees) return std::monostate{};
            return frees_cell(*g.frees, F);
          }};
}

constexpr std::array kColumns = {
    GroupColumn{{"group", "GROUP", "the program, user or memory cgroup", ValueKind::text, false,
                 kNeedNothing, {"", "the program (cmdline argv[0] basename, else status Name), "
                 "status Uid, or cgroup path"}, kGroups, 0},
                [](const GroupRow& g) -> Cell { return std::string_view(g.key); }},
    GroupColumn{{"unit", "UNIT", "the systemd unit or container id the cgroup path names",
                 ValueKind::text, false, kNeedCgroup, {"cgroup", "path's last component"},
                 kCgroups, 0},
                [](const GroupRow& g) -> Cell {
                  if (g.unit.empty()) return std::monostate{};
                  return std::string_view(g.unit);
                }},
    GroupColumn{{"processes", "PROCS", "processes in the group", ValueKind::number, true,
                 kNeedNothing, {"", "count of processes"}, kGroups, 6},
                [](const GroupRow& g) -> Cell { return static_cast<std::int64_t>(g.processes); }},
    GroupColumn{summed("pss", "PSS", "Pss", "the members' PSS added up",
                       "the processes' share of the memory they map (each shared page split "
                       "among its sharers)"),
                sum_of<SmapsKey::pss>},
    GroupColumn{summed("pss_anon", "PSS_ANON", "Pss_Anon", "the members' PSS of anonymous pages"),
                sum_of<SmapsKey::pss_anon>},
    GroupColumn{summed("pss_file", "PSS_FILE", "Pss_File", "the members' PSS of file pages"),
                sum_of<SmapsKey::pss_file>},
    GroupColumn{summed("pss_shmem", "PSS_SHMEM", "Pss_Shmem", "the members' PSS of shared memory"),
                sum_of<SmapsKey::pss_shmem>},
    GroupColumn{summed("pss_dirty", "PSS_DIRTY", "Pss_Dirty", "the members' PSS of dirty pages"),
                sum_of<SmapsKey::pss_dirty>},
    GroupColumn{summed("uss", "USS", "Private_Clean + Private_Dirty",
                       "the members' USS added up: pages each maps alone (not what stopping the "
                       "group frees: pages the members share among themselves are left out)",
                       "the memory each process maps alone (pages processes share, even within "
                       "a group, are in no USS)"),
                [](const GroupRow& g) { return g.sum_cell(g.sum.uss()); }},
    GroupColumn{summed("private_clean", "PRIV_CLEAN", "Private_Clean",
                       "the members' clean private pages"),
                sum_of<SmapsKey::private_clean>},
    GroupColumn{summed("private_dirty", "PRIV_DIRTY", "Private_Dirty",
                       "the members' dirty private pages"),
                sum_of<SmapsKey::private_dirty>},
    GroupColumn{summed("swap_pss", "SWAP_PSS", "SwapPss", "the members' proportional swap",
                       "the processes' share of swap"),
                sum_of<SmapsKey::swap_pss>},
    GroupColumn{summed("locked", "LOCKED", "Locked", "the members' PSS of mlocked pages"),
                sum_of<SmapsKey::locked>},
    GroupColumn{charged("cgroup_charge", "CG_CHARGE",
                        "memory.current (v2), memory.usage_in_bytes (v1)",
                        "all the cgroup is charged: its processes' memory, page cache, kernel"),
                charge_of<&CgroupMemory::charge>},
    GroupColumn{charged("cgroup_anon", "CG_ANON", "memory.stat anon (v2), total_rss (v1)",
                        "anonymous memory charged to the cgroup"),
                charge_of<&CgroupMemory::anon>},
    GroupColumn{charged("cgroup_file", "CG_FILE", "memory.stat file (v2), total_cache (v1)",
                        "page cache and tmpfs charged to the cgroup, mapped or not"),
                charge_of<&CgroupMemory::file>},
    GroupColumn{charged("cgroup_shmem", "CG_SHMEM", "memory.stat shmem (v2), total_shmem (v1)",
                        "shared memory and tmpfs charged to the cgroup (part of CG_FILE)"),
                charge_of<&CgroupMemory::shmem>},
    GroupColumn{charged("cgroup_kernel", "CG_KERNEL",
                        "memory.stat kernel (v2), memory.kmem.usage_in_bytes (v1)",
                        "kernel memory charged to the cgroup: slab, stacks, page tables"),
                charge_of<&CgroupMemory::kernel>},
    GroupColumn{charged("cgroup_sock", "CG_SOCK", "memory.stat sock (v2)",
                        "socket buffers charged to the cgroup"),
                charge_of<&CgroupMemory::sock>},
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
    GroupColumn{{"shared_outside", "SHR_OUTSIDE",
                 "resident memory the group maps that processes outside it map too",
                 ValueKind::size, false, kNeedFrames | kNeedRollup,
                 {"pagemap + kpagecount", "frames with more mappings than the group's"}, kGroups},
                [](const GroupRow& g) -> Cell {
                  if (!g.frees || !g.frees->from_frames) return std::monostate{};
                  return FreesRow::exact_cell(g.frees->shared_outside);
                }},
};
// clang-format on

}  // namespace

std::span<const GroupColumn> group_columns() {
  return kColumns;
}

const GroupColumn* find_group_column(std::string_view key, std::uint8_t view) {
  return find_column(group_columns(), key, view);
}

std::vector<const GroupColumn*> default_group_columns(GroupBy by) {
  std::vector<const GroupColumn*> cols;
  const std::uint8_t view = by == GroupBy::cgroup ? (kInGroups | kInCgroups) : kInGroups;
  auto add = [&](std::string_view key) { cols.push_back(find_group_column(key, view)); };
  add("processes");
  add("pss");
  add("uss");
  add("swap_pss");
  if (by == GroupBy::cgroup) {
    for (auto key : {"cgroup_charge", "cgroup_anon", "cgroup_file", "cgroup_kernel", "unit"}) {
      add(key);
    }
  }
  add("group");
  return cols;
}

void sort_groups(std::vector<GroupRow>& groups, const GroupSortKey& key) {
  sort_by(
      groups, key, [](const GroupRow& g) -> const GroupRow& { return g; },
      [](const GroupRow& a, const GroupRow& b) { return a.key < b.key; });
}

}  // namespace memwho
