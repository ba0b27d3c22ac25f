#pragma once
// The statistics routes of docs/statistics-api.md, behind Basic auth:
//   GET /api/v3/{cid}/revenue/last_seven_days
//   GET /api/v3/{cid}/statistic/scenarios?from=YYYY-MM-DD&to=YYYY-MM-DD
//   GET /api/v3/{cid}/statistic/events?hours=N

#include "recod/config/config.hpp"
#include "recod/http/router.hpp"
#include "recod/store/store.hpp"

namespace recod::stats {

void add_statistics_routes(http::Router& router, const config::Config& config,
                           const store::Store& store);

}  // namespace recod::stats
