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
    r.fail("durability", R"(must be "wal" or "sync")");
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

void read_attribution(const json& j, AttributionConfig& a) {
  JsonObjectReader r(j, "attribution");
  r.read_duration_s("token_ttl", a.token_ttl_s, 60, 365 * 86400U);
  r.read_duration_s("purchase_window", a.purchase_window_s, 60, 30 * 86400U);
  r.finish();
}

void read_model(const json& j, ModelConfig& m) {
  JsonObjectReader r(j, "model");
  r.read_duration_s("rebuild_interval", m.rebuild_interval_s, 1, 7 * 86400);
  r.read_unsigned("neighbours", m.neighbours, 1, 1000);
  r.read_unsigned("max_events_per_user", m.max_events_per_user, 1, 100000);
  r.read_unsigned("cooccurrence_window", m.cooccurrence_window, 1, 10000);
  r.read_unsigned("consume_threshold", m.consume_threshold, 0, 100);
  r.read_duration_s("bestseller_window", m.bestseller_window_s, 60, 3650 * 86400U);
  r.read_duration_s("most_clicked_window", m.most_clicked_window_s, 60, 3650 * 86400U);
  r.read_unsigned("ranking_length", m.ranking_length, 50, 100000);
  r.read_unsigned("history_length", m.history_length, 1, 10000);
  r.read_unsigned("sessions_per_item", m.sessions_per_item, 0, 100000);
  r.read_unsigned("session_neighbours", m.session_neighbours, 1, 10000);
  r.read_unsigned("session_weight", m.session_weight, 0, 100);
  r.read_unsigned("build_threads", m.build_threads, 1, 64);
  r.finish();
}

std::vector<std::uint32_t> read_item_types(JsonObjectReader& r, std::string_view key,
                                           std::vector<std::uint32_t> fallback) {
  const auto* v = r.get(key);
  if (v == nullptr) return fallback;
  if (!v->is_array() || v->empty()) r.fail(key, "must be a non-empty array of item types");
  std::vector<std::uint32_t> types;
  for (const auto& t : *v) {
    if (!t.is_number_unsigned() || t.get<std::uint64_t>() < 1 ||
        t.get<std::uint64_t>() > 2147483647ULL) {
      r.fail(key, "must hold item types from 1 to 2147483647");
    }
    types.push_back(static_cast<std::uint32_t>(t.get<std::uint64_t>()));
  }
  std::sort(types.begin(), types.end());
  types.erase(std::unique(types.begin(), types.end()), types.end());
  return types;
}

bool is_buy_based(ModelId m) {
  return m == ModelId::kAlsoBought || m == ModelId::kBoughtAfterViewing ||
         m == ModelId::kBestseller;
}

ScenarioConfig read_scenario(const json& j, const std::string& path, const std::string& id) {
  ScenarioConfig s;
  s.id = id;
  JsonObjectReader r(j, path);
  std::int64_t input_type = s.input_type;
  r.read_integer("input_type", input_type, 1, 2147483647);
  s.input_type = static_cast<std::uint32_t>(input_type);
  s.output_types = read_item_types(r, "output_types", s.output_types);

  const auto* stages = r.get("stages");
  if (stages == nullptr || !stages->is_array() || stages->empty()) {
    r.fail("stages",
           "must be a non-empty array of model names (also_clicked, also_bought, "
           "also_consumed, bought_after_viewing, bestseller, most_clicked, "
           "personalized, recently_viewed)");
  }
  for (const auto& stage : *stages) {
    const auto model = stage.is_string() ? model_from_name(stage.get<std::string>()) : std::nullopt;
    if (!model) {
      r.fail("stages", "has an unknown model " + stage.dump() +
                           "; known: also_clicked, also_bought, also_consumed, "
                           "bought_after_viewing, bestseller, most_clicked, personalized, "
                           "recently_viewed");
    }
    if (std::find(s.stages.begin(), s.stages.end(), *model) == s.stages.end()) {
      s.stages.push_back(*model);
    }
  }
  s.exclude_bought = std::any_of(s.stages.begin(), s.stages.end(), is_buy_based);
  r.read_bool("exclude_context_items", s.exclude_context_items);
  r.read_bool("exclude_bought", s.exclude_bought);
  r.read_unsigned("exclude_rendered", s.exclude_rendered, 0, 1000);
  r.finish();
  return s;
}

CustomerConfig read_customer(const json& j, const std::string& id) {
  CustomerConfig c;
  c.id = id;
  JsonObjectReader r(j, "customers." + id);
  r.read_string("license_key", c.license_key);
  r.read_bool("string_item_ids", c.string_item_ids);
  r.read_bool("recommendation_auth", c.recommendation_auth);
  r.read_bool("demo_data", c.demo_data);
  if (const auto* scenarios = r.get("scenarios")) {
    const std::string path = "customers." + id + ".scenarios";
    if (!scenarios->is_object()) throw ConfigError("config: '" + path + "' must be a JSON object");
    for (const auto& [sid, value] : scenarios->items()) {
      std::string scenario_path = path;
      scenario_path.append(".").append(sid);
      if (!is_valid_scenario_id(sid)) {
        throw ConfigError("config: '" + scenario_path +
                          "': a scenario id is 1 to 64 of A-Z a-z 0-9 _ -");
      }
      c.scenarios.emplace(sid, read_scenario(value, scenario_path, sid));
    }
  } else {
    c.scenarios = default_scenarios();
  }
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
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
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
  } catch (const json::exception& e) {
    // Not every refusal of json::parse is a parse_error: a number too large for a double
    // ("1e400") is an out_of_range (found by fuzz/fuzz_config.cpp). It must still end as a
    // ConfigError, not escape to std::terminate.
    throw ConfigError("config: " + std::string(source) + " is not valid JSON: " + e.what());
  }

  Config config;
  try {
    JsonObjectReader r(root, "");
    if (const auto* v = r.get("server")) read_server(*v, config.server);
    if (const auto* v = r.get("storage")) read_storage(*v, config.storage);
    if (const auto* v = r.get("log")) read_log(*v, config.log);
    if (const auto* v = r.get("tracking")) read_tracking(*v, config.tracking);
    if (const auto* v = r.get("attribution")) read_attribution(*v, config.attribution);
    if (const auto* v = r.get("model")) read_model(*v, config.model);
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
