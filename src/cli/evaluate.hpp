#pragma once
// The `evaluate` sub-command (evaluate.cpp); main() picks it by name like the others in
// commands.hpp.

#include <string>
#include <vector>

namespace recod::cli {

/// recod evaluate [--config FILE] [--data-dir DIR] --customer CID [--test-days N |
///                --split-time T] [--scenario S ...] [--k N] [--json FILE]
int run_evaluate(const std::vector<std::string>& argv);

}  // namespace recod::cli
