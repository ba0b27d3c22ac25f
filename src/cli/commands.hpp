#pragma once
// The sub-commands of the recod binary; main() picks one by name. Each returns the
// process exit code and prints its own errors to stderr.

#include <string>
#include <vector>

namespace recod::cli {

/// recod serve [--config FILE] [--port N] [--data-dir DIR] [--threads N] [--log-level L]
///             [--port-file FILE]
int run_serve(const std::vector<std::string>& argv);

/// recod events [--config FILE] [--data-dir DIR] --customer CID --user UID
int run_events(const std::vector<std::string>& argv);

/// recod import-items [--config FILE] [--data-dir DIR] --customer CID FILE
int run_import_items(const std::vector<std::string>& argv);

}  // namespace recod::cli
