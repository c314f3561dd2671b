#include "memwho/select/selector.hpp"

#include <algorithm>

namespace memwho {

bool name_matches(const ProcessRecord& rec, std::string_view name) {
  if (rec.name.find(name) != std::string::npos) return true;
  std::string_view first_word = rec.command;
  first_word = first_word.substr(0, first_word.find(' '));
  return first_word.find(name) != std::string_view::npos;
}

bool Selector::names_pid(int pid) const {
  return std::find(pids.begin(), pids.end(), pid) != pids.end();
}

bool Selector::matches(const ProcessRecord& rec) const {
  const bool named = names_pid(rec.pid);
  if (has_pids() && !named) return false;
  if (!named) {
    if (self_pid && rec.pid == *self_pid) return false;
    if (rec.identity_known && !rec.has_mm) return false;  // kernel thread or zombie
  }
  if (!names.empty()) {
    if (!rec.identity_known) return false;
    const bool any = std::any_of(names.begin(), names.end(),
                                 [&rec](const std::string& n) { return name_matches(rec, n); });
    if (!any) return false;
  }
  if (!uids.empty()) {
    if (!rec.uid) return false;
    if (std::find(uids.begin(), uids.end(), *rec.uid) == uids.end()) return false;
  }
  return true;
}

}  // namespace memwho
