#include "recod/stats/counters.hpp"

namespace recod::stats {
namespace {

constexpr std::int64_t kMicrosPerHour = 3600LL * 1000000;
constexpr std::int64_t kMicrosPerDay = 24 * kMicrosPerHour;

void put_period(std::string& out, std::int64_t period) {
  const auto v = static_cast<std::uint32_t>(period);  // until the year 11 million (hours: 2459)
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xff));
}

std::int64_t get_period(std::string_view in) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<std::uint8_t>(in[i]);
  return v;
}

bool is_metric(char c) {
  switch (static_cast<Metric>(c)) {
    case Metric::kDelivered:
    case Metric::kRendered:
    case Metric::kClicked:
    case Metric::kBaskets:
    case Metric::kPurchases:
    case Metric::kRevenue:
      return true;
  }
  return false;
}

std::string event_counter_key(char tag, std::int64_t period, tracking::EventKind kind) {
  std::string out = range_begin(tag, period);
  out.push_back(static_cast<char>(kind));
  return out;
}

}  // namespace

std::int64_t day_of(std::int64_t time_us) noexcept { return time_us / kMicrosPerDay; }
std::int64_t hour_of(std::int64_t time_us) noexcept { return time_us / kMicrosPerHour; }

std::string range_begin(char tag, std::int64_t period) {
  std::string out(1, tag);
  put_period(out, period);
  return out;
}

std::string scenario_key(std::int64_t day, std::string_view scenario, std::string_view model,
                         Metric metric, std::string_view currency) {
  std::string out = range_begin(kScenarioTag, day);
  out.append(scenario).push_back('\0');  // scenario and model names cannot contain NUL
  out.append(model).push_back('\0');
  out.push_back(static_cast<char>(metric));
  out.append(currency);
  return out;
}

std::string daily_key(std::int64_t day, tracking::EventKind kind) {
  return event_counter_key(kDailyTag, day, kind);
}

std::string hourly_key(std::int64_t hour, tracking::EventKind kind) {
  return event_counter_key(kHourlyTag, hour, kind);
}

std::optional<ScenarioCounter> parse_scenario_key(std::string_view key) noexcept {
  if (key.size() < 8 || key[0] != kScenarioTag) return std::nullopt;
  ScenarioCounter c;
  c.day = get_period(key.substr(1));
  key.remove_prefix(5);
  const auto end_scenario = key.find('\0');
  if (end_scenario == std::string_view::npos) return std::nullopt;
  c.scenario = key.substr(0, end_scenario);
  key.remove_prefix(end_scenario + 1);
  const auto end_model = key.find('\0');
  if (end_model == std::string_view::npos || end_model + 1 >= key.size()) return std::nullopt;
  c.model = key.substr(0, end_model);
  if (!is_metric(key[end_model + 1])) return std::nullopt;
  c.metric = static_cast<Metric>(key[end_model + 1]);
  c.currency = key.substr(end_model + 2);
  return c;
}

std::optional<EventCounter> parse_event_key(std::string_view key) noexcept {
  if (key.size() != 6 || (key[0] != kDailyTag && key[0] != kHourlyTag)) return std::nullopt;
  const auto raw = static_cast<std::uint8_t>(key[5]);
  if (!tracking::is_known_kind(raw)) return std::nullopt;
  return EventCounter{get_period(key.substr(1)), static_cast<tracking::EventKind>(raw)};
}

}  // namespace recod::stats
