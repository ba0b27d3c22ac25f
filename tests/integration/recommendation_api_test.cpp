// The recommendation API of api-reference.md section 2, end to end: events go in through
// the tracking API, the model is rebuilt with POST /api/{cid}/model/rebuild, and the
// answers are read with a real HTTP client.
#include <nlohmann/json.hpp>

#include "recod/util/time.hpp"
#include "recod_fixture.hpp"

namespace recod::test {
namespace {

using nlohmann::json;

const std::pair<std::string, std::string> kAuth00000{
    "Authorization", "Basic MDAwMDA6ODY5NS0xODI4LTkyODEwLTU1MzUtNDIzOQ=="};  // 00000:8695-...

class Recommendations : public RecodFixture {
 protected:
  void SetUp() override {
    start();
    plant();
    rebuild("00000", kAuth00000);
  }

  void track(const std::string& target) {
    const auto r = client().get(target);
    ASSERT_EQ(r.status, 204u) << target << ": " << r.body;
  }

  void rebuild(const std::string& customer, const std::pair<std::string, std::string>& auth) {
    const auto r = client().request("POST", "/api/" + customer + "/model/rebuild", "", {auth});
    ASSERT_EQ(r.status, 200u) << r.body;
  }

  // Planted data: 100+101 are clicked together by a1..a6, 200+201 by b1..b6; everybody
  // also clicks the popular 999 and an item of their own. 500 sells best, then 501.
  void plant() {
    for (int i = 1; i <= 6; ++i) {
      const std::string a = "a" + std::to_string(i);
      const std::string b = "b" + std::to_string(i);
      track("/api/00000/click/" + a + "/1/100?categorypath=Shoes%2FKids");
      track("/api/00000/click/" + a + "/1/101?categorypath=Shoes");
      track("/api/00000/click/" + a + "/1/999");
      track("/api/00000/click/" + a + "/1/" + std::to_string(600 + i));
      track("/api/00000/click/" + b + "/1/200?categorypath=Bags");
      track("/api/00000/click/" + b + "/1/201?categorypath=Bags");
      track("/api/00000/click/" + b + "/1/999");
      track("/api/00000/click/" + b + "/1/" + std::to_string(700 + i));
    }
    for (int i = 1; i <= 12; ++i) {
      const std::string n = "n" + std::to_string(i);
      track("/api/00000/click/" + n + "/1/999");
      track("/api/00000/click/" + n + "/1/" + std::to_string(800 + i));
    }
    track("/api/00000/buy/a1/1/500?fullprice=10EUR&quantity=5");
    track("/api/00000/buy/b1/1/501?fullprice=10EUR&quantity=2");
    track("/api/00000/buy/n1/1/502?fullprice=10EUR");
  }

  // GET and parse; asserts 200 and JSON.
  json get_json(const std::string& target,
                const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    last_ = client().get(target, headers);
    EXPECT_EQ(last_.status, 200u) << target << ": " << last_.body;
    if (last_.status != 200) return json::object();
    return json::parse(last_.body);
  }

  static std::vector<long long> ids(const json& doc) {
    std::vector<long long> out;
    for (const auto& item : doc["recommendationItems"])
      out.push_back(item["itemId"].get<long long>());
    return out;
  }

  HttpResponse last_;
};

TEST_F(Recommendations, V2DocumentHasEveryFieldOfTheReference) {
  const auto doc = get_json("/api/v2/00000/visitor/also_clicked.json?contextitems=100");
  ASSERT_EQ(doc["contextItems"].size(), 1u);
  EXPECT_EQ(doc["contextItems"][0]["itemType"], 1);
  EXPECT_EQ(doc["contextItems"][0]["itemId"], 100);
  EXPECT_EQ(doc["contextItems"][0]["sources"], json::array({"REQUEST"}));
  EXPECT_EQ(doc["contextItems"][0]["viewers"], 6);

  const auto& items = doc["recommendationItems"];
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items[0]["itemId"], 101);  // the genuinely associated item beats popular 999
  EXPECT_EQ(items[0]["itemType"], 1);
  EXPECT_EQ(items[0]["relevance"], 100);
  EXPECT_EQ(items[0]["origin"]["itemIds"], json::array({100}));
  EXPECT_EQ(items[0]["origin"]["itemType"], 1);
  EXPECT_EQ(items[0]["origin"]["source"], "REQUEST");
  EXPECT_FALSE(items[0].contains("category"));
  EXPECT_FALSE(items[0].contains("attributes"));
  int previous = 101;
  for (const auto& item : items) {
    EXPECT_TRUE(item["relevance"].is_number_integer());
    EXPECT_LE(item["relevance"].get<int>(), previous);
    previous = item["relevance"].get<int>();
  }

