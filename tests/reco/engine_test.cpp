// The engine on a real store with planted events and a real model build.
//
// The planted data (built once for the whole suite; every test reads it, and writes only
// the events of its own users, after the build, so that the model never changes):
// - 20 cluster users each click 101 (Women/Shirts) and 102 (Women/Shirts or Sale/Shirts:
//   102 is multi-homed); the first 12 also click 103 (Men/Shirts), the first 9 the type-2
//   item 501, the first 6 item 104 (Women/Shoes). So 101's also_clicked neighbours are
//   102, 103, 501, 104 in that order of strength.
// - 60 background users each click two items of their own (9000..9119), so that the
//   cluster is a minority and its associations are significant.
// - 4 buyers: 102 x10, 201 x8 (Women/Bags), 202 x5 (Men/Shoes), 203 x3 (no category):
//   the bestsellers of type 1 are 102, 201, 202, 203.
#include "recod/reco/engine.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "recod/config/config.hpp"
#include "recod/model/service.hpp"
#include "recod/store/event_writer.hpp"
#include "recod/store/store.hpp"
#include "recod/util/time.hpp"
#include "store/store_test_util.hpp"
#include "support/temp_dir.hpp"

namespace recod::reco {
namespace {

using config::ModelId;
using config::ScenarioConfig;
using store::test::append_and_wait;
using store::test::make_event;
using tracking::Event;
using tracking::EventKind;

constexpr std::int64_t kSecond = 1000000;
constexpr std::int64_t kMinute = 60 * kSecond;
constexpr char kCustomer[] = "c1";
// A second customer with one user who clicked kTiedItems items once each, newest id first:
// a most_clicked ranking of one long tie whose model order is the reverse of the id order.
constexpr char kTiesCustomer[] = "ties";
constexpr int kTiedItems = 150;
// A third customer with three users, an hour apart, who each clicked item 8000 and 49 items
// of their own: 9001-9049 (the oldest session), 9101-9149, 9201-9249 (the newest); and a
// shopper who put 8000 in the basket.
constexpr char kSessionsCustomer[] = "sessions";

Event click_at(std::int64_t time_us, std::string id, std::string category = "",
               std::uint32_t type = 1) {
  Event e = make_event(EventKind::kClick, time_us, std::move(id), type);
  e.category_path = std::move(category);
  return e;
}

Event event_at(EventKind kind, std::int64_t time_us, std::string id, std::uint32_t quantity = 1,
               std::string category = "") {
  Event e = make_event(kind, time_us, std::move(id));
  e.quantity = quantity;
  e.category_path = std::move(category);
  return e;
}

ScenarioConfig scenario(std::string id, std::vector<ModelId> stages) {
  ScenarioConfig s;
  s.id = std::move(id);
  s.stages = std::move(stages);
  return s;
}

std::vector<std::string> ids_of(const RecoResult& r) {
  std::vector<std::string> out;
  for (const auto& item : r.items) out.push_back(item.id);
  return out;
}

std::vector<int> relevances_of(const RecoResult& r) {
  std::vector<int> out;
  for (const auto& item : r.items) out.push_back(item.relevance);
  return out;
}

std::vector<ModelId> models_of(const RecoResult& r) {
  std::vector<ModelId> out;
  for (const auto& item : r.items) out.push_back(item.model);
  return out;
}

class EngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    store_ = store::test::open_store(dir_->file("store")).release();
    ASSERT_NE(store_, nullptr);
    writer_ = new store::EventWriter(*store_, {});
    now_ = util::now_us();
    plant();

    config_ = new config::Config();
    for (const char* id : {kCustomer, kTiesCustomer, kSessionsCustomer}) {
      config::CustomerConfig customer;
      customer.id = id;
      customer.scenarios = config::default_scenarios();
      config_->customers.emplace(customer.id, customer);
    }

    models_ = new model::ModelService(*config_, *store_);
    models_->start();
    for (const char* id : {kCustomer, kTiesCustomer, kSessionsCustomer}) {
      std::promise<Status> built;
      auto done = built.get_future();
      models_->request_rebuild(id, [&built](const Result<model::ModelService::Model>& m) {
        built.set_value(m ? Status::ok() : m.status());
      });
      const Status s = done.get();
      ASSERT_TRUE(s.is_ok()) << s.message();
    }
    // No scheduled rebuild may change the model under the tests.
    models_->stop();
    built_at_us_ = models_->current(kCustomer)->info().built_at_us;
    availability_ = new catalog::Availability();
    engine_ = new Engine(*config_, *store_, *models_, *availability_);
  }

  static void TearDownTestSuite() {
    delete engine_;
    delete availability_;
    delete models_;
    delete config_;
    writer_->stop();
    delete writer_;
    delete store_;
    delete dir_;
  }

