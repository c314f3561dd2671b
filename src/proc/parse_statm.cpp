#include "memwho/proc/parse_statm.hpp"

#include "parse_number.hpp"

namespace memwho {

std::optional<StatmInfo> parse_statm(std::string_view text) {
  using detail::take_field;
  // The kernel prints "%lu %lu %lu %lu 0 %lu 0\n"; a kernel thread's is seven zeros.
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  StatmInfo info;
  std::uint64_t* const fields[] = {&info.size, &info.resident, &info.shared, &info.text,
                                   &info.lib,  &info.data,     &info.dt};
  for (std::uint64_t* field : fields) {
    const auto value = take_field<std::uint64_t>(text);
    if (!value) return std::nullopt;
    *field = *value;
  }
  if (!detail::skip_blanks(text).empty()) return std::nullopt;
  return info;
}

}  // namespace memwho
