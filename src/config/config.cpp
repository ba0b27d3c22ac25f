#include "recod/config/config.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "json_reader.hpp"
#include "recod/util/hex.hpp"

namespace recod::config {
namespace {

using detail::JsonObjectReader;
using nlohmann::json;

constexpr std::array<std::string_view, 6> kLogLevels{"trace", "debug", "info",
                                                     "warn",  "error", "off"};

// Each section reader consumes the keys it knows; finish() then rejects the rest by name.

void read_server(const json& j, ServerConfig& s) {
  JsonObjectReader r(j, "server");
  r.read_string("listen", s.listen);
  if (s.listen.empty()) r.fail("listen", "must not be empty");
  r.read_unsigned("port", s.port, 0);
  r.read_unsigned("threads", s.threads, 0, 256);
  r.read_unsigned("max_connections", s.max_connections, 1, 1000000);
  r.read_unsigned("max_target_bytes", s.max_target_bytes, 64, 1 << 20);
  r.read_unsigned("max_header_bytes", s.max_header_bytes, 256, 1 << 20);
  r.read_unsigned("max_body_bytes", s.max_body_bytes, 0, 1 << 30);
  r.read_unsigned("read_timeout_ms", s.read_timeout_ms, 100, 3600000);
  r.read_unsigned("write_timeout_ms", s.write_timeout_ms, 100, 3600000);
  r.read_unsigned("shutdown_grace_ms", s.shutdown_grace_ms, 0, 600000);
  r.read_string("public_event_host", s.public_event_host);
  r.finish();
}

void read_storage(const json& j, StorageConfig& s) {
  JsonObjectReader r(j, "storage");
  r.read_string("data_dir", s.data_dir);
  if (s.data_dir.empty()) r.fail("data_dir", "must not be empty");
  std::string durability = s.durability == Durability::kSync ? "sync" : "wal";
  r.read_string("durability", durability);
  if (durability == "wal") {
    s.durability = Durability::kWal;
  } else if (durability == "sync") {
    s.durability = Durability::kSync;
  } else {
    r.fail("durability", "must be \"wal\" or \"sync\"");
  }
  r.read_unsigned("write_queue_limit", s.write_queue_limit, 1, 100000000);
  r.read_string("user_hash_key", s.user_hash_key);
  if (!s.user_hash_key.empty()) {
    const auto bytes = util::from_hex(s.user_hash_key);
    if (!bytes || bytes->size() != 16) r.fail("user_hash_key", "must be 32 hex characters");
  }
  r.finish();
}

void read_log(const json& j, LogConfig& l) {
  JsonObjectReader r(j, "log");
  r.read_string("level", l.level);
  if (!is_valid_log_level(l.level)) {
    r.fail("level", "must be one of trace, debug, info, warn, error, off");
  }
  r.finish();
}

void read_tracking(const json& j, TrackingConfig& t) {
  JsonObjectReader r(j, "tracking");
  r.read_unsigned("blacklist_days", t.blacklist_days, 1, 36500);
  r.finish();
}

CustomerConfig read_customer(const json& j, const std::string& id) {
  CustomerConfig c;
  c.id = id;
  JsonObjectReader r(j, "customers." + id);
  r.read_string("license_key", c.license_key);
  r.read_bool("string_item_ids", c.string_item_ids);
  r.finish();
  return c;
}

void read_customers(const json& j, Config& config) {
  if (!j.is_object()) throw ConfigError("config: 'customers' must be a JSON object");
  for (const auto& [id, value] : j.items()) {
    if (!is_valid_customer_id(id)) {
      throw ConfigError("config: 'customers." + id +
                        "': a customer id is 1 to 64 of A-Z a-z 0-9 _ - (and not v2 or v3)");
    }
    config.customers.emplace(id, read_customer(value, id));
  }
}

// nlohmann reports a byte offset; people want a line number.
std::string line_of(std::string_view text, std::size_t byte) {
  byte = std::min(byte, text.size());
  const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(byte), '\n');
  return std::to_string(line);
}

}  // namespace

const CustomerConfig* Config::find_customer(std::string_view id) const {
  auto it = customers.find(id);
  return it == customers.end() ? nullptr : &it->second;
}

bool is_valid_customer_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 64 || id == "v2" || id == "v3") return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
  });
}

bool is_valid_log_level(std::string_view level) noexcept {
  return std::find(kLogLevels.begin(), kLogLevels.end(), level) != kLogLevels.end();
}

Config parse_config(std::string_view json_text, std::string_view source) {
  json root;
  try {
    root = json::parse(json_text, /*cb=*/nullptr, /*allow_exceptions=*/true,
                       /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    throw ConfigError("config: " + std::string(source) + " is not valid JSON (line " +
                      line_of(json_text, e.byte) + "): " + e.what());
  }

  Config config;
  try {
    JsonObjectReader r(root, "");
    if (const auto* v = r.get("server")) read_server(*v, config.server);
    if (const auto* v = r.get("storage")) read_storage(*v, config.storage);
    if (const auto* v = r.get("log")) read_log(*v, config.log);
    if (const auto* v = r.get("tracking")) read_tracking(*v, config.tracking);
    if (const auto* v = r.get("customers")) read_customers(*v, config);
    r.finish();
  } catch (const ConfigError& e) {
    // Name the file too: "config: /etc/recod.json: unknown key 'server.prot'".
    const std::string_view what = e.what();
    constexpr std::string_view kPrefix = "config: ";
    throw ConfigError(std::string(kPrefix) + std::string(source) + ": " +
                      std::string(what.substr(what.starts_with(kPrefix) ? kPrefix.size() : 0)));
  }
  return config;
}

Config load_config_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("config: cannot read '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), path);
}

}  // namespace recod::config
