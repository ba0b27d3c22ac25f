#include "json_reader.hpp"

namespace recod::config::detail {

JsonObjectReader::JsonObjectReader(const nlohmann::json& object, std::string path)
    : object_(object), path_(std::move(path)) {
  if (!object_.is_object()) {
    throw ConfigError("config: '" + (path_.empty() ? std::string("<root>") : path_) +
                      "' must be a JSON object");
  }
}

std::string JsonObjectReader::key_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const nlohmann::json* JsonObjectReader::get(std::string_view key) {
  consumed_.emplace(key);
  auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

void JsonObjectReader::read_string(std::string_view key, std::string& out) {
  const auto* v = get(key);
  if (v == nullptr) return;
  if (!v->is_string()) fail(key, "must be a string");
  out = v->get<std::string>();
}

void JsonObjectReader::read_bool(std::string_view key, bool& out) {
  const auto* v = get(key);
  if (v == nullptr) return;
  if (!v->is_boolean()) fail(key, "must be true or false");
  out = v->get<bool>();
}

void JsonObjectReader::read_integer(std::string_view key, std::int64_t& out, std::int64_t min,
                                    std::int64_t max) {
  const auto* v = get(key);
  if (v == nullptr) return;
  const std::string range =
      "must be an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (v->is_number_unsigned()) {
    const auto u = v->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(max)) fail(key, range);
    out = static_cast<std::int64_t>(u);
  } else if (v->is_number_integer()) {
    out = v->get<std::int64_t>();
  } else {
    fail(key, range);
  }
  if (out < min || out > max) fail(key, range);
}

void JsonObjectReader::read_duration_s(std::string_view key, std::uint32_t& out,
                                       std::uint32_t min_s, std::uint32_t max_s) {
  const auto* v = get(key);
  if (v == nullptr) return;
  const std::string problem = R"(must be a duration like "90s", "10m", "1h" or "7d", from )" +
                              std::to_string(min_s) + " to " + std::to_string(max_s) + " seconds";
  std::optional<std::uint32_t> seconds;
  if (v->is_string()) {
    seconds = parse_duration_s(v->get<std::string>());
  } else if (v->is_number_unsigned() && v->get<std::uint64_t>() <= max_s) {
    seconds = static_cast<std::uint32_t>(v->get<std::uint64_t>());
  }
  if (!seconds || *seconds < min_s || *seconds > max_s) fail(key, problem);
  out = *seconds;
}

void JsonObjectReader::finish() const {
  for (const auto& [key, value] : object_.items()) {
    if (!consumed_.contains(key)) {
      throw ConfigError("config: unknown key '" + key_path(key) + "'");
    }
  }
}

void JsonObjectReader::fail(std::string_view key, std::string_view problem) const {
  throw ConfigError("config: '" + key_path(key) + "' " + std::string(problem));
}

}  // namespace recod::config::detail
