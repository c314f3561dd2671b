#pragma once
// `memwho diff A B`: the rows of the diff, one a process, a group or a mapped object, built from
// what each side's scan and aggregation produced. Pure: the reading is done before.
#include <vector>

#include "memwho/aggregate/file_usage.hpp"
#include "memwho/aggregate/match_processes.hpp"
#include "memwho/model/diff_row.hpp"
#include "memwho/model/group_row.hpp"
#include "memwho/proc/process_record.hpp"

namespace memwho {

/// A row a process, paired by `rule` (match_processes); figures as the process table shows them.
std::vector<DiffRow> diff_processes(const std::vector<ProcessRecord>& a,
                                    const std::vector<ProcessRecord>& b, MatchRule rule);

/// A row a group, paired by key.
std::vector<DiffRow> diff_groups(const std::vector<GroupRow>& a, const std::vector<GroupRow>& b);

/// A row a mapped object, paired by name: a device and an inode do not survive a reboot or a
/// reinstall, a path does. Objects of one name on one side are added together.
std::vector<DiffRow> diff_objects(const std::vector<FileUsage>& a, const std::vector<FileUsage>& b);

}  // namespace memwho
