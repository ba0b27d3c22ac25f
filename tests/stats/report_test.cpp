#include "recod/stats/report.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "recod/stats/counters.hpp"
#include "recod/stats/delivery.hpp"
#include "recod/store/event_writer.hpp"
#include "recod/store/store.hpp"
#include "recod/tracking/event.hpp"
#include "store/store_test_util.hpp"
#include "support/temp_dir.hpp"

namespace recod::stats {
namespace {

using namespace std::chrono_literals;
using Json = nlohmann::ordered_json;  // ordered: the comparisons check the key order too
using store::CounterDelta;
using tracking::EventKind;

constexpr std::int64_t kMicrosPerHour = 3600LL * 1000 * 1000;
constexpr std::int64_t kMicrosPerDay = 24 * kMicrosPerHour;
// 2023-11-14T22:13:20Z: day 19675, hour 472222 (2023-11-14T22:00:00Z).
constexpr std::int64_t kNow = 1700000000LL * 1000 * 1000;
constexpr std::int64_t kToday = 19675;
constexpr std::int64_t kHour = 472222;

CounterDelta scenario(std::int64_t day, std::string_view scenario_id, std::string_view model,
                      Metric metric, std::int64_t delta, std::string_view currency = {}) {
  return CounterDelta{scenario_key(day, scenario_id, model, metric, currency), delta};
}

CounterDelta daily(std::int64_t day, EventKind kind, std::int64_t delta) {
  return CounterDelta{daily_key(day, kind), delta};
}

CounterDelta hourly(std::int64_t hour, EventKind kind, std::int64_t delta) {
  return CounterDelta{hourly_key(hour, kind), delta};
}

// The document of a report, parsed; null (and a test failure) if the report failed.
Json parse(const Result<std::string>& doc) {
  if (!doc) {
    ADD_FAILURE() << "report failed: " << doc.status().message();
    return {};
  }
  return Json::parse(*doc);
}

// --- expected documents ----------------------------------------------------------------------

struct RevenueDay {
  std::string day;  // YYYY-MM-DD
  Json revenue = Json::object();
  std::int64_t clicks = 0;
  std::int64_t consumes = 0;
  std::int64_t purchases = 0;
  std::int64_t delivered = 0;
  std::int64_t clicked_recommended = 0;
  std::int64_t purchased_recommended = 0;
};

Json revenue_item(const RevenueDay& d) {
  Json item;
  item["timespanBegin"] = d.day + "T00:00:00";
  item["timespanDuration"] = "P1D";
  item["revenue"] = d.revenue;
  item["clickEvents"] = d.clicks;
  item["consumeEvents"] = d.consumes;
  item["purchaseEvents"] = d.purchases;
  item["deliveredRecommendations"] = d.delivered;
  item["clickedRecommended"] = d.clicked_recommended;
  item["purchasedRecommended"] = d.purchased_recommended;
  return item;
}

Json revenue_doc(const std::vector<RevenueDay>& days) {
  Json items = Json::array();
  for (const auto& d : days) items.push_back(revenue_item(d));
  Json doc;
  doc["revenueResponse"]["items"] = std::move(items);
  return doc;
}

// A day of zeros for each of `days`.
std::vector<RevenueDay> zero_week(const std::vector<std::string>& days) {
  std::vector<RevenueDay> out;
  for (const auto& day : days) {
    RevenueDay d;
    d.day = day;
    out.push_back(std::move(d));
  }
  return out;
}

const std::vector<std::string> kWeek = {"2023-11-08", "2023-11-09", "2023-11-10", "2023-11-11",
                                        "2023-11-12", "2023-11-13", "2023-11-14"};

struct Figures {
  std::int64_t delivered = 0;
  std::int64_t rendered = 0;
  std::int64_t clicked = 0;
  std::int64_t baskets = 0;
  std::int64_t purchases = 0;
  Json revenue = Json::object();
  double ctr = 0.0;
};

// The figures of a scenario's total, of a day (`label_key` "day") or of a model ("model").
Json figures(const Figures& f, std::string_view label_key = {}, std::string_view label = {}) {
  Json j;
  if (!label_key.empty()) j[std::string(label_key)] = label;
  j["delivered"] = f.delivered;
  j["rendered"] = f.rendered;
  j["clicked"] = f.clicked;
  j["baskets"] = f.baskets;
  j["purchases"] = f.purchases;
  j["revenue"] = f.revenue;
  j["ctr"] = f.ctr;
  return j;
}

Json day_figures(std::string_view day, const Figures& f = {}) { return figures(f, "day", day); }
Json model_figures(std::string_view model, const Figures& f) { return figures(f, "model", model); }

Json scenario_doc(std::string_view from, std::string_view to, Json scenarios) {
  Json doc;
  doc["statisticResponse"]["from"] = from;
  doc["statisticResponse"]["to"] = to;
  doc["statisticResponse"]["scenarios"] = std::move(scenarios);
  return doc;
}

Json scenario_entry(std::string_view id, const Figures& total, Json days, Json models) {
  Json s;
  s["scenario"] = id;
  s["total"] = figures(total);
  s["days"] = std::move(days);
  s["models"] = std::move(models);
  return s;
}

struct HourCounts {
  std::string hour;  // YYYY-MM-DDTHH:00:00Z
  std::int64_t click = 0;
  std::int64_t consume = 0;
  std::int64_t buy = 0;
  std::int64_t basket = 0;
  std::int64_t rendered = 0;
  std::int64_t clickrecommended = 0;
};

Json events_doc(const std::vector<HourCounts>& hours) {
  Json list = Json::array();
  for (const auto& h : hours) {
    Json j;
    j["hour"] = h.hour;
    j["click"] = h.click;
    j["consume"] = h.consume;
    j["buy"] = h.buy;
    j["basket"] = h.basket;
    j["rendered"] = h.rendered;
    j["clickrecommended"] = h.clickrecommended;
    list.push_back(std::move(j));
  }
  Json doc;
  doc["eventsResponse"]["hours"] = std::move(list);
  return doc;
}

HourCounts zero_hour(std::string hour) {
  HourCounts h;
  h.hour = std::move(hour);
  return h;
}

// --- the fixture -------------------------------------------------------------------------------

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::test::open_store(dir_.path().string());
    ASSERT_NE(store_, nullptr);
    writer_ = std::make_unique<store::EventWriter>(*store_, store::EventWriter::Options{});
  }

