#include "memwho/cli/users.hpp"

#include <pwd.h>

#include <charconv>
#include <vector>

namespace memwho {

std::optional<std::uint32_t> resolve_user(const std::string& name_or_uid,
                                          const CaptureInfo* captured) {
  if (captured != nullptr) {
    for (const auto& [uid, name] : captured->users) {
      if (name == name_or_uid) return uid;
    }
  }
  std::vector<char> scratch(16384);
  passwd pw{};
  passwd* found = nullptr;
  if (captured == nullptr &&
      ::getpwnam_r(name_or_uid.c_str(), &pw, scratch.data(), scratch.size(), &found) == 0 &&
      found != nullptr) {
    return found->pw_uid;
  }
  // Digits name a uid even when passwd does not know it (containers, deleted accounts).
  std::uint32_t uid = 0;
  const char* end = name_or_uid.data() + name_or_uid.size();
  const auto [ptr, ec] = std::from_chars(name_or_uid.data(), end, uid);
  if (ec == std::errc{} && ptr == end && !name_or_uid.empty()) return uid;
  return std::nullopt;
}

const std::string& UserNames::name(std::uint32_t uid) {
  auto it = cache_.find(uid);
  if (it != cache_.end()) return it->second;
  std::vector<char> scratch(16384);
  passwd pw{};
  passwd* found = nullptr;
  std::string name;
  if (captured_ != nullptr) {
    for (const auto& [id, user] : captured_->users) {
      if (id == uid && !user.empty()) name = user;
    }
  } else if (::getpwuid_r(uid, &pw, scratch.data(), scratch.size(), &found) == 0 &&
             found != nullptr) {
    name = found->pw_name;
  }
  if (name.empty()) name = std::to_string(uid);
  return cache_.emplace(uid, std::move(name)).first->second;
}

}  // namespace memwho
