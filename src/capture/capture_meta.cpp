// The metadata member of a capture, as JSON (nlohmann-json, parsed without exceptions).
#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "memwho/capture/capture_files.hpp"

namespace memwho {
namespace {

using Json = nlohmann::json;

constexpr int kFormatVersion = 1;
constexpr std::array<std::pair<ReadStatus, std::string_view>, 3> kStatusNames = {
    {{ReadStatus::gone, "gone"}, {ReadStatus::denied, "refused"}, {ReadStatus::failed, "failed"}}};

std::string text_of(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string capture_meta_json(const CaptureMeta& meta) {
  Json j = Json::object();
  j["memwho_capture"] = kFormatVersion;
  j["memwho_version"] = meta.version;
  j["host"] = meta.info.host;
  j["kernel"] = meta.info.kernel;
  j["time"] = meta.info.time;
  j["boot_id"] = meta.info.boot_id;
  j["command"] = meta.command;
  j["processes"] = meta.processes;
  j["vanished"] = meta.vanished;
  Json users = Json::array();
  for (const auto& [uid, name] : meta.info.users) users.push_back({{"uid", uid}, {"name", name}});
  j["users"] = std::move(users);
  Json unread = Json::object();
  for (const auto& [path, u] : meta.unread) {
    Json entry = {{"error", u.error}};
    for (const auto& [status, name] : kStatusNames) {
      if (status == u.status) entry["status"] = name;
    }
    if (!u.detail.empty()) entry["detail"] = u.detail;
    unread[path] = std::move(entry);
  }
  j["unread"] = std::move(unread);
  j["digest"] = meta.digest;
  // Names and commands are bytes, not always UTF-8: replace what is not, never throw.
  return j.dump(1, ' ', false, Json::error_handler_t::replace) + "\n";
}

bool parse_capture_meta(std::string_view text, CaptureMeta& meta, std::string& error) {
  const Json j = Json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    error = "its memwho-capture.json is not JSON";
    return false;
  }
  const auto format = j.find("memwho_capture");
  if (format == j.end() || !format->is_number_integer()) {
    error = "its memwho-capture.json is not a memwho capture's";
    return false;
  }
  if (format->get<long long>() != kFormatVersion) {
    error = "its memwho-capture.json is of a newer capture format";
    return false;
  }
  meta.version = text_of(j, "memwho_version");
  meta.info.host = text_of(j, "host");
  meta.info.kernel = text_of(j, "kernel");
  meta.info.time = text_of(j, "time");
  meta.info.boot_id = text_of(j, "boot_id");
  meta.digest = text_of(j, "digest");
  if (const auto it = j.find("command"); it != j.end() && it->is_array()) {
    for (const Json& a : *it) {
      if (a.is_string()) meta.command.push_back(a.get<std::string>());
    }
  }
  for (const char* key : {"processes", "vanished"}) {
    const auto it = j.find(key);
    if (it != j.end() && it->is_number_unsigned()) {
      (std::string_view(key) == "processes" ? meta.processes : meta.vanished) =
          it->get<std::size_t>();
    }
  }
  if (const auto it = j.find("users"); it != j.end() && it->is_array()) {
    for (const Json& u : *it) {
      if (!u.is_object()) continue;
      const auto uid = u.find("uid");
      if (uid == u.end() || !uid->is_number_unsigned() || uid->get<std::uint64_t>() > UINT32_MAX) {
        continue;
      }
      meta.info.users.emplace_back(uid->get<std::uint32_t>(), text_of(u, "name"));
    }
  }
  if (const auto it = j.find("unread"); it != j.end() && it->is_object()) {
    for (const auto& [path, entry] : it->items()) {
      if (!entry.is_object()) continue;
      UnreadFile u;
      const std::string status = text_of(entry, "status");
      bool known = false;
      for (const auto& [s, name] : kStatusNames) {
        if (name == status) {
          u.status = s;
          known = true;
        }
      }
      if (!known) continue;
      if (const auto e = entry.find("error"); e != entry.end() && e->is_number_integer()) {
        const long long v = e->get<long long>();
        u.error = v >= 0 && v < 4096 ? static_cast<int>(v) : 0;
      }
      u.detail = text_of(entry, "detail");
      if (u.error == 0 && u.detail.empty()) u.detail = "unreadable when captured";
      meta.unread[path] = std::move(u);
    }
  }
  return true;
}

bool valid_member_path(std::string_view path, std::string& why) {
  if (path == kCaptureMetaMember) return true;
  if (path.empty() || path.front() == '/') {
    why = "an absolute path";
    return false;
  }
  std::string_view rest;
  bool cgroup = false;
  if (path.substr(0, kProcPrefix.size()) == kProcPrefix) {
    rest = path.substr(kProcPrefix.size());
  } else if (path.substr(0, kCgroupPrefix.size()) == kCgroupPrefix) {
    rest = path.substr(kCgroupPrefix.size());
    cgroup = true;
  } else {
    why = "not below proc/ or cgroup/";
    return false;
  }
  std::string_view last;
  for (;;) {
    const auto slash = rest.find('/');
    last = rest.substr(0, slash);
    if (last.empty() || last == "." || last == "..") {
      why = "an empty, \".\" or \"..\" part";
      return false;
    }
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  if (cgroup) {
    if (last.substr(0, 7) == "memory.") return true;
    why = "not a memory cgroup file";
    return false;
  }
  static constexpr std::string_view kProcFiles[] = {"status", "stat",   "cmdline", "smaps_rollup",
                                                    "smaps",  "cgroup", "meminfo", "shm"};
  for (std::string_view f : kProcFiles) {
    if (last == f) return true;
  }
  why = "not a proc file memwho reads";
  return false;
}

std::string members_digest(const std::map<std::string, std::string>& members) {
  std::uint64_t h = 14695981039346656037u;
  const auto feed = [&h](std::string_view bytes) {
    for (const char c : bytes) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211u;
    }
  };
  for (const auto& [path, bytes] : members) {
    feed(path);
    feed(std::string_view("\0", 1));
    feed(std::to_string(bytes.size()));
    feed(std::string_view("\0", 1));
    feed(bytes);
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

std::size_t member_limit(std::string_view path) {
  constexpr std::string_view kSmaps = "/smaps";
  const bool streamed =
      path.size() >= kSmaps.size() && path.substr(path.size() - kSmaps.size()) == kSmaps;
  return streamed ? kMaxStreamedBytes : kMaxFileBytes;
}

}  // namespace memwho
