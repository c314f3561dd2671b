#pragma once
// The kernel a proc tree comes from, and how that kernel counts RSS: what --explain needs to say
// why stat, statm, status and smaps disagree. The release is the tree's own (a fixture can be "a
// 6.1 kernel"): sys/kernel/osrelease below the root (live: /proc/sys/kernel/osrelease), or what
// a capture recorded.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "memwho/proc/proc_source.hpp"

namespace memwho {

struct KernelVersion {
  unsigned major = 0, minor = 0;
  std::optional<unsigned> patch;  ///< "6.18.44" -> 44; "6.16-rc1" has none
  [[nodiscard]] bool at_least(unsigned ma, unsigned mi) const {
    return major > ma || (major == ma && minor >= mi);
  }
};

/// Parses "6.18.44-fc-v769", "6.1.0-18-amd64", "4.9.0": the leading numbers; nullopt when the
/// text does not start with "MAJOR.MINOR".
std::optional<KernelVersion> parse_kernel_release(std::string_view text);

/// How the kernel keeps the RSS counters that stat, statm and status print (procfs-notes.md §4).
enum class RssCounting : std::uint8_t {
  unknown,       ///< the release is not known
  per_thread,    ///< before 6.2: each thread folds its changes in every 64 page faults
  per_cpu,       ///< 6.2 to 6.15: per-CPU counters read without the CPUs' pending parts
  maybe_exact,   ///< 6.12.y and 6.15.y: per-CPU, exact in status/statm if the stable release
                 ///< carries the backport of 82241a83cd15 (6.12.117 does); memwho cannot tell
  exact_status,  ///< 6.16 and later: status and statm sum the per-CPU parts (82241a83cd15)
};

RssCounting rss_counting(const std::optional<KernelVersion>& version);

/// The release of the kernel `source` was read from: a capture's record, else the tree's
/// sys/kernel/osrelease; empty when neither says.
std::string kernel_release_of(const ProcSource& source);

}  // namespace memwho