  void TearDown() override {
    if (writer_) writer_->stop();
  }

  // Adds `counters` to `customer`'s through the writer, as the server does.
  void add(const std::string& customer, std::vector<CounterDelta> counters) {
    const Status s =
        store::test::write_and_wait(*writer_, store::AddCounters{customer, std::move(counters)});
    ASSERT_TRUE(s.is_ok()) << s.message();
  }

  [[nodiscard]] Json revenue(std::string_view customer, std::int64_t now_us = kNow) const {
    return parse(revenue_last_seven_days(*store_, customer, now_us));
  }

  [[nodiscard]] Json scenarios(std::string_view customer, std::int64_t from_day,
                               std::int64_t to_day) const {
    return parse(scenario_statistics(*store_, customer, from_day, to_day));
  }

  [[nodiscard]] Json events(std::string_view customer, int hours,
                            std::int64_t now_us = kNow) const {
    return parse(events_per_hour(*store_, customer, hours, now_us));
  }

  recod::test::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::EventWriter> writer_;  // declared after the store: destroyed first
};

// --- revenue/last_seven_days ---------------------------------------------------------------------

TEST_F(ReportTest, RevenueOfAnEmptyStoreIsSevenDaysOfZeros) {
  const auto doc = revenue_last_seven_days(*store_, "c", kNow);
  ASSERT_TRUE(doc.is_ok()) << doc.status().message();
  // The documented shape, byte for byte.
  std::string expected = R"({"revenueResponse":{"items":[)";
  for (const auto& day : kWeek) {
    if (day != kWeek.front()) expected += ",";
    expected += R"({"timespanBegin":")" + day +
                R"(T00:00:00","timespanDuration":"P1D","revenue":{},"clickEvents":0,)"
                R"("consumeEvents":0,"purchaseEvents":0,"deliveredRecommendations":0,)"
                R"("clickedRecommended":0,"purchasedRecommended":0})";
  }
  expected += "]}}";
  EXPECT_EQ(*doc, expected);
  EXPECT_EQ(Json::parse(*doc), revenue_doc(zero_week(kWeek)));
}

