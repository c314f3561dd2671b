// libFuzzer target: a capture's metadata member (memwho-capture.json) from arbitrary bytes, and
// valid_member_path() on them. What parses writes back as JSON that parses to the same metadata.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "memwho/capture/capture_files.hpp"

namespace {

bool same(const memwho::CaptureMeta& a, const memwho::CaptureMeta& b) {
  if (a.unread.size() != b.unread.size()) return false;
  for (auto i = a.unread.begin(), j = b.unread.begin(); i != a.unread.end(); ++i, ++j) {
    if (i->first != j->first || i->second.status != j->second.status ||
        i->second.error != j->second.error || i->second.detail != j->second.detail) {
      return false;
    }
  }
  return a.info.host == b.info.host && a.info.kernel == b.info.kernel &&
         a.info.time == b.info.time && a.info.boot_id == b.info.boot_id &&
         a.info.users == b.info.users && a.version == b.version && a.command == b.command &&
         a.processes == b.processes && a.vanished == b.vanished && a.digest == b.digest;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  std::string why;
  if (memwho::valid_member_path(text, why)) {
    // A member path never climbs out or is absolute, whatever else it holds.
    if (text != memwho::kCaptureMetaMember &&
        (text.empty() || text.front() == '/' || text.find("/../") != std::string_view::npos ||
         text.ends_with("/..") || text.find("//") != std::string_view::npos)) {
      std::abort();
    }
  } else if (why.empty()) {
    std::abort();  // a refusal says why
  }

  memwho::CaptureMeta meta;
  std::string error;
  if (!memwho::parse_capture_meta(text, meta, error)) {
    if (error.empty()) std::abort();
    return 0;
  }
  memwho::CaptureMeta back;
  if (!memwho::parse_capture_meta(memwho::capture_meta_json(meta), back, error) ||
      !same(meta, back)) {
    std::abort();
  }
  return 0;
}