  const std::string token = doc["recommendationToken"];
  EXPECT_EQ(token.size(), 36u);
  const std::string host = "127.0.0.1:" + std::to_string(server().port());
  EXPECT_EQ(items[0]["links"]["clickRecommended"],
            "//" + host + "/api/00000/clickrecommended/visitor/1/101?scenario=also_clicked" +
                "&modelid=also_clicked&categorypath=&requestuuid=" + token);
  EXPECT_EQ(items[0]["links"]["rendered"],
            "//" + host + "/api/00000/rendered/visitor/1/101?scenario=also_clicked" +
                "&modelid=also_clicked&categorypath=&requestuuid=" + token);

  EXPECT_EQ(last_.header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(last_.header("access-control-allow-origin"), "*");
  EXPECT_TRUE(last_.has_header("last-modified"));
  // Not personal: cacheable for half the rebuild interval (10 min -> 5 min).
  const auto date = util::parse_http_date(last_.header("date"));
  const auto expires = util::parse_http_date(last_.header("expires"));
  ASSERT_TRUE(date && expires);
  EXPECT_NEAR(static_cast<double>(*expires - *date), 300.0, 2.0);
  EXPECT_FALSE(last_.has_header("cache-control"));
}

TEST_F(Recommendations, TheLinksOfAResponseAreTrackedBack) {
  const auto doc = get_json("/api/v2/00000/visitor%20one/also_clicked?contextitems=100");
  std::string link = doc["recommendationItems"][0]["links"]["clickRecommended"];
  EXPECT_NE(link.find("/visitor%20one/"), std::string::npos);
  link = link.substr(link.find("/api/"));  // drop the protocol-relative host
  EXPECT_EQ(client().get(link + "&lang=de").status, 204u);
  const auto events = events_of("visitor one");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["event"], "clickrecommended");
  EXPECT_EQ(events[0]["parameters"]["recommendationtoken"], doc["recommendationToken"]);
}

TEST_F(Recommendations, LegacyDocumentAndPrefixes) {
  for (const std::string path : {"/api/00000/visitor/also_clicked.json?contextitems=100",
                                 "/ebl/00000/visitor/also_clicked.json?contextitems=100"}) {
    const auto doc = get_json(path);
    ASSERT_TRUE(doc.contains("recommendationResponseList")) << path;
    const auto& list = doc["recommendationResponseList"];
    ASSERT_FALSE(list.empty());
    EXPECT_EQ(list[0]["reason"], "also_clicked");
    EXPECT_EQ(list[0]["itemType"], 1);
    EXPECT_EQ(list[0]["itemId"], 101);
    EXPECT_EQ(list[0]["relevance"], 100);
  }
  EXPECT_EQ(client().get("/api/00000/visitor/also_clicked.xml?contextitems=100").status, 400u);
}

TEST_F(Recommendations, JsonpWrapsTheDocumentAndRejectsScript) {
  auto r = client().get("/api/v2/00000/visitor/bestseller.jsonp?jsonpCallback=shop.render");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.header("content-type"), "application/javascript; charset=utf-8");
  ASSERT_TRUE(r.body.starts_with("shop.render({"));
  ASSERT_TRUE(r.body.ends_with("});"));
  const auto doc = json::parse(r.body.substr(12, r.body.size() - 14));
  EXPECT_EQ(ids(doc).front(), 500);

  r = client().get("/api/v2/00000/visitor/bestseller.jsonp");
  EXPECT_TRUE(r.body.starts_with("jsonpCallback({")) << r.body.substr(0, 40);
  r = client().get("/api/v2/00000/visitor/bestseller.jsonp?jsonpcallback=cb_2");
  EXPECT_TRUE(r.body.starts_with("cb_2({"));
  r = client().get("/api/00000/visitor/bestseller.jsonp?jsonpCallback=legacy");
  EXPECT_TRUE(r.body.starts_with("legacy({\"recommendationResponseList\""));

