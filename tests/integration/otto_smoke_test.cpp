// Real-data smoke test on a sample of the OTTO Recommender Systems Dataset
// (otto-de/recsys-dataset, CC BY 4.0, © Otto (GmbH & Co KG); tests/data/otto/README.md):
// 20 real sessions are imported through the tracking API as signed historical events,
// the model is rebuilt, and also_clicked must recommend items that really co-occurred.
#include <csignal>
#include <fstream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "recod/util/md5.hpp"
#include "recod/util/percent.hpp"
#include "recod/util/time.hpp"
#include "recod_fixture.hpp"

namespace recod::test {
namespace {

using nlohmann::json;

constexpr std::string_view kLicenseKey = "8695-1828-92810-5535-4239";  // customer 00000

struct OttoEvent {
  long long aid;
  long long ts_ms;
  std::string type;
};

std::map<long long, std::vector<OttoEvent>> load_sessions() {
  std::map<long long, std::vector<OttoEvent>> sessions;
  std::ifstream in(std::string(RECOD_TEST_DATA_DIR) + "/otto/train-sample.jsonl");
  for (std::string line; std::getline(in, line);) {
    const auto j = json::parse(line);
    auto& events = sessions[j["session"].get<long long>()];
    for (const auto& e : j["events"]) {
      events.push_back(
          {e["aid"].get<long long>(), e["ts"].get<long long>(), e["type"].get<std::string>()});
    }
  }
  return sessions;
}

// A signed historical-import URL (api-reference.md, "Signature").
std::string import_url(long long session, const OttoEvent& e) {
  const std::string event = e.type == "clicks" ? "click" : e.type == "carts" ? "basket" : "buy";
  const std::string stamp = util::iso_utc_us(e.ts_ms * 1000).substr(0, 19);
  std::string params;
  if (event == "buy") params = "fullprice=1.00EUR&";
  params += "overridetimestamp=" + util::percent_encode(stamp);
  const std::string id = std::to_string(e.aid);
  const std::string signature =
      util::md5_hex("1&" + id + "&" + std::string(kLicenseKey) + "&" + params);
  return "/api/00000/" + event + "/otto-session-" + std::to_string(session) + "/1/" + id + "?" +
         params + "&signature=" + signature;
}

TEST(OttoSmoke, RealSessionsGiveRealNeighboursNotJustBestsellers) {
  const auto sessions = load_sessions();
  ASSERT_EQ(sessions.size(), 20u);

  TempDir dir;
  write_file(dir.file("recod.json"), minimal_config(dir.file("data")));
  RecodServer server(dir.file("recod.json"), dir.path().string());
  HttpClient client(server.port());

  std::size_t imported = 0;
  std::map<long long, std::set<long long>> sessions_of;  // aid -> sessions that clicked it
  for (const auto& [session, events] : sessions) {
    for (const auto& e : events) {
      const auto r = client.get(import_url(session, e));
      ASSERT_EQ(r.status, 204u) << r.body;
      ++imported;
      if (e.type == "clicks") sessions_of[e.aid].insert(session);
    }
  }
  EXPECT_EQ(imported, 862u);

  const std::pair<std::string, std::string> auth{
      "Authorization", "Basic MDAwMDA6ODY5NS0xODI4LTkyODEwLTU1MzUtNDIzOQ=="};
  const auto rebuilt = client.request("POST", "/api/00000/model/rebuild", "", {auth});
  ASSERT_EQ(rebuilt.status, 200u) << rebuilt.body;
  const auto status = json::parse(rebuilt.body);
  EXPECT_EQ(status["events"], 862);
  EXPECT_EQ(status["users"], 20);
  EXPECT_EQ(status["items"], 510);

  // The item clicked in most sessions; everything clicked in those sessions may co-occur.
  long long anchor = 0;
  for (const auto& [aid, s] : sessions_of) {
    if (anchor == 0 || s.size() > sessions_of[anchor].size()) anchor = aid;
  }
  ASSERT_GE(sessions_of[anchor].size(), 2u);
  std::set<long long> same_session_items;
  for (const auto session : sessions_of[anchor]) {
    for (const auto& e : sessions.at(session)) same_session_items.insert(e.aid);
  }

  auto r = client.get("/api/v2/00000/shopper/also_clicked.json?numrecs=10&contextitems=" +
                      std::to_string(anchor));
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto doc = json::parse(r.body);
  std::vector<long long> similar;
  for (const auto& item : doc["recommendationItems"]) {
    similar.push_back(item["itemId"].get<long long>());
    EXPECT_TRUE(same_session_items.contains(similar.back()))
        << similar.back() << " never shared a session with " << anchor;
  }
  EXPECT_FALSE(similar.empty());

  r = client.get("/api/v2/00000/shopper/bestseller.json?numrecs=10");
  ASSERT_EQ(r.status, 200u) << r.body;
  std::vector<long long> bestsellers;
  const auto bestseller_doc = json::parse(r.body);
  for (const auto& item : bestseller_doc["recommendationItems"]) {
    bestsellers.push_back(item["itemId"].get<long long>());
  }
  EXPECT_FALSE(bestsellers.empty());  // the window ends at the newest (2022) event
  EXPECT_NE(similar, bestsellers);

  EXPECT_EQ(server.stop(SIGTERM), 0);
}

}  // namespace
}  // namespace recod::test
