#include "recod/stats/counters.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "recod/tracking/event.hpp"

namespace recod::stats {
namespace {

using namespace std::string_literals;
using tracking::EventKind;

constexpr std::int64_t kMicrosPerHour = 3600LL * 1000 * 1000;
constexpr std::int64_t kMicrosPerDay = 24 * kMicrosPerHour;
// 2023-11-14T22:13:20Z: day 19675, hour 472222.
constexpr std::int64_t kNow = 1700000000LL * 1000 * 1000;

constexpr Metric kAllMetrics[] = {Metric::kDelivered, Metric::kRendered,  Metric::kClicked,
                                  Metric::kBaskets,   Metric::kPurchases, Metric::kRevenue};

constexpr EventKind kAllKinds[] = {
    EventKind::kClick,     EventKind::kConsume,          EventKind::kBuy,
    EventKind::kBasket,    EventKind::kDeleteFromBasket, EventKind::kRate,
    EventKind::kBlacklist, EventKind::kRendered,         EventKind::kClickRecommended,
    EventKind::kLogin};

// --- day_of / hour_of -----------------------------------------------------------------------

TEST(PeriodTest, DayOfAtBoundaries) {
  EXPECT_EQ(day_of(0), 0);
  EXPECT_EQ(day_of(kMicrosPerDay - 1), 0);
  EXPECT_EQ(day_of(kMicrosPerDay), 1);
  EXPECT_EQ(day_of(kNow), 19675);
  EXPECT_EQ(day_of(19675 * kMicrosPerDay), 19675);      // 2023-11-14T00:00:00Z
  EXPECT_EQ(day_of(19675 * kMicrosPerDay - 1), 19674);  // 2023-11-13T23:59:59.999999Z
  EXPECT_EQ(day_of(19676 * kMicrosPerDay - 1), 19675);
}

TEST(PeriodTest, HourOfAtBoundaries) {
  EXPECT_EQ(hour_of(0), 0);
  EXPECT_EQ(hour_of(kMicrosPerHour - 1), 0);
  EXPECT_EQ(hour_of(kMicrosPerHour), 1);
  EXPECT_EQ(hour_of(kNow), 472222);
  EXPECT_EQ(hour_of(472222 * kMicrosPerHour), 472222);  // 2023-11-14T22:00:00Z
  EXPECT_EQ(hour_of(472222 * kMicrosPerHour - 1), 472221);
  // Midnight is hour 24 * day.
  EXPECT_EQ(hour_of(19675 * kMicrosPerDay), 19675 * 24);
}

// --- scenario keys ----------------------------------------------------------------------------

TEST(ScenarioKeyTest, LayoutIsTagBigEndianDayScenarioModelMetricCurrency) {
  EXPECT_EQ(scenario_key(0x01020304, "sc", "mo", Metric::kRevenue, "EUR"),
            "S\x01\x02\x03\x04sc\0mo\0vEUR"s);
  EXPECT_EQ(scenario_key(19675, "also_clicked", "", Metric::kDelivered),
            "S\x00\x00\x4c\xdb"
            "also_clicked\0\0d"s);
}

TEST(ScenarioKeyTest, RoundTripsWithoutCurrency) {
  for (const Metric metric : kAllMetrics) {
    const std::string key = scenario_key(19675, "also_clicked", "also_clicked", metric);
    const auto c = parse_scenario_key(key);
    ASSERT_TRUE(c.has_value()) << static_cast<char>(metric);
    EXPECT_EQ(c->day, 19675);
    EXPECT_EQ(c->scenario, "also_clicked");
    EXPECT_EQ(c->model, "also_clicked");
    EXPECT_EQ(c->metric, metric);
    EXPECT_EQ(c->currency, "");
  }
}

TEST(ScenarioKeyTest, RoundTripsWithCurrency) {
  const std::string key =
      scenario_key(19675, "cross_sell", "bought_after_viewing", Metric::kRevenue, "EUR");
  const auto c = parse_scenario_key(key);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->day, 19675);
  EXPECT_EQ(c->scenario, "cross_sell");
  EXPECT_EQ(c->model, "bought_after_viewing");
  EXPECT_EQ(c->metric, Metric::kRevenue);
  EXPECT_EQ(c->currency, "EUR");
}

TEST(ScenarioKeyTest, RoundTripsAnEmptyModel) {
  // parse_scenario_key returns views into the key, so the keys are kept alive.
  const std::string key = scenario_key(19675, "landing_page", "", Metric::kClicked);
  const auto c = parse_scenario_key(key);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->scenario, "landing_page");
  EXPECT_EQ(c->model, "");
  EXPECT_EQ(c->metric, Metric::kClicked);
  EXPECT_EQ(c->currency, "");

