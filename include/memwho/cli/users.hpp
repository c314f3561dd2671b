#pragma once
// uid <-> user name, through the system's passwd database (NSS), cached per uid.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

namespace memwho {

/// A user given as a name or as digits; nullopt when no such user exists.
std::optional<std::uint32_t> resolve_user(const std::string& name_or_uid);

/// Names of uids, looked up once each: a scan of 1,000 processes has a handful of owners.
class UserNames {
 public:
  /// The name of uid, or the uid as digits when it has none.
  const std::string& name(std::uint32_t uid);

 private:
  std::unordered_map<std::uint32_t, std::string> cache_;
};

}  // namespace memwho