  for (const std::string bad : {"alert(1)", "a%3Bb", "%3Cscript%3E", "a..b", "1x"}) {
    r = client().get("/api/v2/00000/visitor/bestseller.jsonp?jsonpCallback=" + bad);
    EXPECT_EQ(r.status, 400u) << bad;
    EXPECT_NE(r.body.find("jsonpCallback"), std::string::npos);
  }
}

TEST_F(Recommendations, IfModifiedSinceGets304) {
  auto r = client().get("/api/v2/00000/visitor/bestseller.json");
  ASSERT_EQ(r.status, 200u);
  const std::string last_modified = r.header("last-modified");
  r = client().get("/api/v2/00000/visitor/bestseller.json", {{"If-Modified-Since", last_modified}});
  EXPECT_EQ(r.status, 304u);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(r.header("last-modified"), last_modified);
  EXPECT_TRUE(r.has_header("expires"));
  r = client().get("/api/v2/00000/visitor/bestseller.json",
                   {{"If-Modified-Since", "Sat, 29 Oct 1994 19:43:31 GMT"}});
  EXPECT_EQ(r.status, 200u);
  r = client().get("/api/v2/00000/visitor/bestseller.json", {{"If-Modified-Since", "garbage"}});
  EXPECT_EQ(r.status, 200u);
}

TEST_F(Recommendations, NothingToRecommendIs409AndUnknownsAre404) {
  EXPECT_EQ(client().get("/api/v2/00000/visitor/also_clicked.json").status, 409u);
  EXPECT_EQ(client().get("/api/v2/00000/visitor/also_clicked.json?contextitems=424242").status,
            409u);
  EXPECT_EQ(client().get("/api/v2/00000/visitor/no_such_scenario.json").status, 404u);
  EXPECT_EQ(client().get("/api/v2/99999/visitor/bestseller.json").status, 404u);
}

TEST_F(Recommendations, ParametersAreValidated) {
  EXPECT_EQ(client().get("/api/v2/00000/v/bestseller.json?numrecs=0").status, 400u);
  EXPECT_EQ(client().get("/api/v2/00000/v/bestseller.json?numrecs=51").status, 400u);
  EXPECT_EQ(client().get("/api/v2/00000/v/also_clicked.json?contextitems=abc").status, 400u);
  EXPECT_EQ(client().get("/api/v2/00000/v/bestseller.json?outputtypeid=7").status, 400u);
  EXPECT_EQ(client().get("/api/v2/00000/v/bestseller.json?crosscontenttype=maybe").status, 400u);
  const auto r = client().get("/api/v2/00000/v/bestseller.json?numrecs=abc");
  EXPECT_NE(r.body.find("numrecs"), std::string::npos);
  EXPECT_EQ(ids(get_json("/api/v2/00000/v/bestseller.json?numrecs=1")).size(), 1u);
  // Real clients send these; they are absent.
  EXPECT_EQ(ids(get_json("/api/v2/00000/v/bestseller.json?numrecs=undefined&lang=de")).size(), 3u);
}

TEST_F(Recommendations, FallbacksFillInOrderWithoutDuplicates) {
  const auto doc = get_json("/api/v2/00000/visitor/cross_sell.json?contextitems=100&numrecs=20");
  std::vector<std::string> models;
  std::vector<long long> seen;
  for (const auto& item : doc["recommendationItems"]) {
    const std::string link = item["links"]["rendered"];
    const auto m = link.substr(link.find("modelid=") + 8);
    models.push_back(m.substr(0, m.find('&')));
    const auto id = item["itemId"].get<long long>();
    EXPECT_EQ(std::count(seen.begin(), seen.end(), id), 0) << id;
    seen.push_back(id);
  }
  ASSERT_GE(models.size(), 3u);
  EXPECT_EQ(models.front(), "bought_after_viewing");  // a1 clicked 100, then bought 500
  EXPECT_EQ(seen.front(), 500);
  EXPECT_EQ(models[1], "also_clicked");  // nobody bought 100: also_bought has nothing
  EXPECT_EQ(seen[1], 101);
  EXPECT_EQ(models.back(), "bestseller");
  const std::vector<std::string> order{"bought_after_viewing", "also_bought", "also_clicked",
                                       "bestseller"};
  for (std::size_t i = 1; i < models.size(); ++i) {
    const auto a = std::find(order.begin(), order.end(), models[i - 1]);
    const auto b = std::find(order.begin(), order.end(), models[i]);
    EXPECT_LE(a - order.begin(), b - order.begin());
  }
  EXPECT_EQ(std::count(seen.begin(), seen.end(), 100), 0);  // the context item itself
}

