// The one door to a proc tree given by path (a capture archive is added here).
#include "memwho/proc/open_proc_root.hpp"

namespace memwho {

std::unique_ptr<ProcSource> open_proc_root(const std::string& path, std::string& error) {
  return open_proc_dir(path, error);
}

}  // namespace memwho
