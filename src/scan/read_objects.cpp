#include "memwho/scan/read_objects.hpp"

#include "memwho/scan/read_mappings.hpp"

namespace memwho {

ObjectsRead read_objects(const ProcSource& source, const std::vector<ProcessRecord>& records) {
  ObjectsRead result;
  ReadBuffer buf(std::size_t{64} << 10);
  for (const ProcessRecord& rec : records) {
    // A process's objects join the sums only once its smaps was read to the end.
    FileUsageTable mine;
    const MappingsRead read = read_mappings(source, rec, buf, [&](const Mapping& m) {
      mine.add(rec.pid, m);
      return true;
    });
    if (read.outcome == MappingsOutcome::complete) {
      result.objects.merge(mine);
    } else if (read.outcome != MappingsOutcome::no_mm) {
      result.unread.push_back(rec.pid);
    }
  }
  return result;
}

}  // namespace memwho