TEST_F(ReportTest, RevenueSumsScenariosAndModelsPerDayAndKeepsCurrenciesApart) {
  add("c", {
               // Today: two scenarios, three models (one of them unknown: "").
               scenario(kToday, "also_clicked", "also_clicked", Metric::kDelivered, 40),
               scenario(kToday, "also_clicked", "bestseller", Metric::kDelivered, 10),
               scenario(kToday, "personalized", "", Metric::kDelivered, 5),
               scenario(kToday, "also_clicked", "also_clicked", Metric::kRendered, 30),
               scenario(kToday, "also_clicked", "also_clicked", Metric::kClicked, 4),
               scenario(kToday, "personalized", "", Metric::kClicked, 1),
               scenario(kToday, "also_clicked", "also_clicked", Metric::kBaskets, 2),
               scenario(kToday, "also_clicked", "also_clicked", Metric::kPurchases, 2),
               scenario(kToday, "personalized", "", Metric::kPurchases, 1),
               scenario(kToday, "also_clicked", "also_clicked", Metric::kRevenue, 1999, "EUR"),
               scenario(kToday, "personalized", "", Metric::kRevenue, 1000, "EUR"),
               scenario(kToday, "personalized", "", Metric::kRevenue, 456, "JPY"),
               scenario(kToday, "also_clicked", "bestseller", Metric::kRevenue, 250, "USD"),
               daily(kToday, EventKind::kClick, 120),
               daily(kToday, EventKind::kConsume, 3),
               daily(kToday, EventKind::kBuy, 7),
               // Counted elsewhere, not in this document.
               daily(kToday, EventKind::kBasket, 9),
               daily(kToday, EventKind::kRendered, 11),
               hourly(kHour, EventKind::kClick, 13),
               // Three days ago: only totals, and revenue in USD.
               daily(kToday - 3, EventKind::kClick, 5),
               scenario(kToday - 3, "also_clicked", "also_clicked", Metric::kRevenue, 700, "USD"),
               scenario(kToday - 3, "also_clicked", "also_clicked", Metric::kPurchases, 1),
           });
  // A second write adds to the same counters (merge, not overwrite).
  add("c", {scenario(kToday, "also_clicked", "also_clicked", Metric::kRevenue, 1, "EUR"),
            daily(kToday, EventKind::kClick, 1)});

  auto days = zero_week(kWeek);
  days[3].revenue = Json{{"USD", 700}};
  days[3].clicks = 5;
  days[3].purchased_recommended = 1;
  days[6].revenue = Json{{"EUR", 3000}, {"JPY", 456}, {"USD", 250}};
  days[6].clicks = 121;
  days[6].consumes = 3;
  days[6].purchases = 7;
  days[6].delivered = 55;
  days[6].clicked_recommended = 5;
  days[6].purchased_recommended = 3;
  EXPECT_EQ(revenue("c"), revenue_doc(days));
}

TEST_F(ReportTest, RevenueWindowIsTodayAndTheSixDaysBefore) {
  add("c", {
               daily(kToday - 7, EventKind::kClick, 1000),  // 7 days back: out
               scenario(kToday - 7, "s", "m", Metric::kDelivered, 1000),
               scenario(kToday - 7, "s", "m", Metric::kRevenue, 1000, "EUR"),
               daily(kToday - 6, EventKind::kClick, 1),  // 6 days back: in
               scenario(kToday - 6, "s", "m", Metric::kDelivered, 2),
               scenario(kToday - 6, "s", "m", Metric::kRevenue, 3, "EUR"),
               daily(kToday, EventKind::kClick, 4),  // today: in
               scenario(kToday, "s", "m", Metric::kDelivered, 5),
               scenario(kToday, "s", "m", Metric::kRevenue, 6, "EUR"),
               daily(kToday + 1, EventKind::kClick, 2000),  // tomorrow: out
               scenario(kToday + 1, "s", "m", Metric::kDelivered, 2000),
               scenario(kToday + 1, "s", "m", Metric::kRevenue, 2000, "EUR"),
           });
  auto days = zero_week(kWeek);
  days.front().clicks = 1;
  days.front().delivered = 2;
  days.front().revenue = Json{{"EUR", 3}};
  days.back().clicks = 4;
  days.back().delivered = 5;
  days.back().revenue = Json{{"EUR", 6}};
  const Json expected = revenue_doc(days);
  EXPECT_EQ(revenue("c"), expected);

  // The same at the first and the last microsecond of today.
  EXPECT_EQ(revenue("c", kToday * kMicrosPerDay), expected);
  EXPECT_EQ(revenue("c", (kToday + 1) * kMicrosPerDay - 1), expected);

  // A microsecond later it is tomorrow: the window moves by one day.
  const Json tomorrow = revenue("c", (kToday + 1) * kMicrosPerDay);
  ASSERT_EQ(tomorrow["revenueResponse"]["items"].size(), 7U);
  const Json& first = tomorrow["revenueResponse"]["items"][0];
  const Json& last = tomorrow["revenueResponse"]["items"][6];
  EXPECT_EQ(first["timespanBegin"], "2023-11-09T00:00:00");
  EXPECT_EQ(first["clickEvents"], 0);  // kToday - 6 left the window
  EXPECT_EQ(first["revenue"], Json::object());
  EXPECT_EQ(tomorrow["revenueResponse"]["items"][5]["clickEvents"], 4);
  EXPECT_EQ(last["timespanBegin"], "2023-11-15T00:00:00");
  EXPECT_EQ(last["clickEvents"], 2000);
  EXPECT_EQ(last["deliveredRecommendations"], 2000);
  EXPECT_EQ(last["revenue"], (Json{{"EUR", 2000}}));
}

