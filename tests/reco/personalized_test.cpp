// The `personalized` stage (stages.cpp): item neighbours of the user's recent clicks blended
// with session-kNN, on a real store with planted sessions and models built from it with
// different `model.session_*` settings.
//
// The planted sessions (one per user, a minute between clicks; built once for the suite;
// every test writes only its own user's clicks, after the builds):
// - 4 users click A, B, X: X shares a session with both A and B, but only 4 times;
// - 12 users click B, Y and 12 users click A, Z: Y is B's strongest item neighbour, Z is
//   A's, and X is weak for either alone (4 shared users against 12);
// - 8 users click Q with an item of their own, one session each, hours apart: O0..O5 are
//   the older sessions, N0 and N1 the two most recent;
// - 60 background users click two items of their own, so that the clusters are a minority.
// A user who clicked A and then B is in a session like the first four: session-kNN with few
// neighbours answers X, item-to-item answers Y.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "recod/catalog/availability.hpp"
#include "recod/config/config.hpp"
#include "recod/model/builder.hpp"
#include "recod/model/provider.hpp"
#include "recod/model/service.hpp"
#include "recod/reco/engine.hpp"
#include "recod/store/event_writer.hpp"
#include "recod/store/store.hpp"
#include "store/store_test_util.hpp"
#include "support/temp_dir.hpp"

namespace recod::reco {
namespace {

using config::ModelId;
using config::ScenarioConfig;
using store::test::append_and_wait;
using store::test::click;
using store::test::kNow;
using tracking::Event;

constexpr std::int64_t kMinute = 60LL * 1000 * 1000;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr char kCustomer[] = "c1";

ScenarioConfig scenario(std::string id, std::vector<ModelId> stages) {
  ScenarioConfig s;
  s.id = std::move(id);
  s.stages = std::move(stages);
  return s;
}

const ScenarioConfig kPersonalized = scenario("personalized", {ModelId::kPersonalized});

std::vector<std::string> ids_of(const RecoResult& r) {
  std::vector<std::string> out;
  for (const auto& item : r.items) out.push_back(item.id);
  return out;
}

bool contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// The position of `id` in `ids`, or ids.size() if absent.
std::size_t rank_of(const std::vector<std::string>& ids, const std::string& id) {
  return static_cast<std::size_t>(std::find(ids.begin(), ids.end(), id) - ids.begin());
}

// The ids that are not in `clicked`, in order.
std::vector<std::string> new_items(const std::vector<std::string>& ids,
                                   const std::vector<std::string>& clicked) {
  std::vector<std::string> out;
  for (const auto& id : ids) {
    if (!contains(clicked, id)) out.push_back(id);
  }
  return out;
}

// A model built with one set of `model.*` settings and an engine over it.
struct ModelSetup {
  config::Config config;
  std::unique_ptr<model::FixedModel> models;
  std::unique_ptr<Engine> engine;
};

class PersonalizedTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    store_ = store::test::open_store(dir_->file("store")).release();
    ASSERT_NE(store_, nullptr);
    writer_ = new store::EventWriter(*store_, {});
    availability_ = new catalog::Availability();
    setups_ = new std::map<std::string, std::unique_ptr<ModelSetup>>();
    plant();

    config::ModelConfig defaults;
    add_setup("default", defaults);
    config::ModelConfig m = defaults;
    m.session_neighbours = 4;
    m.session_weight = 100;
    add_setup("knn4_sessions_only", m);
    m.session_weight = 0;
    add_setup("items_only", m);
    m = defaults;
    m.session_weight = 100;
    add_setup("sessions_only", m);
    m.sessions_per_item = 2;
    add_setup("recent2_sessions_only", m);
    m.sessions_per_item = 0;
    add_setup("no_sessions", m);
  }

