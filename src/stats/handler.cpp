#include "recod/stats/handler.hpp"

#include "recod/http/basic_auth.hpp"
#include "recod/stats/counters.hpp"
#include "recod/stats/report.hpp"
#include "recod/util/numbers.hpp"
#include "recod/util/query.hpp"
#include "recod/util/time.hpp"

namespace recod::stats {
namespace {

constexpr std::int64_t kDefaultDays = 7;
constexpr std::int64_t kMaxDays = 366;
constexpr std::int64_t kMicrosPerSecond = 1000000;

enum class Report { kRevenue, kScenarios, kEvents, kNone };

// /api/v3/{cid}/revenue/last_seven_days, /api/v3/{cid}/statistic/{scenarios|events}
Report report_of(const http::Request& r) {
  const auto seg = r.segments();
  if (seg.size() != 5 || seg[0] != "api" || seg[1] != "v3") return Report::kNone;
  if (seg[3] == "revenue" && seg[4] == "last_seven_days") return Report::kRevenue;
  if (seg[3] == "statistic" && seg[4] == "scenarios") return Report::kScenarios;
  if (seg[3] == "statistic" && seg[4] == "events") return Report::kEvents;
  return Report::kNone;
}

// A YYYY-MM-DD parameter as days since the epoch.
Result<std::int64_t> day_param(const util::QueryParams& params, std::string_view name,
                               std::int64_t fallback) {
  const auto* text = params.get(name);
  if (text == nullptr) return fallback;
  const auto seconds = text->size() == 10 ? util::parse_iso_utc(*text + "T00:00:00") : std::nullopt;
  if (!seconds) return Status::invalid(std::string(name) + " must be a date like 2026-11-21");
  return day_of(*seconds * kMicrosPerSecond);
}

Result<std::string> answer(Report report, const http::Request& request, const store::Store& store,
                           std::string_view customer) {
  const auto now = util::now_us();
  auto params = util::parse_query(request.query());
  if (!params) return params.status();
  switch (report) {
    case Report::kRevenue:
      return revenue_last_seven_days(store, customer, now);
    case Report::kScenarios: {
      const auto to = day_param(*params, "to", day_of(now));
      if (!to) return to.status();
      const auto from = day_param(*params, "from", *to - (kDefaultDays - 1));
      if (!from) return from.status();
      if (*from > *to) return Status::invalid("from must not be after to");
      if (*to - *from + 1 > kMaxDays) return Status::invalid("at most 366 days at once");
      return scenario_statistics(store, customer, *from, *to);
    }
    case Report::kEvents: {
      std::int64_t hours = 48;
      if (const auto* h = params->get("hours")) {
        const auto v = util::parse_uint(*h, 1, 720);
        if (!v) return Status::invalid("hours must be an integer from 1 to 720");
        hours = *v;
      }
      return events_per_hour(store, customer, static_cast<int>(hours), now);
    }
    case Report::kNone:
      break;
  }
  return Status::not_found("no such report");
}

}  // namespace

void add_statistics_routes(http::Router& router, const config::Config& config,
                           const store::Store& store) {
  router.add(
      "statistics", [](const http::Request& r) { return report_of(r) != Report::kNone; },
      [&config, &store](const http::Request& request, http::Responder out) {
        const auto* customer = http::authorized_customer(
            request, request.segments()[2],
            [&config](std::string_view id) { return config.find_customer(id); }, out);
        if (customer == nullptr) return;
        if (request.method() != http::Method::kGet && request.method() != http::Method::kHead) {
          out.send(http::Response::text(405, "use GET").with_header("Allow", "GET, HEAD"));
          return;
        }
        auto doc = answer(report_of(request), request, store, customer->id);
        if (!doc) {
          const unsigned code = doc.status().code() == StatusCode::kInvalidArgument ? 400 : 503;
          out.send(http::Response::text(code, doc.status().message()));
          return;
        }
        out.send(http::Response::json(200, std::move(*doc)));
      });
}

}  // namespace recod::stats
