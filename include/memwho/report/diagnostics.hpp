#pragma once
// What a scan could not do, as diagnostic notes: missing pids, thread ids, refused and broken
// files, and "nothing matched". The front end prints them to stderr; JSON carries them under
// "problems". Nothing is lost without a word.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "memwho/report/report.hpp"
#include "memwho/scan/scan.hpp"

namespace memwho {

/// The notes for a scan's result. `permission_hint` says what to do about refused files.
std::vector<Note> scan_diagnostics(const ScanResult& result, const Selector& selector,
                                   std::string_view permission_hint);

/// The footer that says when a view's figures are partial: how many of the processes shown the
/// totals cover (the others' smaps could not be read, or not even their status), and how many
/// exited while memwho read them (not shown); nullopt when nothing is partial.
std::optional<Note> coverage_note(const ScanResult& result);

/// The note when nothing matched, naming the selection as the user gave it (`selection`, "-n
/// nosuch"); nullopt when -p alone named only pids that do not exist (each has had its own).
std::optional<Note> no_match_diagnostic(std::string_view selection, std::string_view proc_root,
                                        const Selector& selector, const ScanResult& result);

}  // namespace memwho
