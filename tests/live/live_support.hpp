#pragma once
// Support for live tests: run a command and capture its output; start a scene of processes with
// known memory (tests/tools/scene.cpp) and tear it down by pid, always.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <charconv>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace memwho::live {

struct RunResult {
  std::string out, err;
  int rc = -1;
  int pid = 0;  ///< the pid the command ran as
};

/// Runs argv (argv[0] looked up in PATH), waits, and returns stdout, stderr and the exit code.
/// `during`, when given, is called with the command's pid right after it started.
inline RunResult run(const std::vector<std::string>& argv,
                     const std::function<void(pid_t)>& during = {}) {
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe");
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (during) during(pid);
  RunResult r;
  r.pid = pid;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open = 2;
  char buf[65536];
  while (open > 0) {
    if (::poll(fds, 2, -1) < 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open;
      } else {
        (i == 0 ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
      }
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

inline std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  for (;;) {
    const auto p = s.find(sep);
    parts.push_back(s.substr(0, p));
    if (p == std::string_view::npos) return parts;
    s.remove_prefix(p + 1);
  }
}

inline std::vector<std::string_view> lines(std::string_view s) {
  auto v = split(s, '\n');
  if (!v.empty() && v.back().empty()) v.pop_back();
  return v;
}

inline std::optional<std::uint64_t> to_u64(std::string_view s) {
  std::uint64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

/// A TSV table as rows of key -> field, keyed by the header line.
inline std::vector<std::map<std::string, std::string>> parse_tsv(std::string_view text) {
  std::vector<std::map<std::string, std::string>> rows;
  const auto ls = lines(text);
  if (ls.empty()) return rows;
  const auto header = split(ls[0], '\t');
  for (std::size_t i = 1; i < ls.size(); ++i) {
    const auto fields = split(ls[i], '\t');
    auto& row = rows.emplace_back();
    for (std::size_t k = 0; k < header.size() && k < fields.size(); ++k) {
      row[std::string(header[k])] = std::string(fields[k]);
    }
  }
  return rows;
}

/// "Key: value kB" in the text of a /proc file, in KiB; summed over all records.
inline std::uint64_t kib_in(std::string_view text, std::string_view key) {
  std::uint64_t total = 0;
  for (auto line : lines(text)) {
    if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == ':') {
      auto v = line.substr(key.size() + 1);
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      v = v.substr(0, v.find(' '));
      total += to_u64(v).value_or(0);
    }
  }
  return total;
}

/// "Key: value kB" of a /proc/PID file read right now, in KiB; summed over all records.
inline std::uint64_t kernel_kib(int pid, const char* file, std::string_view key) {
  const std::string path = "/proc/" + std::to_string(pid) + "/" + file;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path);
  std::string text;
  char buf[65536];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;)
    text.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return kib_in(text, key);
}

/// The "total kB" line of `pmap -x PID`: Kbytes, RSS, Dirty.
inline std::vector<std::uint64_t> pmap_x_totals(int pid) {
  const auto r = run({"pmap", "-x", std::to_string(pid)});
  std::vector<std::uint64_t> totals;
  for (auto line : lines(r.out)) {
    if (line.substr(0, 8) != "total kB") continue;
    for (auto word : split(line.substr(8), ' ')) {
      if (auto v = to_u64(word)) totals.push_back(*v);
    }
  }
  return totals;
}

/// A name unique to this test run: `stem` and our pid, so runs side by side do not meet.
inline std::string unique(const char* stem) {
  return stem + std::to_string(::getpid() % 100000);
}

/// Text with its lines joined: footers wrap at the width, sentences may span lines.
inline std::string unwrapped(std::string text) {
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

/// A copy of /bin/sleep at `path`, so that a process runs with that path as argv[0].
inline void copy_sleep(const std::string& path) {
  REQUIRE(run({"mkdir", "-p", path.substr(0, path.rfind('/'))}).rc == 0);
  REQUIRE(run({"cp", "/bin/sleep", path}).rc == 0);
}

/// Reads a whole file ("" when it cannot be read).
inline std::string read_text(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  std::string text;
  char buf[65536];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;)
    text.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return text;
}