  static void TearDownTestSuite() {
    delete setups_;
    delete availability_;
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

  // One session of `ids`, a minute apart, starting at `start`.
  static void session(const std::string& user, std::int64_t start,
                      const std::vector<std::string>& ids) {
    std::vector<Event> events;
    for (const auto& id : ids) {
      events.push_back(click(start, id));
      start += kMinute;
    }
    write(user, std::move(events));
  }

  static void plant() {
    const std::int64_t t0 = kNow - 24 * kHour;
    for (int u = 0; u < 4; ++u) session("ab" + std::to_string(u), t0 + u * kHour, {"A", "B", "X"});
    for (int u = 0; u < 12; ++u) {
      session("b" + std::to_string(u), t0 + u * kHour + 10 * kMinute, {"B", "Y"});
      session("a" + std::to_string(u), t0 + u * kHour + 20 * kMinute, {"A", "Z"});
    }
    for (int u = 0; u < 6; ++u) {
      session("q" + std::to_string(u), kNow - (12 - u) * kHour, {"Q", "O" + std::to_string(u)});
    }
    session("qn0", kNow - 3 * kHour, {"Q", "N0"});
    session("qn1", kNow - 2 * kHour, {"Q", "N1"});
    for (int u = 0; u < 60; ++u) {
      session("bg" + std::to_string(u), t0 + u * kMinute,
              {"bg" + std::to_string(2 * u), "bg" + std::to_string(2 * u + 1)});
    }
  }

  static void add_setup(const std::string& name, const config::ModelConfig& m) {
    auto setup = std::make_unique<ModelSetup>();
    setup->config.model = m;
    config::CustomerConfig customer;
    customer.id = kCustomer;
    customer.scenarios = config::default_scenarios();
    setup->config.customers.emplace(customer.id, customer);
    const model::StoreEventSource source(*store_, kCustomer);
    auto built = model::build_model(source, model::params_from_config(m), kNow);
    ASSERT_TRUE(built.is_ok()) << built.status().message();
    setup->models = std::make_unique<model::FixedModel>(kCustomer, std::move(built).value());
    setup->engine =
        std::make_unique<Engine>(setup->config, *store_, *setup->models, *availability_);
    (*setups_)[name] = std::move(setup);
  }

  // The user's clicks, a minute apart, ending a minute ago.
  static void clicks(const std::string& user, const std::vector<std::string>& ids) {
    const auto n = static_cast<std::int64_t>(ids.size());
    session(user, kNow - n * kMinute, ids);
  }

  static RecoResult recommend(const std::string& setup, const std::string& user,
                              const ScenarioConfig& s = kPersonalized,
                              std::vector<std::string> context = {},
                              std::vector<ItemSource> history = {}) {
    RecoRequest req;
    req.customer = kCustomer;
    req.user_id = user;
    req.scenario = s.id;
    req.numrecs = 10;
    req.context_items = std::move(context);
    req.history_sources = std::move(history);
    auto r = setups_->at(setup)->engine->recommend(req, s, kNow);
    EXPECT_TRUE(r.is_ok()) << r.status().message();
    if (!r) return {};
    return std::move(r).value();
  }

  static inline test::TempDir* dir_ = nullptr;
  static inline store::Store* store_ = nullptr;
  static inline store::EventWriter* writer_ = nullptr;
  static inline catalog::Availability* availability_ = nullptr;
  static inline std::map<std::string, std::unique_ptr<ModelSetup>>* setups_ = nullptr;
};

TEST_F(PersonalizedTest, TheModelHasTheSessions) {
  // 4 + 24 + 8 + 60 users, one session each.
  const auto model = setups_->at("default")->models->current(kCustomer);
  EXPECT_EQ(model->session_count(), 96u);
  EXPECT_EQ(setups_->at("no_sessions")->models->current(kCustomer)->session_count(), 0u);
}

TEST_F(PersonalizedTest, NeighbourSessionsFindWhatItemNeighboursRankLower) {
  clicks("alice", {"A", "B"});

  // Item-to-item: B's strongest neighbour first; X, weak for A and for B alone, later.
  const auto items = ids_of(recommend("items_only", "alice"));
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items.front(), "Y");
  EXPECT_LT(rank_of(items, "Y"), rank_of(items, "X"));
  EXPECT_LT(rank_of(items, "Z"), rank_of(items, "X"));

  // Session-kNN: the four sessions that share both items are the most similar ones, and
  // X is what they have that the user has not seen.
  const auto sessions = ids_of(recommend("knn4_sessions_only", "alice"));
  EXPECT_EQ(new_items(sessions, {"A", "B"}), std::vector<std::string>{"X"});
}

TEST_F(PersonalizedTest, TheLatestClickWeighsMost) {
  clicks("bob", {"A", "B"});    // B is the latest
  clicks("carol", {"B", "A"});  // A is the latest
  // A/Z and B/Y are planted alike: only the order of the user's clicks tells them apart.
  for (const char* setup : {"default", "items_only", "sessions_only"}) {
    const auto b_last = ids_of(recommend(setup, "bob"));
    const auto a_last = ids_of(recommend(setup, "carol"));
    EXPECT_LT(rank_of(b_last, "Y"), rank_of(b_last, "Z")) << setup;
    EXPECT_LT(rank_of(a_last, "Z"), rank_of(a_last, "Y")) << setup;
    EXPECT_TRUE(contains(b_last, "Z")) << setup;  // the earlier click still counts
    EXPECT_TRUE(contains(a_last, "Y")) << setup;
  }
}