TEST_F(ReportTest, RevenueDaysCrossMonthAndLeapDay) {
  // 2024-03-02 (day 19784) at noon: the week holds 2024-02-29.
  constexpr std::int64_t kMarch2 = 19784;
  add("c", {daily(kMarch2 - 2, EventKind::kBuy, 29)});
  auto days = zero_week({"2024-02-25", "2024-02-26", "2024-02-27", "2024-02-28", "2024-02-29",
                         "2024-03-01", "2024-03-02"});
  days[4].purchases = 29;
  EXPECT_EQ(revenue("c", kMarch2 * kMicrosPerDay + 12 * kMicrosPerHour), revenue_doc(days));
}

TEST_F(ReportTest, RevenueCountsDeliveriesWrittenByTheDeliveryCounter) {
  DeliveryCounter counter(*writer_, 1h);
  const std::string_view models[] = {"also_clicked", "also_clicked", "bestseller", ""};
  counter.record("c", "also_clicked", models, kNow);
  counter.record("c", "also_clicked", models, kNow - kMicrosPerDay);
  counter.record("d", "also_clicked", models, kNow);  // another customer
  counter.flush();
  auto days = zero_week(kWeek);
  days[5].delivered = 4;
  days[6].delivered = 4;
  EXPECT_EQ(revenue("c"), revenue_doc(days));
  counter.stop();
}

// --- statistic/scenarios -----------------------------------------------------------------------

TEST_F(ReportTest, ScenariosOfAnEmptyStoreListNoScenario) {
  const auto doc = scenario_statistics(*store_, "c", kToday - 6, kToday);
  ASSERT_TRUE(doc.is_ok()) << doc.status().message();
  EXPECT_EQ(*doc,
            R"({"statisticResponse":{"from":"2023-11-08","to":"2023-11-14","scenarios":[]}})");
}

TEST_F(ReportTest, ScenariosOnlyEventTotalsListNoScenario) {
  // Daily and hourly totals are not scenario counters.
  add("c", {daily(kToday, EventKind::kClick, 5), daily(kToday, EventKind::kBuy, 1),
            hourly(kHour, EventKind::kClickRecommended, 2)});
  EXPECT_EQ(scenarios("c", kToday - 6, kToday),
            scenario_doc("2023-11-08", "2023-11-14", Json::array()));
}

