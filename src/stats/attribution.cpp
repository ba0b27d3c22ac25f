#include "recod/stats/attribution.hpp"

#include <algorithm>

#include "recod/stats/counters.hpp"

namespace recod::stats {
namespace {

using tracking::Event;
using tracking::EventKind;

constexpr std::int64_t kMicrosPerSecond = 1000000;

// What an attributed event of this kind counts as.
std::optional<Metric> metric_of(EventKind kind) {
  switch (kind) {
    case EventKind::kRendered:
      return Metric::kRendered;
    case EventKind::kClickRecommended:
    case EventKind::kClick:
      return Metric::kClicked;
    case EventKind::kBasket:
      return Metric::kBaskets;
    case EventKind::kBuy:
      return Metric::kPurchases;
    default:
      return std::nullopt;
  }
}

bool counts_daily(EventKind kind) {
  return kind == EventKind::kClick || kind == EventKind::kConsume || kind == EventKind::kBuy;
}

// A model id as sent on links; anything else counts for the scenario only.
std::string_view model_of(const Event& e) {
  return config::model_from_name(e.model_id) ? std::string_view(e.model_id) : std::string_view();
}

void add(std::vector<store::CounterDelta>& out, std::string key, std::int64_t delta) {
  auto it = std::find_if(out.begin(), out.end(),
                         [&](const store::CounterDelta& c) { return c.key == key; });
  if (it == out.end()) {
    out.push_back({std::move(key), delta});
  } else {
    it->delta += delta;
  }
}

// True if `history` holds a clickrecommended of the same item with the same token: a page
// that sends both for one click (as recod.js does) must count one click.
bool clicked_through(std::span<const store::StoredEvent> history, const Event& click) {
  return std::any_of(history.begin(), history.end(), [&](const store::StoredEvent& h) {
    return h.event.kind == EventKind::kClickRecommended && h.event.token == click.token &&
           h.event.item_type == click.item_type && h.event.item_id == click.item_id;
  });
}

}  // namespace

Attribution::Attribution(const config::Config& config, const reco::TokenIssuer& tokens)
    : config_(config), tokens_(tokens) {
  for (const auto& [cid, customer] : config.customers) {
    auto& by_hash = scenarios_[cid];
    for (const auto& [sid, scenario] : customer.scenarios) {
      by_hash.emplace(reco::TokenIssuer::scenario_hash(sid), sid);
    }
  }
}

bool Attribution::needs_history(std::span<const Event> events) noexcept {
  return std::any_of(events.begin(), events.end(), [](const Event& e) {
    return (e.kind == EventKind::kBuy && e.token.empty()) ||
           (e.kind == EventKind::kClick && !e.token.empty());
  });
}

std::string_view Attribution::scenario_of_token(std::string_view customer, std::string_view token,
                                                std::int64_t now_us) const {
  if (token.empty()) return {};
  const auto info = tokens_.verify(customer, token);
  if (!info) return {};  // not recod's, or not for this customer
  const std::int64_t age_s = now_us / kMicrosPerSecond - info->issued_at_s;
  if (age_s < -60 || age_s > static_cast<std::int64_t>(config_.attribution.token_ttl_s)) return {};
  const auto customer_it = scenarios_.find(customer);
  if (customer_it == scenarios_.end()) return {};
  const auto it = customer_it->second.find(info->scenario_hash);
  return it == customer_it->second.end() ? std::string_view() : std::string_view(it->second);
}

std::vector<store::CounterDelta> Attribution::count(std::string_view customer,
                                                    std::span<const Event> events,
                                                    std::span<const store::StoredEvent> history,
                                                    std::int64_t now_us) const {
  std::vector<store::CounterDelta> out;
  // An event moves at most its hourly, daily and scenario counters; most requests carry one.
  out.reserve(3);
  const std::int64_t window_us =
      static_cast<std::int64_t>(config_.attribution.purchase_window_s) * kMicrosPerSecond;
  for (const Event& e : events) {
    // Totals count when the event happened (a signed import may be from the past).
    add(out, hourly_key(hour_of(e.time_us), e.kind), 1);
    if (counts_daily(e.kind)) add(out, daily_key(day_of(e.time_us), e.kind), 1);

    const auto metric = metric_of(e.kind);
    if (!metric) continue;
    std::string_view scenario = scenario_of_token(customer, e.token, now_us);
    std::string_view model = model_of(e);
    if (scenario.empty() && e.kind == EventKind::kBuy && e.token.empty()) {
      // Bought within the window after clicking the same item in a recommendation.
      // Newest first (the history is oldest first).
      for (std::size_t i = history.size(); i-- > 0;) {
        const Event& h = history[i].event;
        if (e.time_us - h.time_us > window_us) break;
        if (h.kind == EventKind::kClickRecommended && h.item_type == e.item_type &&
            h.item_id == e.item_id && h.time_us <= e.time_us) {
          const auto* cfg = config_.find_customer(customer);
          if (cfg != nullptr && cfg->find_scenario(h.scenario) != nullptr) {
            scenario = cfg->find_scenario(h.scenario)->id;
            model = model_of(h);
          }
          break;
        }
      }
    }
    if (scenario.empty()) continue;
    if (e.kind == EventKind::kClick && clicked_through(history, e)) {
      continue;  // the clickrecommended of this very recommendation counted already
    }
    const auto day = day_of(e.time_us);
    add(out, scenario_key(day, scenario, model, *metric), 1);
    if (e.kind == EventKind::kBuy && e.price) {
      add(out, scenario_key(day, scenario, model, Metric::kRevenue, e.price->currency),
          e.price->amount_minor * static_cast<std::int64_t>(e.quantity));
    }
  }
  return out;
}

}  // namespace recod::stats
