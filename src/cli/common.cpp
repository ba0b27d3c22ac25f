#include "common.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace recod::cli {

config::Config load_config(const Args& args) {
  const auto path = args.get("config");
  config::Config config = path ? config::load_config_file(*path)
                               : config::parse_config(config::embedded_default_config(),
                                                      "<embedded config/recod.json>");
  if (auto dir = args.get("data-dir")) config.storage.data_dir = *dir;
  if (auto port = args.get_int("port", 0, 65535)) {
    config.server.port = static_cast<std::uint16_t>(*port);
  }
  if (auto threads = args.get_int("threads", 0, 256)) {
    config.server.threads = static_cast<unsigned>(*threads);
  }
  if (auto level = args.get("log-level")) {
    if (!config::is_valid_log_level(*level)) {
      throw UsageError("--log-level must be one of trace, debug, info, warn, error, off");
    }
    config.log.level = *level;
  }
  return config;
}

void setup_logging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("recod");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%-5l%$ %v");
  spdlog::set_level(spdlog::level::from_str(level));
  spdlog::flush_on(spdlog::level::info);
}

}  // namespace recod::cli
