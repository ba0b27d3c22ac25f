#include "recod/stats/report.hpp"

#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "recod/stats/counters.hpp"
#include "recod/util/time.hpp"

namespace recod::stats {
namespace {

using nlohmann::ordered_json;
using tracking::EventKind;

constexpr std::int64_t kMicrosPerDay = 86400LL * 1000000;
constexpr std::int64_t kMicrosPerHour = 3600LL * 1000000;

// The recommendation figures of one scenario (or model) on one day (or in total).
struct Figures {
  std::int64_t delivered = 0;
  std::int64_t rendered = 0;
  std::int64_t clicked = 0;
  std::int64_t baskets = 0;
  std::int64_t purchases = 0;
  std::map<std::string, std::int64_t> revenue;  // currency -> minor units

  void add(Metric metric, std::string_view currency, std::int64_t value) {
    switch (metric) {
      case Metric::kDelivered:
        delivered += value;
        break;
      case Metric::kRendered:
        rendered += value;
        break;
      case Metric::kClicked:
        clicked += value;
        break;
      case Metric::kBaskets:
        baskets += value;
        break;
      case Metric::kPurchases:
        purchases += value;
        break;
      case Metric::kRevenue:
        revenue[std::string(currency)] += value;
        break;
    }
  }

  // Clicks per rendered item; per delivered item if the pages send no rendered events.
  [[nodiscard]] double ctr() const {
    const auto base = rendered > 0 ? rendered : delivered;
    return base > 0 ? static_cast<double>(clicked) / static_cast<double>(base) : 0.0;
  }

