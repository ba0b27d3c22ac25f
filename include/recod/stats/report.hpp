#pragma once
// The statistics documents of docs/statistics-api.md, read from the store's counters.

#include <cstdint>
#include <string>
#include <string_view>

#include "recod/store/store.hpp"
#include "recod/util/status.hpp"

namespace recod::stats {

/// {"revenueResponse":{"items":[...]}}: one item per day, the 7 days ending with today.
[[nodiscard]] Result<std::string> revenue_last_seven_days(const store::Store& store,
                                                          std::string_view customer,
                                                          std::int64_t now_us);

/// {"statisticResponse":{...}}: per scenario, the days from_day..to_day (days since the
/// epoch, both included), totals, per model, CTR.
[[nodiscard]] Result<std::string> scenario_statistics(const store::Store& store,
                                                      std::string_view customer,
                                                      std::int64_t from_day, std::int64_t to_day);

/// {"eventsResponse":{"hours":[...]}}: events per hour, the `hours` hours ending with now.
[[nodiscard]] Result<std::string> events_per_hour(const store::Store& store,
                                                  std::string_view customer, int hours,
                                                  std::int64_t now_us);

}  // namespace recod::stats
