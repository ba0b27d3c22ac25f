// The tracking API of api-reference.md section 1, end to end: real server, real HTTP,
// and what the store holds afterwards (read back with `recod events`).
#include <string>

#include "recod_fixture.hpp"

namespace recod::test {
namespace {

using Tracking = RecodFixture;

// Every successful tracking answer: 204, no body, no Content-Length, CORS.
void expect_stored(const HttpResponse& r) {
  EXPECT_EQ(r.status, 204u) << r.body;
  EXPECT_TRUE(r.body.empty());
  EXPECT_FALSE(r.has_header("content-length"));
  EXPECT_EQ(r.header("access-control-allow-origin"), "*");
}

TEST_F(Tracking, EveryEventTypeByGetIsStoredWithItsParameters) {
  auto& c = client();
  expect_stored(c.get("/api/00000/click/u1/1/100?categorypath=%2FShoes%2FChildren%2F"));
  expect_stored(c.get("/api/00000/consume/u1/3/466?percentage=60"));
  expect_stored(c.get("/api/00000/buy/u1/1/128?fullprice=19.99EUR&quantity=2"));
  expect_stored(c.get("/api/00000/basket/u1/1/129?categorypath=Shoes"));
  expect_stored(c.get("/api/00000/deletefrombasket/u1/1/129"));
  expect_stored(c.get("/api/00000/rate/u1/1/133?rating=80"));
  expect_stored(c.get("/api/00000/blacklist/u1/1/140"));
  expect_stored(c.get("/api/00000/rendered/u1/1/128,129,155"));
  expect_stored(
      c.get("/api/00000/clickrecommended/u1/1/155?scenario=also_bought&modelid=m1"
            "&requestuuid=tok-123"));

  const auto events = events_of("u1");
  ASSERT_EQ(events.size(), 11u);
  EXPECT_EQ(events[0]["event"], "click");
  EXPECT_EQ(events[0]["itemType"], 1);
  EXPECT_EQ(events[0]["itemId"], 100);
  EXPECT_EQ(events[0]["parameters"]["categorypath"], "Shoes/Children");
  EXPECT_EQ(events[1]["event"], "consume");
  EXPECT_EQ(events[1]["itemType"], 3);
  EXPECT_EQ(events[1]["parameters"]["percentage"], 60);
  EXPECT_EQ(events[2]["event"], "buy");
  EXPECT_EQ(events[2]["parameters"]["price"], 1999);
  EXPECT_EQ(events[2]["parameters"]["currency"], "EUR");
  EXPECT_EQ(events[2]["parameters"]["quantity"], 2);
  EXPECT_EQ(events[3]["event"], "basket");
  EXPECT_EQ(events[4]["event"], "deletefrombasket");
  EXPECT_EQ(events[5]["event"], "rate");
  EXPECT_EQ(events[5]["parameters"]["rating"], 80);
  EXPECT_EQ(events[6]["event"], "blacklist");
  EXPECT_EQ(events[6]["itemId"], 140);
  for (int i = 7; i < 10; ++i) EXPECT_EQ(events[i]["event"], "rendered");
  EXPECT_EQ(events[7]["itemId"], 128);
  EXPECT_EQ(events[8]["itemId"], 129);
  EXPECT_EQ(events[9]["itemId"], 155);
  EXPECT_EQ(events[10]["event"], "clickrecommended");
  EXPECT_EQ(events[10]["parameters"]["scenario"], "also_bought");
  EXPECT_EQ(events[10]["parameters"]["modelid"], "m1");
  EXPECT_EQ(events[10]["parameters"]["recommendationtoken"], "tok-123");
}

TEST_F(Tracking, PostWithFormBodyIsTheSameAsGet) {
  expect_stored(client().post("/api/00000/buy/u2/1/11", "fullprice=4.44EUR&quantity=2"));
  expect_stored(client().post("/api/00000/consume/u2/1/12?percentage=10", "", "text/plain"));
  // sendBeacon() posts text/plain; the parameters may also be in the query.
  expect_stored(client().post("/api/00000/rate/u2/1/13", "rating=50", "text/plain;charset=UTF-8"));
  const auto events = events_of("u2");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0]["parameters"]["price"], 444);
  EXPECT_EQ(events[0]["parameters"]["quantity"], 2);
  EXPECT_EQ(events[1]["parameters"]["percentage"], 10);
  EXPECT_EQ(events[2]["parameters"]["rating"], 50);
}

TEST_F(Tracking, PostWithAnotherBodyTypeIs400) {
  const auto r = client().post("/api/00000/click/u/1/2", "{\"a\":1}", "application/json");
  EXPECT_EQ(r.status, 400u);
  EXPECT_NE(r.body.find("x-www-form-urlencoded"), std::string::npos);
}

TEST_F(Tracking, LegacySolutionPrefixesWork) {
  for (const std::string prefix : {"ebl", "ebl2", "ebh", "news"}) {
    expect_stored(client().get("/" + prefix + "/00000/click/legacy/1/7"));
  }
  EXPECT_EQ(events_of("legacy").size(), 4u);
}