  static void write(const std::string& user, std::vector<Event> events) {
    const Status s =
        append_and_wait(*writer_, kCustomer, store_->hash_user(kCustomer, user), std::move(events));
    ASSERT_TRUE(s.is_ok()) << s.message();
  }

  static void plant() {
    const std::int64_t t0 = now_ - 120 * kMinute;
    for (int u = 0; u < 20; ++u) {
      std::int64_t t = t0 + u * kMinute;
      std::vector<Event> events;
      events.push_back(click_at(t++, "101", "Women/Shirts"));
      events.push_back(click_at(t++, "102", u % 2 == 0 ? "Women/Shirts" : "Sale/Shirts"));
      if (u < 12) events.push_back(click_at(t++, "103", "Men/Shirts"));
      if (u < 9) events.push_back(click_at(t++, "501", "", 2));
      if (u < 6) events.push_back(click_at(t++, "104", "Women/Shoes"));
      write("cluster" + std::to_string(u), std::move(events));
    }
    for (int u = 0; u < 60; ++u) {
      const std::int64_t t = t0 + u * kSecond;
      write("background" + std::to_string(u), {click_at(t, std::to_string(9000 + 2 * u)),
                                               click_at(t + 1, std::to_string(9001 + 2 * u))});
    }
    write("buyer0", {event_at(EventKind::kBuy, t0, "102", 10)});
    write("buyer1", {event_at(EventKind::kBasket, t0, "201", 1, "Women/Bags"),
                     event_at(EventKind::kBuy, t0 + 1, "201", 8)});
    write("buyer2", {event_at(EventKind::kBasket, t0, "202", 1, "Men/Shoes"),
                     event_at(EventKind::kBuy, t0 + 1, "202", 5)});
    write("buyer3", {event_at(EventKind::kBuy, t0, "203", 3)});

    std::vector<Event> tied;
    for (int i = 0; i < kTiedItems; ++i) {
      tied.push_back(click_at(t0 + i * kSecond, std::to_string(9000 + kTiedItems - i)));
    }
    const Status s = append_and_wait(*writer_, kTiesCustomer,
                                     store_->hash_user(kTiesCustomer, "browser"), std::move(tied));
    ASSERT_TRUE(s.is_ok()) << s.message();

    for (int u = 0; u < 3; ++u) {
      const std::int64_t start = t0 + u * 60 * kMinute;
      std::vector<Event> session{click_at(start, "8000")};
      for (int i = 1; i <= 49; ++i)
        session.push_back(click_at(start + i * kSecond, std::to_string(9000 + 100 * u + i)));
      const Status written = append_and_wait(
          *writer_, kSessionsCustomer,
          store_->hash_user(kSessionsCustomer, "user" + std::to_string(u)), std::move(session));
      ASSERT_TRUE(written.is_ok()) << written.message();
    }
    const Status basket = append_and_wait(
        *writer_, kSessionsCustomer, store_->hash_user(kSessionsCustomer, "shopper"),
        {event_at(EventKind::kBasket, t0 + 4 * 60 * kMinute, "8000")});
    ASSERT_TRUE(basket.is_ok()) << basket.message();
  }

  static RecoRequest request(std::string user, std::vector<std::string> context = {},
                             std::size_t numrecs = 10) {
    RecoRequest r;
    r.customer = kCustomer;
    r.user_id = std::move(user);
    r.scenario = "test";
    r.numrecs = numrecs;
    r.context_items = std::move(context);
    return r;
  }

  static RecoResult recommend(const RecoRequest& req, const ScenarioConfig& s) {
    auto r = engine_->recommend(req, s, now_);
    EXPECT_TRUE(r.is_ok()) << r.status().message();
    if (!r) return {};
    return std::move(r).value();
  }

  static inline test::TempDir* dir_ = nullptr;
  static inline store::Store* store_ = nullptr;
  static inline store::EventWriter* writer_ = nullptr;
  static inline config::Config* config_ = nullptr;
  static inline model::ModelService* models_ = nullptr;
  static inline Engine* engine_ = nullptr;
  static inline catalog::Availability* availability_ = nullptr;
  static inline std::int64_t now_ = 0;
  static inline std::int64_t built_at_us_ = 0;
};

const ScenarioConfig kAlsoClicked = scenario("also_clicked", {ModelId::kAlsoClicked});
const ScenarioConfig kWithFallback =
    scenario("with_fallback", {ModelId::kAlsoClicked, ModelId::kBestseller});

// --- item-to-item and fallbacks ------------------------------------------------------

