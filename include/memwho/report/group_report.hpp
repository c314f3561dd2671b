#pragma once
// The group view (--group=name|user|cgroup) as a report: one block, a row a group, the totals
// of the columns that sum, and with --group=cgroup a footer on what a cgroup's charge holds
// that its processes' PSS does not.
#include <span>
#include <vector>

#include "memwho/model/group_columns.hpp"
#include "memwho/report/report.hpp"
#include "memwho/report/row_limit.hpp"

namespace memwho {

/// Emits `groups` (sorted; the first `kept` shown, the rest left out by `limit`).
void report_groups(const std::vector<GroupRow>& groups, std::size_t kept, GroupBy by,
                   const std::vector<const GroupColumn*>& columns, ViewInfo view,
                   ReportWriter& writer, const RowLimit& limit, std::string_view key_title,
                   std::optional<SelectionFrees> frees = std::nullopt,
                   std::vector<Note> extra = {});

/// The labels of a group's series: group (and unit, by cgroup).
std::vector<Label> group_labels(const GroupRow& g, std::string& scratch);

/// --group=cgroup: why a cgroup's charge and its processes' summed PSS differ, with the
/// figures of the largest group shown that has both. Empty text when no group has both.
Note cgroup_gap_note(std::span<const GroupRow> shown);

}  // namespace memwho