TEST_F(Tracking, RealClientQuirksAreAccepted) {
  auto& c = client();
  expect_stored(
      c.get("/api/00000/click/q/1/1?categorypath=&lang=undefined&storeViewId=3"
            "&title=Shirt&url=%2Fx&image=null"));
  expect_stored(c.get("/api/00000/click/q/1/2/"));                 // trailing slash
  expect_stored(c.get("/api/00000/rendered/q/1/3,4,5/?lang=de"));  // several ids
  expect_stored(c.get("/api/00000/buy/q/1/6?fullprice=456JPY&unitprice=456&pricebefore=500"));
  const auto events = events_of("q");
  ASSERT_EQ(events.size(), 6u);
  EXPECT_FALSE(events[0]["parameters"].contains("categorypath"));
  EXPECT_EQ(events[5]["parameters"]["price"], 456);
  EXPECT_EQ(events[5]["parameters"]["currency"], "JPY");
}

TEST_F(Tracking, UserIdsAreDecodedOnceAndCaseSensitive) {
  expect_stored(client().get("/api/00000/click/john%40example.com/1/1"));
  expect_stored(client().get("/api/00000/click/John%40example.com/1/2"));
  EXPECT_EQ(events_of("john@example.com").size(), 1u);
  EXPECT_EQ(events_of("John@example.com").size(), 1u);
  EXPECT_TRUE(events_of("john%40example.com").empty());
}

TEST_F(Tracking, MalformedRequestsAre400WithAMessage) {
  struct Case {
    std::string target;
    std::string message_part;
  };
  const std::vector<Case> cases{
      {"/api/00000/click/u/0/1", "item type"},
      {"/api/00000/click/u/1/2147483648", "item id"},
      {"/api/00000/click/u/1/abc", "item id"},
      {"/api/00000/click/u%5Cx/1/1", "backslash"},
      {"/api/00000/consume/u/1/1?percentage=101", "percentage"},
      {"/api/00000/buy/u/1/1?fullprice=undefinedEUR", "fullprice"},
      {"/api/00000/buy/u/1/1", "fullprice"},
      {"/api/00000/buy/u/1/1?fullprice=1.00EUR&quantity=0", "quantity"},
      {"/api/00000/rate/u/1/1?rating=x", "rating"},
      {"/api/00000/clickrecommended/u/1/1", "scenario"},
      {"/api/00000/click/u/1", "click needs"},
      {"/api/00000/click/u/1/1?categorypath=a%5Cb", "backslash"},
      {"/api/00000/click/u/1/1?x=%zz", "percent-escape"},
      {"/api/00000/login/onlyone", "login needs"},
  };
  for (const auto& c : cases) {
    const auto r = client().get(c.target);
    EXPECT_EQ(r.status, 400u) << c.target;
    EXPECT_NE(r.body.find(c.message_part), std::string::npos) << c.target << " -> " << r.body;
    EXPECT_EQ(r.header("content-type"), "text/plain; charset=utf-8");
  }
  EXPECT_TRUE(events_of("u").empty());
}

TEST_F(Tracking, UnknownCustomerAndEventAre404) {
  auto r = client().get("/api/99999/click/u/1/1");
  EXPECT_EQ(r.status, 404u);
  EXPECT_NE(r.body.find("customer"), std::string::npos);
  r = client().get("/api/00000/purchase/u/1/1");
  EXPECT_EQ(r.status, 404u);
  EXPECT_NE(r.body.find("event"), std::string::npos);
}

TEST_F(Tracking, OtherMethodsAre405AndOptionsIsAPreflight) {
  for (const std::string method : {"PUT", "DELETE", "PATCH"}) {
    const auto r = client().request(method, "/api/00000/click/u/1/1");
    EXPECT_EQ(r.status, 405u) << method;
    EXPECT_EQ(r.header("allow"), "GET, POST, OPTIONS");
  }
  const auto r = client().request("OPTIONS", "/api/00000/click/u/1/1", "",
                                  {{"Origin", "https://shop.example"},
                                   {"Access-Control-Request-Method", "POST"},
                                   {"Access-Control-Request-Headers", "content-type"}});
  EXPECT_EQ(r.status, 204u);
  EXPECT_EQ(r.header("access-control-allow-origin"), "*");
  EXPECT_NE(r.header("access-control-allow-methods").find("POST"), std::string::npos);
  EXPECT_EQ(r.header("access-control-allow-headers"), "content-type");
  EXPECT_TRUE(events_of("u").empty());
}

