#pragma once
// The demo shop's data: the catalog of assets/demo/catalog.json and a few hundred generated
// shoppers, so that /demo and every scenario answer within a minute of the first start.
// Loaded only for a customer with `demo_data` on whose store is empty.

#include <cstdint>
#include <string_view>

#include "recod/stats/attribution.hpp"
#include "recod/store/event_writer.hpp"
#include "recod/store/store.hpp"
#include "recod/util/status.hpp"

namespace recod::web {

/// Fills `customer`'s store with the demo catalog and generated shoppers (their events
/// spread over the two days before `now_us`, counted in the statistics' totals), unless
/// the customer already has events or catalog items. Returns the events written (0 if it
/// left the store alone).
[[nodiscard]] Result<std::uint64_t> load_demo_data(const store::Store& store,
                                                   store::EventWriter& writer,
                                                   const stats::Attribution& attribution,
                                                   std::string_view customer, std::int64_t now_us);

}  // namespace recod::web
