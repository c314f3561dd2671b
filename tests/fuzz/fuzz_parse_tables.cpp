// libFuzzer target: the parsers of small table files on arbitrary bytes: /proc/PID/cgroup,
// memory.stat of both cgroup versions, a byte count, the unit a path names, /proc/sysvipc/shm.
// Checks: a parsed path is a part of the input; the unit is no longer than the path; a byte
// count fits in KiB; every segment line is parsed or counted bad, never both.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "memwho/proc/parse_cgroup.hpp"
#include "memwho/proc/parse_sysvipc_shm.hpp"

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
  std::size_t bad = 0;
  const auto segments = memwho::parse_sysvipc_shm(text, &bad);
  std::size_t lines = 0;
  for (const char c : text) lines += c == '\n';
  if (segments.size() + bad > lines + 1) std::abort();
  return 0;
}
