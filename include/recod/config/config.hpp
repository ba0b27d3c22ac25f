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
#include <vector>

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
  std::string listen = "0.0.0.0";          ///< address to bind
  std::uint16_t port = 8080;               ///< 0 = any free port (tests)
  unsigned threads = 0;                    ///< I/O threads; 0 = one per hardware thread
  std::uint32_t max_connections = 10000;   ///< more are answered 503 and closed
  std::uint32_t max_target_bytes = 8192;   ///< longer request targets: 414
  std::uint32_t max_header_bytes = 16384;  ///< larger header sections: 431
  std::uint32_t max_body_bytes = 1048576;  ///< larger bodies: 413
  std::uint32_t read_timeout_ms = 15000;   ///< to receive one whole request (or idle)
  std::uint32_t write_timeout_ms = 15000;  ///< to send one response
  std::uint32_t shutdown_grace_ms = 5000;  ///< in-flight requests get this long to finish
  std::string public_event_host;           ///< host in generated links; "" = the request's Host
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

/// Which events count for which recommendation (statistics).
struct AttributionConfig {
  std::uint32_t token_ttl_s = 86400;       ///< older recommendation tokens are not attributed
  std::uint32_t purchase_window_s = 3600;  ///< a buy this soon after a clickrecommended of
                                           ///< the same user and item counts without a token
};

struct ModelConfig {
  std::uint32_t rebuild_interval_s = 600;           ///< every customer's models, this often
  std::uint32_t neighbours = 50;                    ///< K: neighbours kept per item
  std::uint32_t max_events_per_user = 500;          ///< newest events of a user that count
  std::uint32_t cooccurrence_window = 20;           ///< positions apart that still co-occur
  std::uint32_t consume_threshold = 50;             ///< percent for also_consumed
  std::uint32_t bestseller_window_s = 7 * 86400;    ///< bestseller counts buys this far back
  std::uint32_t most_clicked_window_s = 3 * 86400;  ///< most_clicked and viewers
  std::uint32_t ranking_length = 200;               ///< items kept per ranked list
  std::uint32_t history_length = 50;                ///< a user's newest events read per request
  std::uint32_t sessions_per_item = 500;   ///< session-kNN: recent sessions indexed per item
  std::uint32_t session_neighbours = 100;  ///< session-kNN: most similar sessions used
  std::uint32_t session_weight = 70;       ///< percent of personalized's score from session-kNN
  std::uint32_t build_threads = 2;         ///< threads of a build's neighbour passes
};

/// The models a scenario stage may use (the `modelid` of links).
enum class ModelId : std::uint8_t {
  kAlsoClicked,
  kAlsoBought,
  kAlsoConsumed,
  kBoughtAfterViewing,
  kBestseller,
  kMostClicked,
  kPersonalized,
  kRecentlyViewed,
};

/// "also_clicked", ...; the names used in the config, in links and in legacy documents.
[[nodiscard]] std::string_view model_name(ModelId id) noexcept;
[[nodiscard]] std::optional<ModelId> model_from_name(std::string_view name) noexcept;

/// A recommendation scenario: which models answer, in which order, and what is filtered.
struct ScenarioConfig {
  std::string id;
  std::uint32_t input_type = 1;                ///< item type of the context items
  std::vector<std::uint32_t> output_types{1};  ///< item types recommended; sorted, unique
  std::vector<ModelId> stages;        ///< in priority order; later ones fill what earlier could not
  bool exclude_context_items = true;  ///< never recommend what the user is looking at
  bool exclude_bought = false;        ///< default: true when a stage is buy-based
  std::uint32_t exclude_rendered = 0;  ///< hide items rendered to the user this often in the
                                       ///< last 30 minutes; 0 = off
};

struct CustomerConfig {
  std::string id;                    ///< e.g. "00000"
  std::string license_key;           ///< Basic-auth password and signature key; "" = neither works
  bool string_item_ids = false;      ///< accept non-numeric item ids (at most 256 bytes)
  bool recommendation_auth = false;  ///< recommendations need Basic auth (no JSONP then)
  bool demo_data = false;  ///< on a start with no data, load the demo shop's catalog and events
  std::map<std::string, ScenarioConfig, std::less<>> scenarios;  ///< default: the standard set

  /// The scenario with this id, or nullptr.
  [[nodiscard]] const ScenarioConfig* find_scenario(std::string_view scenario_id) const;
};

/// The scenarios a customer gets when its config names none: also_clicked, also_bought,
/// bestseller, personalized, landing_page, cross_sell (see docs/configuration.md).
[[nodiscard]] std::map<std::string, ScenarioConfig, std::less<>> default_scenarios();

struct Config {
  ServerConfig server;
  StorageConfig storage;
  LogConfig log;
  TrackingConfig tracking;
  AttributionConfig attribution;
  ModelConfig model;
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

/// Checks a scenario id: 1..64 of [A-Za-z0-9_-] (it is a path segment before ".json").
[[nodiscard]] bool is_valid_scenario_id(std::string_view id) noexcept;

/// Parses a duration such as "90s", "10m", "1h", "7d" into seconds; nullopt if malformed.
[[nodiscard]] std::optional<std::uint32_t> parse_duration_s(std::string_view text) noexcept;

/// Log level names accepted by log.level and --log-level.
[[nodiscard]] bool is_valid_log_level(std::string_view level) noexcept;

}  // namespace recod::config
