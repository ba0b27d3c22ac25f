#pragma once
// recod's configuration: one JSON file (comments allowed), every key optional with a
// default, unknown keys rejected with an error that names them. docs/configuration.md
// lists every key; keep the two in step.
//
// A Config is a plain value: loaded once at start-up, then shared read-only by all threads.
// Loading is the one place where recod throws (ConfigError), because a bad config must stop
// the process before it serves anything.

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace recod::config {

/// A configuration problem; what() names the offending key, e.g.
/// "config: unknown key 'server.prot'".
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// When a write counts as done: `kWal` = in RocksDB's write-ahead log (survives a process
/// crash), `kSync` = fsynced too (survives power loss).
enum class Durability { kWal, kSync };

struct ServerConfig {
  std::string listen = "0.0.0.0";        ///< address to bind
  std::uint16_t port = 8080;             ///< 0 = any free port (tests)
  unsigned threads = 0;                  ///< I/O threads; 0 = one per hardware thread
  std::uint32_t max_connections = 10000; ///< more are answered 503 and closed
  std::uint32_t max_target_bytes = 8192;     ///< longer request targets: 414
  std::uint32_t max_header_bytes = 16384;    ///< larger header sections: 431
  std::uint32_t max_body_bytes = 1048576;    ///< larger bodies: 413
  std::uint32_t read_timeout_ms = 15000;     ///< to receive one whole request (or idle)
  std::uint32_t write_timeout_ms = 15000;    ///< to send one response
  std::uint32_t shutdown_grace_ms = 5000;    ///< in-flight requests get this long to finish
  std::string public_event_host;  ///< host in generated links; "" = the request's Host
};

struct StorageConfig {
  std::string data_dir = "./data";
  Durability durability = Durability::kWal;
  std::uint32_t write_queue_limit = 100000;  ///< events waiting for the writer; more: 503
  std::string user_hash_key;  ///< 32 hex chars; "" = generated on first start, kept in the store
};

struct LogConfig {
  std::string level = "info";  ///< trace, debug, info, warn, error, off
};

struct TrackingConfig {
  std::uint32_t blacklist_days = 365;  ///< how long a blacklist event hides the item
};

struct CustomerConfig {
  std::string id;                ///< e.g. "00000"
  std::string license_key;       ///< Basic-auth password and signature key; "" = neither works
  bool string_item_ids = false;  ///< accept non-numeric item ids (at most 256 bytes)
};

struct Config {
  ServerConfig server;
  StorageConfig storage;
  LogConfig log;
  TrackingConfig tracking;
  std::map<std::string, CustomerConfig, std::less<>> customers;

  /// The customer with this id, or nullptr.
  [[nodiscard]] const CustomerConfig* find_customer(std::string_view id) const;
};

/// Parses a config document. `source` names it in error messages (a path, "<embedded>").
[[nodiscard]] Config parse_config(std::string_view json_text, std::string_view source);

/// Reads and parses a config file; ConfigError if it cannot be read or is invalid.
[[nodiscard]] Config load_config_file(const std::string& path);

/// The text of config/recod.json as it was when this binary was built.
[[nodiscard]] std::string_view embedded_default_config() noexcept;

/// Checks a customer id: 1..64 of [A-Za-z0-9_-], and not "v2"/"v3" (API version paths).
[[nodiscard]] bool is_valid_customer_id(std::string_view id) noexcept;

/// Log level names accepted by log.level and --log-level.
[[nodiscard]] bool is_valid_log_level(std::string_view level) noexcept;

}  // namespace recod::config
