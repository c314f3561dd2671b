#include "memwho/scan/read_cgroup.hpp"

#include <string>

namespace memwho {
namespace {

/// "memory" + "/a/b" as a path below the root; nullopt for a path that climbs out of it.
std::optional<std::string> below(std::string_view base, std::string_view path) {
  std::string out(base);
  while (!path.empty()) {
    const auto slash = path.find('/');
    const std::string_view part = path.substr(0, slash);
    if (part == "..") return std::nullopt;
    if (!part.empty() && part != ".") {
      if (!out.empty()) out += '/';
      out += part;
    }
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out.empty() ? std::string(".") : out;
}

}  // namespace

std::optional<CgroupMemory> read_cgroup_memory(const ProcSource& sys, const CgroupPath& cgroup) {
  ReadBuffer buf;
  ReadOutcome outcome;
  CgroupMemory mem;
  if (cgroup.v1) {
    const auto path = below("memory", cgroup.path);
    if (!path) return std::nullopt;
    const ProcDir dir = sys.open_dir(nullptr, *path, outcome);
    if (!dir.is_open() || !sys.read_file(dir, "memory.usage_in_bytes", buf).ok()) {
      return std::nullopt;
    }
    mem.charge = parse_byte_count_kib(buf.text());
    if (sys.read_file(dir, "memory.kmem.usage_in_bytes", buf).ok()) {
      mem.kernel = parse_byte_count_kib(buf.text());
    }
    if (sys.read_file(dir, "memory.stat", buf).ok()) parse_memory_stat(buf.text(), true, mem);
    return mem;
  }
  // v2: the unified hierarchy at the root, or under unified/ on a hybrid system.
  for (std::string_view base : {"", "unified"}) {
    const auto path = below(base, cgroup.path);
    if (!path) return std::nullopt;
    const ProcDir dir = sys.open_dir(nullptr, *path, outcome);
    if (!dir.is_open() || !sys.read_file(dir, "memory.current", buf).ok()) continue;
    mem.charge = parse_byte_count_kib(buf.text());
    if (sys.read_file(dir, "memory.stat", buf).ok()) parse_memory_stat(buf.text(), false, mem);
    return mem;
  }
  return std::nullopt;
}

}  // namespace memwho
