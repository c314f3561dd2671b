#pragma once
// --proc-root and `memwho diff A B`: a proc tree given by path, whatever it is: the live /proc,
// a directory laid out like it, or a capture (an archive written by `memwho capture`, or its
// unpacked directory).
#include <memory>
#include <string>

#include "memwho/proc/proc_source.hpp"

namespace memwho {

/// The tree at `path`; nullptr (and `error`, naming the path and what is wrong with it) when it
/// cannot be opened or is not a proc tree or a readable capture.
std::unique_ptr<ProcSource> open_proc_root(const std::string& path, std::string& error);

}  // namespace memwho
