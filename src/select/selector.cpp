#include "memwho/select/selector.hpp"

#include <algorithm>

namespace memwho {
namespace {

bool text_matches(std::string_view haystack, std::string_view needle, bool exact) {
  return exact ? haystack == needle : haystack.find(needle) != std::string_view::npos;
}

}  // namespace

bool name_matches(const ProcessRecord& rec, std::string_view name, bool exact) {
  if (text_matches(rec.name, name, exact)) return true;
  return !rec.program.empty() && text_matches(rec.program, name, exact);
}

bool command_matches(const ProcessRecord& rec, std::string_view text, bool exact) {
  return text_matches(rec.command, text, exact);
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
                                 [&](const std::string& n) { return name_matches(rec, n, exact); });
    if (!any) return false;
  }
  if (!commands.empty()) {
    if (!rec.identity_known) return false;
    const bool any = std::any_of(commands.begin(), commands.end(), [&](const std::string& t) {
      return command_matches(rec, t, exact);
    });
    if (!any) return false;
  }
  if (!uids.empty()) {
    if (!rec.uid) return false;
    if (std::find(uids.begin(), uids.end(), *rec.uid) == uids.end()) return false;
  }
  return true;
}

}  // namespace memwho
