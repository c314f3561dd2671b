#pragma once
// uid <-> user name, through the system's passwd database (NSS), cached per uid; or, for a
// capture, through the users it recorded: its uids are another machine's.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "memwho/proc/proc_source.hpp"

namespace memwho {

/// A user given as a name or as digits; nullopt when no such user exists. With `captured`, the
/// names are the capture's users.
std::optional<std::uint32_t> resolve_user(const std::string& name_or_uid,
                                          const CaptureInfo* captured = nullptr);

/// Names of uids, looked up once each: a scan of 1,000 processes has a handful of owners.
class UserNames {
 public:
  /// Names from passwd, or from `captured`'s users when given.
  explicit UserNames(const CaptureInfo* captured = nullptr) : captured_(captured) {}
  /// The name of uid, or the uid as digits when it has none.
  const std::string& name(std::uint32_t uid);

 private:
  const CaptureInfo* captured_;
  std::unordered_map<std::uint32_t, std::string> cache_;
};

}  // namespace memwho
