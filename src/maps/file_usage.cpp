#include "memwho/maps/file_usage.hpp"

namespace memwho {

MapRow FileUsage::row() const {
  MapRow r;
  r.pid = last_pid;
  r.counters = &counters;
  r.name = name;
  r.mappings = mappings;
  r.processes = processes;
  return r;
}

void FileUsageTable::add(int pid, const Mapping& mapping) {
  const std::string_view name = mapping_object_name(mapping.header.path, scratch_);
  auto it = index_.find(name);
  if (it == index_.end()) {
    it = index_.emplace(std::string(name), objects_.size()).first;
    objects_.push_back(FileUsage{std::string(name), {}, 0, 0, 0});
  }
  FileUsage& usage = objects_[it->second];
  usage.counters += mapping.counters;
  ++usage.mappings;
  if (usage.last_pid != pid || usage.processes == 0) {
    ++usage.processes;
    usage.last_pid = pid;
  }
}

SmapsCounters FileUsageTable::total() const {
  SmapsCounters sum;
  for (const FileUsage& u : objects_) sum += u.counters;
  return sum;
}

}  // namespace memwho