TEST_F(EngineTest, ContextItemNeighboursInOrderOfStrength) {
  const auto r = recommend(request("anon", {"101"}), kAlsoClicked);
  EXPECT_EQ(ids_of(r), (std::vector<std::string>{"102", "103", "104"}));
  for (const auto& item : r.items) {
    EXPECT_EQ(item.type, 1U);
    EXPECT_EQ(item.model, ModelId::kAlsoClicked);
    ASSERT_TRUE(item.origin_source.has_value());
    EXPECT_EQ(*item.origin_source, ItemSource::kRequest);
    EXPECT_THAT(item.origin_ids, ::testing::ElementsAre("101"));
    EXPECT_EQ(item.origin_type, 1U);
  }
}

// One known context item takes a shortcut past the score board (its neighbour list as it
// is); the same item twice goes through the board and must give the same list.
TEST_F(EngineTest, TheSameContextItemTwiceAnswersLikeOnce) {
  const auto once = recommend(request("anon", {"101"}), kAlsoClicked);
  const auto twice = recommend(request("anon", {"101", "101"}), kAlsoClicked);
  const auto with_unknown = recommend(request("anon", {"999", "101"}), kAlsoClicked);
  for (const auto* r : {&twice, &with_unknown}) {
    EXPECT_EQ(ids_of(*r), ids_of(once));
    EXPECT_EQ(relevances_of(*r), relevances_of(once));
    for (const auto& item : r->items) {
      EXPECT_THAT(item.origin_ids, ::testing::ElementsAre("101"));
    }
  }
}

// 501 is a neighbour of each of 101..104: its origin names the first three of them, in the
// order of the context.
TEST_F(EngineTest, SeveralContextItemsNameAtMostThreeOrigins) {
  ScenarioConfig s = kAlsoClicked;
  s.output_types = {1, 2};
  RecoRequest req = request("anon", {"101", "102", "103", "104"});
  req.output_type = 2;
  const auto r = recommend(req, s);
  ASSERT_EQ(ids_of(r), std::vector<std::string>{"501"});
  EXPECT_THAT(r.items[0].origin_ids, ::testing::ElementsAre("101", "102", "103"));
  EXPECT_EQ(r.items[0].origin_type, 1U);
}

TEST_F(EngineTest, NumrecsCutsTheList) {
  const auto r = recommend(request("anon", {"101"}, 2), kWithFallback);
  EXPECT_EQ(ids_of(r), (std::vector<std::string>{"102", "103"}));
}

TEST_F(EngineTest, BestsellerFallbackFillsWithoutDuplicates) {
  const auto r = recommend(request("anon", {"101"}), kWithFallback);
  // 102 is a bestseller too, but already there.
  EXPECT_EQ(ids_of(r), (std::vector<std::string>{"102", "103", "104", "201", "202", "203"}));
  EXPECT_EQ(models_of(r), (std::vector<ModelId>{ModelId::kAlsoClicked, ModelId::kAlsoClicked,
                                                ModelId::kAlsoClicked, ModelId::kBestseller,
                                                ModelId::kBestseller, ModelId::kBestseller}));
  EXPECT_FALSE(r.items[3].origin_source.has_value());  // bestsellers have no input
  EXPECT_TRUE(r.items[3].origin_ids.empty());
}

// A ranking's ties are answered in id order, also when the tie runs past the candidates a
// stage takes from it (at least 100): the answer is the smallest ids of the whole tie.
TEST_F(EngineTest, RankingTiesPastTheCandidateLimitGoByIdOrder) {
  RecoRequest req = request("someone", {}, 5);
  req.customer = kTiesCustomer;
  const auto r = recommend(req, scenario("most_clicked", {ModelId::kMostClicked}));
  EXPECT_EQ(ids_of(r), (std::vector<std::string>{"9001", "9002", "9003", "9004", "9005"}));
}

// The same for a board of summed scores: the three sessions with item 8000 are equally
// similar to a request for it, so their 147 other items tie (8000 itself, looked at, comes
// lower), and the newest session's come first on the board.
TEST_F(EngineTest, PersonalizedTiesPastTheCandidateLimitGoByIdOrder) {
  RecoRequest req = request("someone", {"8000"}, 5);
  req.customer = kSessionsCustomer;
  const auto r = recommend(req, scenario("personalized", {ModelId::kPersonalized}));
  EXPECT_EQ(ids_of(r), (std::vector<std::string>{"9001", "9002", "9003", "9004", "9005"}));
}

