#pragma once
// A capture read back as a proc tree: the views read it through the same seam as /proc.
#include <memory>
#include <string>

#include "memwho/capture/capture_files.hpp"
#include "memwho/proc/proc_source.hpp"

namespace memwho {

/// The "proc/" members of `files` as a proc tree named `name` (the capture's path); capture()
/// says where and when it was taken, recorded_cgroups() is its "cgroup/" members. Files absent
/// from the capture read as gone (ENOENT), refused ones as refused; page frames (pagemap,
/// kpagecount) are never captured.
std::unique_ptr<ProcSource> capture_proc_source(std::string name, CaptureFiles files);

}  // namespace memwho
