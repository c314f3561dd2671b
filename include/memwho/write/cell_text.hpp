#pragma once
// Turning one cell into text, shared by every writer so a size, a number or a name looks the
// same everywhere.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "memwho/model/cell.hpp"
#include "memwho/write/escape.hpp"

namespace memwho {

/// How a table shows sizes: binary human units ("180.2 MiB"), the same compacted for narrow
/// terminals ("180.2M"), or integer KiB (pmap's "Kbytes").
enum class SizeUnits { human, compact, kib };

/// How a table shows its cells.
struct CellStyle {
  SizeUnits units = SizeUnits::human;
  Charset charset = Charset::utf8;  ///< ascii outside a UTF-8 locale
};

/// Appends the cell as a table shows it: '-' when unknown, text escaped, a change with its sign.
void append_table_cell(std::string& out, const Cell& cell, CellStyle style);
/// The same as a new string.
std::string table_cell(const Cell& cell, CellStyle style);
/// Appends the cell as TSV and CSV carry it: sizes as integer KiB (or bytes when `bytes`), a
/// change with its sign ("+1536", "-340", "0"), empty when unknown, text escaped.
void append_plain_cell(std::string& out, const Cell& cell, bool bytes);
/// Appends an integer: to_chars into a stack buffer, the cheapest way there is.
void append_integer(std::string& out, std::uint64_t v);
void append_integer(std::string& out, std::int64_t v);
/// Appends a change with its sign: "+N", "-N", or "0".
void append_signed(std::string& out, std::int64_t v);
/// A change of `kib` KiB in bytes; nullopt when it does not fit in 64 signed bits.
std::optional<std::int64_t> change_bytes(std::int64_t kib);

/// Appends `text` padded with spaces to `width` display cells, on the left when `right`.
void append_padded(std::string& out, std::string_view text, std::size_t width, bool right);

}  // namespace memwho
