#include "memwho/scan/read_mappings.hpp"

#include <charconv>
#include <string>
#include <thread>

#include "memwho/proc/line_reader.hpp"
#include "memwho/proc/parse_stat.hpp"
#include "memwho/scan/read_process.hpp"

namespace memwho {
namespace {

/// A file that is mostly lines smaps never has is not smaps (a --proc-root tree's garbage):
/// give up rather than stream it to the end.
bool not_smaps(const SmapsParser& parser) {
  return parser.unrecognised_lines() > 1000 && parser.unrecognised_lines() > parser.mappings();
}

}  // namespace

MappingsRead read_mappings(const ProcSource& source, const ProcessRecord& rec, ReadBuffer& buf,
                           const MappingSink& sink) {
  MappingsRead result;
  if (rec.identity_known && !rec.has_mm) {
    result.outcome = MappingsOutcome::no_mm;
    return result;
  }
  ReadOutcome opened;
  const ProcDir dir = source.open_dir(nullptr, pid_dir_name(rec.pid), opened);
  if (!dir.is_open()) {
    result.outcome = MappingsOutcome::gone;
    return result;
  }
  // The scan closed its directory; a pid read again may be another process by now. The start
  // time tells: pid + start time name one process for the life of the system. From here on
  // every file is read through this directory, which stays bound to that process.
  if (rec.start_time) {
    const ReadOutcome stat = source.read_file(dir, "stat", buf);
    const auto now = stat.ok() ? parse_stat(buf.text()) : std::nullopt;
    if (!now) {
      result.outcome = MappingsOutcome::gone;
      return result;
    }
    if (now->start_time != *rec.start_time) {
      result.outcome = MappingsOutcome::reused;
      return result;
    }
  }
  ProcDir storage;
  const ProcDir& mm = mm_dir(source, dir, rec, storage);
  if (!mm.is_open()) {
    result.outcome = MappingsOutcome::gone;
    return result;
  }
  bool abandoned = false;  // not smaps at all
  bool stopped = false;    // the sink wants no more
  SmapsParser parser([&](const Mapping& m) {
    if (stopped) return;
    ++result.mappings;
    stopped = !sink(m);
  });
  // smaps is read on a second thread: the kernel produces it while this one parses and the sink
  // prints. smaps_rollup, the exact totals, is read on a third, so that its page-table walk
  // (17 ms for 20,000 mappings) overlaps smaps's: read here, it stalled the smaps reader, whose
  // few chunks fill within a millisecond, and added its whole time to the listing's.
  ChunkStream stream(source, mm, "smaps");
  std::optional<SmapsCounters> exact;
  std::jthread rollup_reader([&source, &mm, &exact] {
    ReadBuffer rollup_buf(std::size_t{4} << 10);
    if (source.read_file(mm, "smaps_rollup", rollup_buf).ok()) {
      SmapsCounters rollup = sum_smaps_counters(rollup_buf.text());
      if (!rollup.empty()) exact = rollup;
    }
  });
  LineSplitter lines(kMaxLineBytes);
  auto on_line = [&](std::string_view line) {
    if (abandoned || stopped) return;
    parser.feed_line(line);
    abandoned = not_smaps(parser);
  };
  for (std::string_view chunk = stream.next(); !chunk.empty(); chunk = stream.next()) {
    lines.feed(chunk, on_line);
    if (lines.overflowed()) break;
  }
  lines.finish(on_line);
  rollup_reader.join();  // `exact` is written by that thread: read it only after this
  result.read = line_outcome(lines, stream.outcome());
  parser.finish();
  if (abandoned && result.read.ok()) {
    result.read = {ReadStatus::failed, 0, "not smaps: most lines are not what the kernel prints"};
  }
  switch (result.read.status) {
    case ReadStatus::ok:
      break;
    case ReadStatus::gone:
      result.outcome = result.mappings == 0 ? MappingsOutcome::gone : MappingsOutcome::cut_short;
      return result;
    case ReadStatus::denied:
      result.outcome = MappingsOutcome::denied;
      return result;
    case ReadStatus::failed:
      result.outcome = MappingsOutcome::failed;
      return result;
  }
  // The kernel ends smaps early without an error when the process exits during the read. Two
  // signs: the last record lacks its VmFlags line, or the process has no address space any more
  // (a zombie, or exiting: status still says R but prints no VmSize).
  const bool running = still_has_address_space(source, mm, buf);
  if (result.mappings == 0) {
    if (running) result.read = {ReadStatus::failed, 0, "empty, though the process has memory"};
    result.outcome = running ? MappingsOutcome::failed : MappingsOutcome::gone;
    return result;
  }
  if (parser.looks_truncated() || !running) {
    result.outcome = MappingsOutcome::cut_short;
    return result;
  }
  result.exact = exact;
  return result;
}

}  // namespace memwho
