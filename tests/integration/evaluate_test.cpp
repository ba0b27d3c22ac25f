// `recod evaluate` end to end: sessions with a known structure go into a real server as
// signed historical events, the server stops, and the real binary evaluates the stored
// events: the report, the JSON file, and that personalisation beats the bestsellers where
// the data says it should. And the flags it refuses.
//
// The data: 10 interests of 8 items each (items g*10+1 .. g*10+8); every session clicks 5
// items of one interest, mostly stepping to a neighbour of the previous one, and a third
// end with a buy of one of them. 160 users have a session in the first 8 days (the
// training part), 30 more on the 10th day (the test part, the last day of the data).
#include <csignal>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "recod/util/md5.hpp"
#include "recod/util/percent.hpp"
#include "recod/util/time.hpp"
#include "recod_fixture.hpp"

namespace recod::test {
namespace {

using nlohmann::json;

constexpr std::string_view kLicenseKey = "8695-1828-92810-5535-4239";  // customer 00000
constexpr std::int64_t kDayS = 86400;
constexpr std::int64_t kStartS = 1704067200;  // 2024-01-01T00:00:00Z
constexpr int kInterests = 10;
constexpr int kItemsPerInterest = 8;
constexpr int kTrainUsers = 160;
constexpr int kTestUsers = 30;
constexpr int kSessionClicks = 5;

struct Tracked {
  std::string user;
  std::string event;  // click or buy
  int item = 0;
  std::int64_t time_s = 0;
};

// A signed historical event (tracking-api.md, "Signature").
std::string tracking_url(const Tracked& t) {
  const std::string stamp = util::iso_utc_us(t.time_s * 1000 * 1000).substr(0, 19);
  std::string params;
  if (t.event == "buy") params = "fullprice=9.99EUR&";
  params += "overridetimestamp=" + util::percent_encode(stamp);
  const std::string id = std::to_string(t.item);
  const std::string signature =
      util::md5_hex("1&" + id + "&" + std::string(kLicenseKey) + "&" + params);
  return "/api/00000/" + t.event + "/" + t.user + "/1/" + id + "?" + params +
         "&signature=" + signature;
}

// One session of `user` starting at `start_s`; the engine is seeded, so is the data.
void add_session(std::mt19937& rng, const std::string& user, std::int64_t start_s,
                 std::vector<Tracked>& out) {
  const int interest = static_cast<int>(rng() % kInterests);
  int position = static_cast<int>(rng() % kItemsPerInterest);
  std::vector<int> clicked;
  std::int64_t t = start_s;
  for (int i = 0; i < kSessionClicks; ++i) {
    if (i > 0) {
      const int step = rng() % 5 == 0 ? 1 + static_cast<int>(rng() % (kItemsPerInterest - 1))
                                      : (rng() % 2 == 0 ? 1 : kItemsPerInterest - 1);
      position = (position + step) % kItemsPerInterest;
    }
    const int item = interest * 10 + position + 1;
    clicked.push_back(item);
    out.push_back({user, "click", item, t});
    t += 60;
  }
  if (rng() % 3 == 0) out.push_back({user, "buy", clicked[rng() % clicked.size()], t});
}

std::vector<Tracked> structured_events() {
  std::mt19937 rng(42);
  std::vector<Tracked> out;
  for (int u = 0; u < kTrainUsers; ++u) {
    // Days 1 to 8, between 08:00 and 17:00.
    const std::int64_t day = u % 8;
    const std::int64_t hour = 8 + u % 10;
    add_session(rng, "train" + std::to_string(u), kStartS + day * kDayS + hour * 3600 + 7LL * u,
                out);
  }
  for (int u = 0; u < kTestUsers; ++u) {
    // Day 10, the first hours: the last day of the data is the test part.
    const std::int64_t minutes = 5LL * u;
    add_session(rng, "test" + std::to_string(u), kStartS + 9 * kDayS + minutes * 60, out);
  }
  return out;
}

class EvaluateTest : public RecodFixture {
 protected:
  // Sends the events to the server and stops it; returns (events before day 9, after).
  std::pair<std::size_t, std::size_t> track_and_stop() {
    std::size_t train = 0;
    std::size_t test = 0;
    for (const auto& t : structured_events()) {
      const auto r = client().get(tracking_url(t));
      EXPECT_EQ(r.status, 204u) << r.body;
      if (t.time_s < kStartS + 9 * kDayS) {
        ++train;
      } else {
        ++test;
      }
    }
    stop_server();
    return {train, test};
  }

  CommandResult evaluate(std::vector<std::string> flags) {
    std::vector<std::string> args{"evaluate", "--config", config_path(), "--customer", "00000"};
    args.insert(args.end(), flags.begin(), flags.end());
    return run_recod(args);
  }

  static json read_json(const std::string& path) {
    std::ifstream in(path);
    EXPECT_TRUE(in.good()) << path;
    return json::parse(in, nullptr, false);
  }