// Personalized blends two boards that number their origins each in their own order. The
// shopper looks at 9201 and has 8000 in the basket (which weighs more): the neighbours' board
// knows only 9201 (8000 has no neighbours), the sessions' board only 8000 (the heavier query
// item of every session it found). Each item keeps its own origins' ids.
TEST_F(EngineTest, PersonalizedItemsNameTheirOwnOrigins) {
  RecoRequest req = request("shopper", {"9201"}, 200);
  req.customer = kSessionsCustomer;
  const auto r = recommend(req, scenario("personalized", {ModelId::kPersonalized}));
  const auto origins_of = [&](const std::string& id) {
    for (const auto& item : r.items) {
      if (item.id == id)
        return std::vector<std::string>(item.origin_ids.begin(), item.origin_ids.end());
    }
    ADD_FAILURE() << id << " not recommended";
    return std::vector<std::string>{};
  };
  EXPECT_EQ(origins_of("9101"), std::vector<std::string>{"8000"});  // other sessions' items
  EXPECT_EQ(origins_of("9001"), std::vector<std::string>{"8000"});
  // 9201's neighbours, in its session too: first their own origin, then the session's.
  EXPECT_EQ(origins_of("9202"), (std::vector<std::string>{"9201", "8000"}));
}

TEST_F(EngineTest, UnknownContextItemFallsBackToBestsellers) {
  const auto r = recommend(request("anon", {"999"}), kWithFallback);
  EXPECT_EQ(ids_of(r), (std::vector<std::string>{"102", "201", "202", "203"}));
  EXPECT_EQ(relevances_of(r), (std::vector<int>{100, 80, 50, 30}));  // quantity 10, 8, 5, 3
}

TEST_F(EngineTest, NoContextAndNoFallbackIsEmpty) {
  const auto r = recommend(request("anon"), kAlsoClicked);
  EXPECT_TRUE(r.items.empty());
  EXPECT_TRUE(r.context.empty());
}

TEST_F(EngineTest, RelevanceIsNonIncreasingFromOneHundred) {
  const auto r = recommend(request("anon", {"101"}), kWithFallback);
  const auto relevance = relevances_of(r);
  ASSERT_EQ(relevance.size(), 6U);
  // also_clicked: LLR 90.0, 40.7 and 18.2 scaled to the best; the bestseller fallback is
  // scaled the same way into the range below the last also_clicked item (20).
  EXPECT_EQ(relevance, (std::vector<int>{100, 45, 20, 20, 13, 8}));
  EXPECT_EQ(relevance.front(), 100);
  for (std::size_t i = 0; i < relevance.size(); ++i) {
    EXPECT_GE(relevance[i], 1) << i;
    EXPECT_LE(relevance[i], 100) << i;
    if (i > 0) {
      EXPECT_LE(relevance[i], relevance[i - 1]) << i;
    }
  }
  // Within a stage relevance follows the score; a fallback never rises above the stage
  // before it.
  EXPECT_LT(relevance[1], 100);
  EXPECT_LT(relevance[2], relevance[1]);
  EXPECT_EQ(relevance[3], relevance[2]);  // the best fallback item takes the ceiling
  EXPECT_LT(relevance[4], relevance[3]);  // and the fallback keeps its own order
}

// --- filters -------------------------------------------------------------------------

TEST_F(EngineTest, ContextItemsAreExcluded) {
  const auto r = recommend(request("anon", {"101", "102"}), kAlsoClicked);
  EXPECT_EQ(ids_of(r), (std::vector<std::string>{"103", "104"}));
}

TEST_F(EngineTest, ContextItemsMayBeKeptByTheScenario) {
  ScenarioConfig s = kAlsoClicked;
  s.exclude_context_items = false;
  const auto r = recommend(request("anon", {"101", "102"}), s);
  // 101 and 102 are each other's best neighbour.
  EXPECT_EQ(ids_of(r), (std::vector<std::string>{"101", "102", "103", "104"}));
}

TEST_F(EngineTest, BlacklistedItemsNeverAppear) {
  write("alice", {event_at(EventKind::kBlacklist, now_ - kMinute, "103"),
                  event_at(EventKind::kBlacklist, now_ - kMinute, "201")});
  const auto r = recommend(request("alice", {"101"}), kWithFallback);
  EXPECT_EQ(ids_of(r), (std::vector<std::string>{"102", "104", "202", "203"}));
  EXPECT_TRUE(r.user_dependent);
  // Another user is not affected.
  EXPECT_EQ(ids_of(recommend(request("anon", {"101"}), kWithFallback)),
            (std::vector<std::string>{"102", "103", "104", "201", "202", "203"}));
}

TEST_F(EngineTest, BlacklistAppliesToFallbacksWithoutContext) {
  write("alice2", {event_at(EventKind::kBlacklist, now_ - kMinute, "102")});
  const auto r = recommend(request("alice2"), scenario("best", {ModelId::kBestseller}));
  EXPECT_EQ(ids_of(r), (std::vector<std::string>{"201", "202", "203"}));
}

