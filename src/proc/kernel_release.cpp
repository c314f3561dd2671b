#include "memwho/proc/kernel_release.hpp"

#include "parse_number.hpp"

namespace memwho {

std::optional<KernelVersion> parse_kernel_release(std::string_view text) {
  const auto number = [&](std::string_view& s) -> std::optional<unsigned> {
    unsigned value = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || ptr == s.data()) return std::nullopt;
    s.remove_prefix(static_cast<std::size_t>(ptr - s.data()));
    return value;
  };
  KernelVersion v;
  const auto major = number(text);
  if (!major || text.empty() || text.front() != '.') return std::nullopt;
  text.remove_prefix(1);
  const auto minor = number(text);
  if (!minor) return std::nullopt;
  v.major = *major;
  v.minor = *minor;
  if (!text.empty() && text.front() == '.') {
    text.remove_prefix(1);
    v.patch = number(text);
  }
  return v;
}

RssCounting rss_counting(const std::optional<KernelVersion>& version) {
  if (!version) return RssCounting::unknown;
  const KernelVersion& v = *version;
  if (v.at_least(6, 16)) return RssCounting::exact_status;
  // 82241a83cd15 was backported to the 6.12 and 6.15 stable series; which point release first
  // carried it is not known here (6.12.117 has it: checked in its source).
  if (v.major == 6 && (v.minor == 12 || v.minor == 15)) {
    if (v.minor == 12 && v.patch && *v.patch >= 117) return RssCounting::exact_status;
    return RssCounting::maybe_exact;
  }
  if (v.at_least(6, 2)) return RssCounting::per_cpu;  // f1a7941243c1, percpu_counter
  return RssCounting::per_thread;                     // SPLIT_RSS_COUNTING
}

std::string kernel_release_of(const ProcSource& source) {
  if (const CaptureInfo* capture = source.capture()) return capture->kernel;
  ReadOutcome outcome;
  const ProcDir dir = source.open_dir(nullptr, "sys/kernel", outcome);
  if (!dir.is_open()) return {};
  ReadBuffer buf(256);
  if (!source.read_file(dir, "osrelease", buf).ok()) return {};
  std::string_view text = buf.text();
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  // A release is short printable text; anything else is not one.
  if (text.size() > 64) return {};
  for (const char c : text) {
    if (c < 0x21 || c > 0x7e) return {};
  }
  return std::string(text);
}

}  // namespace memwho