TEST_F(ReportTest, ScenariosGivePerDayPerModelAndTotalFigures) {
  add("c", {
               // also_clicked, day 1 (kToday - 2).
               scenario(kToday - 2, "also_clicked", "also_clicked", Metric::kDelivered, 90),
               scenario(kToday - 2, "also_clicked", "also_clicked", Metric::kRendered, 40),
               scenario(kToday - 2, "also_clicked", "also_clicked", Metric::kClicked, 3),
               // also_clicked, day 3 (kToday): two models and an unknown one.
               scenario(kToday, "also_clicked", "also_clicked", Metric::kDelivered, 510),
               scenario(kToday, "also_clicked", "also_clicked", Metric::kRendered, 240),
               scenario(kToday, "also_clicked", "also_clicked", Metric::kClicked, 27),
               scenario(kToday, "also_clicked", "also_clicked", Metric::kBaskets, 4),
               scenario(kToday, "also_clicked", "also_clicked", Metric::kPurchases, 2),
               scenario(kToday, "also_clicked", "also_clicked", Metric::kRevenue, 3998, "EUR"),
               scenario(kToday, "also_clicked", "bestseller", Metric::kDelivered, 40),
               scenario(kToday, "also_clicked", "bestseller", Metric::kRendered, 20),
               scenario(kToday, "also_clicked", "bestseller", Metric::kClicked, 1),
               scenario(kToday, "also_clicked", "", Metric::kClicked, 1),
               scenario(kToday, "also_clicked", "bestseller", Metric::kRevenue, 500, "USD"),
               // cross_sell, day 2: delivered only (listed before landing_page: by id).
               scenario(kToday - 1, "cross_sell", "bought_after_viewing", Metric::kDelivered, 8),
               // landing_page, no model at all.
               scenario(kToday - 1, "landing_page", "", Metric::kDelivered, 6),
               scenario(kToday - 1, "landing_page", "", Metric::kClicked, 2),
           });

  Figures ac_day1;
  ac_day1.delivered = 90;
  ac_day1.rendered = 40;
  ac_day1.clicked = 3;
  ac_day1.ctr = 0.075;  // 3 / 40
  Figures ac_day3;
  ac_day3.delivered = 550;
  ac_day3.rendered = 260;
  ac_day3.clicked = 29;
  ac_day3.baskets = 4;
  ac_day3.purchases = 2;
  ac_day3.revenue = Json{{"EUR", 3998}, {"USD", 500}};
  ac_day3.ctr = 0.1115;  // 29 / 260 = 0.11153...
  Figures ac_total;
  ac_total.delivered = 640;
  ac_total.rendered = 300;
  ac_total.clicked = 32;
  ac_total.baskets = 4;
  ac_total.purchases = 2;
  ac_total.revenue = Json{{"EUR", 3998}, {"USD", 500}};
  ac_total.ctr = 0.1067;  // 32 / 300 = 0.10666...
  Figures ac_model;
  ac_model.delivered = 600;
  ac_model.rendered = 280;
  ac_model.clicked = 30;
  ac_model.baskets = 4;
  ac_model.purchases = 2;
  ac_model.revenue = Json{{"EUR", 3998}};
  ac_model.ctr = 0.1071;  // 30 / 280 = 0.10714...
  Figures bestseller;
  bestseller.delivered = 40;
  bestseller.rendered = 20;
  bestseller.clicked = 1;
  bestseller.revenue = Json{{"USD", 500}};
  bestseller.ctr = 0.05;
  const Json also_clicked = scenario_entry(
      "also_clicked", ac_total,
      Json::array({day_figures("2023-11-12", ac_day1), day_figures("2023-11-13"),
                   day_figures("2023-11-14", ac_day3)}),
      Json::array({model_figures("also_clicked", ac_model),
                   model_figures("bestseller", bestseller)}));  // not the unknown model ""

  Figures delivered8;
  delivered8.delivered = 8;
  const Json cross_sell =
      scenario_entry("cross_sell", delivered8,
                     Json::array({day_figures("2023-11-12"), day_figures("2023-11-13", delivered8),
                                  day_figures("2023-11-14")}),
                     Json::array({model_figures("bought_after_viewing", delivered8)}));

  Figures landing;
  landing.delivered = 6;
  landing.clicked = 2;
  landing.ctr = 0.3333;  // nothing rendered: 2 / 6 delivered
  const Json landing_page =
      scenario_entry("landing_page", landing,
                     Json::array({day_figures("2023-11-12"), day_figures("2023-11-13", landing),
                                  day_figures("2023-11-14")}),
                     Json::array());

  EXPECT_EQ(scenarios("c", kToday - 2, kToday),
            scenario_doc("2023-11-12", "2023-11-14",
                         Json::array({also_clicked, cross_sell, landing_page})));
}

