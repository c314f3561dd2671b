#pragma once
// A row of `memwho diff A B`: one process, group or mapped object as it was in A and as it is
// in B, and the change of its RSS, PSS, USS and swap.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "memwho/model/cell.hpp"

namespace memwho {

/// The figures a diff compares, in this order.
enum class DiffFigure : std::uint8_t { rss, pss, uss, swap };
inline constexpr std::size_t kDiffFigures = 4;

/// One side of a row: whether the process (group, object) is there, and its figures.
struct DiffSide {
  bool present = false;
  std::optional<int> pid;     ///< a process's pid on this side
  std::size_t processes = 0;  ///< a group's or an object's processes on this side
  /// Each figure as a size cell: exact, a lower bound (a group with an unreadable member), or
  /// unknown. Meaningless when not present.
  std::array<Cell, kDiffFigures> figures{};
};

/// How a row's sides were paired.
enum class DiffMatch : std::uint8_t {
  pid,      ///< a process: the same pid and start time
  cmdline,  ///< a process: the same command line (pids may differ: another boot)
  name,     ///< a process: the same name (its command line changed)
  key,      ///< a group or object: the same key
  gone,     ///< only in A
  fresh,    ///< only in B ("new")
};

/// The word for a match in every format: "pid", "cmdline", "name", "both", "gone", "new".
std::string_view match_word(DiffMatch m);

struct DiffRow {
  std::string key;   ///< the command line, the group's key or the object's name
  std::string name;  ///< a process's name (comm), B's when in both; empty for the rest
  DiffSide a, b;
  DiffMatch match = DiffMatch::key;

  /// A figure on one side: the side's cell; 0 on the side the row is missing from (a process
  /// that did not exist had nothing), so that B - A holds on every row and column sums are
  /// the sides' own.
  [[nodiscard]] static Cell figure(const DiffSide& side, DiffFigure f) {
    if (!side.present) return SizeKib{0};
    return side.figures[static_cast<std::size_t>(f)];
  }
  /// B - A; unknown when a present side's figure is unknown or only a lower bound.
  [[nodiscard]] Cell change(DiffFigure f) const;
  /// The pid that names the row: B's, else A's.
  [[nodiscard]] std::optional<int> pid() const { return b.pid ? b.pid : a.pid; }
};

}  // namespace memwho