  const std::string revenue_key = scenario_key(7, "s", "", Metric::kRevenue, "JPY");
  const auto r = parse_scenario_key(revenue_key);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->model, "");
  EXPECT_EQ(r->currency, "JPY");
}

TEST(ScenarioKeyTest, RoundTripsDaysWhoseBytesAreZeroOrHigh) {
  // A zero byte in the day must not be taken for the end of the scenario.
  for (const std::int64_t day :
       {0LL, 1LL, 0xffLL, 0x100LL, 0xff00LL, 0x10000LL, 0xffffffLL, 0xffffffffLL}) {
    const std::string key = scenario_key(day, "a_b", "most_clicked", Metric::kBaskets);
    const auto c = parse_scenario_key(key);
    ASSERT_TRUE(c.has_value()) << day;
    EXPECT_EQ(c->day, day);
    EXPECT_EQ(c->scenario, "a_b");
    EXPECT_EQ(c->model, "most_clicked");
    EXPECT_EQ(c->metric, Metric::kBaskets);
  }
}

TEST(ScenarioKeyTest, RejectsMalformedKeys) {
  const std::string good = scenario_key(19675, "sc", "mo", Metric::kClicked);
  ASSERT_TRUE(parse_scenario_key(good).has_value());

  // Too short (the shortest key is tag, day, two NULs and a metric: 8 bytes).
  EXPECT_FALSE(parse_scenario_key("").has_value());
  EXPECT_FALSE(parse_scenario_key("S").has_value());
  EXPECT_FALSE(parse_scenario_key("S\0\0\0\0"s).has_value());
  EXPECT_FALSE(parse_scenario_key("S\0\0\0\0\0\0"s).has_value());
  EXPECT_TRUE(parse_scenario_key("S\0\0\0\0\0\0d"s).has_value());  // the 8-byte minimum
  // Missing NULs.
  EXPECT_FALSE(parse_scenario_key("S\x00\x00\x4c\xdb"
                                  "scmod"s)
                   .has_value());
  EXPECT_FALSE(parse_scenario_key("S\x00\x00\x4c\xdb"
                                  "sc\0mod"s)
                   .has_value());
  // No metric after the model.
  EXPECT_FALSE(parse_scenario_key("S\x00\x00\x4c\xdb"
                                  "sc\0mo\0"s)
                   .has_value());
  // Unknown metric.
  EXPECT_FALSE(parse_scenario_key("S\x00\x00\x4c\xdb"
                                  "sc\0mo\0x"s)
                   .has_value());
  EXPECT_FALSE(parse_scenario_key("S\x00\x00\x4c\xdb"
                                  "sc\0mo\0\0"s)
                   .has_value());
  EXPECT_FALSE(parse_scenario_key("S\x00\x00\x4c\xdb"
                                  "sc\0mo\0D"s)
                   .has_value());
  // Another tag.
  std::string other = good;
  other[0] = kDailyTag;
  EXPECT_FALSE(parse_scenario_key(other).has_value());
  EXPECT_FALSE(parse_scenario_key(daily_key(19675, EventKind::kClick)).has_value());
  EXPECT_FALSE(parse_scenario_key(hourly_key(472222, EventKind::kBuy)).has_value());
}

// --- daily and hourly keys -------------------------------------------------------------------

TEST(EventKeyTest, Layout) {
  EXPECT_EQ(daily_key(0x01020304, EventKind::kBuy), "T\x01\x02\x03\x04\x03"s);
  EXPECT_EQ(hourly_key(472222, EventKind::kClickRecommended), "H\x00\x07\x34\x9e\x09"s);
}

TEST(EventKeyTest, DailyAndHourlyKeysRoundTripForEveryKind) {
  for (const EventKind kind : kAllKinds) {
    const auto d = parse_event_key(daily_key(19675, kind));
    ASSERT_TRUE(d.has_value()) << static_cast<int>(kind);
    EXPECT_EQ(d->period, 19675);
    EXPECT_EQ(d->kind, kind);

    const auto h = parse_event_key(hourly_key(472222, kind));
    ASSERT_TRUE(h.has_value()) << static_cast<int>(kind);
    EXPECT_EQ(h->period, 472222);
    EXPECT_EQ(h->kind, kind);
  }
  const auto zero = parse_event_key(hourly_key(0, EventKind::kClick));
  ASSERT_TRUE(zero.has_value());
  EXPECT_EQ(zero->period, 0);
}

