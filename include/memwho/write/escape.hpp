#pragma once
// Making untrusted text (process names, command lines, mapping paths) safe to print.
#include <string>
#include <string_view>

namespace memwho {

/// Appends `raw` to `out` so that no byte can move the terminal cursor, start an escape sequence
/// or break a TSV row. The escapes (documented in docs/output-formats.md):
///   backslash -> \\   tab -> \t   newline -> \n   carriage return -> \r
///   every other C0 control byte and DEL -> \xHH
///   each byte of a C1 control (U+0080..U+009F), of a bidi control (U+202A..U+202E,
///   U+2066..U+2069, U+200E, U+200F, U+061C), of an invisible character that allows
///   lookalike names (U+00AD, U+180E, U+200B..U+200D, U+2028, U+2029, U+2060..U+2064,
///   U+FEFF) and of an invalid UTF-8 sequence -> \xHH
/// Valid UTF-8 otherwise passes unchanged. The escaping is reversible: a literal backslash is
/// always doubled.
/// What a text output may carry beyond printable ASCII.
enum class Charset : unsigned char {
  utf8,   ///< valid UTF-8 passes (but for the characters escaped above)
  ascii,  ///< every byte >= 0x80 is escaped: for a terminal whose locale is not UTF-8, where
          ///< the bytes of valid UTF-8 (c3 9b) can reach it as a C1 control (0x9b, CSI)
};

void append_escaped(std::string& out, std::string_view raw, Charset charset = Charset::utf8);

/// `json` (a serialized document, valid UTF-8) with every character a terminal would act on or
/// hide written as a \uXXXX escape instead: DEL, the C1 controls, bidi controls and invisible
/// characters (those append_escaped escapes). JSON parsers read them back unchanged; a terminal
/// showing the document is safe.
std::string json_terminal_safe(std::string_view json);

/// True when `text` is valid UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view text);

/// The escaped form of `raw` as a new string.
std::string escaped(std::string_view raw, Charset charset = Charset::utf8);

/// Undoes the kernel's one escape in smaps/maps paths: seq_path(..., "\n") prints a newline as
/// the four characters \012. (A file really named with backslash-0-1-2 reads the same; the
/// kernel's output cannot tell them apart, and neither can anyone reading it.)
std::string decode_kernel_path(std::string_view path);
/// The same, into a reused buffer (cleared first).
void decode_kernel_path_into(std::string_view path, std::string& out);

}  // namespace memwho