TEST_F(Tracking, TargetOverTheLimitIs414) {
  const std::string long_user(9000, 'a');
  RawConnection raw(server().port());
  raw.send("GET /api/00000/click/" + long_user + "/1/1 HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto answer = raw.read_until_close();
  EXPECT_EQ(first_status(answer), 414u) << answer.substr(0, 200);
}

TEST_F(Tracking, SignedHistoricalImportSetsTheEventTime) {
  // The worked example of api-reference.md.
  expect_stored(client().get(
      "/api/00000/buy/johndoe/1/11?fullprice=19.99EUR&overridetimestamp=2012-01-01T11%3A00%3A00"
      "&quantity=1&signature=d0026f017ae823f19530d93318c5a2f6"));
  auto r = client().get(
      "/api/00000/buy/johndoe/1/11?fullprice=19.99EUR&overridetimestamp=2012-01-01T11%3A00%3A00"
      "&quantity=1&signature=00000000000000000000000000000000");
  EXPECT_EQ(r.status, 400u);
  EXPECT_NE(r.body.find("signature"), std::string::npos);
  r = client().get(
      "/api/00000/buy/johndoe/1/11?fullprice=19.99EUR"
      "&overridetimestamp=2012-01-01T11%3A00%3A00&quantity=1");
  EXPECT_EQ(r.status, 400u);

  const auto events = events_of("johndoe");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["time"], "2012-01-01T11:00:00.000000Z");
  EXPECT_EQ(events[0]["parameters"]["overridetimestamp"], true);
}

TEST_F(Tracking, LoginMergesTheAnonymousHistoryIntoTheAccount) {
  auto& c = client();
  expect_stored(c.get("/api/00000/click/account-7/1/1"));  // the account's own history
  expect_stored(c.get("/api/00000/click/anon-cookie/1/2"));
  expect_stored(c.get("/api/00000/basket/anon-cookie/1/3"));
  expect_stored(c.get("/api/00000/blacklist/anon-cookie/1/4"));
  expect_stored(c.get("/api/00000/login/anon-cookie/account-7"));

  const auto merged = events_of("account-7");
  ASSERT_EQ(merged.size(), 5u);
  EXPECT_EQ(merged[0]["itemId"], 1);
  EXPECT_EQ(merged[1]["itemId"], 2);
  EXPECT_EQ(merged[2]["event"], "basket");
  EXPECT_EQ(merged[3]["event"], "blacklist");
  EXPECT_EQ(merged[4]["event"], "login");
  EXPECT_TRUE(events_of("anon-cookie").empty());

  // transfer is the deprecated name of login; the anonymous id may be used again later.
  expect_stored(c.get("/api/00000/click/anon-cookie/1/9"));
  expect_stored(c.get("/ebl/00000/transfer/anon-cookie/account-7"));
  EXPECT_EQ(events_of("account-7").size(), 7u);
  EXPECT_TRUE(events_of("anon-cookie").empty());
}

TEST_F(Tracking, StringItemIdsWhenTheCustomerEnablesThem) {
  expect_stored(client().get("/api/strings/click/u/1/SKU-123%2Fred"));
  expect_stored(client().get("/api/strings/rendered/u/1/a%2Cb,c"));
  EXPECT_EQ(client().get("/api/00000/click/u/1/SKU-123").status, 400u);
  const auto events = events_of("u", "strings");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0]["itemId"], "SKU-123/red");
  EXPECT_EQ(events[1]["itemId"], "a,b");
  EXPECT_EQ(events[2]["itemId"], "c");
}

TEST_F(Tracking, HealthAndReadiness) {
  EXPECT_EQ(client().get("/healthz").status, 200u);
  EXPECT_EQ(client().get("/readyz").status, 200u);
  expect_stored(client().get("/api/00000/click/m/1/1"));
  const auto metrics = client().get("/metrics");
  EXPECT_EQ(metrics.status, 200u);
  EXPECT_NE(metrics.body.find("recod_events_written_total 1"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("recod_http_responses_total{code=\"204\"} 1"), std::string::npos);
  EXPECT_NE(metrics.body.find("\nrecod_write_stalls_total 0\n"), std::string::npos);
  EXPECT_NE(metrics.body.find("\nrecod_storage_background_pauses_total "), std::string::npos);
  EXPECT_NE(metrics.body.find("\nrecod_storage_background_paused_seconds_total "),
            std::string::npos);
}

TEST_F(Tracking, KeepAliveAndHttp10) {
  for (int i = 0; i < 50; ++i)
    expect_stored(client().get("/api/00000/click/ka/1/" + std::to_string(i + 1)));
  EXPECT_EQ(client().connections_opened(), 1);
  const auto r = client().request("GET", "/api/00000/click/ka/1/99", "", {}, 10);
  EXPECT_EQ(r.status, 204u);
  EXPECT_EQ(events_of("ka").size(), 51u);
}

TEST_F(Tracking, UnknownRoutesAre404) {
  EXPECT_EQ(client().get("/").status, 404u);
  EXPECT_EQ(client().get("/favicon.ico").status, 404u);
  EXPECT_EQ(client().get("/../../etc/passwd").status, 404u);
}

}  // namespace
}  // namespace recod::test
