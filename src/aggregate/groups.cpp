#include <unordered_map>

#include "memwho/model/group_row.hpp"

namespace memwho {

std::string group_key(const ProcessRecord& rec, GroupBy by) {
  switch (by) {
    case GroupBy::name:
      // The program of the command line, so rewritten titles ("unicorn worker[3]", "postgres:
      // checkpointer", "nginx: worker process") fall under their application and not under the
      // interpreter's comm (ruby); comm when there is no command line.
      return rec.program.empty() ? rec.name : rec.program;
    case GroupBy::user:
      return rec.uid ? rec.user : std::string("-");
    case GroupBy::cgroup:
      return rec.cgroup ? rec.cgroup->path : std::string("-");
  }
  return {};
}

std::vector<GroupRow> group_records(const std::vector<ProcessRecord>& records, GroupBy by) {
  std::vector<GroupRow> groups;
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const ProcessRecord& r = records[i];
    std::string key = group_key(r, by);
    auto [it, fresh] = index.emplace(key, groups.size());
    if (fresh) {
      GroupRow g;
      g.key = std::move(key);
      if (by == GroupBy::cgroup && r.cgroup) {
        g.unit = cgroup_unit(r.cgroup->path);
        g.cgroup_path = *r.cgroup;
      }
      groups.push_back(std::move(g));
    }
    GroupRow& g = groups[it->second];
    ++g.processes;
    g.members.push_back(i);
    if (r.smaps_known() || r.smaps_origin == SmapsOrigin::no_mm) {
      g.sum += r.smaps;
      g.sum_read = true;
    } else if (r.smaps_origin != SmapsOrigin::not_read) {
      ++g.smaps_unknown;
    }
  }
  return groups;
}

}  // namespace memwho
