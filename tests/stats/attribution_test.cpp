#include "recod/stats/attribution.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "recod/config/config.hpp"
#include "recod/reco/token.hpp"
#include "recod/stats/counters.hpp"
#include "recod/store/store.hpp"
#include "recod/tracking/event.hpp"

namespace recod::stats {
namespace {

using tracking::Event;
using tracking::EventKind;
using Counts = std::map<std::string, std::int64_t>;

constexpr std::int64_t kMicrosPerSecond = 1000 * 1000;
constexpr std::int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr std::int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
constexpr std::int64_t kMicrosPerDay = 24 * kMicrosPerHour;
// 2023-11-14T22:13:20Z.
constexpr std::int64_t kNow = 1700000000LL * kMicrosPerSecond;
constexpr std::int64_t kToday = 19675;
constexpr util::SipKey kKey{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

config::Config make_config() {
  config::Config config;
  for (const char* id : {"c", "d"}) {
    config::CustomerConfig customer;
    customer.id = id;
    customer.scenarios = config::default_scenarios();
    config.customers.emplace(id, std::move(customer));
  }
  return config;
}

Event make_event(EventKind kind, std::int64_t time_us, std::string item_id, std::string token = "",
                 std::string model_id = "") {
  Event e;
  e.kind = kind;
  e.time_us = time_us;
  e.item_type = 1;
  e.item_id = std::move(item_id);
  e.token = std::move(token);
  e.model_id = std::move(model_id);
  return e;
}

Event make_buy(std::int64_t time_us, std::string item_id, std::int64_t price_minor,
               std::string currency, std::uint32_t quantity, std::string token = "",
               std::string model_id = "") {
  Event e = make_event(EventKind::kBuy, time_us, std::move(item_id), std::move(token),
                       std::move(model_id));
  e.price = tracking::Price{price_minor, std::move(currency)};
  e.quantity = quantity;
  return e;
}

// A clickrecommended as the user's history holds it.
store::StoredEvent recommended_click(std::int64_t time_us, std::string item_id,
                                     std::string scenario, std::string model_id,
                                     std::string token = "") {
  store::StoredEvent s;
  s.event = make_event(EventKind::kClickRecommended, time_us, std::move(item_id), std::move(token),
                       std::move(model_id));
  s.event.scenario = std::move(scenario);
  return s;
}

// The totals every event counts in, whether attributed or not.
Counts totals_of(const std::vector<Event>& events) {
  Counts out;
  for (const auto& e : events) {
    ++out[hourly_key(hour_of(e.time_us), e.kind)];
    if (e.kind == EventKind::kClick || e.kind == EventKind::kConsume || e.kind == EventKind::kBuy) {
      ++out[daily_key(day_of(e.time_us), e.kind)];
    }
  }
  return out;
}

Counts plus(Counts a, const Counts& b) {
  for (const auto& [key, value] : b) a[key] += value;
  return a;
}

// A scenario counter of today.
std::string today_key(Metric metric, std::string_view model = "also_clicked",
                      std::string_view scenario = "also_clicked", std::string_view currency = "") {
  return scenario_key(kToday, scenario, model, metric, currency);
}

class AttributionTest : public ::testing::Test {
 protected:
  // The deltas as a map; every key must come once.
  static Counts run(const Attribution& attribution, std::string_view customer,
                    const std::vector<Event>& events,
                    const std::vector<store::StoredEvent>& history = {},
                    std::int64_t now_us = kNow) {
    Counts out;
    for (const auto& delta : attribution.count(customer, events, history, now_us)) {
      if (!out.emplace(delta.key, delta.delta).second) {
        ADD_FAILURE() << "key counted twice in one call: " << testing::PrintToString(delta.key);
      }
    }
    return out;
  }

  Counts count(const std::vector<Event>& events,
               const std::vector<store::StoredEvent>& history = {}, std::int64_t now_us = kNow,
               std::string_view customer = "c") const {
    return run(attribution_, customer, events, history, now_us);
  }

  std::string token(std::string_view scenario = "also_clicked", std::string_view customer = "c",
                    std::int64_t issued_us = kNow - 10 * kMicrosPerMinute) {
    return tokens_.issue(customer, scenario, issued_us);
  }

  config::Config config_ = make_config();
  reco::TokenIssuer tokens_{kKey};
  Attribution attribution_{config_, tokens_};
};

constexpr std::int64_t kEventTime = kNow - 5 * kMicrosPerMinute;

// --- totals ----------------------------------------------------------------------------------

TEST_F(AttributionTest, TotalsCountEveryEventHourlyAndClickConsumeBuyDaily) {
  // Three days ago, 10:30 UTC: the totals count when the event happened, not now.
  const std::int64_t t = (kToday - 3) * kMicrosPerDay + 10 * kMicrosPerHour + 30 * kMicrosPerMinute;
  const std::int64_t hour = (kToday - 3) * 24 + 10;
  std::vector<Event> events;
  for (const EventKind kind :
       {EventKind::kClick, EventKind::kConsume, EventKind::kBuy, EventKind::kBasket,
        EventKind::kDeleteFromBasket, EventKind::kRate, EventKind::kBlacklist, EventKind::kRendered,
        EventKind::kClickRecommended}) {
    events.push_back(make_event(kind, t, "7"));
  }
  events[8].scenario = "also_clicked";  // a clickrecommended without a token counts nowhere else
  const Counts expected{
      {hourly_key(hour, EventKind::kClick), 1},
      {hourly_key(hour, EventKind::kConsume), 1},
      {hourly_key(hour, EventKind::kBuy), 1},
      {hourly_key(hour, EventKind::kBasket), 1},
      {hourly_key(hour, EventKind::kDeleteFromBasket), 1},
      {hourly_key(hour, EventKind::kRate), 1},
      {hourly_key(hour, EventKind::kBlacklist), 1},
      {hourly_key(hour, EventKind::kRendered), 1},
      {hourly_key(hour, EventKind::kClickRecommended), 1},
      {daily_key(kToday - 3, EventKind::kClick), 1},
      {daily_key(kToday - 3, EventKind::kConsume), 1},
      {daily_key(kToday - 3, EventKind::kBuy), 1},
  };
  EXPECT_EQ(count(events), expected);
}

TEST_F(AttributionTest, TotalsOfEventsInDifferentHoursAndDays) {
  const std::int64_t midnight = kToday * kMicrosPerDay;
  const std::vector<Event> events{make_event(EventKind::kClick, midnight - 1, "1"),
                                  make_event(EventKind::kClick, midnight, "1"),
                                  make_event(EventKind::kClick, midnight + kMicrosPerHour, "1")};
  const Counts expected{
      {hourly_key(kToday * 24 - 1, EventKind::kClick), 1},
      {hourly_key(kToday * 24, EventKind::kClick), 1},
      {hourly_key(kToday * 24 + 1, EventKind::kClick), 1},
      {daily_key(kToday - 1, EventKind::kClick), 1},
      {daily_key(kToday, EventKind::kClick), 2},
  };
  EXPECT_EQ(count(events), expected);
}

// --- events with a token ---------------------------------------------------------------------

TEST_F(AttributionTest, ATokenAttributesEachKindToItsMetric) {
  const std::pair<EventKind, Metric> cases[] = {
      {EventKind::kRendered, Metric::kRendered}, {EventKind::kClickRecommended, Metric::kClicked},
      {EventKind::kClick, Metric::kClicked},     {EventKind::kBasket, Metric::kBaskets},
      {EventKind::kBuy, Metric::kPurchases},
  };
  for (const auto& [kind, metric] : cases) {
    SCOPED_TRACE(tracking::event_name(kind));
    std::vector<Event> events{make_event(kind, kEventTime, "42", token(), "also_clicked")};
    if (kind == EventKind::kClickRecommended) events[0].scenario = "also_clicked";
    EXPECT_EQ(count(events), plus(totals_of(events), {{today_key(metric), 1}}));
  }
}

TEST_F(AttributionTest, KindsWithoutAMetricCountInTheTotalsOnly) {
  for (const EventKind kind : {EventKind::kConsume, EventKind::kDeleteFromBasket, EventKind::kRate,
                               EventKind::kBlacklist}) {
    SCOPED_TRACE(tracking::event_name(kind));
    const std::vector<Event> events{make_event(kind, kEventTime, "42", token(), "also_clicked")};
    EXPECT_EQ(count(events), totals_of(events));
  }
}

TEST_F(AttributionTest, TheTokensScenarioCountsNotTheEventsScenarioParameter) {
  std::vector<Event> events{
      make_event(EventKind::kClickRecommended, kEventTime, "42", token(), "also_clicked")};
  events[0].scenario = "bestseller";
  EXPECT_EQ(count(events), plus(totals_of(events), {{today_key(Metric::kClicked), 1}}));
}

TEST_F(AttributionTest, AKnownModelIdIsKeptAnUnknownOneCountsForTheScenarioOnly) {
  // Any model recod knows is counted as sent on the link; anything else for the scenario.
  const std::pair<std::string, std::string> cases[] = {
      {"also_clicked", "also_clicked"},
      {"bestseller", "bestseller"},
      {"most_clicked", "most_clicked"},
      {"no_such_model", ""},
      {"", ""},
  };

  for (const auto& [sent, counted] : cases) {
    SCOPED_TRACE(sent);
    const std::vector<Event> events{
        make_event(EventKind::kRendered, kEventTime, "42", token(), sent)};
    EXPECT_EQ(count(events), plus(totals_of(events), {{today_key(Metric::kRendered, counted), 1}}));
  }
}

TEST_F(AttributionTest, ABuyCountsItsRevenuePerCurrency) {
  const std::vector<Event> events{
      make_buy(kEventTime, "1", 1999, "EUR", 3, token(), "also_clicked"),
      make_buy(kEventTime, "2", 1000, "EUR", 1, token(), "also_clicked"),
      make_buy(kEventTime, "3", 456, "JPY", 2, token(), "also_clicked"),
  };
  EXPECT_EQ(
      count(events),
      plus(totals_of(events),
           {{today_key(Metric::kPurchases), 3},
            {today_key(Metric::kRevenue, "also_clicked", "also_clicked", "EUR"), 1999 * 3 + 1000},
            {today_key(Metric::kRevenue, "also_clicked", "also_clicked", "JPY"), 456 * 2}}));
}

TEST_F(AttributionTest, ABuyWithoutAPriceCountsAPurchaseOnly) {
  const std::vector<Event> events{
      make_event(EventKind::kBuy, kEventTime, "1", token(), "also_clicked")};
  EXPECT_EQ(count(events), plus(totals_of(events), {{today_key(Metric::kPurchases), 1}}));
}

TEST_F(AttributionTest, ScenarioCountersUseTheEventsDay) {
  // Just after midnight: an event of 23:59:59.999999 yesterday counts for yesterday.
  const std::int64_t now = kToday * kMicrosPerDay + 10 * kMicrosPerMinute;
  const std::string t = token("also_clicked", "c", now - 30 * kMicrosPerMinute);
  const std::vector<Event> events{
      make_event(EventKind::kRendered, kToday * kMicrosPerDay - 1, "1", t, "also_clicked"),
      make_event(EventKind::kRendered, kToday * kMicrosPerDay, "2", t, "also_clicked")};
  EXPECT_EQ(count(events, {}, now),
            plus(totals_of(events),
                 {{scenario_key(kToday - 1, "also_clicked", "also_clicked", Metric::kRendered), 1},
                  {scenario_key(kToday, "also_clicked", "also_clicked", Metric::kRendered), 1}}));
}

// --- tokens that do not count ----------------------------------------------------------------

TEST_F(AttributionTest, AnExpiredTokenIsNotAttributed) {
  const std::int64_t ttl = 24 * kMicrosPerHour;
  const std::vector<Event> fresh{
      make_event(EventKind::kClick, kNow, "1",
                 token("also_clicked", "c", kNow - ttl + kMicrosPerMinute), "also_clicked")};
  EXPECT_EQ(count(fresh), plus(totals_of(fresh), {{today_key(Metric::kClicked), 1}}));

  const std::vector<Event> expired{
      make_event(EventKind::kClick, kNow, "1",
                 token("also_clicked", "c", kNow - ttl - kMicrosPerMinute), "also_clicked")};
  EXPECT_EQ(count(expired), totals_of(expired));
  const std::vector<Event> old{make_event(EventKind::kRendered, kNow, "1",
                                          token("also_clicked", "c", kNow - 30 * kMicrosPerDay),
                                          "also_clicked")};
  EXPECT_EQ(count(old), totals_of(old));
}

TEST_F(AttributionTest, TheTokenTtlComesFromTheConfig) {
  config::Config config = make_config();
  config.attribution.token_ttl_s = 3600;
  const Attribution attribution(config, tokens_);
  const std::vector<Event> recent{
      make_event(EventKind::kBasket, kNow, "1",
                 token("also_clicked", "c", kNow - 59 * kMicrosPerMinute), "also_clicked")};
  EXPECT_EQ(run(attribution, "c", recent),
            plus(totals_of(recent), {{today_key(Metric::kBaskets), 1}}));
  const std::vector<Event> expired{make_event(EventKind::kBasket, kNow, "1",
                                              token("also_clicked", "c", kNow - 2 * kMicrosPerHour),
                                              "also_clicked")};
  EXPECT_EQ(run(attribution, "c", expired), totals_of(expired));
}

TEST_F(AttributionTest, ATokenOfAnotherCustomerIsNotAttributed) {
  const std::string for_d = token("also_clicked", "d");
  const std::vector<Event> events{
      make_event(EventKind::kClickRecommended, kEventTime, "1", for_d, "also_clicked")};
  EXPECT_EQ(count(events, {}, kNow, "c"), totals_of(events));
  // The same token counts for the customer it was issued for.
  EXPECT_EQ(count(events, {}, kNow, "d"),
            plus(totals_of(events), {{today_key(Metric::kClicked), 1}}));
}

TEST_F(AttributionTest, GarbageAndForgedTokensAreNotAttributed) {
  const std::string good = token();
  ASSERT_EQ(good.size(), 36U);
  std::vector<std::string> bad{"garbage",
                               "5f0c1e2a-0b3c-4d5e-8f60-718293a4b5c6",
                               "00000000-0000-0000-0000-000000000000",
                               good.substr(0, 35),
                               good + "00",
                               "-",
                               std::string(36, 'z')};
  // One hex digit changed: in the issue time, the scenario hash, the nonce, the MAC.
  for (const std::size_t pos : {std::size_t{0}, std::size_t{7}, std::size_t{10}, std::size_t{16},
                                std::size_t{20}, std::size_t{35}}) {
    std::string forged = good;
    ASSERT_NE(forged[pos], '-');
    forged[pos] = forged[pos] == '0' ? '1' : '0';
    bad.push_back(forged);
  }
  // A token signed under another key.
  reco::TokenIssuer other(util::SipKey{16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1});
  bad.push_back(other.issue("c", "also_clicked", kNow - kMicrosPerMinute));

  for (const auto& t : bad) {
    SCOPED_TRACE(t);
    const std::vector<Event> events{
        make_event(EventKind::kRendered, kEventTime, "1", t, "also_clicked"),
        make_event(EventKind::kClick, kEventTime, "1", t, "also_clicked"),
        make_buy(kEventTime, "1", 100, "EUR", 1, t, "also_clicked")};
    EXPECT_EQ(count(events), totals_of(events));
  }
  // The unchanged token does count.
  const std::vector<Event> events{
      make_event(EventKind::kRendered, kEventTime, "1", good, "also_clicked")};
  EXPECT_EQ(count(events), plus(totals_of(events), {{today_key(Metric::kRendered), 1}}));
}

TEST_F(AttributionTest, ATokenOfAScenarioThatNoLongerExistsIsNotAttributed) {
  config::Config config = make_config();
  config.customers.at("c").scenarios.erase("also_clicked");
  const Attribution attribution(config, tokens_);
  const std::vector<Event> events{
      make_event(EventKind::kClick, kEventTime, "1", token("also_clicked"), "also_clicked")};
  EXPECT_EQ(run(attribution, "c", events), totals_of(events));
  // A scenario the customer never had.
  const std::vector<Event> never{
      make_event(EventKind::kClick, kEventTime, "1", token("retired"), "also_clicked")};
  EXPECT_EQ(count(never), totals_of(never));
  // Another scenario of the same customer still counts.
  const std::vector<Event> other{
      make_event(EventKind::kClick, kEventTime, "1", token("bestseller"), "bestseller")};
  EXPECT_EQ(run(attribution, "c", other),
            plus(totals_of(other), {{today_key(Metric::kClicked, "bestseller", "bestseller"), 1}}));
}

TEST_F(AttributionTest, AnUnknownCustomerGetsTotalsOnly) {
  const std::vector<Event> events{
      make_event(EventKind::kClick, kEventTime, "1", token("also_clicked", "x"), "also_clicked")};
  EXPECT_EQ(count(events, {}, kNow, "x"), totals_of(events));
}

// --- a buy without a token -------------------------------------------------------------------

TEST_F(AttributionTest, ABuyWithoutATokenCountsForARecentRecommendedClick) {
  const std::vector<store::StoredEvent> history{
      recommended_click(kNow - 59 * kMicrosPerMinute, "42", "also_bought", "also_bought")};
  const std::vector<Event> events{make_buy(kNow, "42", 500, "EUR", 2)};
  EXPECT_EQ(count(events, history),
            plus(totals_of(events),
                 {{today_key(Metric::kPurchases, "also_bought", "also_bought"), 1},
                  {today_key(Metric::kRevenue, "also_bought", "also_bought", "EUR"), 1000}}));
}

TEST_F(AttributionTest, ABuyWithoutATokenTakesTheClicksModelUnlessUnknown) {
  const std::vector<store::StoredEvent> history{
      recommended_click(kNow - 10 * kMicrosPerMinute, "42", "cross_sell", "no_such_model")};
  const std::vector<Event> events{make_buy(kNow, "42", 500, "EUR", 1)};
  EXPECT_EQ(count(events, history),
            plus(totals_of(events), {{today_key(Metric::kPurchases, "", "cross_sell"), 1},
                                     {today_key(Metric::kRevenue, "", "cross_sell", "EUR"), 500}}));
}

TEST_F(AttributionTest, ABuyWithoutATokenSeesPastNewerEventsOfOtherItems) {
  const std::vector<store::StoredEvent> history{
      recommended_click(kNow - 50 * kMicrosPerMinute, "42", "also_bought", "also_bought"),
      recommended_click(kNow - 20 * kMicrosPerMinute, "7", "bestseller", "bestseller"),
      {{}, 0, make_event(EventKind::kClick, kNow - 10 * kMicrosPerMinute, "7")},
  };
  const std::vector<Event> events{make_buy(kNow, "42", 500, "EUR", 1)};
  EXPECT_EQ(count(events, history),
            plus(totals_of(events),
                 {{today_key(Metric::kPurchases, "also_bought", "also_bought"), 1},
                  {today_key(Metric::kRevenue, "also_bought", "also_bought", "EUR"), 500}}));
}

TEST_F(AttributionTest, ABuyWithoutATokenDoesNotCountOtherwise) {
  const std::vector<Event> events{make_buy(kNow, "42", 500, "EUR", 1)};
  const std::vector<std::pair<const char*, std::vector<store::StoredEvent>>> cases{
      {"no history", {}},
      {"61 minutes before",
       {recommended_click(kNow - 61 * kMicrosPerMinute, "42", "also_bought", "also_bought")}},
      {"another item",
       {recommended_click(kNow - 5 * kMicrosPerMinute, "43", "also_bought", "also_bought")}},
      {"after the buy",
       {recommended_click(kNow + kMicrosPerMinute, "42", "also_bought", "also_bought")}},
      {"an unknown scenario",
       {recommended_click(kNow - 5 * kMicrosPerMinute, "42", "retired", "also_bought")}},
      {"a plain click", {{{}, 0, make_event(EventKind::kClick, kNow - kMicrosPerMinute, "42")}}},
  };
  for (const auto& [name, history] : cases) {
    SCOPED_TRACE(name);
    EXPECT_EQ(count(events, history), totals_of(events));
  }
  // Another item type with the same id.
  auto other_type =
      recommended_click(kNow - 5 * kMicrosPerMinute, "42", "also_bought", "also_bought");
  other_type.event.item_type = 2;
  EXPECT_EQ(count(events, {other_type}), totals_of(events));
}

TEST_F(AttributionTest, ThePurchaseWindowComesFromTheConfig) {
  config::Config config = make_config();
  config.attribution.purchase_window_s = 600;
  const Attribution attribution(config, tokens_);
  const std::vector<Event> events{make_buy(kNow, "42", 500, "EUR", 1)};
  const std::vector<store::StoredEvent> inside{
      recommended_click(kNow - 9 * kMicrosPerMinute, "42", "also_bought", "also_bought")};
  EXPECT_EQ(run(attribution, "c", events, inside),
            plus(totals_of(events),
                 {{today_key(Metric::kPurchases, "also_bought", "also_bought"), 1},
                  {today_key(Metric::kRevenue, "also_bought", "also_bought", "EUR"), 500}}));
  const std::vector<store::StoredEvent> outside{
      recommended_click(kNow - 11 * kMicrosPerMinute, "42", "also_bought", "also_bought")};
  EXPECT_EQ(run(attribution, "c", events, outside), totals_of(events));
}

TEST_F(AttributionTest, ABuyWithATokenCountsForTheTokensScenario) {
  const std::vector<store::StoredEvent> history{
      recommended_click(kNow - 5 * kMicrosPerMinute, "42", "also_bought", "also_bought")};
  const std::vector<Event> events{make_buy(kNow, "42", 500, "EUR", 1, token(), "also_clicked")};
  EXPECT_EQ(count(events, history),
            plus(totals_of(events),
                 {{today_key(Metric::kPurchases), 1},
                  {today_key(Metric::kRevenue, "also_clicked", "also_clicked", "EUR"), 500}}));
}

// --- a click after a clickrecommended --------------------------------------------------------

TEST_F(AttributionTest, AClickAfterTheSameClickRecommendedCountsOnce) {
  const std::string t = token();
  const std::vector<Event> events{make_event(EventKind::kClick, kNow, "42", t, "also_clicked")};

  const std::vector<store::StoredEvent> same{
      recommended_click(kNow - kMicrosPerSecond, "42", "also_clicked", "also_clicked", t)};
  EXPECT_EQ(count(events, same), totals_of(events));

  const Counts counted = plus(totals_of(events), {{today_key(Metric::kClicked), 1}});
  EXPECT_EQ(count(events, {}), counted);
  const std::vector<store::StoredEvent> other_item{
      recommended_click(kNow - kMicrosPerSecond, "43", "also_clicked", "also_clicked", t)};
  EXPECT_EQ(count(events, other_item), counted);
  const std::vector<store::StoredEvent> other_token{
      recommended_click(kNow - kMicrosPerSecond, "42", "also_clicked", "also_clicked", token())};
  EXPECT_EQ(count(events, other_token), counted);
  store::StoredEvent rendered{
      {}, 0, make_event(EventKind::kRendered, kNow - kMicrosPerSecond, "42", t, "also_clicked")};
  EXPECT_EQ(count(events, {rendered}), counted);
}

// --- needs_history ---------------------------------------------------------------------------

TEST(AttributionNeedsHistoryTest, OnlyABuyWithoutATokenOrAClickWithOne) {
  const auto needs = [](std::vector<Event> events) { return Attribution::needs_history(events); };
  EXPECT_FALSE(needs({}));
  EXPECT_TRUE(needs({make_event(EventKind::kBuy, kNow, "1")}));
  EXPECT_FALSE(needs({make_event(EventKind::kBuy, kNow, "1", "tok")}));
  EXPECT_TRUE(needs({make_event(EventKind::kClick, kNow, "1", "tok")}));
  EXPECT_FALSE(needs({make_event(EventKind::kClick, kNow, "1")}));
  for (const EventKind kind : {EventKind::kRendered, EventKind::kClickRecommended,
                               EventKind::kBasket, EventKind::kConsume}) {
    EXPECT_FALSE(needs({make_event(kind, kNow, "1")})) << tracking::event_name(kind);
    EXPECT_FALSE(needs({make_event(kind, kNow, "1", "tok")})) << tracking::event_name(kind);
  }
  EXPECT_TRUE(needs({make_event(EventKind::kRendered, kNow, "1", "tok"),
                     make_event(EventKind::kBuy, kNow, "2")}));
}

// --- several events in one call --------------------------------------------------------------

TEST_F(AttributionTest, SeveralEventsAddUpIntoOneDeltaPerKey) {
  const std::string t = token();
  std::vector<Event> events;
  for (const char* id : {"1", "2", "3", "4"}) {
    events.push_back(make_event(EventKind::kRendered, kEventTime, id, t, "also_clicked"));
  }
  events.back().model_id = "no_such_model";
  EXPECT_EQ(count(events), (Counts{{hourly_key(hour_of(kEventTime), EventKind::kRendered), 4},
                                   {today_key(Metric::kRendered), 3},
                                   {today_key(Metric::kRendered, ""), 1}}));
  // count() itself (not only the map built from it) has one delta per key.
  const auto deltas = attribution_.count("c", events, {}, kNow);
  EXPECT_EQ(deltas.size(), 3U);
}

}  // namespace
}  // namespace recod::stats