TEST_F(ReportTest, ScenariosRangeIncludesBothEndsOnly) {
  add("c", {
               scenario(kToday - 4, "s", "m", Metric::kDelivered, 1000),  // before from: out
               scenario(kToday - 3, "s", "m", Metric::kDelivered, 1),     // from: in
               scenario(kToday - 1, "s", "m", Metric::kDelivered, 2),     // to: in
               scenario(kToday, "s", "m", Metric::kDelivered, 2000),      // after to: out
               scenario(kToday, "only_after", "m", Metric::kDelivered, 1),
               scenario(kToday - 4, "only_before", "m", Metric::kClicked, 1),
           });
  Figures from;
  from.delivered = 1;
  Figures to;
  to.delivered = 2;
  Figures total;
  total.delivered = 3;
  EXPECT_EQ(scenarios("c", kToday - 3, kToday - 1),
            scenario_doc("2023-11-11", "2023-11-13",
                         Json::array({scenario_entry("s", total,
                                                     Json::array({day_figures("2023-11-11", from),
                                                                  day_figures("2023-11-12"),
                                                                  day_figures("2023-11-13", to)}),
                                                     Json::array({model_figures("m", total)}))})));

  // A one-day range.
  Figures one;
  one.delivered = 1;
  Figures many;
  many.delivered = 2000;
  EXPECT_EQ(scenarios("c", kToday, kToday),
            scenario_doc("2023-11-14", "2023-11-14",
                         Json::array({scenario_entry("only_after", one,
                                                     Json::array({day_figures("2023-11-14", one)}),
                                                     Json::array({model_figures("m", one)})),
                                      scenario_entry("s", many,
                                                     Json::array({day_figures("2023-11-14", many)}),
                                                     Json::array({model_figures("m", many)}))})));
}

TEST_F(ReportTest, ScenariosListEveryDayOfALongRangeAcrossTheYear) {
  // 2023-12-31 .. 2024-01-01, then 366 days ending 2024-03-02.
  add("c", {scenario(19722, "s", "", Metric::kDelivered, 1),
            scenario(19723, "s", "", Metric::kDelivered, 2)});
  const Json doc = scenarios("c", 19722, 19723);
  ASSERT_EQ(doc["statisticResponse"]["scenarios"].size(), 1U);
  const Json& days = doc["statisticResponse"]["scenarios"][0]["days"];
  ASSERT_EQ(days.size(), 2U);
  EXPECT_EQ(days[0]["day"], "2023-12-31");
  EXPECT_EQ(days[0]["delivered"], 1);
  EXPECT_EQ(days[1]["day"], "2024-01-01");
  EXPECT_EQ(days[1]["delivered"], 2);

  const Json year = scenarios("c", 19784 - 365, 19784);
  EXPECT_EQ(year["statisticResponse"]["from"], "2023-03-03");
  EXPECT_EQ(year["statisticResponse"]["to"], "2024-03-02");
  ASSERT_EQ(year["statisticResponse"]["scenarios"].size(), 1U);
  const Json& s = year["statisticResponse"]["scenarios"][0];
  EXPECT_EQ(s["total"]["delivered"], 3);
  ASSERT_EQ(s["days"].size(), 366U);
  EXPECT_EQ(s["days"][0]["day"], "2023-03-03");
  EXPECT_EQ(s["days"][19722 - (19784 - 365)]["day"], "2023-12-31");
  EXPECT_EQ(s["days"][19722 - (19784 - 365)]["delivered"], 1);
  EXPECT_EQ(s["days"][19782 - (19784 - 365)]["day"], "2024-02-29");
  EXPECT_EQ(s["days"][365]["day"], "2024-03-02");
  std::int64_t sum = 0;
  for (const auto& d : s["days"]) sum += d["delivered"].get<std::int64_t>();
  EXPECT_EQ(sum, 3);
}