TEST_F(PersonalizedTest, TheUsersEarlierItemsMayAppear) {
  clicks("dave", {"A", "B"});
  const auto r = recommend("default", "dave");
  const auto ids = ids_of(r);
  // People return to what they looked at: A, clicked before, is a fair answer; B, the item
  // the user is looking at now, too, but below what is new to the user.
  EXPECT_TRUE(contains(ids, "A"));
  ASSERT_TRUE(contains(ids, "B"));
  EXPECT_LT(rank_of(ids, "Y"), rank_of(ids, "B"));
  EXPECT_LT(rank_of(ids, "X"), rank_of(ids, "B"));
  for (const auto& item : r.items) EXPECT_EQ(item.model, ModelId::kPersonalized) << item.id;

  // The same with the history as context (contextitems=CLICKED): still kept.
  const auto clicked =
      ids_of(recommend("default", "dave", kPersonalized, {}, {ItemSource::kClick}));
  EXPECT_TRUE(contains(clicked, "A"));
  EXPECT_TRUE(contains(clicked, "B"));

  // An item-to-item stage with that context does exclude them.
  const auto also_clicked =
      ids_of(recommend("default", "dave", scenario("also_clicked", {ModelId::kAlsoClicked}), {},
                       {ItemSource::kClick}));
  ASSERT_FALSE(also_clicked.empty());
  EXPECT_FALSE(contains(also_clicked, "A"));
  EXPECT_FALSE(contains(also_clicked, "B"));
}

TEST_F(PersonalizedTest, ExplicitContextItemsAreStillExcluded) {
  clicks("erin", {"A", "B"});
  for (const char* setup : {"default", "items_only", "knn4_sessions_only"}) {
    // X would be the best new item; named in the request, it is what the user looks at.
    const auto x = ids_of(recommend(setup, "erin", kPersonalized, {"X"}));
    ASSERT_FALSE(x.empty()) << setup;
    EXPECT_FALSE(contains(x, "X")) << setup;
    // An item of the history named in the request too.
    const auto a = ids_of(recommend(setup, "erin", kPersonalized, {"A"}, {ItemSource::kClick}));
    ASSERT_FALSE(a.empty()) << setup;
    EXPECT_FALSE(contains(a, "A")) << setup;
    EXPECT_TRUE(contains(a, "B")) << setup;  // from the history code only: kept
  }
}

TEST_F(PersonalizedTest, OnlyTheMostRecentSessionsOfAnItemAreRead) {
  clicks("frank", {"Q"});
  // All eight sessions of Q vote.
  const auto all = new_items(ids_of(recommend("sessions_only", "frank")), {"Q"});
  EXPECT_EQ(all.size(), 8u);
  EXPECT_TRUE(contains(all, "O0"));
  // model.sessions_per_item = 2: the two most recent only, however many there are.
  const auto recent = new_items(ids_of(recommend("recent2_sessions_only", "frank")), {"Q"});
  EXPECT_EQ(recent, (std::vector<std::string>{"N0", "N1"}));
}

TEST_F(PersonalizedTest, OnlyTheMostSimilarSessionsVote) {
  clicks("gina", {"A", "B"});
  // With every session sharing A or B voting, the many B, Y sessions outvote the four
  // A, B, X ones; with the 4 most similar only, Y and Z are not even candidates.
  const auto all = ids_of(recommend("sessions_only", "gina"));
  EXPECT_LT(rank_of(all, "Y"), rank_of(all, "X"));
  const auto nearest = ids_of(recommend("knn4_sessions_only", "gina"));
  EXPECT_FALSE(contains(nearest, "Y"));
  EXPECT_FALSE(contains(nearest, "Z"));
}

TEST_F(PersonalizedTest, SessionWeightExtremes) {
  clicks("hank", {"A", "B"});
  // 0: item-to-item only, the same answer as a model without sessions.
  const auto items = ids_of(recommend("items_only", "hank"));
  EXPECT_EQ(items, ids_of(recommend("no_sessions", "hank")));
  // (no_sessions has session_weight 100: without sessions in the model, the item part is
  // all there is, and answers alone.)
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items.front(), "Y");
  // 100: session-kNN only: nothing outside the nearest sessions' items.
  for (const auto& id : ids_of(recommend("knn4_sessions_only", "hank"))) {
    EXPECT_TRUE(id == "A" || id == "B" || id == "X") << id;
  }
  // In between, both parts contribute.
  const auto blend = ids_of(recommend("default", "hank"));
  EXPECT_TRUE(contains(blend, "X"));
  EXPECT_TRUE(contains(blend, "Y"));
  EXPECT_TRUE(contains(blend, "Z"));
}

TEST_F(PersonalizedTest, NoHistoryNoAnswer) {
  EXPECT_TRUE(recommend("default", "nobody").items.empty());
  clicks("ivan", {"unknown-item"});
  EXPECT_TRUE(recommend("default", "ivan").items.empty());
}

}  // namespace
}  // namespace recod::reco