  // The entry of `id` in the report's scenarios, or null.
  static json scenario_of(const json& report, const std::string& id) {
    for (const auto& s : report["scenarios"]) {
      if (s["id"] == id) return s;
    }
    return nullptr;
  }
};

TEST_F(EvaluateTest, PersonalisationBeatsBestsellersOnStructuredSessions) {
  const auto [train, test] = track_and_stop();
  ASSERT_GT(train, 800u);
  ASSERT_GT(test, 150u);

  const std::string report_path = dir().file("report.json");
  const auto r = evaluate({"--json", report_path, "--k", "10", "--scenario", "personalized"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The table on stdout; no progress bar when stderr is not a terminal.
  EXPECT_NE(r.out.find("personalized"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bestseller (baseline)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("HR@10"), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << r.err;
  // The last progress line counts what the replay counts: clicks.
  EXPECT_NE(r.err.find("replaying: 100% ("), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" clicks, "), std::string::npos) << r.err;

  const json report = read_json(report_path);
  ASSERT_TRUE(report.is_object());
  EXPECT_EQ(report["customer"], "00000");
  EXPECT_EQ(report["k"], 10);
  EXPECT_EQ(report["split"]["test_days"], 1);  // the default
  EXPECT_EQ(report["model"]["events"], train);
  EXPECT_EQ(report["model"]["users"], kTrainUsers);
  EXPECT_EQ(report["model"]["sessions"], kTrainUsers);
  EXPECT_EQ(report["test"]["events"], test);
  EXPECT_EQ(report["test"]["users"], kTestUsers);
  EXPECT_EQ(report["test"]["clicks"], kTestUsers * kSessionClicks);
  ASSERT_EQ(report["scenarios"].size(), 3u);  // the one asked for, then the baselines

  const json personalized = report["scenarios"][0];
  EXPECT_EQ(personalized["id"], "personalized");
  EXPECT_EQ(personalized["baseline"], false);
  EXPECT_EQ(personalized["stages"], json::array({"personalized", "bestseller"}));
  EXPECT_EQ(personalized["context"], "CLICKED");
  // Every click but a session's last is followed by a click on another item.
  EXPECT_EQ(personalized["click_points"], kTestUsers * (kSessionClicks - 1));
  EXPECT_GT(personalized["buy_points"], 0);
  EXPECT_EQ(personalized["empty_answers"], 0);
  for (const char* metric : {"hr", "mrr", "precision", "recall"}) {
    ASSERT_TRUE(personalized[metric].is_number()) << metric;
    EXPECT_GE(personalized[metric].get<double>(), 0.0) << metric;
    EXPECT_LE(personalized[metric].get<double>(), 1.0) << metric;
  }

  const json bestseller = scenario_of(report, "bestseller");
  ASSERT_TRUE(bestseller.is_object());
  EXPECT_EQ(bestseller["baseline"], true);
  EXPECT_EQ(bestseller["context"], "none");
  EXPECT_TRUE(scenario_of(report, "most_clicked").is_object());
  // The next click is in the session's interest, 7 of 80 items: the user's own clicks say
  // which, the shop's bestsellers cannot.
  const double hr = personalized["hr"].get<double>();
  const double baseline_hr = bestseller["hr"].get<double>();
  EXPECT_GT(hr, 0.6);
  EXPECT_GT(hr, baseline_hr + 0.3) << "bestseller HR " << baseline_hr;
  EXPECT_GT(personalized["mrr"].get<double>(), bestseller["mrr"].get<double>());
  EXPECT_GT(personalized["recall"].get<double>(), bestseller["recall"].get<double>());
}

TEST_F(EvaluateTest, SplitTimeAndRepeatedScenarios) {
  const auto [train, test] = track_and_stop();
  const std::string report_path = dir().file("split.json");
  const auto r = evaluate({"--split-time", "2024-01-10T00:00:00", "--scenario", "also_clicked",
                           "--scenario", "personalized", "--json", report_path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json report = read_json(report_path);
  ASSERT_TRUE(report.is_object());
  EXPECT_EQ(report["split"]["time"].get<std::string>().rfind("2024-01-10T00:00:00", 0), 0u)
      << report["split"];
  EXPECT_TRUE(report["split"]["test_days"].is_null());
  EXPECT_EQ(report["k"], 20);  // the default
  EXPECT_EQ(report["model"]["events"], train);
  EXPECT_EQ(report["test"]["events"], test);
  ASSERT_EQ(report["scenarios"].size(), 4u);
  EXPECT_EQ(report["scenarios"][0]["id"], "also_clicked");
  EXPECT_EQ(report["scenarios"][0]["context"], "last click");
  EXPECT_EQ(report["scenarios"][1]["id"], "personalized");

  // A split after every event leaves nothing to evaluate: an error, not a table of dashes.
  const auto late = evaluate({"--split-time", "2024-02-01T00:00:00"});
  EXPECT_EQ(late.exit_code, 1);
  EXPECT_NE(late.err.find("nothing to evaluate"), std::string::npos) << late.err;
}

TEST(EvaluateFlags, BadFlagsAreUsageErrors) {
  TempDir dir;
  write_file(dir.file("recod.json"), minimal_config(dir.file("data")));
  const auto evaluate = [&dir](std::vector<std::string> flags) {
    std::vector<std::string> args{"evaluate", "--config", dir.file("recod.json")};
    args.insert(args.end(), flags.begin(), flags.end());
    return run_recod(args);
  };
  struct Case {
    std::vector<std::string> flags;
    std::string message;
  };
  const Case cases[] = {
      {{"--customer", "00000", "--test-days", "0"}, "--test-days"},
      {{"--customer", "00000", "--k", "0"}, "--k"},
      {{"--customer", "00000", "--scenario", "nope"}, "no scenario 'nope'"},
      {{"--customer", "nobody"}, "unknown customer 'nobody'"},
      {{"--customer", "00000", "--test-days", "2", "--split-time", "2024-01-10T00:00:00"},
       "not both"},
      {{"--customer", "00000", "--split-time", "yesterday"}, "--split-time"},
      {{"--test-days", "1"}, "--customer"},
      {{"--customer", "00000", "--scenario"}, "--scenario"},
  };
  for (const auto& c : cases) {
    const auto r = evaluate(c.flags);
    EXPECT_EQ(r.exit_code, 2) << c.message << ": " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
  }
  // A store that does not exist: not a usage error, but no crash either.
  const auto r = evaluate({"--customer", "00000"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
}

}  // namespace
}  // namespace recod::test
