#pragma once
// The report: what every view produces and every writer consumes, as a stream of events, so that
// a 20,000-mapping listing streams and a new format is one writer, a new view no writer at all.
//
//   begin(view) { begin_block(block) row(cells)... end_block(totals, notes, complete) }
//     end(notes)
//
// The process view is one block; --maps one block a process; --maps --by=file one block.
// Writers append text to a string the front end flushes; nothing here touches a stream.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "memwho/model/cell.hpp"
#include "memwho/model/column.hpp"

namespace memwho {

/// A row's identity as labels (OpenMetrics): "pid"="1234", "name"="nginx". Values are raw
/// text; the writer escapes them. They do not depend on the columns shown, so every series
/// stays unique whatever -o says.
struct Label {
  std::string_view name;
  std::string_view value;
};

/// A proc tree a report compares (memwho diff A B): its side and what it is.
struct SourceInfo {
  std::string side;  ///< "a", "b": the JSON key
  std::string text;  ///< the table's line: "A: fixtures/proc-a (a directory laid out like /proc)"
  std::string name;  ///< the path given
  std::string kind;  ///< "capture", "live" or "directory"
  std::string host, time, kernel, boot_id;  ///< empty when the tree does not say
};

/// What a view is, for the writers.
struct ViewInfo {
  std::string_view name;  ///< "processes", "mappings", "objects": JSON "view", metric names
  std::string_view row;   ///< what one row is, for OpenMetrics: "process", "mapping", "object"
  std::vector<const ColumnMeta*> columns;
  /// Tables: true when column widths are fixed so rows can stream (pmap's KiB, the maps views);
  /// false when widths come from the data and the table fits the terminal (the process view).
  bool fixed_widths = false;
  /// JSON: blocks are processes (--maps: "processes": [{pid, command, mappings, totals}]);
  /// otherwise the view is one list of rows ("rows", "totals").
  bool blocks_are_processes = false;
  /// JSON: the key of a process block's rows ("mappings"; --explain: "figures").
  std::string_view block_rows = "mappings";
  /// Where the data came from and when, for JSON ("host", "time").
  std::string host, time;
  /// Read from a capture (--proc-root FILE): host and time are the capture's, and `kernel` the
  /// kernel it ran; the table says so under its rows.
  bool captured = false;
  std::string kernel;
  /// The trees compared (memwho diff), in order: a line each above a table, an object each in
  /// JSON; empty for a view of one tree.
  std::vector<SourceInfo> sources;
};

/// A block of rows: the whole process view, or one process's mappings.
struct BlockInfo {
  std::string title;  ///< table: "1234: command"; empty for none
  std::optional<int> pid;
  std::string_view name, command;  ///< the process's, for JSON and labels (maps views)
  std::string_view user;
};

/// The sum of one column over a block's rows. Unknown cells are counted, not added; a sum that
/// would overflow is unknown.
struct Total {
  std::uint64_t kib = 0;
  std::int64_t change_kib = 0;  ///< the sum of the change cells (a size_change column)
  std::size_t known = 0;
  std::size_t unknown = 0;
  bool overflow = false;
  bool at_least = false;  ///< a part was a lower bound: so is the total

  Total& operator+=(const Cell& cell);
  /// The total as a cell of `kind` (a size, a count, or a change): unknown when no row was
  /// known or the sum overflowed.
  [[nodiscard]] Cell cell(ValueKind kind) const;
};

/// What kind of note: shown under a table, or a diagnostic (stderr, and JSON's "problems").
enum class NoteKind : std::uint8_t { footer, diagnostic };

/// A note with a stable code for scripts (JSON) and a sentence for people.
struct Note {
  NoteKind kind = NoteKind::footer;
  std::string code;  ///< "totals", "pss_truncated", "incomplete", "smaps_refused", ...
  std::string text;
  std::optional<int> pid;
};

/// What stopping every process of the view frees (a selection was given): exact from page
/// frames, or bounds. Sizes in KiB.
struct SelectionFrees {
  std::size_t processes = 0;
  bool exact = false;
  std::optional<std::uint64_t> kib;        ///< exact
  std::optional<std::uint64_t> low, high;  ///< bounds (exact: both equal kib); high may be unknown
  std::optional<std::uint64_t> anon, swap, objects, file_cached, shared_outside;
  std::size_t objects_count = 0;  ///< shared memory objects they map or hold
  std::string why_bounds;         ///< why only bounds: "page frames are hidden ..."
  /// Exact on the assumption that these processes, which could not be read, hold none of the
  /// `assumed_objects` shared memory objects counted as dying.
  std::vector<int> unseen;
  std::size_t assumed_objects = 0;
};

struct BlockEnd {
  /// One a column, in the view's column order; meaningful for the columns that sum.
  std::vector<Total> totals;
  bool show_totals = true;  ///< false: no totals line (an incomplete listing, an empty block)
  bool complete = true;     ///< false: the rows are not all of them (the process exited)
  std::vector<Note> notes;
  std::optional<SelectionFrees> frees;  ///< the process views with a selection
};

class ReportWriter {
 public:
  virtual ~ReportWriter() = default;
  virtual void begin(const ViewInfo& view) = 0;
  virtual void begin_block(const BlockInfo& block) = 0;
  virtual void row(std::span<const Cell> cells, std::span<const Label> labels) = 0;
  virtual void end_block(const BlockEnd& end) = 0;
  virtual void end(std::span<const Note> notes) = 0;
};

/// Totals of each column over rows of cells, as a report builder keeps them.
class Totals {
 public:
  explicit Totals(std::size_t columns) : totals_(columns) {}
  void add(std::span<const Cell> cells) {
    for (std::size_t i = 0; i < cells.size() && i < totals_.size(); ++i) totals_[i] += cells[i];
  }
  [[nodiscard]] const std::vector<Total>& get() const { return totals_; }

 private:
  std::vector<Total> totals_;
};

}  // namespace memwho
