// libFuzzer target: the cgroup parsers on arbitrary bytes (/proc/PID/cgroup, memory.stat of
// both versions, a byte count), and the unit a path names.
// Checks: a parsed path is a part of the input; the unit is a part of the path; a byte count
// is the whole file's number.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "memwho/proc/parse_cgroup.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto cg = memwho::parse_proc_cgroup(text)) {
    if (text.find(cg->path) == std::string_view::npos) std::abort();
    const std::string unit = memwho::cgroup_unit(cg->path);
    if (unit.size() > cg->path.size()) std::abort();
  }
  memwho::CgroupMemory v1, v2;
  memwho::parse_memory_stat(text, true, v1);
  memwho::parse_memory_stat(text, false, v2);
  if (const auto kib = memwho::parse_byte_count_kib(text)) {
    if (*kib > (~std::uint64_t{0} >> 10)) std::abort();
  }
  return 0;
}
