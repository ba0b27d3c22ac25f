#pragma once
// The statistics counters: their keys in the store's `stats` column family and how they
// are read back. Pure; thread-safe.
//
//   'S' | day(4, BE) | scenario | 0 | model | 0 | metric [| currency]   per scenario and model
//   'T' | day(4, BE) | event kind                                     events per day
//   'H' | hour(4, BE) | event kind                                    events per hour
//
// Days and hours are counted from the Unix epoch (UTC). Big-endian numbers keep a range of
// days one contiguous key range.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "recod/tracking/event.hpp"

namespace recod::stats {

enum class Metric : char {
  kDelivered = 'd',  ///< recommended items delivered in answers
  kRendered = 'r',   ///< rendered events attributed
  kClicked = 'c',    ///< clickrecommended (or click) events attributed
  kBaskets = 'b',    ///< basket events attributed
  kPurchases = 'p',  ///< buy events attributed
  kRevenue = 'v',    ///< price x quantity of attributed buys, minor units, per currency
};

inline constexpr char kScenarioTag = 'S';
inline constexpr char kDailyTag = 'T';
inline constexpr char kHourlyTag = 'H';

[[nodiscard]] std::int64_t day_of(std::int64_t time_us) noexcept;
[[nodiscard]] std::int64_t hour_of(std::int64_t time_us) noexcept;

[[nodiscard]] std::string scenario_key(std::int64_t day, std::string_view scenario,
                                       std::string_view model, Metric metric,
                                       std::string_view currency = {});
[[nodiscard]] std::string daily_key(std::int64_t day, tracking::EventKind kind);
[[nodiscard]] std::string hourly_key(std::int64_t hour, tracking::EventKind kind);

/// The first key of `tag`'s counters for `period` (a day or an hour); [range_begin(p),
/// range_begin(p + 1)) covers exactly the counters of period p.
[[nodiscard]] std::string range_begin(char tag, std::int64_t period);

/// A scenario counter's key, taken apart.
struct ScenarioCounter {
  std::int64_t day = 0;
  std::string_view scenario;
  std::string_view model;
  Metric metric = Metric::kDelivered;
  std::string_view currency;
};
[[nodiscard]] std::optional<ScenarioCounter> parse_scenario_key(std::string_view key) noexcept;

/// A daily or hourly counter's key, taken apart.
struct EventCounter {
  std::int64_t period = 0;
  tracking::EventKind kind = tracking::EventKind::kClick;
};
[[nodiscard]] std::optional<EventCounter> parse_event_key(std::string_view key) noexcept;

}  // namespace recod::stats