  [[nodiscard]] ordered_json json() const {
    ordered_json j;
    j["delivered"] = delivered;
    j["rendered"] = rendered;
    j["clicked"] = clicked;
    j["baskets"] = baskets;
    j["purchases"] = purchases;
    j["revenue"] = ordered_json::object();
    for (const auto& [currency, v] : revenue) j["revenue"][currency] = v;
    j["ctr"] = static_cast<double>(std::llround(ctr() * 10000)) / 10000;  // 4 decimals
    return j;
  }
};

std::string day_string(std::int64_t day) {
  return util::iso_utc_us(day * kMicrosPerDay).substr(0, 10);
}

// Calls fn for every scenario counter of the days [from_day, to_day].
template <typename Fn>
Status for_each_scenario_counter(const store::Store& store, std::string_view customer,
                                 std::int64_t from_day, std::int64_t to_day, Fn&& fn) {
  return store.scan_counters(customer, range_begin(kScenarioTag, from_day),
                             range_begin(kScenarioTag, to_day + 1),
                             [&](std::string_view key, std::int64_t value) {
                               if (const auto c = parse_scenario_key(key)) fn(*c, value);
                             });
}

// Event totals by period and kind, for [from, to] periods of `tag` (daily or hourly).
Result<std::map<std::int64_t, std::map<EventKind, std::int64_t>>> event_totals(
    const store::Store& store, std::string_view customer, char tag, std::int64_t from,
    std::int64_t to) {
  std::map<std::int64_t, std::map<EventKind, std::int64_t>> out;
  const auto s = store.scan_counters(customer, range_begin(tag, from), range_begin(tag, to + 1),
                                     [&](std::string_view key, std::int64_t value) {
                                       if (const auto c = parse_event_key(key)) {
                                         out[c->period][c->kind] += value;
                                       }
                                     });
  if (!s.is_ok()) return s;
  return out;
}

}  // namespace

Result<std::string> revenue_last_seven_days(const store::Store& store, std::string_view customer,
                                            std::int64_t now_us) {
  const std::int64_t today = day_of(now_us);
  const std::int64_t first = today - 6;
  std::map<std::int64_t, Figures> per_day;
  auto s = for_each_scenario_counter(store, customer, first, today,
                                     [&](const ScenarioCounter& c, std::int64_t value) {
                                       per_day[c.day].add(c.metric, c.currency, value);
                                     });
  if (!s.is_ok()) return s;
  auto totals = event_totals(store, customer, kDailyTag, first, today);
  if (!totals) return totals.status();

  ordered_json items = ordered_json::array();
  for (std::int64_t day = first; day <= today; ++day) {
    const Figures& f = per_day[day];
    auto& events = (*totals)[day];
    ordered_json item;
    item["timespanBegin"] = day_string(day) + "T00:00:00";
    item["timespanDuration"] = "P1D";
    item["revenue"] = ordered_json::object();
    for (const auto& [currency, v] : f.revenue) item["revenue"][currency] = v;
    item["clickEvents"] = events[EventKind::kClick];
    item["consumeEvents"] = events[EventKind::kConsume];
    item["purchaseEvents"] = events[EventKind::kBuy];
    item["deliveredRecommendations"] = f.delivered;
    item["clickedRecommended"] = f.clicked;
    item["purchasedRecommended"] = f.purchases;
    items.push_back(std::move(item));
  }
  ordered_json doc;
  doc["revenueResponse"]["items"] = std::move(items);
  return doc.dump();
}

Result<std::string> scenario_statistics(const store::Store& store, std::string_view customer,
                                        std::int64_t from_day, std::int64_t to_day) {
  struct ScenarioFigures {
    Figures total;
    std::map<std::int64_t, Figures> days;
    std::map<std::string, Figures> models;
  };
  std::map<std::string, ScenarioFigures> scenarios;
  const auto s = for_each_scenario_counter(
      store, customer, from_day, to_day, [&](const ScenarioCounter& c, std::int64_t value) {
        auto& sf = scenarios[std::string(c.scenario)];
        sf.total.add(c.metric, c.currency, value);
        sf.days[c.day].add(c.metric, c.currency, value);
        if (!c.model.empty()) sf.models[std::string(c.model)].add(c.metric, c.currency, value);
      });
  if (!s.is_ok()) return s;

  ordered_json list = ordered_json::array();
  for (auto& [id, sf] : scenarios) {
    ordered_json scenario;
    scenario["scenario"] = id;
    scenario["total"] = sf.total.json();
    scenario["days"] = ordered_json::array();
    for (std::int64_t day = from_day; day <= to_day; ++day) {
      ordered_json d;
      d["day"] = day_string(day);
      d.update(sf.days[day].json());
      scenario["days"].push_back(std::move(d));
    }
    scenario["models"] = ordered_json::array();
    for (const auto& [model, f] : sf.models) {
      ordered_json m;
      m["model"] = model;
      m.update(f.json());
      scenario["models"].push_back(std::move(m));
    }
    list.push_back(std::move(scenario));
  }
  ordered_json doc;
  doc["statisticResponse"]["from"] = day_string(from_day);
  doc["statisticResponse"]["to"] = day_string(to_day);
  doc["statisticResponse"]["scenarios"] = std::move(list);
  return doc.dump();
}

Result<std::string> events_per_hour(const store::Store& store, std::string_view customer, int hours,
                                    std::int64_t now_us) {
  const std::int64_t last = hour_of(now_us);
  const std::int64_t first = last - hours + 1;
  auto totals = event_totals(store, customer, kHourlyTag, first, last);
  if (!totals) return totals.status();
  ordered_json list = ordered_json::array();
  for (std::int64_t hour = first; hour <= last; ++hour) {
    auto& counts = (*totals)[hour];
    ordered_json h;
    h["hour"] = util::iso_utc_us(hour * kMicrosPerHour).substr(0, 19) + "Z";
    for (const auto kind :
         {EventKind::kClick, EventKind::kConsume, EventKind::kBuy, EventKind::kBasket,
          EventKind::kRendered, EventKind::kClickRecommended}) {
      h[std::string(tracking::event_name(kind))] = counts[kind];
    }
    list.push_back(std::move(h));
  }
  ordered_json doc;
  doc["eventsResponse"]["hours"] = std::move(list);
  return doc.dump();
}

}  // namespace recod::stats
