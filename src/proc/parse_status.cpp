#include "memwho/proc/parse_status.hpp"

#include "memwho/proc/parse_smaps.hpp"  // for_each_line
#include "parse_number.hpp"

namespace memwho {
namespace {

using detail::skip_blanks;
using detail::take_field;
using detail::whole_field;

}  // namespace

// "VmRSS:\t    1234 kB": every size in status is KiB (task_mem() prints pages << (PAGE_SHIFT-10)).
// A value that is not "<digits> kB" stays unknown, and the key is noted as malformed.
std::optional<std::uint64_t> StatusInfo::take_kib(std::string_view key, std::string_view value) {
  auto kib = detail::parse_kib(value);
  if (!kib) note_malformed(key);
  return kib;
}

void StatusInfo::note_malformed(std::string_view key) {
  if (malformed.empty()) malformed.assign(key);
  ++malformed_count;
}

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

namespace {

/// A pid, ppid or count: a whole non-negative decimal field.
std::optional<int> id(StatusInfo& info, std::string_view key, std::string_view value) {
  const auto v = whole_field<int>(value);
  if (!v || *v < 0) {
    info.note_malformed(key);
    return std::nullopt;
  }
  return v;
}

}  // namespace

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
          info.has_name = true;
        }
        break;
      case 'S':
        if (key == "State") {
          value = skip_blanks(value);
          if (!value.empty()) info.state = value.front();
        }
        break;
      case 'T':
        if (key == "Tgid")
          info.tgid = id(info, key, value);
        else if (key == "Threads")
          info.threads = id(info, key, value);
        break;
      case 'P':
        if (key == "Pid")
          info.pid = id(info, key, value);
        else if (key == "PPid")
          info.ppid = id(info, key, value);
        break;
      case 'U':
        if (key == "Uid") {
          info.uid = take_field<std::uint32_t>(value);
          if (!info.uid) info.note_malformed(key);
        }
        break;
      case 'K':
        if (key == "Kthread") {
          if (auto v = take_field<int>(value)) info.kthread = (*v != 0);
        }
        break;
      case 'V':
        if (key == "VmSize") {
          info.vm_size = info.take_kib(key, value);
          info.has_vm_size_line = true;
        } else if (key == "VmRSS") {
          info.vm_rss = info.take_kib(key, value);
        } else if (key == "VmSwap") {
          info.vm_swap = info.take_kib(key, value);
        } else if (key == "VmHWM") {
          info.vm_hwm = info.take_kib(key, value);
        }
        break;
      case 'H':
        if (key == "HugetlbPages") info.hugetlb = info.take_kib(key, value);
        break;
      case 'R':
        if (key == "RssAnon")
          info.rss_anon = info.take_kib(key, value);
        else if (key == "RssFile")
          info.rss_file = info.take_kib(key, value);
        else if (key == "RssShmem")
          info.rss_shmem = info.take_kib(key, value);
        break;
      default:
        break;
    }
  });
  return info;
}

}  // namespace memwho