TEST(EventKeyTest, RejectsMalformedKeys) {
  EXPECT_FALSE(parse_event_key("").has_value());
  EXPECT_FALSE(parse_event_key("T").has_value());
  EXPECT_FALSE(parse_event_key("T\0\0\x4c\xdb"s).has_value());  // no kind
  // One byte too many.
  EXPECT_FALSE(parse_event_key(daily_key(19675, EventKind::kClick) + "x").has_value());
  // Unknown kinds.
  EXPECT_FALSE(parse_event_key("T\0\0\x4c\xdb\0"s).has_value());
  EXPECT_FALSE(parse_event_key("T\0\0\x4c\xdb\x0b"s).has_value());
  EXPECT_FALSE(parse_event_key("H\0\0\x4c\xdb\xff"s).has_value());
  // Unknown or scenario tag.
  EXPECT_FALSE(parse_event_key("X\0\0\x4c\xdb\x01"s).has_value());
  EXPECT_FALSE(parse_event_key("S\0\0\x4c\xdb\x01"s).has_value());
  EXPECT_FALSE(parse_event_key(scenario_key(19675, "", "", Metric::kClicked)).has_value());
}

// --- ranges ------------------------------------------------------------------------------------

// Every key below in one sorted set, as RocksDB orders them (bytewise).
std::set<std::string> keys_around(std::int64_t day) {
  std::set<std::string> keys;
  for (std::int64_t d = day - 1; d <= day + 1; ++d) {
    for (const Metric metric : kAllMetrics) {
      keys.insert(scenario_key(d, "also_clicked", "also_clicked", metric));
      keys.insert(scenario_key(d, "zzz", "", metric, "USD"));
      keys.insert(scenario_key(d, "", "", metric));
    }
    for (const EventKind kind : kAllKinds) {
      keys.insert(daily_key(d, kind));
      keys.insert(hourly_key(d, kind));
    }
  }
  return keys;
}

// The keys in [from, to).
std::vector<std::string> keys_in(const std::set<std::string>& keys, const std::string& from,
                                 const std::string& to) {
  return {keys.lower_bound(from), keys.lower_bound(to)};
}

TEST(RangeTest, KeysOfADaySortBeforeKeysOfTheNextDay) {
  // 0xff -> 0x100 and 0xffff -> 0x10000 carry into the next byte.
  for (const std::int64_t day : {1LL, 0xffLL, 0x100LL, 0xffffLL, 19675LL}) {
    EXPECT_LT(scenario_key(day, "zzzzzzzz", "zzzzzzzz", Metric::kRevenue, "ZZZ"),
              scenario_key(day + 1, "", "", Metric::kBaskets))
        << day;
    EXPECT_LT(range_begin(kScenarioTag, day), scenario_key(day, "", "", Metric::kBaskets));
    EXPECT_LT(daily_key(day, EventKind::kLogin), daily_key(day + 1, EventKind::kClick)) << day;
    EXPECT_LT(hourly_key(day, EventKind::kLogin), hourly_key(day + 1, EventKind::kClick)) << day;
    EXPECT_LT(range_begin(kDailyTag, day), range_begin(kDailyTag, day + 1));
  }
}

TEST(RangeTest, ARangeHoldsExactlyOneDaysKeys) {
  for (const std::int64_t day : {1LL, 0xffLL, 0x100LL, 0xffffLL, 19675LL}) {
    const auto keys = keys_around(day);
    for (const char tag : {kScenarioTag, kDailyTag, kHourlyTag}) {
      const auto in = keys_in(keys, range_begin(tag, day), range_begin(tag, day + 1));
      std::size_t expected = 0;
      for (const auto& key : keys) {
        if (key[0] != tag) continue;
        std::int64_t period = -1;
        if (tag == kScenarioTag) {
          const auto c = parse_scenario_key(key);
          ASSERT_TRUE(c.has_value());
          period = c->day;
        } else {
          const auto c = parse_event_key(key);
          ASSERT_TRUE(c.has_value());
          period = c->period;
        }
        if (period == day) ++expected;
      }
      ASSERT_EQ(in.size(), expected) << tag << " " << day;
      ASSERT_GT(expected, 0U);
      for (const auto& key : in) {
        EXPECT_EQ(key[0], tag);
        if (tag == kScenarioTag) {
          EXPECT_EQ(parse_scenario_key(key)->day, day);
        } else {
          EXPECT_EQ(parse_event_key(key)->period, day);
        }
      }
    }
  }
}

TEST(RangeTest, ASeveralDayRangeHoldsThoseDays) {
  const auto keys = keys_around(19675);
  const auto in = keys_in(keys, range_begin(kScenarioTag, 19675), range_begin(kScenarioTag, 19677));
  const auto all =
      keys_in(keys, range_begin(kScenarioTag, 19674), range_begin(kScenarioTag, 19677));
  EXPECT_EQ(in.size(), 2 * all.size() / 3);
  for (const auto& key : in) EXPECT_GE(parse_scenario_key(key)->day, 19675);
}

}  // namespace
}  // namespace recod::stats
