#include "memwho/proc/parse_status.hpp"

#include "memwho/proc/parse_smaps.hpp"  // for_each_line
#include "parse_number.hpp"

namespace memwho {
namespace {

using detail::skip_blanks;
using detail::take_number;

// "VmRSS:\t    1234 kB": every size in status is KiB (task_mem() prints pages << (PAGE_SHIFT-10)).
std::optional<std::uint64_t> kib_value(std::string_view v) {
  return take_number<std::uint64_t>(v);
}

}  // namespace

std::string unescape_status_name(std::string_view escaped) {
  // proc_task_name(..., escape=true) uses seq_escape_str(ESCAPE_SPACE|ESCAPE_SPECIAL, "\n\\"):
  // only a newline ("\n") and a backslash ("\\") are escaped; tabs and other bytes are raw.
  std::string out;
  out.reserve(escaped.size());
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    const char c = escaped[i];
    if (c == '\\' && i + 1 < escaped.size()) {
      const char n = escaped[i + 1];
      if (n == 'n') {
        out.push_back('\n');
        ++i;
        continue;
      }
      if (n == '\\') {
        out.push_back('\\');
        ++i;
        continue;
      }
    }
    out.push_back(c);
  }
  return out;
}

StatusInfo parse_status(std::string_view text) {
  StatusInfo info;
  for_each_line(text, [&info](std::string_view line) {
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return;
    const std::string_view key = line.substr(0, colon);
    std::string_view value = line.substr(colon + 1);
    // Dispatch on the first letter so most of the ~55 lines cost one compare.
    switch (key.empty() ? '\0' : key.front()) {
      case 'N':
        if (key == "Name") {
          // The value follows a single tab; the name itself may begin with blanks.
          if (!value.empty() && value.front() == '\t') value.remove_prefix(1);
          info.name = unescape_status_name(value);
        }
        break;
      case 'S':
        if (key == "State") {
          value = skip_blanks(value);
          if (!value.empty()) info.state = value.front();
        }
        break;
      case 'T':
        if (key == "Tgid") info.tgid = take_number<int>(value);
        break;
      case 'P':
        if (key == "Pid")
          info.pid = take_number<int>(value);
        else if (key == "PPid")
          info.ppid = take_number<int>(value);
        break;
      case 'U':
        if (key == "Uid") info.uid = take_number<std::uint32_t>(value);
        break;
      case 'K':
        if (key == "Kthread") {
          if (auto v = take_number<int>(value)) info.kthread = (*v != 0);
        }
        break;
      case 'V':
        if (key == "VmSize")
          info.vm_size = kib_value(value);
        else if (key == "VmRSS")
          info.vm_rss = kib_value(value);
        else if (key == "VmSwap")
          info.vm_swap = kib_value(value);
        else if (key == "VmHWM")
          info.vm_hwm = kib_value(value);
        break;
      case 'R':
        if (key == "RssAnon")
          info.rss_anon = kib_value(value);
        else if (key == "RssFile")
          info.rss_file = kib_value(value);
        else if (key == "RssShmem")
          info.rss_shmem = kib_value(value);
        break;
      default:
        break;
    }
  });
  return info;
}

}  // namespace memwho
