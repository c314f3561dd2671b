#include "memwho/proc/parse_stat.hpp"

#include "parse_number.hpp"

namespace memwho {

std::optional<StatInfo> parse_stat(std::string_view text) {
  using detail::skip_blanks;
  using detail::take_field;
  StatInfo st;
  // (1) pid
  std::string_view s = text;
  auto pid = take_field<int>(s);
  if (!pid) return std::nullopt;
  st.pid = *pid;
  // (2) comm: printed raw by do_task_stat(), so it may hold ' ', '(', ')' and '\n'. It runs from
  // the first '(' to the LAST ')' of the whole text (procps stat2proc does the same).
  const auto open = text.find('(');
  const auto close = text.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return std::nullopt;
  }
  st.comm.assign(text.substr(open + 1, close - open - 1));
  s = text.substr(close + 1);
  // (3) state
  s = skip_blanks(s);
  if (s.empty()) return std::nullopt;
  st.state = s.front();
  s.remove_prefix(1);
  // (4) ppid
  auto ppid = take_field<int>(s);
  if (!ppid) return std::nullopt;
  st.ppid = *ppid;
  // (5) pgrp (6) session (7) tty_nr (8) tpgid: signed, tpgid is often -1.
  for (int field = 5; field <= 8; ++field) {
    if (!take_field<long long>(s)) return std::nullopt;
  }
  // (9) flags
  auto flags = take_field<std::uint64_t>(s);
  if (!flags) return std::nullopt;
  st.flags = *flags;
  // (10)-(21): minflt .. itrealvalue; cutime/cstime/priority/nice may be negative.
  for (int field = 10; field <= 21; ++field) {
    if (!take_field<long long>(s)) return std::nullopt;
  }
  // (22) starttime (23) vsize in bytes (24) rss in pages
  auto start = take_field<std::uint64_t>(s);
  auto vsize = take_field<std::uint64_t>(s);
  auto rss = take_field<std::uint64_t>(s);
  if (!start || !vsize || !rss) return std::nullopt;
  st.start_time = *start;
  st.vsize_bytes = *vsize;
  st.rss_pages = *rss;
  return st;
}

}  // namespace memwho