TEST_F(EngineTest, BoughtItemsAreExcludedWhenTheScenarioSaysSo) {
  write("bob", {event_at(EventKind::kBuy, now_ - 10 * kMinute, "102"),
                event_at(EventKind::kBuy, now_ - 9 * kMinute, "202")});
  ScenarioConfig s = kWithFallback;
  s.exclude_bought = true;
  EXPECT_EQ(ids_of(recommend(request("bob", {"101"}), s)),
            (std::vector<std::string>{"103", "104", "201", "203"}));
  s.exclude_bought = false;
  EXPECT_EQ(ids_of(recommend(request("bob", {"101"}), s)),
            (std::vector<std::string>{"102", "103", "104", "201", "202", "203"}));
}

TEST_F(EngineTest, ItemsRenderedOftenInTheLastHalfHourAreExcluded) {
  write("carol", {event_at(EventKind::kRendered, now_ - 50 * kMinute, "104"),
                  event_at(EventKind::kRendered, now_ - 45 * kMinute, "104"),
                  event_at(EventKind::kRendered, now_ - 5 * kMinute, "102"),
                  event_at(EventKind::kRendered, now_ - 4 * kMinute, "102"),
                  event_at(EventKind::kRendered, now_ - 3 * kMinute, "103")});
  ScenarioConfig s = kAlsoClicked;
  s.exclude_rendered = 2;
  EXPECT_EQ(ids_of(recommend(request("carol", {"101"}), s)),
            (std::vector<std::string>{"103", "104"}));
  s.exclude_rendered = 1;
  EXPECT_EQ(ids_of(recommend(request("carol", {"101"}), s)), std::vector<std::string>{"104"});
  s.exclude_rendered = 0;
  EXPECT_EQ(ids_of(recommend(request("carol", {"101"}), s)),
            (std::vector<std::string>{"102", "103", "104"}));
}

// --- categories ----------------------------------------------------------------------

TEST_F(EngineTest, CategoryPathRestrictsEveryStage) {
  RecoRequest req = request("anon", {"101"});
  req.category_paths = {"Women"};
  EXPECT_EQ(ids_of(recommend(req, kWithFallback)), (std::vector<std::string>{"102", "104", "201"}));
  req.category_paths = {"Men"};
  EXPECT_EQ(ids_of(recommend(req, kWithFallback)), (std::vector<std::string>{"103", "202"}));
  req.category_paths = {"Women/Shoes", "Men/Shoes"};
  EXPECT_EQ(ids_of(recommend(req, kWithFallback)), (std::vector<std::string>{"104", "202"}));
}

// A stage is first asked for a few more candidates than the answer needs, and again for
// more when the filters leave the answer short: the answer for numrecs k is still the first
// k of a long answer, whatever the filters take away.
TEST_F(EngineTest, ShortAnswersAreTheStartOfLongOnesWhateverTheFiltersTake) {
  const std::vector<std::vector<std::string>> filters = {
      {}, {"Women"}, {"Men"}, {"Women/Shoes"}, {"Men/Shoes"}, {"Women/Shoes", "Men/Shoes"}};
  for (const auto& paths : filters) {
    RecoRequest req = request("anon", {"101"}, kMaxNumrecs);
    req.category_paths = paths;
    const auto all = ids_of(recommend(req, kWithFallback));
    ASSERT_FALSE(all.empty());
    for (std::size_t k = 1; k <= all.size(); ++k) {
      req.numrecs = k;
      const std::vector<std::string> first(all.begin(), all.begin() + static_cast<long>(k));
      EXPECT_EQ(ids_of(recommend(req, kWithFallback)), first)
          << "numrecs " << k << ", category paths " << ::testing::PrintToString(paths);
    }
  }
  // 104, the third neighbour of 101, is the only one in Women/Shoes: an answer of one item
  // must look past the first candidates.
  RecoRequest one = request("anon", {"101"}, 1);
  one.category_paths = {"Women/Shoes"};
  EXPECT_EQ(ids_of(recommend(one, kAlsoClicked)), std::vector<std::string>{"104"});
}

TEST_F(EngineTest, CategoryPathMatchesWholeSegmentsOnly) {
  RecoRequest req = request("anon", {"101"});
  req.category_paths = {"Wom"};
  EXPECT_TRUE(recommend(req, kWithFallback).items.empty());
}

TEST_F(EngineTest, ContextCategoryPathIsTheFilter) {
  RecoRequest req = request("anon", {"101"});  // 101 is in Women/Shirts only
  req.use_context_category_path = true;
  EXPECT_EQ(ids_of(recommend(req, kWithFallback)), std::vector<std::string>{"102"});
  req.context_items = {"103"};  // Men/Shirts
  EXPECT_EQ(ids_of(recommend(req, kWithFallback)), std::vector<std::string>{});
}

