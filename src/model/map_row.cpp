#include "memwho/model/map_row.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>

#include "memwho/write/escape.hpp"

namespace memwho {

std::string_view mapping_object_name(std::string_view kernel_path, std::string& scratch) {
  if (kernel_path.empty()) return "[anon]";
  // seq_path() escapes only '\n', as "\012". Decode it in place of a copy when there is none.
  if (kernel_path.find("\\012") == std::string_view::npos) return kernel_path;
  decode_kernel_path_into(kernel_path, scratch);
  return scratch;
}

namespace {

/// Writes v in lower-case hex, zero-padded to at least `min_digits`; returns the length.
std::size_t put_hex(char* out, std::size_t room, std::uint64_t v, std::size_t min_digits) {
  char digits[16];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v, 16);
  const auto n = static_cast<std::size_t>(end - digits);
  const std::size_t pad = n < min_digits ? min_digits - n : 0;
  if (pad + n > room) return 0;
  std::fill_n(out, pad, '0');
  std::copy(digits, end, out + pad);
  return pad + n;
}

}  // namespace

MapRow make_map_row(int pid, const Mapping& mapping, MapRowText& text) {
  const MappingHeader& h = mapping.header;
  MapRow row;
  row.pid = pid;
  row.header = &h;
  row.counters = &mapping.counters;
  row.name = mapping_object_name(h.path, text.name);
  row.vm_flags = mapping.vm_flags;
  // The formats of pmap and of the kernel's own header: 16 hex digits of address, at least
  // 8 of offset, and a "major:minor" device of at least 2 hex digits each.
  row.address = std::string_view(text.address, put_hex(text.address, 16, h.start, 16));
  row.offset = std::string_view(text.offset, put_hex(text.offset, 16, h.offset, 8));
  std::size_t dev = put_hex(text.device, 10, h.dev_major, 2);
  text.device[dev++] = ':';
  dev += put_hex(text.device + dev, 10, h.dev_minor, 2);
  row.device = std::string_view(text.device, dev);
  std::copy(std::begin(h.perms), std::end(h.perms), text.mode);
  row.mode = std::string_view(text.mode, 4);
  return row;
}

}  // namespace memwho
