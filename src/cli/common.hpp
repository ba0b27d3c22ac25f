#pragma once
// What several sub-commands share: loading the config with the flags that override it,
// and setting up logging. Private to cli/.

#include "args.hpp"
#include "recod/config/config.hpp"

namespace recod::cli {

/// The config from --config (or the embedded default), with --data-dir, --port, --threads
/// and --log-level applied when `args` has them. Throws ConfigError or UsageError.
[[nodiscard]] config::Config load_config(const Args& args);

/// Logs to stderr at `level` (a valid level name).
void setup_logging(const std::string& level);

}  // namespace recod::cli