TEST_F(EngineTest, RecommendCategoryPicksTheClosestOfSeveral) {
  RecoRequest req = request("anon", {"101"});
  req.recommend_category = true;
  req.category_paths = {"Sale"};
  auto r = recommend(req, kWithFallback);
  ASSERT_EQ(ids_of(r), std::vector<std::string>{"102"});
  EXPECT_EQ(r.items[0].category, "Sale/Shirts");

  req.category_paths = {"Women/Shirts"};
  r = recommend(req, kWithFallback);
  ASSERT_EQ(ids_of(r), std::vector<std::string>{"102"});
  EXPECT_EQ(r.items[0].category, "Women/Shirts");

  req.category_paths = {"Women"};
  r = recommend(req, kWithFallback);
  ASSERT_EQ(ids_of(r), (std::vector<std::string>{"102", "104", "201"}));
  EXPECT_EQ(r.items[0].category, "Women/Shirts");
  EXPECT_EQ(r.items[1].category, "Women/Shoes");
  EXPECT_EQ(r.items[2].category, "Women/Bags");
}

TEST_F(EngineTest, NoCategoryUnlessAsked) {
  RecoRequest req = request("anon", {"101"});
  req.category_paths = {"Women"};
  for (const auto& item : recommend(req, kWithFallback).items) {
    EXPECT_EQ(item.category, "") << item.id;
  }
}

TEST_F(EngineTest, RecommendCategoryIsEmptyForItemsWithoutOne) {
  RecoRequest req = request("anon", {"999"});
  req.recommend_category = true;
  const auto r = recommend(req, scenario("best", {ModelId::kBestseller}));
  ASSERT_EQ(ids_of(r), (std::vector<std::string>{"102", "201", "202", "203"}));
  EXPECT_EQ(r.items[1].category, "Women/Bags");
  EXPECT_EQ(r.items[2].category, "Men/Shoes");
  EXPECT_EQ(r.items[3].category, "");
}

// --- output types --------------------------------------------------------------------

TEST_F(EngineTest, LowestOutputTypeByDefault) {
  ScenarioConfig s = kAlsoClicked;
  s.output_types = {1, 2};
  EXPECT_EQ(ids_of(recommend(request("anon", {"101"}), s)),
            (std::vector<std::string>{"102", "103", "104"}));
}

TEST_F(EngineTest, OutputTypeIdSelectsTheType) {
  ScenarioConfig s = kAlsoClicked;
  s.output_types = {1, 2};
  RecoRequest req = request("anon", {"101"});
  req.output_type = 2;
  const auto r = recommend(req, s);
  EXPECT_EQ(ids_of(r), std::vector<std::string>{"501"});
  ASSERT_EQ(r.items.size(), 1U);
  EXPECT_EQ(r.items[0].type, 2U);
  EXPECT_EQ(r.items[0].origin_type, 1U);
}