TEST_F(ReportTest, ScenariosCtrNeverDividesByZero) {
  add("c", {
               // Rendered: clicked / rendered.
               scenario(kToday, "rendered", "m", Metric::kDelivered, 100),
               scenario(kToday, "rendered", "m", Metric::kRendered, 3),
               scenario(kToday, "rendered", "m", Metric::kClicked, 2),
               // Nothing rendered: clicked / delivered.
               scenario(kToday, "delivered", "m", Metric::kDelivered, 3),
               scenario(kToday, "delivered", "m", Metric::kClicked, 1),
               // Clicks, nothing delivered or rendered (e.g. the delivery not flushed yet): 0.
               scenario(kToday, "clicks_only", "m", Metric::kClicked, 5),
               // Nothing clicked: 0.
               scenario(kToday, "no_clicks", "m", Metric::kDelivered, 7),
               // A purchase only: every base is zero.
               scenario(kToday, "purchase_only", "m", Metric::kPurchases, 1),
               // Rounded to 4 decimals: 1 / 32 = 0.03125 -> 0.0313 (half up).
               scenario(kToday, "round", "m", Metric::kRendered, 32),
               scenario(kToday, "round", "m", Metric::kClicked, 1),
           });
  const Json doc = scenarios("c", kToday, kToday);
  const Json& list = doc["statisticResponse"]["scenarios"];
  ASSERT_EQ(list.size(), 6U);
  const std::pair<const char*, double> expected[] = {{"clicks_only", 0.0}, {"delivered", 0.3333},
                                                     {"no_clicks", 0.0},   {"purchase_only", 0.0},
                                                     {"rendered", 0.6667}, {"round", 0.0313}};
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& s = list[i];
    ASSERT_EQ(s["scenario"], expected[i].first);
    for (const Json* f : {&s["total"], &s["days"][0], &s["models"][0]}) {
      ASSERT_TRUE((*f)["ctr"].is_number_float()) << s["scenario"] << ": " << (*f)["ctr"];
      EXPECT_EQ((*f)["ctr"].get<double>(), expected[i].second) << s["scenario"];
    }
  }
  // No NaN or infinity can reach the document (nlohmann would write null).
  EXPECT_EQ(doc.dump().find("null"), std::string::npos);
}

// --- statistic/events --------------------------------------------------------------------------

TEST_F(ReportTest, EventsOfAnEmptyStoreAreZeroHours) {
  const auto doc = events_per_hour(*store_, "c", 3, kNow);
  ASSERT_TRUE(doc.is_ok()) << doc.status().message();
  EXPECT_EQ(
      *doc,
      R"({"eventsResponse":{"hours":[)"
      R"({"hour":"2023-11-14T20:00:00Z","click":0,"consume":0,"buy":0,"basket":0,"rendered":0,"clickrecommended":0},)"
      R"({"hour":"2023-11-14T21:00:00Z","click":0,"consume":0,"buy":0,"basket":0,"rendered":0,"clickrecommended":0},)"
      R"({"hour":"2023-11-14T22:00:00Z","click":0,"consume":0,"buy":0,"basket":0,"rendered":0,"clickrecommended":0})"
      R"(]}})");
}

TEST_F(ReportTest, EventsCountEveryKindPerHourInTheWindowOnly) {
  add("c", {
               hourly(kHour - 3, EventKind::kClick, 1000),  // before the window: out
               hourly(kHour - 2, EventKind::kClick, 40),    // the oldest hour: in
               hourly(kHour - 2, EventKind::kBuy, 2),
               hourly(kHour, EventKind::kClick, 1),  // the current hour: in
               hourly(kHour, EventKind::kConsume, 2),
               hourly(kHour, EventKind::kBuy, 3),
               hourly(kHour, EventKind::kBasket, 4),
               hourly(kHour, EventKind::kRendered, 5),
               hourly(kHour, EventKind::kClickRecommended, 6),
               // Kinds the document does not list.
               hourly(kHour, EventKind::kDeleteFromBasket, 7),
               hourly(kHour, EventKind::kRate, 8),
               hourly(kHour, EventKind::kBlacklist, 9),
               hourly(kHour, EventKind::kLogin, 10),
               hourly(kHour + 1, EventKind::kClick, 2000),  // the next hour: out
               // A daily total whose day number is the current hour's: another tag, not counted.
               daily(kHour, EventKind::kClick, 3000),
               daily(kToday, EventKind::kClick, 4000),
               scenario(kToday, "s", "m", Metric::kClicked, 5000),
           });
  add("c", {hourly(kHour, EventKind::kClick, 10)});

  HourCounts oldest = zero_hour("2023-11-14T20:00:00Z");
  oldest.click = 40;
  oldest.buy = 2;
  HourCounts current = zero_hour("2023-11-14T22:00:00Z");
  current.click = 11;
  current.consume = 2;
  current.buy = 3;
  current.basket = 4;
  current.rendered = 5;
  current.clickrecommended = 6;
  const Json expected = events_doc({oldest, zero_hour("2023-11-14T21:00:00Z"), current});
  EXPECT_EQ(events("c", 3), expected);
  // The same at the first and the last microsecond of the hour.
  EXPECT_EQ(events("c", 3, kHour * kMicrosPerHour), expected);
  EXPECT_EQ(events("c", 3, (kHour + 1) * kMicrosPerHour - 1), expected);

  // One hour: the current one only.
  EXPECT_EQ(events("c", 1), events_doc({current}));
  // The next hour is the current one a microsecond later.
  HourCounts next = zero_hour("2023-11-14T23:00:00Z");
  next.click = 2000;
  EXPECT_EQ(events("c", 1, (kHour + 1) * kMicrosPerHour), events_doc({next}));
}

