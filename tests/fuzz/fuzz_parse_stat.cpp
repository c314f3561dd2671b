// libFuzzer target: parse_stat() and parse_statm() on arbitrary bytes, and on a valid stat line
// whose comm is taken from the input (comm may hold anything but NUL, ')' and newlines included).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "memwho/proc/parse_stat.hpp"
#include "memwho/proc/parse_statm.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto st = memwho::parse_stat(text)) {
    if (st->comm.size() > size) std::abort();
  }

  // statm on the same bytes: never a crash; what parses prints back as the same seven fields.
  if (const auto m = memwho::parse_statm(text)) {
    const std::string again = std::to_string(m->size) + " " + std::to_string(m->resident) + " " +
                              std::to_string(m->shared) + " " + std::to_string(m->text) + " " +
                              std::to_string(m->lib) + " " + std::to_string(m->data) + " " +
                              std::to_string(m->dt) + "\n";
    const auto m2 = memwho::parse_statm(again);
    if (!m2 || m2->resident != m->resident || m2->dt != m->dt) std::abort();
  }

  // Round trip: whatever comm holds, the fields after it are found from the last ')'.
  std::string comm(text.substr(0, 64));
  for (char& c : comm) {
    if (c == '\0') c = ' ';
  }
  const std::string line = "4242 (" + comm +
                           ") S 1 4242 4242 0 -1 4194304 268 0 0 0 3 1 0 0 20 0 1 0 72082 "
                           "17281024 2718 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 "
                           "0 0 0 0 0 0 0 0 0 0 0\n";
  const auto st = memwho::parse_stat(line);
  if (!st || st->comm != comm || st->pid != 4242 || st->state != 'S' || st->ppid != 1 ||
      st->start_time != 72082 || st->vsize_bytes != 17281024 || st->rss_pages != 2718) {
    std::abort();
  }
  return 0;
}
