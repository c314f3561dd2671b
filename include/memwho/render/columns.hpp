#pragma once
// Every fact about a column of the process table in one row of one table: its key (for -o,
// --sort and the TSV header), its title, what it needs read, and how to get its value.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "memwho/proc/process_record.hpp"
#include "memwho/render/cells.hpp"

namespace memwho {

enum class ColumnKind : std::uint8_t { text, number, size };

struct Column {
  std::string_view key;  ///< "pss": -o/--sort value and TSV header
  ColumnKind kind;
  std::string_view title;        ///< "PSS": table header
  std::string_view description;  ///< one line for --list-columns
  bool needs_cmdline = false;
  bool needs_smaps = false;
  /// Its sum over processes means something (PSS, USS, SWAP_PSS: each page counted once at
  /// most), so TOTAL shows it. RSS, SHARED, SWAP... count a page shared by several processes
  /// once in each of them: their sum double counts, and TOTAL leaves them out.
  bool summable = false;
  Cell (*value)(const ProcessRecord&) = nullptr;

  [[nodiscard]] bool is_text() const { return kind == ColumnKind::text; }
};

/// All columns, in --list-columns order.
std::span<const Column> all_columns();
/// The column with this key, or nullptr.
const Column* find_column(std::string_view key);
/// The default table: PID USER VSS RSS PSS USS SWAP COMMAND.
std::vector<const Column*> default_columns();

/// How to order rows: a column and a direction. Sizes sort descending by default, the rest
/// ascending; a leading '-' or '+' forces the direction (as in ps --sort).
struct SortKey {
  const Column* column = nullptr;
  bool descending = true;
};
/// Parses "pss", "-rss", "+pid"; nullopt for an unknown key.
std::optional<SortKey> parse_sort_key(std::string_view text);

/// Sorts records by the key; unknown values last, ties by pid.
void sort_records(std::vector<ProcessRecord>& records, const SortKey& key);

}  // namespace memwho
