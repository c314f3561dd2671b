#include "memwho/proc/parse_smaps.hpp"

#include "parse_number.hpp"

namespace memwho {
namespace {

using detail::skip_blanks;
using detail::take_number;

bool take_char(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

}  // namespace

std::optional<MappingHeader> parse_mapping_header(std::string_view line) {
  // show_vma_header_prefix(): "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu " then, padded to
  // column 73, the name. All widths are minimums, so parse by separators, never by column.
  MappingHeader h;
  std::string_view s = line;
  auto start = take_number<std::uint64_t>(s, 16);
  if (!start || !take_char(s, '-')) return std::nullopt;
  auto end = take_number<std::uint64_t>(s, 16);
  if (!end || !take_char(s, ' ') || s.size() < 4) return std::nullopt;
  for (int i = 0; i < 4; ++i) h.perms[i] = s[static_cast<std::size_t>(i)];
  s.remove_prefix(4);
  auto offset = take_number<std::uint64_t>(s, 16);
  auto major = offset ? take_number<std::uint32_t>(s, 16) : std::nullopt;
  if (!major || !take_char(s, ':')) return std::nullopt;
  auto minor = take_number<std::uint32_t>(s, 16);
  auto inode = minor ? take_number<std::uint64_t>(s, 10) : std::nullopt;
  if (!inode) return std::nullopt;
  h.start = *start;
  h.end = *end;
  h.offset = *offset;
  h.dev_major = *major;
  h.dev_minor = *minor;
  h.inode = *inode;
  // The name is everything after the padding. A nameless mapping ends in one trailing space.
  // Never split the name on whitespace: paths keep spaces, tabs and " (deleted)" raw.
  h.path = skip_blanks(s);
  return h;
}

std::optional<CounterLine> parse_counter_line(std::string_view line) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const auto key = smaps_key_from_name(line.substr(0, colon));
  if (!key) return std::nullopt;
  return CounterLine{*key, detail::parse_kib(line.substr(colon + 1))};
}

void SmapsParser::feed_line(std::string_view line) {
  if (is_mapping_header(line)) {
    emit();
    current_ = Mapping{};
    if (auto header = parse_mapping_header(line)) {
      path_.assign(header->path);
      current_.header = *header;
    } else {
      // Not a header we understand: keep its counters in a record of their own (so no total
      // loses them) and show the raw line as its name.
      ++unrecognised_;
      path_.assign(line);
    }
    current_.header.path = path_;
    open_ = true;
    return;
  }
  if (const auto counter = parse_counter_line(line)) {
    add_counter(current_.counters, *counter);
    open_ = true;  // counters before any header (a bare rollup body) still form a record
    return;
  }
  const auto colon = line.find(':');
  const std::string_view key = line.substr(0, colon == std::string_view::npos ? 0 : colon);
  if (key == "VmFlags") {
    vm_flags_.assign(skip_blanks(line.substr(colon + 1)));
    while (!vm_flags_.empty() && vm_flags_.back() == ' ') vm_flags_.pop_back();
    current_.vm_flags = vm_flags_;
    current_.has_vm_flags = true;
    return;
  }
  // Counters of future kernels ("Foo:  12 kB") are skipped without complaint; only lines that do
  // not look like "Key: value" at all are counted as unrecognised.
  if (colon == std::string_view::npos || key.empty()) {
    if (!line.empty()) ++unrecognised_;
  }
}

void SmapsParser::emit() {
  if (!open_) return;
  ++mappings_;
  saw_vm_flags_ |= current_.has_vm_flags;
  last_had_vm_flags_ = current_.has_vm_flags;
  sink_(current_);
  open_ = false;
}

void SmapsParser::finish() {
  emit();
}

SmapsCounters sum_smaps_counters(std::string_view text) {
  // Only the counters matter here, so skip the Mapping machinery and take line by line.
  SmapsSummer summer;
  for_each_line(text, [&summer](std::string_view line) { summer.feed_line(line); });
  return summer.total();
}

}  // namespace memwho
