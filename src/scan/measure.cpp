// measure_process: the smaps counters of a process, from smaps_rollup (or Σ smaps before 4.14).
#include <fmt/format.h>

#include "memwho/proc/line_reader.hpp"
#include "memwho/proc/parse_smaps.hpp"
#include "memwho/proc/parse_status.hpp"
#include "memwho/scan/read_process.hpp"

namespace memwho {

bool still_has_address_space(const ProcSource& source, const ProcDir& mm_dir, ReadBuffer& buf) {
  if (!source.read_file(mm_dir, "status", buf).ok() || buf.text().empty()) return false;
  const StatusInfo st = parse_status(buf.text());
  return st.state != 'Z' && st.state != 'X' && st.has_address_space();
}

bool measure_process(const ProcSource& source, const ProcDir& mm_dir, ReadBuffer& buf,
                     ProcessRecord& rec, std::vector<ScanProblem>& problems) {
  if (!rec.has_mm) {
    rec.smaps_origin = SmapsOrigin::no_mm;
    return true;
  }
  if (!mm_dir.is_open()) return false;  // the live thread of a zombie leader ended
  ReadOutcome read = source.read_file(mm_dir, "smaps_rollup", buf);
  const char* file = "smaps_rollup";
  if (read.ok()) {
    rec.smaps = sum_smaps_counters(buf.text());
    if (rec.smaps.empty()) {
      // The kernel prints an empty rollup once the mm is gone: the process is exiting. A
      // process that still has its address space and gives no counters has a broken file.
      if (!still_has_address_space(source, mm_dir, buf)) return false;
      rec.smaps_origin = SmapsOrigin::failed;
      problems.push_back({rec.pid, file, "no counters in it"});
      return true;
    }
    rec.smaps_origin = SmapsOrigin::rollup;
  } else if (read.status == ReadStatus::gone && read.error == ENOENT) {
    // No smaps_rollup file: a kernel before 4.14 (or a tree captured from one). Sum smaps.
    file = "smaps";
    SmapsSummer summer;
    read = read_lines(source, mm_dir, "smaps", buf,
                      [&summer](std::string_view line) { summer.feed_line(line); });
    if (read.ok()) {
      rec.smaps = summer.total();
      if (rec.smaps.empty()) return false;
      rec.smaps_origin = SmapsOrigin::smaps_sum;
    }
  }
  if (read.ok()) {
    if (const auto bad = rec.smaps.first_malformed()) {
      const int more = rec.smaps.malformed_count() - 1;
      problems.push_back(
          {rec.pid, file,
           fmt::format("{}{} not what the kernel prints (malformed, repeated or too large): "
                       "shown as unknown",
                       kSmapsKeyNames[static_cast<std::size_t>(*bad)],
                       more > 0 ? fmt::format(" and {} more are", more) : std::string(" is"))});
    }
    return true;
  }
  switch (read.status) {
    case ReadStatus::gone:
      return false;
    case ReadStatus::denied:
      rec.smaps_origin = SmapsOrigin::denied;
      break;
    default:
      rec.smaps_origin = SmapsOrigin::failed;
      problems.push_back({rec.pid, file, describe(read)});
      break;
  }
  return true;
}

}  // namespace memwho
