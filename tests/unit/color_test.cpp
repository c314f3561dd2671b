// Colour in the table: when it is on (--color, a terminal, NO_COLOR, TERM), that it never moves
// a column (escape sequences take no cells), what it marks, and that no other format carries it.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "memwho/cli/terminal.hpp"
#include "memwho/model/process_columns.hpp"
#include "memwho/report/process_report.hpp"
#include "memwho/write/writer.hpp"

using memwho::ColorChoice;
using memwho::ProcessRecord;
using memwho::SmapsKey;
using memwho::SmapsOrigin;

namespace {

ProcessRecord record(int pid, std::uint64_t pss, std::string name, bool readable) {
  ProcessRecord r;
  r.pid = pid;
  r.uid = 0;
  r.user = "root";
  r.name = name;
  r.command = std::move(name);
  r.state = 'S';
  r.identity_known = true;
  r.has_mm = true;
  r.vm_size = pss * 10;
  r.vm_rss = pss * 2;
  if (readable) {
    r.smaps.add(SmapsKey::rss, pss * 2);
    r.smaps.add(SmapsKey::pss, pss);
    r.smaps.add(SmapsKey::private_clean, 0);
    r.smaps.add(SmapsKey::private_dirty, pss / 2);
    r.smaps.add(SmapsKey::swap, 0);
    r.smaps_origin = SmapsOrigin::rollup;
  } else {
    r.smaps_origin = SmapsOrigin::denied;
  }
  return r;
}

std::string render(memwho::Format format, bool color, std::size_t width = 0) {
  // CJK and emoji names: the widths that escape sequences would most easily throw off.
  const std::vector<ProcessRecord> rs = {record(10, 204800, "数据库服务器", true),
                                         record(2000, 1024, "🐘 postgres", true),
                                         record(3, 0, "locked", false)};
  std::vector<const memwho::ProcessColumn*> cols;
  for (const char* key : {"pid", "user", "rss", "pss", "uss", "command"}) {
    cols.push_back(memwho::find_process_column(key));
  }
  memwho::WriterOptions options;
  options.color = color;
  options.max_width = width;
  std::string out;
  auto writer = memwho::make_writer(format, options, out);
  memwho::report_processes(rs, rs.size(), cols, {}, *writer, {}, "PSS");
  writer->end({});
  return out;
}

/// `text` without its SGR sequences (ESC [ ... m).
std::string without_sgr(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      i = text.find('m', i);
      continue;
    }
    out += text[i];
  }
  return out;
}

}  // namespace

TEST_CASE("color: auto colours a terminal only, and not with NO_COLOR or TERM=dumb", "[color]") {
  using memwho::color_decision;
  CHECK(color_decision(ColorChoice::automatic, true, nullptr, "xterm-256color"));
  CHECK_FALSE(color_decision(ColorChoice::automatic, false, nullptr, "xterm"));  // a pipe
  CHECK_FALSE(color_decision(ColorChoice::automatic, true, "1", "xterm"));
  CHECK_FALSE(color_decision(ColorChoice::automatic, true, "no", "xterm"));  // any value
  CHECK(color_decision(ColorChoice::automatic, true, "", "xterm"));          // empty is unset
  CHECK_FALSE(color_decision(ColorChoice::automatic, true, nullptr, "dumb"));
  // An explicit flag beats the environment and the terminal (no-color.org).
  CHECK(color_decision(ColorChoice::always, false, "1", "dumb"));
  CHECK_FALSE(color_decision(ColorChoice::never, true, nullptr, "xterm"));
}

TEST_CASE("color: the table is the same text with colour as without, column for column",
          "[color]") {
  for (const std::size_t width : {std::size_t{0}, std::size_t{60}, std::size_t{30}}) {
    INFO("width " << width);
    const std::string plain = render(memwho::Format::table, false, width);
    const std::string colored = render(memwho::Format::table, true, width);
    CHECK(plain.find('\x1b') == std::string::npos);
    // 30 cells is the narrow form, a short block of lines a row, which stays plain.
    CHECK((colored.find("\x1b[") != std::string::npos) == (width != 30));
    CHECK(without_sgr(colored) == plain);
  }
}

TEST_CASE("color: marks the sums, the unknowns and the TOTAL row, and resets every time",
          "[color]") {
  const std::string out = render(memwho::Format::table, true);
  CHECK(out.find("\x1b[36m200.0 MiB\x1b[0m") != std::string::npos);  // PSS, which adds up
  CHECK(out.find("\x1b[33m-\x1b[0m") != std::string::npos);          // an unknown PSS
  CHECK(out.find("\x1b[1mTOTAL\x1b[0m") != std::string::npos);
  CHECK(out.find("\x1b[36m400.0 MiB") == std::string::npos);  // RSS does not add up: plain
  std::size_t opened = 0, reset = 0;
  for (std::size_t at = out.find("\x1b["); at != std::string::npos;
       at = out.find("\x1b[", at + 1)) {
    (out.compare(at, 4, "\x1b[0m") == 0 ? reset : opened) += 1;
  }
  CHECK(opened == reset);
}

TEST_CASE("color: never in TSV, CSV, JSON or OpenMetrics", "[color]") {
  for (const auto format : {memwho::Format::tsv, memwho::Format::csv, memwho::Format::json,
                            memwho::Format::openmetrics}) {
    CHECK(render(format, true).find('\x1b') == std::string::npos);
  }
}
