#include "memwho/aggregate/file_usage.hpp"

#include <fmt/format.h>

#include <charconv>

namespace memwho {

MapRow FileUsage::row() const {
  MapRow r;
  r.pid = last_pid;
  r.counters = &counters;
  r.name = name;
  r.mappings = mappings;
  r.processes = processes;
  r.device = device_text;
  return r;
}

FileUsage& FileUsageTable::find_or_add(std::string_view name, std::uint32_t major,
                                       std::uint32_t minor, std::uint64_t inode) {
  // The key: "major:minor:inode:" then the name (a name may hold any byte but the key's
  // numbers come first, so no two keys can be confused).
  key_.clear();
  char digits[64];
  auto put = [&](std::uint64_t v) {
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
    key_.append(digits, end);
    key_ += ':';
  };
  put(major);
  put(minor);
  put(inode);
  key_ += name;
  auto it = index_.find(key_);
  if (it == index_.end()) {
    it = index_.emplace(key_, objects_.size()).first;
    FileUsage usage;
    usage.name.assign(name);
    usage.dev_major = major;
    usage.dev_minor = minor;
    usage.inode = inode;
    usage.device_text = fmt::format("{:02x}:{:02x}", major, minor);
    usage.inode_text = std::to_string(inode);
    objects_.push_back(std::move(usage));
  }
  return objects_[it->second];
}

void FileUsageTable::add(int pid, const Mapping& mapping) {
  const MappingHeader& h = mapping.header;
  const std::string_view name = mapping_object_name(h.path, scratch_);
  FileUsage& usage = find_or_add(name, h.dev_major, h.dev_minor, h.inode);
  usage.counters += mapping.counters;
  ++usage.mappings;
  if (usage.last_pid != pid || usage.processes == 0) {
    ++usage.processes;
    usage.last_pid = pid;
  }
}

void FileUsageTable::merge(const FileUsageTable& other) {
  for (const FileUsage& o : other.objects_) {
    FileUsage& usage = find_or_add(o.name, o.dev_major, o.dev_minor, o.inode);
    usage.counters += o.counters;
    usage.mappings += o.mappings;
    usage.processes += o.processes;
    usage.last_pid = o.last_pid;
  }
}

}  // namespace memwho
