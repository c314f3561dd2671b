#pragma once
// A row of the group view: the processes of one program, user or memory cgroup added up.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "memwho/model/cell.hpp"
#include "memwho/model/frees_row.hpp"
#include "memwho/model/row_change.hpp"
#include "memwho/proc/parse_cgroup.hpp"
#include "memwho/proc/process_record.hpp"

namespace memwho {

/// What --group puts together.
enum class GroupBy : std::uint8_t {
  name,    ///< the program: argv[0]'s basename (what -n matches), or comm without a cmdline
  user,    ///< the real user
  cgroup,  ///< the memory cgroup
};

struct GroupRow {
  std::string key;   ///< the program, the user name, or the cgroup path
  std::string unit;  ///< --group=cgroup: the systemd unit or container id the path names
  std::size_t processes = 0;
  std::vector<std::size_t> members;  ///< the members, as indices into the records grouped
  /// The members' smaps counters added up, over the members whose counters are known.
  SmapsCounters sum;
  bool sum_read = false;                  ///< some member's counters were read at all
  std::size_t smaps_unknown = 0;          ///< members whose counters could not be read
  std::optional<CgroupPath> cgroup_path;  ///< --group=cgroup: the cgroup (v1 or v2) by path
  std::optional<CgroupMemory> cgroup;     ///< --group=cgroup: what the cgroup itself is charged
  std::optional<FreesRow> frees;          ///< what stopping the group frees, when asked for
  std::optional<RowChange> change;        ///< how it moved since the previous sample (--interval)

  /// A summed counter over every member; nullopt when a member's is unknown.
  [[nodiscard]] std::optional<std::uint64_t> summed(SmapsKey counter) const {
    if (!sum_read || smaps_unknown > 0) return std::nullopt;
    return sum.get(counter);
  }
  /// The sum `value` of the members as a cell: exact when every member was read, a lower bound
  /// (">=") when some could not be, unknown when none could.
  [[nodiscard]] Cell sum_cell(const std::optional<std::uint64_t>& value) const {
    if (!sum_read || !value) return std::monostate{};
    return SizeKib{*value, smaps_unknown > 0};
  }
};

/// The rule of --group=name, for --list-columns and the docs.
inline constexpr std::string_view kGroupKeyRule =
    "--group=name puts a process under the program its command line runs: argv[0]'s first\n"
    "word without its directory, a login shell's '-' or a title's ':' (what -n matches), so\n"
    "rewritten titles (\"unicorn worker[3]\", \"postgres: checkpointer\", \"nginx: worker\n"
    "process\", \"php-fpm: pool www\") fall under their application, not the interpreter\n"
    "(ruby, python). Without a command line (a kernel thread, a cleared argv), under its\n"
    "name (comm). --group=user: the real uid's name. --group=cgroup: the v1 memory\n"
    "controller's path, else the v2 path. Unknown keys group under \"-\". memwho never counts\n"
    "itself.\n";

/// The key a process is grouped under (see GroupBy).
std::string group_key(const ProcessRecord& rec, GroupBy by);

/// Groups records by `by`, in order of first appearance.
std::vector<GroupRow> group_records(const std::vector<ProcessRecord>& records, GroupBy by);

}  // namespace memwho