TEST_F(Recommendations, EqualScoresComeInIdOrder) {
  // Two fans click 9030, 9020, 9010 and then 9005, each item first seen in reverse id
  // order: 9005's three neighbours have equal scores (docs/recommendation-api.md).
  for (const std::string fan : {"fan1", "fan2"}) {
    for (const std::string id : {"9030", "9020", "9010", "9005"}) {
      track("/api/00000/click/" + fan + "/1/" + id);
    }
  }
  rebuild("00000", kAuth00000);
  const auto doc = get_json("/api/v2/00000/visitor/also_clicked.json?contextitems=9005");
  EXPECT_EQ(ids(doc), std::vector<long long>({9010, 9020, 9030}));
  const auto& items = doc["recommendationItems"];
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0]["relevance"], items[2]["relevance"]);
}

TEST_F(Recommendations, BlacklistedItemsNeverAppearEvenWithoutARebuild) {
  auto before = ids(get_json("/api/v2/00000/picky/also_clicked.json?contextitems=100"));
  ASSERT_EQ(before.front(), 101);
  track("/api/00000/blacklist/picky/1/101");
  track("/api/00000/blacklist/picky/1/500");
  const auto after =
      ids(get_json("/api/v2/00000/picky/cross_sell.json?contextitems=100&numrecs=50"));
  EXPECT_EQ(std::count(after.begin(), after.end(), 101), 0);
  EXPECT_EQ(std::count(after.begin(), after.end(), 500), 0);  // nor from the fallback
  EXPECT_EQ(last_.header("cache-control"), "private");
}

// Blacklists are read through an in-memory filter of the users who have one: a blacklist
// moved to another user by a login, and every blacklist after a restart, still count.
TEST_F(Recommendations, BlacklistsHoldAfterALoginAndARestart) {
  const auto excludes = [&](const std::string& user, long long item) {
    const auto got =
        ids(get_json("/api/v2/00000/" + user + "/cross_sell.json?contextitems=100&numrecs=50"));
    return !got.empty() && std::count(got.begin(), got.end(), item) == 0;
  };
  ASSERT_FALSE(excludes("member", 500));  // the bestseller fallback has it
  ASSERT_FALSE(excludes("picky", 101));   // also clicked with 100
  track("/api/00000/blacklist/picky/1/101");
  track("/api/00000/blacklist/anon/1/500");
  track("/api/00000/login/anon/member");
  EXPECT_TRUE(excludes("member", 500));
  EXPECT_TRUE(excludes("picky", 101));

  stop_server();
  start();
  EXPECT_TRUE(excludes("member", 500));
  EXPECT_TRUE(excludes("picky", 101));
  EXPECT_FALSE(excludes("someone", 500));
}

TEST_F(Recommendations, BoughtItemsAreFilteredForBuyBasedScenarios) {
  EXPECT_EQ(ids(get_json("/api/v2/00000/a1/bestseller.json")).front(), 501);  // a1 bought 500
  EXPECT_EQ(ids(get_json("/api/v2/00000/someone/bestseller.json")).front(), 500);
}

