#include "memwho/scan/read_rss_sources.hpp"

#include <algorithm>
#include <chrono>

#include "memwho/model/map_row.hpp"
#include "memwho/scan/read_process.hpp"

namespace memwho {
namespace {

using Clock = std::chrono::steady_clock;

bool has_flag(std::string_view flags, std::string_view code) {
  for (std::size_t at = 0; at + 2 <= flags.size(); at += 3) {
    if (flags.substr(at, 2) == code) return true;
  }
  return false;
}

/// Adds one mapping of smaps to the summary.
void add_mapping(SmapsSummary& s, const Mapping& m, std::string& scratch) {
  s.sum += m.counters;
  ++s.mappings;
  const std::uint64_t hugetlb = m.counters.value_or_zero(SmapsKey::shared_hugetlb) +
                                m.counters.value_or_zero(SmapsKey::private_hugetlb);
  if (const auto page = m.counters.get(SmapsKey::kernel_page_size); page && *page > 0) {
    s.page_kib = std::min(s.page_kib.value_or(*page), *page);
  }
  if (has_flag(m.vm_flags, "pf") || has_flag(m.vm_flags, "io")) {
    ++s.pfnmap_mappings;
    s.pfnmap_kib += m.counters.value_or_zero(SmapsKey::size);
    return;  // device pages: never resident in the RSS sense, not "reserved" memory either
  }
  if (m.header.path == "[vsyscall]") {
    s.vsyscall_kib += m.counters.value_or_zero(SmapsKey::size);
    return;
  }
  const std::uint64_t size = m.counters.value_or_zero(SmapsKey::size);
  const std::uint64_t resident = m.counters.value_or_zero(SmapsKey::rss) + hugetlb;
  if (size <= resident) return;
  ReservedMapping r{std::string(mapping_object_name(m.header.path, scratch)), size,
                    size - resident};
  auto at = std::find_if(s.largest.begin(), s.largest.end(), [&](const ReservedMapping& x) {
    return x.not_resident_kib < r.not_resident_kib;
  });
  if (at == s.largest.end() && s.largest.size() >= 3) return;
  s.largest.insert(at, std::move(r));
  if (s.largest.size() > 3) s.largest.pop_back();
}

}  // namespace

RssSources read_rss_sources(const ProcSource& source, const ProcessRecord& rec) {
  RssSources out;
  ReadOutcome opened;
  const ProcDir dir = source.open_dir(nullptr, pid_dir_name(rec.pid), opened);
  if (!dir.is_open()) {
    out.gone = true;
    return out;
  }
  ProcDir storage;
  const ProcDir& mm = mm_dir(source, dir, rec, storage);
  ReadBuffer buf;
  const Clock::time_point start = Clock::now();
  const auto done = [&](TimedRead& t, ReadOutcome read) {
    t.read = std::move(read);
    t.attempted = true;
    t.done_us = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count());
  };
  // The small files first, back to back (some 10 µs each): what they say was true within a few
  // tens of microseconds of each other. stat from the process's own directory: its start time
  // tells whether the pid is still the scan's process.
  done(out.stat_read, source.read_file(dir, "stat", buf));
  if (out.stat_read.read.ok()) out.stat = parse_stat(buf.text());
  if (rec.start_time && (!out.stat || out.stat->start_time != *rec.start_time)) {
    out.gone = true;
    return out;
  }
  if (!mm.is_open()) {
    out.gone = true;
    return out;
  }
  done(out.statm_read, source.read_file(mm, "statm", buf));
  if (out.statm_read.read.ok()) out.statm = parse_statm(buf.text());
  done(out.status_read, source.read_file(mm, "status", buf));
  if (out.status_read.read.ok()) out.status = parse_status(buf.text());
  done(out.rollup_read, source.read_file(mm, "smaps_rollup", buf));
  if (out.rollup_read.read.ok()) {
    SmapsCounters rollup = sum_smaps_counters(buf.text());
    if (!rollup.empty()) out.rollup = rollup;
  }
  // smaps last: the longest read, in 4 KiB pieces the kernel makes one after the other.
  SmapsSummary summary;
  std::string scratch;
  const MappingsRead smaps = read_mappings(source, rec, buf, [&](const Mapping& m) {
    add_mapping(summary, m, scratch);
    return true;
  });
  done(out.smaps_read, smaps.read);
  out.smaps_outcome = smaps.outcome;
  if (smaps.outcome == MappingsOutcome::complete) out.smaps = std::move(summary);
  if (smaps.outcome == MappingsOutcome::no_mm) out.smaps = SmapsSummary{};
  return out;
}

}  // namespace memwho
