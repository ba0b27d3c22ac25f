#pragma once
// Reads one JSON object of the config, key by key, and remembers which keys it consumed so
// that finish() can reject the rest by name. Private to the config module.

#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "recod/config/config.hpp"

namespace recod::config::detail {

class JsonObjectReader final {
 public:
  /// `path` is the dotted name of this object ("" for the root, "server", ...).
  JsonObjectReader(const nlohmann::json& object, std::string path);

  /// The dotted name of `key` inside this object, for error messages.
  [[nodiscard]] std::string key_path(std::string_view key) const;

  /// The member `key`, or nullptr if absent; marks it consumed.
  [[nodiscard]] const nlohmann::json* get(std::string_view key);

  void read_string(std::string_view key, std::string& out);
  void read_bool(std::string_view key, bool& out);
  /// An integer in [min, max]; anything else (fraction, string, out of range) is an error.
  void read_integer(std::string_view key, std::int64_t& out, std::int64_t min, std::int64_t max);

  template <typename UInt>
  void read_unsigned(
      std::string_view key, UInt& out, std::int64_t min,
      std::int64_t max = static_cast<std::int64_t>(std::numeric_limits<UInt>::max())) {
    std::int64_t v = static_cast<std::int64_t>(out);
    read_integer(key, v, min, max);
    out = static_cast<UInt>(v);
  }

  /// A duration: a string such as "90s", "10m", "1h", "7d" (or an integer of seconds),
  /// between min_s and max_s seconds.
  void read_duration_s(std::string_view key, std::uint32_t& out, std::uint32_t min_s,
                       std::uint32_t max_s);

  /// Throws ConfigError naming the first key that no read_* or get() consumed.
  void finish() const;

  /// Throws ConfigError for `key` with `problem` ("must be ...").
  [[noreturn]] void fail(std::string_view key, std::string_view problem) const;

 private:
  const nlohmann::json& object_;
  std::string path_;
  std::set<std::string, std::less<>> consumed_;
};

}  // namespace recod::config::detail
