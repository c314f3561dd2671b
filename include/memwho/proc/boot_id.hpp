#pragma once
// Which boot a proc tree is of: within one boot a pid and a start time name one process, across
// boots they name nothing (memwho diff matches by command line there).
#include <string>
#include <string_view>

#include "memwho/proc/proc_source.hpp"

namespace memwho {

/// The boot id as a UUID ("6f1c...-...") from the text of sys/kernel/random/boot_id; empty
/// when the text is not one (36 characters of hex digits and dashes, then a newline or not).
std::string parse_boot_id(std::string_view text);

/// The tree's boot id: its capture's, else its sys/kernel/random/boot_id (the live /proc has
/// one; a directory laid out like /proc may); empty when it has none.
std::string boot_id_of(const ProcSource& source);

}  // namespace memwho
