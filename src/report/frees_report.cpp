#include "memwho/report/frees_report.hpp"

#include <fmt/format.h>

#include <iterator>

#include "memwho/write/units.hpp"

namespace memwho {

SelectionFrees selection_frees(const FreesRow& row, std::size_t processes, std::string why_bounds,
                               const std::vector<int>& unseen) {
  SelectionFrees f;
  if (row.dying_assumed > 0) {
    f.unseen = unseen;
    f.assumed_objects = row.dying_assumed;
  }
  f.processes = processes;
  f.kib = row.frees();
  f.exact = f.kib.has_value();
  f.low = row.frees_low();
  f.high = f.exact ? f.kib : row.frees_high();
  if (f.exact) f.low = f.kib;
  if (row.from_frames) {
    f.anon = row.unique_anon;
    f.swap = row.swap;
    f.file_cached = row.unique_file;
    f.shared_outside = row.shared_outside;
  }
  // Objects counted only where every process's mappings were read (frames: root).
  if (row.from_frames && row.dying_unknown == 0) f.objects = row.dying_kib;
  f.objects_count = row.objects;
  if (!f.exact) {
    f.why_bounds = why_bounds.empty() && row.dying_unknown > 0
                       ? "whether some shared memory objects die with them is not known"
                       : std::move(why_bounds);
  }
  return f;
}

Note frees_note(const SelectionFrees& f) {
  Note note{NoteKind::footer, "frees", {}, std::nullopt};
  std::string& s = note.text;
  const std::string these = f.processes == 1 ? std::string("this process")
                                             : fmt::format("these {} processes", f.processes);
  if (f.exact) {
    const bool one = f.processes == 1;
    s = fmt::format(
        "Stopping {} frees {} (exact, from page frames): {} of anonymous memory only "
        "{} map{}",
        these, human_kib(*f.kib), human_kib(f.anon.value_or(0)), one ? "it" : "they",
        one ? "s" : "");
    if (f.swap && *f.swap > 0)
      fmt::format_to(std::back_inserter(s), ", {} of swap", human_kib(*f.swap));
    if (f.objects && *f.objects > 0) {
      fmt::format_to(std::back_inserter(s), " and {} of shared memory objects that die with {}",
                     human_kib(*f.objects), one ? "it" : "them");
    }
    s += '.';
    if (f.assumed_objects > 0) {
      std::string pids;
      for (std::size_t i = 0; i < f.unseen.size() && i < 5; ++i) {
        fmt::format_to(std::back_inserter(pids), "{}{}", i > 0 ? ", " : "", f.unseen[i]);
      }
      if (f.unseen.size() > 5)
        fmt::format_to(std::back_inserter(pids), " and {} more", f.unseen.size() - 5);
      fmt::format_to(std::back_inserter(s),
                     " This takes {} {}, which memwho could not read, to hold none of the {} "
                     "shared memory {} counted as dying.",
                     f.unseen.size() == 1 ? "process" : "processes", pids, f.assumed_objects,
                     f.assumed_objects == 1 ? "object" : "objects");
    }
    if (f.file_cached && *f.file_cached > 0) {
      fmt::format_to(std::back_inserter(s),
                     " {} of page cache only {} map{} stays cached (reclaimable, not free).",
                     human_kib(*f.file_cached), one ? "it" : "they", one ? "s" : "");
    }
    if (f.shared_outside && *f.shared_outside > 0) {
      fmt::format_to(std::back_inserter(s), " {} {} share{} with other processes stays.",
                     human_kib(*f.shared_outside), one ? "it" : "they", one ? "s" : "");
    }
    return note;
  }
  if (!f.low) {
    s = fmt::format("What stopping {} frees is unknown: {}.", these,
                    f.why_bounds.empty() ? "their memory could not be read" : f.why_bounds);
    return note;
  }
  if (f.high) {
    s = fmt::format("Stopping {} frees between {} and {} (bounds, not exact: {}).", these,
                    human_kib(*f.low), human_kib(*f.high), f.why_bounds);
  } else {
    s = fmt::format(
        "Stopping {} frees at least {} (a lower bound, not exact: {}; the size of a "
        "shared memory object that may die with them is unknown).",
        these, human_kib(*f.low), f.why_bounds);
  }
  return note;
}

}  // namespace memwho
