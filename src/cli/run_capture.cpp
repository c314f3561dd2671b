// memwho capture FILE: selects as the views do (scan), records the raw files they read of the
// selected processes, their cgroups and the machine, and writes them as one archive. Nothing on
// stdout (unless FILE is -); one summary line on stderr.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "front_end.hpp"
#include "memwho/capture/capture_archive.hpp"
#include "memwho/capture/collect_capture.hpp"
#include "memwho/cli/terminal.hpp"
#include "memwho/cli/users.hpp"
#include "memwho/proc/open_proc_root.hpp"
#include "memwho/report/diagnostics.hpp"
#include "memwho/write/escape.hpp"
#include "memwho/write/units.hpp"

namespace memwho {
namespace {

/// Where and when, from the tree itself (its hostname, osrelease and boot_id), falling back on
/// this machine's names for a tree that has none (a hand-made --proc-root).
CaptureInfo describe_capture(const ProcSource& proc) {
  if (const CaptureInfo* earlier = proc.capture()) {
    CaptureInfo info = *earlier;  // a capture of a capture is still of that machine and moment
    info.users.clear();
    return info;
  }
  CaptureInfo info;
  info.host = read_first_line(proc, "sys/kernel", "hostname");
  info.kernel = read_first_line(proc, "sys/kernel", "osrelease");
  info.boot_id = read_first_line(proc, "sys/kernel/random", "boot_id");
  utsname uts{};
  if ((info.host.empty() || info.kernel.empty()) && ::uname(&uts) == 0) {
    if (info.host.empty()) info.host = uts.nodename;
    if (info.kernel.empty()) info.kernel = uts.release;
  }
  info.time = now_iso8601();
  return info;
}

/// The uids of the captured processes, with their names (the capture's own, for a capture).
void record_users(const ProcSource& proc, const std::vector<ProcessRecord>& records,
                  CaptureInfo& info) {
  std::set<std::uint32_t> uids;
  for (const ProcessRecord& r : records) {
    if (r.uid) uids.insert(*r.uid);
  }
  UserNames names(proc.capture());
  for (const std::uint32_t uid : uids) info.users.emplace_back(uid, names.name(uid));
}

/// Writes the archive to FILE.tmp, then renames it over FILE: a failed capture never leaves half
/// an archive under FILE. "-": stdout. The archive's size (0 for stdout), or nullopt.
std::optional<std::uint64_t> write_file(const std::string& file, const CaptureFiles& files,
                                        std::string& error) {
  const Compression compression = compression_for(file);
  if (file == "-") {
    if (!write_capture_archive(STDOUT_FILENO, files, compression, error)) return std::nullopt;
    return 0;
  }
  const std::string tmp = file + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = tmp + ": " + std::strerror(errno);
    return std::nullopt;
  }
  bool ok = write_capture_archive(fd, files, compression, error);
  struct stat st {};
  if (ok && (::fsync(fd) != 0 || ::fstat(fd, &st) != 0)) {
    error = tmp + ": " + std::strerror(errno);
    ok = false;
  }
  if (::close(fd) != 0 && ok) {
    error = tmp + ": " + std::strerror(errno);
    ok = false;
  }
  if (ok && ::rename(tmp.c_str(), file.c_str()) != 0) {
    error = file + ": " + std::strerror(errno);
    ok = false;
  }
  if (!ok) {
    ::unlink(tmp.c_str());
    return std::nullopt;
  }
  return static_cast<std::uint64_t>(st.st_size);
}

}  // namespace

int run_capture(const Config& config) {
  const CaptureCommand& command = *config.capture;
  const Charset charset = terminal_charset();
  std::string error;
  const auto proc = open_proc_root(config.proc_root, error);
  if (!proc) {
    fmt::print(stderr, "memwho: --proc-root {}\n", escaped(error, charset));
    return kExitUsage;
  }
  auto selector = make_selector(config, *proc);
  if (!selector) return kExitUsage;
  // Identify and select exactly as the views do; the cgroup line names the cgroup files to take.
  ScanRequest request;
  request.selector = std::move(*selector);
  request.needs.cmdline = request.selector.needs_cmdline();
  request.needs.cgroup = true;
  request.descendants = config.descendants;
  request.jobs = scan_jobs(config);
  const ScanResult result = scan(*proc, request);
  std::vector<Note> diagnostics = scan_diagnostics(result, request.selector, permission_hint());
  if (result.records.empty()) {
    if (auto note = no_match_diagnostic(describe_selection(config), config.proc_root,
                                        request.selector, result)) {
      diagnostics.push_back(std::move(*note));
    }
    print_diagnostics(diagnostics);
    fmt::print(stderr, "memwho capture: nothing to capture; {} not written\n",
               escaped(command.file, charset));
    return kExitNoMatch;
  }
  CaptureFiles files;
  collect_processes(*proc, result.records, command.maps, files);
  std::unique_ptr<ProcSource> opened;
  const ProcSource* sys = config.sys_root.empty() ? proc->recorded_cgroups() : nullptr;
  if (sys == nullptr) {
    opened = open_proc_dir(config.sys_root.empty() ? kDefaultSysRoot : config.sys_root, error);
    sys = opened.get();
  }
  if (sys != nullptr) collect_cgroups(*sys, result.records, files);
  collect_machine(*proc, files);
  files.meta.info = describe_capture(*proc);
  record_users(*proc, result.records, files.meta.info);
  files.meta.version = MEMWHO_VERSION;
  files.meta.command = command.argv;
  print_diagnostics(diagnostics);
  const auto size = write_file(command.file, files, error);
  if (!size) {
    fmt::print(stderr, "memwho capture: {}\n", escaped(error, charset));
    return kExitOutput;
  }
  const std::string vanished =
      files.meta.vanished > 0 ? fmt::format(" ({} exited meanwhile)", files.meta.vanished) : "";
  const std::string unread = files.meta.unread.empty()
                                 ? ""
                                 : fmt::format(", {} files refused or unreadable, recorded as such",
                                               files.meta.unread.size());
  if (command.file == "-") {
    fmt::print(stderr, "memwho capture: {} processes{}{} to stdout\n", files.meta.processes,
               vanished, unread);
  } else {
    fmt::print(stderr, "memwho capture: {} processes{}{} in {} ({})\n", files.meta.processes,
               vanished, unread, escaped(command.file, charset), human_kib((*size + 1023) / 1024));
  }
  return kExitMatched;
}

}  // namespace memwho
