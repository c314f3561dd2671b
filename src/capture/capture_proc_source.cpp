// The capture's members in memory, read as a proc tree: directories are the members' paths'
// prefixes, indexed once when the capture is opened.
#include "memwho/capture/capture_proc_source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <set>

namespace memwho {
namespace {

/// "a" + "b" -> "a/b"; "." and "" stand for the root ("./sysvipc" is "sysvipc").
std::string join(std::string_view dir, std::string_view name) {
  if (name == ".") name = {};
  while (name.substr(0, 2) == "./") name.remove_prefix(2);
  if (dir == ".") dir = {};
  if (dir.empty()) return std::string(name);
  if (name.empty()) return std::string(dir);
  std::string out(dir);
  out += '/';
  out += name;
  return out;
}

class MemberStream final : public FileStream {
 public:
  explicit MemberStream(std::string_view bytes) : bytes_(bytes) {}
  long read(char* buf, std::size_t n) override {
    const std::size_t take = std::min(n, bytes_.size() - pos_);
    std::memcpy(buf, bytes_.data() + pos_, take);
    pos_ += take;
    return static_cast<long>(take);
  }
  long read_at(char* buf, std::size_t n, std::uint64_t offset) override {
    if (offset >= bytes_.size()) return 0;
    const std::size_t take = std::min<std::size_t>(n, bytes_.size() - offset);
    std::memcpy(buf, bytes_.data() + offset, take);
    return static_cast<long>(take);
  }
  [[nodiscard]] ReadOutcome outcome() const override { return {}; }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

/// One tree of a capture: the members below `prefix` ("proc/" or "cgroup/").
class CaptureTree final : public ProcSource {
 public:
  CaptureTree(std::string name, std::shared_ptr<const CaptureFiles> files, std::string_view prefix)
      : name_(std::move(name)), files_(std::move(files)), prefix_(prefix) {
    for (const auto& [path, bytes] : files_->members) index(path);
    for (const auto& [path, unread] : files_->meta.unread) index(path);
  }

  [[nodiscard]] const std::string& name() const override { return name_; }
  [[nodiscard]] std::vector<int> list_pids() const override { return numbers_in(""); }
  [[nodiscard]] std::optional<int> self_pid() const override { return std::nullopt; }

  ProcDir open_dir(const ProcDir* parent, std::string_view name,
                   ReadOutcome& outcome) const override {
    std::string path = join(parent != nullptr ? parent->path() : std::string(), name);
    if (!children_.contains(path)) {
      outcome = {ReadStatus::gone, ENOENT, nullptr};
      return {};
    }
    return {-1, std::move(path)};
  }

  [[nodiscard]] std::vector<int> list_numbers(const ProcDir& dir) const override {
    return numbers_in(dir.path());
  }

  ReadOutcome read_file(const ProcDir& dir, const char* name, ReadBuffer& buf) const override {
    buf.clear();
    ReadOutcome outcome;
    const std::optional<std::string_view> bytes = find(dir, name, outcome);
    if (!bytes) return outcome;
    if (bytes->size() > kMaxFileBytes) {
      return {ReadStatus::failed, 0, "larger than the 16 MiB memwho reads of one file"};
    }
    std::memcpy(buf.room(bytes->size()), bytes->data(), bytes->size());
    buf.commit(bytes->size());
    return {};
  }

  std::unique_ptr<FileStream> open_stream(const ProcDir& dir, const char* name,
                                          ReadOutcome& outcome) const override {
    const std::optional<std::string_view> bytes = find(dir, name, outcome);
    if (!bytes) return nullptr;
    return std::make_unique<MemberStream>(*bytes);
  }

  [[nodiscard]] const CaptureInfo* capture() const override { return &files_->meta.info; }

  [[nodiscard]] const ProcSource* recorded_cgroups() const override { return cgroups_.get(); }

  void set_cgroups(std::unique_ptr<ProcSource> cgroups) { cgroups_ = std::move(cgroups); }

 private:
  /// Records the directories above a member of this tree.
  void index(std::string_view path) {
    if (path.substr(0, prefix_.size()) != prefix_) return;
    std::string_view rest = path.substr(prefix_.size());
    std::string dir;
    children_[dir];
    for (auto slash = rest.find('/'); slash != std::string_view::npos; slash = rest.find('/')) {
      const std::string_view part = rest.substr(0, slash);
      children_[dir].insert(std::string(part));
      dir = join(dir, part);
      children_[dir];
      rest.remove_prefix(slash + 1);
    }
  }

  [[nodiscard]] std::vector<int> numbers_in(const std::string& dir) const {
    std::vector<int> out;
    const auto it = children_.find(dir);
    if (it == children_.end()) return out;
    for (const std::string& child : it->second) {
      if (auto n = parse_pid(child)) out.push_back(*n);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  /// The member `name` of `dir`, or null and how its read ends (refused, failed, gone).
  std::optional<std::string_view> find(const ProcDir& dir, const char* name,
                                       ReadOutcome& outcome) const {
    const std::string path = prefix_ + join(dir.path(), name);
    if (const auto it = files_->members.find(path); it != files_->members.end()) {
      return std::string_view(it->second);
    }
    if (const auto it = files_->meta.unread.find(path); it != files_->meta.unread.end()) {
      const UnreadFile& u = it->second;
      outcome = {u.status, u.error, u.detail.empty() ? nullptr : u.detail.c_str()};
      return std::nullopt;
    }
    outcome = {ReadStatus::gone, ENOENT, nullptr};
    return std::nullopt;
  }

  std::string name_;
  std::shared_ptr<const CaptureFiles> files_;
  std::string prefix_;
  std::map<std::string, std::set<std::string>> children_;  ///< directory -> its entries
  std::unique_ptr<ProcSource> cgroups_;
};

}  // namespace

std::unique_ptr<ProcSource> capture_proc_source(std::string name, CaptureFiles files) {
  auto shared = std::make_shared<const CaptureFiles>(std::move(files));
  auto proc = std::make_unique<CaptureTree>(name, shared, kProcPrefix);
  proc->set_cgroups(std::make_unique<CaptureTree>(name + " (cgroups)", shared, kCgroupPrefix));
  return proc;
}

}  // namespace memwho
