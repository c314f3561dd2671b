#include "memwho/report/group_report.hpp"

#include <fmt/format.h>

#include <iterator>

#include "memwho/report/table_report.hpp"
#include "memwho/write/units.hpp"

namespace memwho {

std::vector<Label> group_labels(const GroupRow& g, std::string& /*scratch*/) {
  std::vector<Label> labels{{"group", g.key}};
  if (!g.unit.empty()) labels.push_back({"unit", g.unit});
  return labels;
}

Note cgroup_gap_note(std::span<const GroupRow> shown) {
  Note note{NoteKind::footer, "cgroup_charge", {}, std::nullopt};
  const GroupRow* example = nullptr;
  for (const GroupRow& g : shown) {
    if (g.cgroup && g.cgroup->charge && g.summed(SmapsKey::pss)) {
      example = &g;
      break;
    }
  }
  if (example == nullptr) return note;
  std::string& s = note.text;
  s = "CG_CHARGE is what the kernel charges the cgroup (what systemd and docker show). Besides "
      "its processes' anonymous memory it holds page cache they read or wrote, mapped or not "
      "(CG_FILE), shared memory and tmpfs (CG_SHMEM, part of CG_FILE) and kernel memory "
      "(CG_KERNEL: slab, stacks, page tables), none of which is in a process's PSS; PSS in turn "
      "holds shares of pages charged to other cgroups (shared libraries).";
  const CgroupMemory& m = *example->cgroup;
  const std::uint64_t charge = *m.charge;
  const std::uint64_t pss = *example->summed(SmapsKey::pss);
  fmt::format_to(std::back_inserter(s), " {}: charged {}, its processes' PSS {}", example->key,
                 human_kib(charge), human_kib(pss));
  if (charge >= pss) {
    fmt::format_to(std::back_inserter(s), ", {} apart", human_kib(charge - pss));
  } else {
    fmt::format_to(std::back_inserter(s), ", {} less than the PSS", human_kib(pss - charge));
  }
  std::vector<std::string> parts;
  if (m.file) parts.push_back(fmt::format("page cache and tmpfs {}", human_kib(*m.file)));
  if (m.mapped) parts.push_back(fmt::format("of which mapped {}", human_kib(*m.mapped)));
  if (m.kernel) parts.push_back(fmt::format("kernel {}", human_kib(*m.kernel)));
  if (m.anon) parts.push_back(fmt::format("anonymous {}", human_kib(*m.anon)));
  if (!parts.empty()) {
    s += " (charged: ";
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) s += ", ";
      s += parts[i];
    }
    s += ')';
  }
  s += '.';
  return note;
}

void report_groups(const std::vector<GroupRow>& groups, std::size_t kept, GroupBy by,
                   const std::vector<const GroupColumn*>& columns, ViewInfo view,
                   ReportWriter& writer, const RowLimit& limit, std::string_view key_title,
                   std::optional<SelectionFrees> frees, std::vector<Note> extra) {
  view.name = "groups";
  view.row = "group";
  view.columns = metas_of(columns);
  view.fixed_widths = false;
  view.blocks_are_processes = false;
  const RowWords<GroupRow> words{
      "group", "groups", [](std::span<const GroupRow> rows) {
        std::size_t processes = 0;
        for (const GroupRow& g : rows) processes += g.processes;
        return fmt::format("{} {} of {} {}", rows.size(), rows.size() == 1 ? "group" : "groups",
                           processes, processes == 1 ? "process" : "processes");
      }};
  if (by == GroupBy::cgroup) {
    Note gap = cgroup_gap_note(std::span<const GroupRow>(groups).first(kept));
    if (!gap.text.empty()) extra.push_back(std::move(gap));
  }
  report_table(groups, kept, columns, view, writer, group_labels, words, limit, key_title,
               std::move(extra), std::move(frees));
}

}  // namespace memwho