TEST_F(ReportTest, EventsHoursCrossMidnightAndReachBack720Hours) {
  add("c", {hourly(kHour - 719, EventKind::kBuy, 1), hourly(kHour - 720, EventKind::kBuy, 100),
            hourly(kHour - 22, EventKind::kClick, 3), hourly(kHour - 23, EventKind::kClick, 4)});
  const Json doc = events("c", 720);
  const Json& hours = doc["eventsResponse"]["hours"];
  ASSERT_EQ(hours.size(), 720U);
  // 720 hours = 30 days: the first is 2023-10-15T23:00:00Z.
  EXPECT_EQ(hours[0]["hour"], "2023-10-15T23:00:00Z");
  EXPECT_EQ(hours[0]["buy"], 1);
  EXPECT_EQ(hours[719]["hour"], "2023-11-14T22:00:00Z");
  EXPECT_EQ(hours[719 - 22]["hour"], "2023-11-14T00:00:00Z");
  EXPECT_EQ(hours[719 - 22]["click"], 3);
  EXPECT_EQ(hours[719 - 23]["hour"], "2023-11-13T23:00:00Z");
  EXPECT_EQ(hours[719 - 23]["click"], 4);
  std::int64_t buys = 0;
  std::int64_t clicks = 0;
  for (const auto& h : hours) {
    buys += h["buy"].get<std::int64_t>();
    clicks += h["click"].get<std::int64_t>();
  }
  EXPECT_EQ(buys, 1);
  EXPECT_EQ(clicks, 7);
}

TEST_F(ReportTest, EventsOfNoHoursAreAnEmptyList) {
  add("c", {hourly(kHour, EventKind::kClick, 1)});
  EXPECT_EQ(events("c", 0), events_doc({}));
}

// --- customers ---------------------------------------------------------------------------------

TEST_F(ReportTest, CountersOfAnotherCustomerNeverLeakIn) {
  // Ids that share a prefix with "shop", or that it is a prefix of.
  for (const char* other : {"sho", "shop2", "shopS", "s", "d"}) {
    add(other, {
                   scenario(kToday, "also_clicked", "also_clicked", Metric::kDelivered, 1000),
                   scenario(kToday, "also_clicked", "also_clicked", Metric::kRevenue, 1000, "EUR"),
                   daily(kToday, EventKind::kClick, 1000),
                   hourly(kHour, EventKind::kClick, 1000),
               });
  }
  add("shop", {scenario(kToday, "also_clicked", "also_clicked", Metric::kDelivered, 1),
               daily(kToday, EventKind::kClick, 2), hourly(kHour, EventKind::kClick, 3)});

  auto days = zero_week(kWeek);
  days[6].delivered = 1;
  days[6].clicks = 2;
  EXPECT_EQ(revenue("shop"), revenue_doc(days));

  Figures one;
  one.delivered = 1;
  EXPECT_EQ(scenarios("shop", kToday, kToday),
            scenario_doc("2023-11-14", "2023-11-14",
                         Json::array({scenario_entry(
                             "also_clicked", one, Json::array({day_figures("2023-11-14", one)}),
                             Json::array({model_figures("also_clicked", one)}))})));

  HourCounts hour = zero_hour("2023-11-14T22:00:00Z");
  hour.click = 3;
  EXPECT_EQ(events("shop", 1), events_doc({hour}));

  // A customer without counters sees none of them.
  EXPECT_EQ(revenue("nobody"), revenue_doc(zero_week(kWeek)));
  EXPECT_EQ(scenarios("nobody", kToday, kToday),
            scenario_doc("2023-11-14", "2023-11-14", Json::array()));
  EXPECT_EQ(events("nobody", 1), events_doc({zero_hour("2023-11-14T22:00:00Z")}));
}

}  // namespace
}  // namespace recod::stats
