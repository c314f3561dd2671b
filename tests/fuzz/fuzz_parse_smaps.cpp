// libFuzzer target: the smaps parser (SmapsParser line by line, parse_mapping_header,
// parse_counter_line) and sum_smaps_counters on arbitrary bytes.
// Checks: the streaming parser and sum_smaps_counters agree on every counter (with unsigned
// wrap-around, since the input may hold u64-max values), the parser never reports more
// mappings than there are lines, and a header's path lies inside its line.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "memwho/proc/parse_smaps.hpp"
#include "memwho/proc/shmem_mapping.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  memwho::SmapsCounters streamed;
  std::size_t emitted = 0;
  memwho::SmapsParser parser([&](const memwho::Mapping& m) {
    ++emitted;
    streamed += m.counters;
    // The views must be readable during the sink call (ASan checks the bytes).
    volatile std::size_t sink = 0;
    for (const char c : m.header.path) sink = sink + static_cast<unsigned char>(c);
    for (const char c : m.vm_flags) sink = sink + static_cast<unsigned char>(c);
    (void)sink;
  });
  std::size_t lines = 0;
  memwho::for_each_line(text, [&](std::string_view line) {
    ++lines;
    parser.feed_line(line);
    if (const auto h = memwho::parse_mapping_header(line)) {
      // The path is a view into the line: never outside it.
      if (h->path.data() < line.data() ||
          h->path.data() + h->path.size() > line.data() + line.size()) {
        std::abort();
      }
      // What kind of shared memory a mapping is, from the same header: never throws, and a
      // kind is only ever named for a path that says so.
      if (const auto kind = memwho::shmem_kind(*h)) {
        if (h->path.empty()) std::abort();
        (void)memwho::shmem_kind_name(*kind);
      }
    }
  });
  parser.finish();
  if (emitted != parser.mappings() || emitted > lines) std::abort();

  const memwho::SmapsCounters summed = memwho::sum_smaps_counters(text);
  for (std::size_t i = 0; i < memwho::kSmapsKeyCount; ++i) {
    const auto key = static_cast<memwho::SmapsKey>(i);
    if (streamed.has(key) != summed.has(key)) std::abort();
    if (streamed.value_or_zero(key) != summed.value_or_zero(key)) std::abort();
  }
  return 0;
}
