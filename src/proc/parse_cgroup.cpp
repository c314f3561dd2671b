#include "memwho/proc/parse_cgroup.hpp"

#include <charconv>

#include "memwho/proc/parse_smaps.hpp"  // for_each_line

namespace memwho {
namespace {

std::optional<std::uint64_t> whole_number(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
  std::uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

bool has_controller(std::string_view list, std::string_view name) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    if (list.substr(0, comma) == name) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

bool all_hex(std::string_view s) {
  for (const char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::optional<CgroupPath> parse_proc_cgroup(std::string_view text) {
  std::optional<CgroupPath> v1, v2;
  for_each_line(text, [&](std::string_view line) {
    // "hierarchy-ID:controller-list:path"; the path may hold ':' itself.
    const auto a = line.find(':');
    if (a == std::string_view::npos) return;
    const auto b = line.find(':', a + 1);
    if (b == std::string_view::npos) return;
    const std::string_view id = line.substr(0, a);
    const std::string_view controllers = line.substr(a + 1, b - a - 1);
    std::string_view path = line.substr(b + 1);
    constexpr std::string_view kDeleted = " (deleted)";
    if (path.size() > kDeleted.size() && path.substr(path.size() - kDeleted.size()) == kDeleted) {
      path.remove_suffix(kDeleted.size());
    }
    if (id == "0" && controllers.empty()) {
      v2 = CgroupPath{false, std::string(path)};
    } else if (has_controller(controllers, "memory")) {
      v1 = CgroupPath{true, std::string(path)};
    }
  });
  return v1 ? v1 : v2;
}

std::string cgroup_unit(std::string_view path) {
  const auto slash = path.rfind('/');
  const std::string_view last = slash == std::string_view::npos ? path : path.substr(slash + 1);
  // A container's scope (docker-<id>.scope, libpod-<id>.scope, cri-containerd-<id>.scope):
  // the container id as `docker ps` shows it.
  for (std::string_view prefix : {"docker-", "libpod-", "cri-containerd-", "crio-"}) {
    const std::string_view scope = ".scope";
    if (last.size() == prefix.size() + 64 + scope.size() &&
        last.substr(0, prefix.size()) == prefix &&
        last.substr(last.size() - scope.size()) == scope &&
        all_hex(last.substr(prefix.size(), 64))) {
      return std::string(last.substr(prefix.size(), 12));
    }
  }
  for (std::string_view suffix : {".service", ".scope", ".slice", ".socket", ".mount"}) {
    if (last.size() > suffix.size() && last.substr(last.size() - suffix.size()) == suffix) {
      return std::string(last);
    }
  }
  // A container runtime's cgroup: the 64-hex-digit container id (docker, containerd, podman).
  if (last.size() == 64 && all_hex(last)) return std::string(last.substr(0, 12));
  return {};
}

void parse_memory_stat(std::string_view text, bool v1, CgroupMemory& out) {
  bool have_total_rss = false, have_total_cache = false, have_total_shmem = false,
       have_total_mapped = false;
  for_each_line(text, [&](std::string_view line) {
    const auto space = line.find(' ');
    if (space == std::string_view::npos) return;
    const std::string_view key = line.substr(0, space);
    const auto bytes = whole_number(line.substr(space + 1));
    if (!bytes) return;
    const std::uint64_t kib = *bytes / 1024;
    if (!v1) {
      if (key == "anon")
        out.anon = kib;
      else if (key == "file")
        out.file = kib;
      else if (key == "shmem")
        out.shmem = kib;
      else if (key == "file_mapped")
        out.mapped = kib;
      else if (key == "kernel")
        out.kernel = kib;
      else if (key == "sock")
        out.sock = kib;
      return;
    }
    // v1: total_* counts the subtree (use_hierarchy), the plain key this cgroup alone.
    if (key == "total_rss") {
      out.anon = kib;
      have_total_rss = true;
    } else if (key == "total_cache") {
      out.file = kib;
      have_total_cache = true;
    } else if (key == "total_shmem") {
      out.shmem = kib;
      have_total_shmem = true;
    } else if (key == "total_mapped_file") {
      out.mapped = kib;
      have_total_mapped = true;
    } else if (key == "rss" && !have_total_rss) {
      out.anon = kib;
    } else if (key == "cache" && !have_total_cache) {
      out.file = kib;
    } else if (key == "shmem" && !have_total_shmem) {
      out.shmem = kib;
    } else if (key == "mapped_file" && !have_total_mapped) {
      out.mapped = kib;
    }
  });
}

std::optional<std::uint64_t> parse_byte_count_kib(std::string_view text) {
  const auto bytes = whole_number(text);
  if (!bytes) return std::nullopt;
  return *bytes / 1024;
}

}  // namespace memwho
