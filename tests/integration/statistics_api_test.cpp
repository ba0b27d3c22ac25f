// Attribution and the statistics routes (docs/statistics-api.md), end to end: the links and
// tokens of real recommendation answers are fired back through the tracking API, and the
// counters are read with the statistics API.
#include <csignal>
#include <thread>

#include <nlohmann/json.hpp>

#include "recod/util/md5.hpp"
#include "recod/util/percent.hpp"
#include "recod/util/time.hpp"
#include "recod_fixture.hpp"

namespace recod::test {
namespace {

using nlohmann::json;

const std::pair<std::string, std::string> kAuth{
    "Authorization", "Basic MDAwMDA6ODY5NS0xODI4LTkyODEwLTU1MzUtNDIzOQ=="};  // 00000:8695-...
constexpr std::string_view kLicenseKey = "8695-1828-92810-5535-4239";

class Statistics : public RecodFixture {
 protected:
  void SetUp() override {
    start();
    // 100 and 101 are clicked together: also_clicked of 100 recommends 101.
    for (int i = 1; i <= 5; ++i) {
      const std::string u = "p" + std::to_string(i);
      track("/api/00000/click/" + u + "/1/100");
      track("/api/00000/click/" + u + "/1/101");
      track("/api/00000/click/n" + std::to_string(i) + "/1/" + std::to_string(200 + i));
    }
    ASSERT_EQ(client().request("POST", "/api/00000/model/rebuild", "", {kAuth}).status, 200u);
  }

  void track(const std::string& target) {
    const auto r = client().get(target);
    ASSERT_EQ(r.status, 204u) << target << ": " << r.body;
  }

  // A recommendation answer for `user`: its token and first item's links.
  struct Answer {
    std::string token;
    std::string rendered;
    std::string clicked;
    std::size_t items = 0;
  };
  Answer recommend(const std::string& user, const std::string& customer = "00000") {
    const auto r = client().get("/api/v2/" + customer + "/" + user +
                                "/also_clicked.json?contextitems=100&numrecs=3");
    EXPECT_EQ(r.status, 200u) << r.body;
    const auto doc = json::parse(r.body);
    const auto& first = doc["recommendationItems"][0];
    const auto local = [](std::string link) { return link.substr(link.find("/api/")); };
    return {doc["recommendationToken"], local(first["links"]["rendered"]),
            local(first["links"]["clickRecommended"]), doc["recommendationItems"].size()};
  }