TEST_F(EngineTest, OutputTypeOutsideTheScenarioIsInvalid) {
  ScenarioConfig s = kAlsoClicked;
  s.output_types = {1, 2};
  RecoRequest req = request("anon", {"101"});
  req.output_type = 3;
  const auto r = engine_->recommend(req, s, now_);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("outputtypeid"), std::string::npos);
  req.output_type = 2;  // valid for the scenario, but not for the default one
  const auto other = engine_->recommend(req, kAlsoClicked, now_);
  ASSERT_FALSE(other.is_ok());
  EXPECT_EQ(other.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(EngineTest, CrossContentTypeRecommendsEveryOutputType) {
  ScenarioConfig s = kAlsoClicked;
  s.output_types = {1, 2};
  RecoRequest req = request("anon", {"101"});
  req.cross_content_type = true;
  const auto r = recommend(req, s);
  EXPECT_EQ(ids_of(r), (std::vector<std::string>{"102", "103", "501", "104"}));
  std::vector<std::uint32_t> types;
  for (const auto& item : r.items) types.push_back(item.type);
  EXPECT_EQ(types, (std::vector<std::uint32_t>{1, 1, 2, 1}));
}

// --- history -------------------------------------------------------------------------

TEST_F(EngineTest, ClickedTakesTheUsersNewestClicks) {
  write("dave", {click_at(now_ - 20 * kMinute, "103"), click_at(now_ - 10 * kMinute, "101")});
  RecoRequest req = request("dave");
  req.history_sources = {ItemSource::kClick};
  const auto r = recommend(req, kAlsoClicked);
  EXPECT_EQ(ids_of(r), (std::vector<std::string>{"102", "104"}));
  ASSERT_EQ(r.context.size(), 2U);
  EXPECT_EQ(r.context[0].id, "101");  // newest first
  EXPECT_EQ(r.context[0].sources, std::vector<ItemSource>{ItemSource::kClick});
  EXPECT_EQ(r.context[1].id, "103");
  EXPECT_EQ(r.context[1].sources, std::vector<ItemSource>{ItemSource::kClick});
  for (const auto& item : r.items) {
    ASSERT_TRUE(item.origin_source.has_value());
    EXPECT_EQ(*item.origin_source, ItemSource::kClick);
  }
  EXPECT_TRUE(r.user_dependent);
}

TEST_F(EngineTest, HistoryCodeOfAnotherKindFindsNothing) {
  write("dave2", {click_at(now_ - 20 * kMinute, "101")});
  RecoRequest req = request("dave2");
  req.history_sources = {ItemSource::kBuy};
  const auto r = recommend(req, kAlsoClicked);
  EXPECT_TRUE(r.context.empty());
  EXPECT_TRUE(r.items.empty());
}

TEST_F(EngineTest, RequestAndHistorySourcesAreMergedInContext) {
  write("dave3", {click_at(now_ - 20 * kMinute, "101")});
  RecoRequest req = request("dave3", {"101"});
  req.history_sources = {ItemSource::kClick};
  const auto r = recommend(req, kAlsoClicked);
  ASSERT_EQ(r.context.size(), 1U);
  EXPECT_EQ(r.context[0].id, "101");
  EXPECT_EQ(r.context[0].sources,
            (std::vector<ItemSource>{ItemSource::kRequest, ItemSource::kClick}));
  EXPECT_EQ(ids_of(r), (std::vector<std::string>{"102", "103", "104"}));
}

TEST_F(EngineTest, OwnsTakesTheUsersPurchases) {
  write("dave4", {click_at(now_ - 20 * kMinute, "103"),
                  event_at(EventKind::kBuy, now_ - 10 * kMinute, "101")});
  RecoRequest req = request("dave4");
  req.history_sources = {ItemSource::kBuy};
  const auto r = recommend(req, kAlsoClicked);
  ASSERT_EQ(r.context.size(), 1U);
  EXPECT_EQ(r.context[0].id, "101");
  EXPECT_EQ(r.context[0].sources, std::vector<ItemSource>{ItemSource::kBuy});
  EXPECT_EQ(ids_of(r), (std::vector<std::string>{"102", "103", "104"}));
  ASSERT_TRUE(r.items[0].origin_source.has_value());
  EXPECT_EQ(*r.items[0].origin_source, ItemSource::kBuy);
}

TEST_F(EngineTest, PersonalizedReadsTheHistoryLive) {
  const ScenarioConfig s = scenario("personalized", {ModelId::kPersonalized});
  const auto before = recommend(request("erin"), s);
  EXPECT_TRUE(before.items.empty());
  EXPECT_FALSE(before.user_dependent);

  // No rebuild: the next answer already follows the new click.
  write("erin", {click_at(now_ - kMinute, "104")});
  const auto after = recommend(request("erin"), s);
  ASSERT_FALSE(after.items.empty());
  // 104's neighbours: 501 (type 2, not an output type), 103, then 101 and 102 (tied);
  // and 104 itself: history-based answers keep what the user looked at (people return to
  // it), ranked below its neighbours.
  EXPECT_EQ(ids_of(after), (std::vector<std::string>{"103", "101", "102", "104"}));
  EXPECT_EQ(after.items[0].model, ModelId::kPersonalized);
  ASSERT_TRUE(after.items[0].origin_source.has_value());
  EXPECT_EQ(*after.items[0].origin_source, ItemSource::kClick);
  EXPECT_THAT(after.items[0].origin_ids, ::testing::ElementsAre("104"));
  EXPECT_TRUE(after.user_dependent);
}

TEST_F(EngineTest, RecentlyViewedNewestFirst) {
  write("frank", {click_at(now_ - 40 * kMinute, "103"), click_at(now_ - 30 * kMinute, "101"),
                  event_at(EventKind::kBuy, now_ - 25 * kMinute, "202"),
                  click_at(now_ - 20 * kMinute, "104"), click_at(now_ - 10 * kMinute, "101")});
  const auto r = recommend(request("frank"), scenario("recent", {ModelId::kRecentlyViewed}));
  EXPECT_EQ(ids_of(r), (std::vector<std::string>{"101", "104", "103"}));
  EXPECT_EQ(relevances_of(r), (std::vector<int>{100, 50, 33}));
  EXPECT_TRUE(r.user_dependent);
  for (const auto& item : r.items) {  // a model without input: no origin
    EXPECT_FALSE(item.origin_source.has_value()) << item.id;
    EXPECT_TRUE(item.origin_ids.empty()) << item.id;
  }
}

// --- caching inputs and viewers -------------------------------------------------------

TEST_F(EngineTest, AnonymousAnswerIsSharedAndDatedByTheModel) {
  const auto r = recommend(request("nobody-at-all", {"101"}), kWithFallback);
  EXPECT_FALSE(r.user_dependent);
  EXPECT_EQ(r.model_built_us, built_at_us_);
  EXPECT_EQ(r.last_modified_us, built_at_us_);
}

TEST_F(EngineTest, OlderHistoryLeavesTheModelDate) {
  write("gina", {click_at(built_at_us_ - 30 * kMinute, "101")});
  const auto r = recommend(request("gina"), scenario("personalized", {ModelId::kPersonalized}));
  EXPECT_TRUE(r.user_dependent);
  EXPECT_EQ(r.last_modified_us, built_at_us_);
}

TEST_F(EngineTest, NewerHistoryDatesTheAnswer) {
  const std::int64_t later = built_at_us_ + 5 * kSecond;
  write("hank", {click_at(built_at_us_ - kMinute, "103"), click_at(later, "101")});
  const auto r = recommend(request("hank"), scenario("personalized", {ModelId::kPersonalized}));
  EXPECT_TRUE(r.user_dependent);
  EXPECT_EQ(r.model_built_us, built_at_us_);
  EXPECT_EQ(r.last_modified_us, later);
}

TEST_F(EngineTest, BlacklistingDatesTheAnswer) {
  // An answer cached before the blacklisting must not be confirmed by a 304.
  const std::int64_t later = built_at_us_ + 7 * kSecond;
  write("lena",
        {click_at(built_at_us_ - kMinute, "104"), event_at(EventKind::kBlacklist, later, "103")});
  const auto r = recommend(request("lena", {"101"}), kAlsoClicked);
  EXPECT_EQ(ids_of(r), (std::vector<std::string>{"102", "104"}));
  EXPECT_TRUE(r.user_dependent);
  EXPECT_EQ(r.last_modified_us, later);
}

TEST_F(EngineTest, OlderBlacklistLeavesTheModelDate) {
  write("mona", {event_at(EventKind::kBlacklist, built_at_us_ - kMinute, "103")});
  const auto r = recommend(request("mona", {"101"}), kAlsoClicked);
  EXPECT_EQ(ids_of(r), (std::vector<std::string>{"102", "104"}));
  EXPECT_TRUE(r.user_dependent);
  EXPECT_EQ(r.last_modified_us, built_at_us_);
}

TEST_F(EngineTest, HistoryThatIsNotNeededLeavesTheAnswerShared) {
  write("ivan", {click_at(now_ - kMinute, "103")});
  const auto r = recommend(request("ivan", {"101"}), kAlsoClicked);
  EXPECT_FALSE(r.user_dependent);
  EXPECT_EQ(r.last_modified_us, built_at_us_);
}

TEST_F(EngineTest, ViewersOfContextItems) {
  const auto r = recommend(request("anon", {"101", "104", "999"}), kAlsoClicked);
  ASSERT_EQ(r.context.size(), 3U);
  EXPECT_EQ(r.context[0].id, "101");
  EXPECT_EQ(r.context[0].type, 1U);
  EXPECT_EQ(r.context[0].viewers, 20U);
  EXPECT_EQ(r.context[0].sources, std::vector<ItemSource>{ItemSource::kRequest});
  EXPECT_EQ(r.context[1].id, "104");
  EXPECT_EQ(r.context[1].viewers, 6U);
  EXPECT_EQ(r.context[2].id, "999");  // unknown to the model
  EXPECT_EQ(r.context[2].viewers, 0U);
}

TEST_F(EngineTest, UnknownCustomerIsNotFound) {
  RecoRequest req = request("anon", {"101"});
  req.customer = "c2";
  const auto r = engine_->recommend(req, kAlsoClicked, now_);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

TEST(NeedsHistory, OnlyForHistoryCodesUserFiltersAndUserModels) {
  RecoRequest plain;
  EXPECT_FALSE(needs_history(plain, scenario("a", {ModelId::kAlsoClicked, ModelId::kBestseller})));
  EXPECT_TRUE(needs_history(plain, scenario("p", {ModelId::kPersonalized})));
  EXPECT_TRUE(
      needs_history(plain, scenario("r", {ModelId::kBestseller, ModelId::kRecentlyViewed})));
  ScenarioConfig bought = scenario("b", {ModelId::kAlsoBought});
  bought.exclude_bought = true;
  EXPECT_TRUE(needs_history(plain, bought));
  ScenarioConfig rendered = scenario("r", {ModelId::kAlsoClicked});
  rendered.exclude_rendered = 3;
  EXPECT_TRUE(needs_history(plain, rendered));
  RecoRequest codes;
  codes.history_sources = {ItemSource::kBasket};
  EXPECT_TRUE(needs_history(codes, scenario("a", {ModelId::kAlsoClicked})));
}

}  // namespace
}  // namespace recod::reco