/// "Key: N kB" of /proc/meminfo, in KiB (0 when the key is missing).
inline std::uint64_t meminfo_kib(const std::string& key) {
  const std::string text = read_text("/proc/meminfo");  // the lines are views into it
  for (auto line : lines(text)) {
    if (line.substr(0, key.size() + 1) != key + ":") continue;
    auto v = line.substr(key.size() + 1);
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    return to_u64(v.substr(0, v.find(' '))).value_or(0);
  }
  return 0;
}

/// A child process running `path` with the given argv (argv[0] may be anything: a title, as
/// `exec -a` gives). The constructor returns once the exec has happened (cmdline shows argv[0]);
/// the destructor kills and reaps it.
class Child {
 public:
  Child(const std::string& path, const std::vector<std::string>& argv) {
    pid_ = ::fork();
    if (pid_ == 0) {
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execv(path.c_str(), args.data());
      ::_exit(127);
    }
    const std::string cmdline = "/proc/" + std::to_string(pid_) + "/cmdline";
    for (int i = 0; i < 500; ++i) {
      if (read_text(cmdline).rfind(argv.at(0), 0) == 0) return;
      ::usleep(10000);
    }
    throw std::runtime_error("child did not exec " + path);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  [[nodiscard]] int pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

/// A temporary directory, removed with everything in it at the end of the scope.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/memwho-live-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp");
    path_ = tmpl;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() { run({"rm", "-rf", path_}); }
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// A running memwho-scene: a master and workers per group with known memory. The destructor
/// closes the scene's stdin (it then kills its processes) and kills any pid still alive.
class Scene {
 public:
  struct Process {
    std::string role;
    int pid;
    int group;
  };

  /// `cgroup_procs`: a cgroup.procs file the controller moves itself into before it builds the
  /// scene, so every process of the scene is charged to that cgroup.
  explicit Scene(const std::vector<std::string>& args, const std::string& cgroup_procs = {}) {
    int in_pipe[2], out_pipe[2];
    if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0) {
      throw std::runtime_error("pipe");
    }
    controller_ = ::fork();
    if (controller_ == 0) {
      if (!cgroup_procs.empty()) {
        const int fd = ::open(cgroup_procs.c_str(), O_WRONLY | O_CLOEXEC);
        const std::string pid = std::to_string(::getpid());
        if (fd < 0 || ::write(fd, pid.data(), pid.size()) != static_cast<ssize_t>(pid.size())) {
          ::_exit(126);
        }
        ::close(fd);
      }
      ::dup2(in_pipe[0], 0);
      ::dup2(out_pipe[1], 1);
      std::vector<char*> argv{const_cast<char*>(MEMWHO_SCENE)};
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(MEMWHO_SCENE, argv.data());
      ::_exit(127);
    }
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    stdin_ = in_pipe[1];
    std::string text;
    char buf[4096];
    while (text.find("ready\n") == std::string::npos) {
      const ssize_t n = ::read(out_pipe[0], buf, sizeof buf);
      if (n <= 0) break;
      text.append(buf, static_cast<std::size_t>(n));
    }
    ::close(out_pipe[0]);
    if (text.find("ready\n") == std::string::npos) {
      stop();
      throw std::runtime_error("memwho-scene did not get ready: " + text);
    }
    for (auto line : lines(text)) {
      const auto f = split(line, '\t');
      if (f.size() != 3) continue;
      processes_.push_back(
          {std::string(f[0]), static_cast<int>(*to_u64(f[1])), static_cast<int>(*to_u64(f[2]))});
    }
  }
  Scene(const Scene&) = delete;
  Scene& operator=(const Scene&) = delete;
  ~Scene() { stop(); }

  [[nodiscard]] const std::vector<Process>& processes() const { return processes_; }
  /// The controller: the parent of every master (memwho-scene, titled "memwho-scene controller").
  [[nodiscard]] int controller() const { return controller_; }

 private:
  void stop() {
    // By pid, always, and while the controller has not reaped them yet (so no pid can have been
    // reused): workers first, then their masters; then the controller itself ends on stdin EOF.
    for (auto it = processes_.rbegin(); it != processes_.rend(); ++it) ::kill(it->pid, SIGKILL);
    if (stdin_ >= 0) ::close(stdin_);
    stdin_ = -1;
    if (controller_ > 0) {
      int status = 0;
      ::waitpid(controller_, &status, 0);
      controller_ = -1;
    }
  }

  pid_t controller_ = -1;
  int stdin_ = -1;
  std::vector<Process> processes_;
};

}  // namespace memwho::live
