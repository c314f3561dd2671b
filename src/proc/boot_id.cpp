#include "memwho/proc/boot_id.hpp"

#include <algorithm>

namespace memwho {

std::string parse_boot_id(std::string_view text) {
  // random(4): "a UUID ... in the standard string form", e.g. 6fd5a44b-35f4-4ad4-a9b9-6b9be13e1fe9.
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  if (text.size() != 36) return {};
  const bool uuid = std::all_of(text.begin(), text.end(), [](char c) {
    return c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
  return uuid ? std::string(text) : std::string();
}

std::string boot_id_of(const ProcSource& source) {
  if (const CaptureInfo* capture = source.capture()) return capture->boot_id;
  ReadOutcome outcome;
  const ProcDir dir = source.open_dir(nullptr, "sys/kernel/random", outcome);
  if (!dir.is_open()) return {};
  ReadBuffer buf(256);
  if (!source.read_file(dir, "boot_id", buf).ok()) return {};
  return parse_boot_id(buf.text());
}

}  // namespace memwho