TEST_F(Recommendations, PersonalizedFollowsAClickAtOnceWithoutARebuild) {
  auto doc = get_json("/api/v2/00000/newcomer/personalized.json");
  EXPECT_EQ(ids(doc).front(), 500);  // no history: the bestseller fallback
  EXPECT_EQ(doc["recommendationItems"][0].count("origin"), 0u);

  track("/api/00000/click/newcomer/1/200");
  doc = get_json("/api/v2/00000/newcomer/personalized.json");
  EXPECT_EQ(ids(doc).front(), 201);
  EXPECT_EQ(doc["recommendationItems"][0]["origin"]["source"], "CLICK");
  EXPECT_EQ(doc["recommendationItems"][0]["origin"]["itemIds"], json::array({200}));
  EXPECT_EQ(last_.header("cache-control"), "private");
  EXPECT_EQ(last_.header("expires"), last_.header("date"));
}

TEST_F(Recommendations, HistoryCodesUseTheUsersOwnItems) {
  track("/api/00000/click/historian/1/200");
  const auto doc = get_json("/api/v2/00000/historian/also_clicked.json?contextitems=CLICKED");
  ASSERT_EQ(doc["contextItems"].size(), 1u);
  EXPECT_EQ(doc["contextItems"][0]["itemId"], 200);
  EXPECT_EQ(doc["contextItems"][0]["sources"], json::array({"CLICK"}));
  EXPECT_EQ(ids(doc).front(), 201);
  EXPECT_EQ(doc["recommendationItems"][0]["origin"]["source"], "CLICK");
  // OWNS is the user's purchases: a1 bought 500, which nobody else bought.
  EXPECT_EQ(client().get("/api/v2/00000/a1/also_bought.json?contextitems=OWNS").status, 409u);
}

TEST_F(Recommendations, CategoryFilterAndRecommendCategory) {
  auto doc = get_json("/api/v2/00000/v/landing_page.json?categorypath=%2FBags%2F&numrecs=10");
  for (auto id : ids(doc)) EXPECT_TRUE(id == 200 || id == 201) << id;
  doc = get_json(
      "/api/v2/00000/v/landing_page.json?categorypath=Shoes&categorypath=Bags"
      "&recommendCategory=true");
  const auto got = ids(doc);
  EXPECT_EQ(got.size(), 4u);
  for (const auto& item : doc["recommendationItems"]) {
    const auto id = item["itemId"].get<long long>();
    EXPECT_EQ(item["category"], id == 100 ? "Shoes/Kids" : id == 101 ? "Shoes" : "Bags");
  }
  // usecontextcategorypath: the context item's categories become the filter.
  doc = get_json("/api/v2/00000/v/cross_sell.json?contextitems=101&usecontextcategorypath=true");
  for (auto id : ids(doc)) EXPECT_TRUE(id == 100) << id;
  // %2F is the whole site.
  EXPECT_GT(ids(get_json("/api/v2/00000/v/landing_page.json?categorypath=%2F")).size(), 4u);
}

TEST_F(Recommendations, AttributesAreAnsweredWithValuesArrays) {
  const auto doc =
      get_json("/api/v2/00000/v/bestseller.json?attribute=title&attribute=deeplink,description");
  const auto& attributes = doc["recommendationItems"][0]["attributes"];
  ASSERT_EQ(attributes.size(), 3u);
  EXPECT_EQ(attributes[0]["key"], "title");
  EXPECT_EQ(attributes[1]["key"], "deeplink");
  EXPECT_EQ(attributes[2]["key"], "description");
  EXPECT_TRUE(attributes[0]["values"].is_array());
}

TEST_F(Recommendations, OutputTypesAndCrossContent) {
  for (int i = 1; i <= 3; ++i) {
    track("/api/custom/click/t" + std::to_string(i) + "/1/10");
    track("/api/custom/click/t" + std::to_string(i) + "/2/20");
  }
  track("/api/custom/click/t1/2/21");
  rebuild("custom", {"Authorization", "Basic Y3VzdG9tOmN1c3RvbS1rZXk="});  // custom:custom-key
  EXPECT_EQ(ids(get_json("/api/v2/custom/v/two_types.json")), std::vector<long long>({10}));
  EXPECT_EQ(ids(get_json("/api/v2/custom/v/two_types.json?outputtypeid=2")),
            std::vector<long long>({20, 21}));
  const auto doc = get_json("/api/v2/custom/v/two_types.json?crosscontenttype=true");
  EXPECT_EQ(doc["recommendationItems"].size(), 3u);
}

