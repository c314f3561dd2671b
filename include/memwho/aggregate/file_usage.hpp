#pragma once
// The by-file view: every mapping of the same object (a library, the heap, all anonymous
// memory, a shared memory segment) added into one row, across one or many processes.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "memwho/model/map_row.hpp"

namespace memwho {

struct FileUsage {
  std::string name;  ///< object name as mapping_object_name() gives it
  std::uint32_t dev_major = 0, dev_minor = 0;
  std::uint64_t inode = 0;
  std::string device_text, inode_text;  ///< "fe:01" and "9999", for labels
  SmapsCounters counters;
  std::uint64_t mappings = 0;
  std::uint64_t processes = 0;
  int last_pid = 0;  ///< counts a process once, however many of its mappings are added

  [[nodiscard]] MapRow row() const;
};

/// Objects keyed by device, inode and name: the same library path in two containers is two
/// files, and two names of one file (hard links) are shown apart as the kernel names them.
class FileUsageTable {
 public:
  /// Adds one mapping of process `pid`. Processes are added one after another.
  void add(int pid, const Mapping& mapping);
  /// Adds every object of another table (of other processes).
  void merge(const FileUsageTable& other);
  [[nodiscard]] std::vector<FileUsage>& objects() { return objects_; }
  [[nodiscard]] bool empty() const { return objects_.empty(); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  FileUsage& find_or_add(std::string_view name, std::uint32_t major, std::uint32_t minor,
                         std::uint64_t inode);

  std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>> index_;
  std::vector<FileUsage> objects_;
  std::string scratch_, key_;
};

}  // namespace memwho
