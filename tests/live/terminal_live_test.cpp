// Live tests of the table in a real terminal: memwho runs in a tmux pane of 80 and 40 columns
// on processes whose names and commands hold CJK, emoji and combining characters. tmux draws
// what a user would see; nothing may wrap, the command must show (cut with a marker), and the
// columns must line up in terminal cells.
#include <catch2/catch.hpp>

#include "live_support.hpp"

using namespace memwho::live;

namespace {

const std::string kCjk = "\xe6\x95\xb0\xe6\x8d\xae\xe5\xba\x93";  // 数据库: 3 wide characters
const std::string kElephant = "\xf0\x9f\x90\x98";                 // 🐘: a wide emoji
const std::string kCafe = "cafe\xcc\x81";                         // e + combining acute
const std::string kEllipsis = "\xe2\x80\xa6";

/// Terminal cells of UTF-8 text, from the few ranges this test uses: kept apart from memwho's
/// own width code (wcwidth) so that the two can disagree.
std::size_t cells(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = b;
    std::size_t len = 1;
    if (b >= 0xf0) {
      len = 4, cp = b & 7u;
    } else if (b >= 0xe0) {
      len = 3, cp = b & 15u;
    } else if (b >= 0xc0) {
      len = 2, cp = b & 31u;
    }
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 63u);
    }
    i += len;
    if (cp >= 0x300 && cp <= 0x36f) continue;  // combining marks
    n += ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x1f300 && cp <= 0x1faff)) ? 2 : 1;
  }
  return n;
}

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'')
      q += "'\\''";
    else
      q += c;
  }
  return q + "'";
}

struct Pane {
  std::vector<std::string> drawn;   ///< rows as the pane shows them (a wrapped line is two)
  std::vector<std::string> joined;  ///< logical lines (tmux joins what it wrapped)
};

/// Runs memwho with `args` in a detached tmux pane `cols` wide and returns what it drew.
Pane in_tmux(int cols, const std::vector<std::string>& args) {
  const std::string socket = "memwho-test-" + std::to_string(::getpid());
  std::string cmd = "env -u COLUMNS LC_ALL=C.UTF-8 " + std::string(MEMWHO_BINARY);
  for (const auto& a : args) cmd += " " + shell_quote(a);
  cmd = "sh -c " + shell_quote(cmd + "; echo __END__; sleep 60");
  // The tmux server would inherit run()'s pipes and hold them open: start it detached from them.
  const auto started =
      run({"sh", "-c",
           "exec tmux -u -L " + socket + " -f /dev/null new-session -d -x " + std::to_string(cols) +
               " -y 100 " + shell_quote(cmd) + " </dev/null >/dev/null 2>&1"});
  REQUIRE(started.rc == 0);
  Pane pane;
  for (int i = 0; i < 500; ++i) {
    const auto cap = run({"tmux", "-L", socket, "capture-pane", "-p"});
    if (cap.out.find("__END__") != std::string::npos) {
      const auto joined = run({"tmux", "-L", socket, "capture-pane", "-p", "-J"});
      for (auto l : lines(cap.out)) pane.drawn.emplace_back(l);
      for (auto l : lines(joined.out)) pane.joined.emplace_back(l);
      break;
    }
    ::usleep(10000);
  }
  run({"tmux", "-L", socket, "kill-server"});
  auto trim = [](std::vector<std::string>& v) {
    while (!v.empty() && (v.back().empty() || v.back() == "__END__")) v.pop_back();
  };
  trim(pane.drawn);
  trim(pane.joined);
  REQUIRE(!pane.drawn.empty());
  return pane;
}

const std::string* row_of(const Pane& pane, int pid) {
  const std::string p = std::to_string(pid) + "  ";
  for (const auto& l : pane.drawn) {
    std::string_view v = l;
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    if (v.rfind(p, 0) == 0) return &l;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("in an 80-column terminal, a wide command is cut with a marker and nothing wraps",
          "[live]") {
  const std::string tag = "lvw" + std::to_string(::getpid() % 100000);
  const std::string title = "/opt/" + kElephant + "/bin/" + tag + " --name=" + kCafe +
                            " --cache=" + kCjk + kCjk + kCjk + kCjk + kCjk + kCjk;
  Child child("/bin/sleep", {title, "60"});
  const Pane pane = in_tmux(80, {"-p", std::to_string(child.pid())});
  INFO([&] {
    std::string all;
    for (const auto& l : pane.drawn) all += l + "\n";
    return all;
  }());
  CHECK(pane.drawn.size() == pane.joined.size());  // no line wrapped
  for (const auto& l : pane.drawn) CHECK(cells(l) <= 80);
  const std::string* row = row_of(pane, child.pid());
  REQUIRE(row != nullptr);
  // The command is there, from its start, and its cut is marked.
  CHECK(row->find("/opt/" + kElephant + "/bin/" + tag) != std::string::npos);
  CHECK(row->find(kEllipsis) != std::string::npos);
  CHECK(row->find(kEllipsis) + kEllipsis.size() == row->size());
}

TEST_CASE("in a 40-column terminal the command still shows and nothing wraps", "[live]") {
  const std::string tag = "lvn" + std::to_string(::getpid() % 100000);
  Child child("/bin/sleep", {tag + " " + kCjk + kCjk + kCjk + " " + kElephant + kCafe, "60"});
  const Pane pane = in_tmux(40, {"-p", std::to_string(child.pid())});
  INFO([&] {
    std::string all;
    for (const auto& l : pane.drawn) all += l + "\n";
    return all;
  }());
  CHECK(pane.drawn.size() == pane.joined.size());
  for (const auto& l : pane.drawn) CHECK(cells(l) <= 40);
  const std::string* row = row_of(pane, child.pid());
  REQUIRE(row != nullptr);
  CHECK(row->find(tag) != std::string::npos);
  // Every size is still there, by its title.
  std::string all;
  for (const auto& l : pane.drawn) all += l + "\n";
  for (const char* title : {"VSS ", "RSS ", "PSS ", "USS ", "SWAP "}) {
    CHECK(all.find(title) != std::string::npos);
  }
}

TEST_CASE("a CJK name keeps the columns after it aligned in terminal cells", "[live]") {
  // comm set by exec: a copy of sleep named 数据库 (9 bytes, 3 characters, 6 cells).
  TempDir tmp;
  const std::string path = tmp.path() + "/" + kCjk;
  REQUIRE(run({"cp", "/bin/sleep", path}).rc == 0);
  Child wide(path, {path, "60"});
  Child narrow("/bin/sleep", {"sleep", "60"});
  const Pane pane =
      in_tmux(80, {"-p", std::to_string(wide.pid()) + "," + std::to_string(narrow.pid()), "-o",
                   "pid,name,rss"});
  INFO([&] {
    std::string all;
    for (const auto& l : pane.drawn) all += l + "\n";
    return all;
  }());
  // The header and both rows end their RSS column at the same cell.
  std::vector<std::size_t> ends;
  for (const auto& l : pane.drawn) {
    if (l.find("RSS") != std::string::npos && l.find("PID") != std::string::npos) {
      ends.push_back(cells(l.substr(0, l.find("RSS") + 3)));
    } else if (l.find("iB") != std::string::npos && l.find("TOTAL") == std::string::npos &&
               (l.find(kCjk) != std::string::npos || l.find("sleep") != std::string::npos)) {
      ends.push_back(cells(l.substr(0, l.find("iB") + 2)));
    }
  }
  REQUIRE(ends.size() == 3);
  CHECK(ends[0] == ends[1]);
  CHECK(ends[1] == ends[2]);
}