  // The also_clicked figures of the scenario statistics, once delivered counts are in
  // (they are written once a second).
  json also_clicked_total(std::int64_t expected_delivered) {
    json scenario;
    for (int attempt = 0; attempt < 50; ++attempt) {
      const auto r = client().get("/api/v3/00000/statistic/scenarios", {kAuth});
      EXPECT_EQ(r.status, 200u) << r.body;
      const auto doc = json::parse(r.body);
      for (const auto& s : doc["statisticResponse"]["scenarios"]) {
        if (s["scenario"] == "also_clicked") scenario = s;
      }
      if (!scenario.is_null() && scenario["total"]["delivered"] == expected_delivered) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return scenario;
  }

  // A signed historical event (api-reference.md, "Signature"), `seconds_ago` in the past.
  std::string signed_event(const std::string& event, const std::string& user, int id,
                           const std::string& params, int seconds_ago) {
    const auto stamp = util::iso_utc_us(util::now_us() - seconds_ago * 1000000LL).substr(0, 19);
    // Parameters sorted by name, as the signature wants them (params is one name=value).
    const std::string stamp_param = "overridetimestamp=" + util::percent_encode(stamp);
    const std::string all = params.empty()         ? stamp_param
                            : params < stamp_param ? params + "&" + stamp_param
                                                   : stamp_param + "&" + params;
    const auto sig =
        util::md5_hex("1&" + std::to_string(id) + "&" + std::string(kLicenseKey) + "&" + all);
    return "/api/00000/" + event + "/" + user + "/1/" + std::to_string(id) + "?" + all +
           "&signature=" + sig;
  }
};

TEST_F(Statistics, TokenLinksCountForTheScenarioAndModel) {
  const auto a = recommend("shopper");
  track(a.rendered);
  track(a.clicked);
  // The following product view carries the token too (as recod.js does): one click only.
  track("/api/00000/click/shopper/1/101?recommendationtoken=" + a.token);
  track("/api/00000/basket/shopper/1/101?recommendationtoken=" + a.token);
  track("/api/00000/buy/shopper/1/101?fullprice=10.00EUR&quantity=2&recommendationtoken=" +
        a.token);

  const auto s = also_clicked_total(static_cast<std::int64_t>(a.items));
  ASSERT_FALSE(s.is_null());
  const auto& t = s["total"];
  EXPECT_EQ(t["delivered"], a.items);
  EXPECT_EQ(t["rendered"], 1);
  EXPECT_EQ(t["clicked"], 1);
  EXPECT_EQ(t["baskets"], 1);
  EXPECT_EQ(t["purchases"], 1);
  EXPECT_EQ(t["revenue"]["EUR"], 2000);
  EXPECT_DOUBLE_EQ(t["ctr"].get<double>(), 1.0);
  ASSERT_EQ(s["models"].size(), 1u);
  EXPECT_EQ(s["models"][0]["model"], "also_clicked");
  EXPECT_EQ(s["models"][0]["rendered"], 1);
  ASSERT_EQ(s["days"].size(), 7u);
  EXPECT_EQ(s["days"][6]["day"], util::iso_utc_us(util::now_us()).substr(0, 10));
  EXPECT_EQ(s["days"][6]["clicked"], 1);
  EXPECT_EQ(s["days"][0]["clicked"], 0);
}

TEST_F(Statistics, ABuyWithinTheWindowAfterARecommendationClickCountsWithoutToken) {
  const auto a = recommend("buyer");
  track(a.clicked);
  track("/api/00000/buy/buyer/1/101?fullprice=5.00EUR");  // no token, minutes later
  // Clicked 2 hours ago (signed import), bought now: outside the 60 minutes.
  track(signed_event("clickrecommended", "late-buyer", 101, "scenario=also_clicked", 7200));
  track("/api/00000/buy/late-buyer/1/101?fullprice=7.00EUR");
  // Clicked 30 minutes ago: inside.
  track(signed_event("clickrecommended", "soon-buyer", 101, "scenario=also_clicked", 1800));
  track("/api/00000/buy/soon-buyer/1/101?fullprice=3.00EUR");
  // A buy of another item is not the recommended one.
  track("/api/00000/buy/buyer/1/999?fullprice=1.00EUR");

  const auto s = also_clicked_total(static_cast<std::int64_t>(a.items));
  ASSERT_FALSE(s.is_null());
  EXPECT_EQ(s["total"]["purchases"], 2);
  EXPECT_EQ(s["total"]["revenue"]["EUR"], 800);
}

TEST_F(Statistics, ForeignOrUnknownTokensAreStoredButNotAttributed) {
  // A real token of customer 00000, sent with an event of customer "custom": foreign there.
  const auto own = recommend("holder");
  track("/api/custom/rendered/holder/1/101?requestuuid=" + own.token);
  // Tokens recod never issued.
  track("/api/00000/rendered/holder/1/101?requestuuid=00000000-0000-0000-0000-000000000000");
  track("/api/00000/clickrecommended/holder/1/101?scenario=also_clicked&requestuuid=forged");

  const auto s = also_clicked_total(static_cast<std::int64_t>(own.items));
  ASSERT_FALSE(s.is_null());
  EXPECT_EQ(s["total"]["rendered"], 0);
  EXPECT_EQ(s["total"]["clicked"], 0);
  EXPECT_EQ(events_of("holder").size(), 2u);  // stored all the same
  EXPECT_EQ(events_of("holder", "custom").size(), 1u);
}

TEST_F(Statistics, RevenueIsKeptPerCurrency) {
  const auto a = recommend("multi");
  track("/api/00000/buy/multi/1/101?fullprice=10.00EUR&recommendationtoken=" + a.token);
  track("/api/00000/buy/multi/1/101?fullprice=500JPY&quantity=3&requestuuid=" + a.token);
  track("/api/00000/buy/other/1/7?fullprice=99.00USD");  // not attributed
  also_clicked_total(static_cast<std::int64_t>(a.items));

  const auto r = client().get("/api/v3/00000/revenue/last_seven_days", {kAuth});
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto items = json::parse(r.body)["revenueResponse"]["items"];
  ASSERT_EQ(items.size(), 7u);
  const auto& today = items[6];
  EXPECT_EQ(today["timespanBegin"], util::iso_utc_us(util::now_us()).substr(0, 10) + "T00:00:00");
  EXPECT_EQ(today["timespanDuration"], "P1D");
  EXPECT_EQ(today["revenue"], json({{"EUR", 1000}, {"JPY", 1500}}));
  EXPECT_EQ(today["purchasedRecommended"], 2);
  EXPECT_EQ(today["purchaseEvents"], 3);  // every buy of the customer
  EXPECT_EQ(today["clickEvents"], 15);    // the planted clicks
  EXPECT_EQ(today["deliveredRecommendations"], a.items);
  EXPECT_EQ(items[0]["revenue"], json::object());
}

TEST_F(Statistics, EventsPerHourAndValidation) {
  track("/api/00000/buy/h/1/1?fullprice=1EUR");
  auto r = client().get("/api/v3/00000/statistic/events?hours=3", {kAuth});
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto hours = json::parse(r.body)["eventsResponse"]["hours"];
  ASSERT_EQ(hours.size(), 3u);
  EXPECT_EQ(hours[2]["click"], 15);
  EXPECT_EQ(hours[2]["buy"], 1);
  EXPECT_EQ(hours[0]["click"], 0);

  EXPECT_EQ(client().get("/api/v3/00000/statistic/events").status, 401u);
  EXPECT_EQ(client().get("/api/v3/00000/statistic/events?hours=0", {kAuth}).status, 400u);
  EXPECT_EQ(client().get("/api/v3/00000/statistic/scenarios?from=2026-13-01", {kAuth}).status,
            400u);
  EXPECT_EQ(client()
                .get("/api/v3/00000/statistic/scenarios?from=2026-11-21&to=2026-11-01", {kAuth})
                .status,
            400u);
  EXPECT_EQ(client().get("/api/v3/00000/revenue/last_seven_days").status, 401u);
}

TEST_F(Statistics, CountsSurviveARestart) {
  const auto a = recommend("keeper");
  track(a.rendered);
  stop_server();  // writes the delivered counts on the way out
  start();
  const auto s = also_clicked_total(static_cast<std::int64_t>(a.items));
  ASSERT_FALSE(s.is_null());
  EXPECT_EQ(s["total"]["delivered"], a.items);
  EXPECT_EQ(s["total"]["rendered"], 1);
}

}  // namespace
}  // namespace recod::test
