#pragma once
// The measure stage of "what stopping frees" (issue 11): reads the page frames of the measured
// processes, the kernel's facts of those frames, and the shared memory objects they map or hold
// open (their whole size, and who else holds them, from every process's maps and descriptors),
// then answers for any subset of them: a process alone, a group, the whole selection.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "memwho/aggregate/frees.hpp"
#include "memwho/model/frees_row.hpp"
#include "memwho/proc/process_record.hpp"
#include "memwho/scan/read_frames.hpp"

namespace memwho {

class FreesMeasure {
 public:
  /// Reads what `records` need (kept by reference: they must outlive this). `per_process`: the
  /// figures of single processes and sharing() will be asked for (their frames are sorted each).
  /// `jobs`: threads reading the processes' frames.
  FreesMeasure(const ProcSource& source, std::span<const ProcessRecord> records,
               bool per_process = true, unsigned jobs = 1);

  /// The figures of the processes records[i] for i in `members`.
  [[nodiscard]] FreesRow row_of(std::span<const std::size_t> members) const;
  /// The figures of every record together.
  [[nodiscard]] FreesRow all() const;
  /// How each record's frames are shared with the others and with the rest, and with its
  /// nearest ancestor among them (--sharing). Exact from frames; else what smaps bounds.
  [[nodiscard]] std::vector<SharingRow> sharing() const;

  /// records[i]'s frames by the kernel's mapping count of each (--explain); nullopt when the
  /// frames or their facts could not be read (not root, a capture).
  [[nodiscard]] std::optional<MapcountBuckets> mapcounts(std::size_t i) const;

  /// Frames were read for every process: the figures are exact (not bounds).
  [[nodiscard]] bool exact() const { return exact_; }
  /// Why not, in words ("not root: the kernel hides page frames"); empty when exact.
  [[nodiscard]] const std::string& why_bounds() const { return why_bounds_; }
  /// The shared memory objects the processes map or hold, described for all of them together.
  [[nodiscard]] const std::vector<ShmemObject>& objects() const { return objects_; }
  /// Processes whose mappings or descriptors could not be read (an unreadable PID 1): as root,
  /// the figures take them to hold none of the shared memory objects, and say so.
  [[nodiscard]] const std::vector<int>& unseen() const { return unseen_; }
  /// Measured processes whose frames (and so shared memory mappings) could not be read.
  [[nodiscard]] std::size_t refused() const { return refused_; }

 private:
  void read_objects(const ProcSource& source);
  /// Each object's figures for the processes measured: mapped, holders, dies.
  void describe_objects();

  std::span<const ProcessRecord> records_;
  std::vector<ProcessFrames> frames_;  ///< one a record
  std::vector<int> measured_;          ///< the records' pids, ascending
  bool per_process_ = true;
  FrameTable table_;
  std::vector<ShmemObject> objects_;
  std::vector<int> unseen_;
  std::size_t refused_ = 0;  ///< processes whose frames could not be read
  bool hidden_ = false;      ///< PFNs read 0: not root
  bool exact_ = true;
  std::string why_bounds_;
};

}  // namespace memwho
