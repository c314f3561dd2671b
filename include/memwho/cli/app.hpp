#pragma once
// The app wires the pipeline (read -> select -> measure -> sort -> print) and is the only code
// that writes to stdout and stderr.
#include "memwho/cli/config.hpp"

namespace memwho {

/// Runs memwho for a parsed command line; returns the exit code.
int run(const Config& config);

}  // namespace memwho
