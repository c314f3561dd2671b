// The one door to a proc tree given by path: a capture archive (a regular file, whatever its
// name: libarchive tells by its content), an unpacked capture (a directory with the metadata
// member), or a directory laid out like /proc.
#include "memwho/proc/open_proc_root.hpp"

#include <sys/stat.h>

#include "memwho/capture/capture_archive.hpp"
#include "memwho/capture/capture_proc_source.hpp"

namespace memwho {

std::unique_ptr<ProcSource> open_proc_root(const std::string& path, std::string& error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
    auto files = read_capture_archive(path, error);
    if (!files) return nullptr;
    return capture_proc_source(path, std::move(*files));
  }
  if (is_capture_directory(path)) {
    auto files = read_capture_directory(path, error);
    if (!files) return nullptr;
    return capture_proc_source(path, std::move(*files));
  }
  return open_proc_dir(path, error);
}

}  // namespace memwho