TEST_F(Recommendations, RecentlyViewedAndRenderedFilter) {
  track("/api/custom/click/viewer/1/1");
  track("/api/custom/click/viewer/1/2");
  track("/api/custom/click/viewer/1/1");
  EXPECT_EQ(ids(get_json("/api/v2/custom/viewer/viewed.json")), std::vector<long long>({1, 2}));
  EXPECT_EQ(client().get("/api/v2/custom/stranger/viewed.json").status, 409u);

  track("/api/custom/buy/buyer/1/7?fullprice=1EUR&quantity=3");
  track("/api/custom/buy/buyer/1/8?fullprice=1EUR");
  rebuild("custom", {"Authorization", "Basic Y3VzdG9tOmN1c3RvbS1rZXk="});
  EXPECT_EQ(ids(get_json("/api/v2/custom/watcher/fresh.json")), std::vector<long long>({7, 8}));
  track("/api/custom/rendered/watcher/1/7,8");
  EXPECT_EQ(ids(get_json("/api/v2/custom/watcher/fresh.json")), std::vector<long long>({7, 8}));
  track("/api/custom/rendered/watcher/1/7");  // the second time within 30 minutes
  EXPECT_EQ(ids(get_json("/api/v2/custom/watcher/fresh.json")), std::vector<long long>({8}));
}

TEST_F(Recommendations, CustomersWithAuthNeedCredentialsAndCannotUseJsonp) {
  auto r = client().get("/api/v2/secure/v/bestseller.json");
  EXPECT_EQ(r.status, 401u);
  EXPECT_TRUE(r.has_header("www-authenticate"));
  r = client().get("/api/v2/secure/v/bestseller.json",
                   {{"Authorization", "Basic c2VjdXJlOndyb25n"}});  // secure:wrong
  EXPECT_EQ(r.status, 401u);
  r = client().get("/api/v2/secure/v/bestseller.json",
                   {{"Authorization", "Basic c2VjdXJlOnMzY3VyZS1rZXk="}});  // secure:s3cure-key
  EXPECT_EQ(r.status, 409u);  // authorised; nothing tracked for this customer yet
  r = client().get("/api/v2/secure/v/bestseller.jsonp",
                   {{"Authorization", "Basic c2VjdXJlOnMzY3VyZS1rZXk="}});
  EXPECT_EQ(r.status, 400u);
  // The other customers need none.
  EXPECT_EQ(client().get("/api/v2/00000/v/bestseller.json").status, 200u);
}

TEST_F(Recommendations, ModelRoutesNeedAuthAndReportCounts) {
  EXPECT_EQ(client().get("/api/00000/model").status, 401u);
  EXPECT_EQ(client().request("POST", "/api/00000/model/rebuild").status, 401u);
  const auto status = client().get("/api/00000/model", {kAuth00000});
  ASSERT_EQ(status.status, 200u);
  const auto j = json::parse(status.body);
  EXPECT_EQ(j["customer"], "00000");
  EXPECT_EQ(j["events"], 6 * 8 + 12 * 2 + 3);
  EXPECT_EQ(j["users"], 6 * 2 + 12);
  EXPECT_GT(j["pairs"].get<int>(), 0);
  EXPECT_FALSE(j["builtAt"].get<std::string>().empty());
  EXPECT_EQ(client().get("/api/00000/model/rebuild", {kAuth00000}).status, 405u);

  track("/api/00000/click/late/1/100");
  const auto rebuilt = client().request("POST", "/api/00000/model/rebuild", "", {kAuth00000});
  ASSERT_EQ(rebuilt.status, 200u);
  EXPECT_EQ(json::parse(rebuilt.body)["events"], 6 * 8 + 12 * 2 + 3 + 1);
}

TEST_F(Recommendations, ReadinessAndCors) {
  EXPECT_EQ(client().get("/readyz").status, 200u);
  const auto r = client().request(
      "OPTIONS", "/api/v2/00000/v/bestseller.json", "",
      {{"Origin", "https://shop.example"}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(r.status, 204u);
  EXPECT_EQ(r.header("access-control-allow-origin"), "*");
  EXPECT_EQ(client().request("POST", "/api/v2/00000/v/bestseller.json").status, 405u);
}

}  // namespace
}  // namespace recod::test
