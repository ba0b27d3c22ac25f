// The rules of `recod evaluate` (evaluate_replay.cpp): the time split, what an answer at a
// click is scored against, the metrics, the replay order, and the context each kind of
// scenario gets.

#include "evaluate_replay.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace recod::cli::eval {
namespace {

using config::ModelId;
using store::ItemRef;
using store::StoredEvent;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using tracking::Event;
using tracking::EventKind;

constexpr std::int64_t kSecond = 1000000;
constexpr std::int64_t kDay = 86400 * kSecond;
constexpr std::int64_t kSplit = 1700000000LL * kSecond;

tracking::UserHash user_hash(std::uint8_t n) {
  tracking::UserHash h{};
  h.fill(n);
  return h;
}

StoredEvent stored(std::uint8_t user, EventKind kind, std::string id, std::int64_t time_us) {
  StoredEvent s;
  s.user = user_hash(user);
  s.event.kind = kind;
  s.event.time_us = time_us;
  s.event.item_type = 1;
  s.event.item_id = std::move(id);
  return s;
}

StoredEvent click(std::string id, std::int64_t time_us = kSplit, std::uint8_t user = 1) {
  return stored(user, EventKind::kClick, std::move(id), time_us);
}

StoredEvent buy(std::string id, std::int64_t time_us = kSplit, std::uint8_t user = 1) {
  return stored(user, EventKind::kBuy, std::move(id), time_us);
}

ItemRef item(std::string id) { return ItemRef{1, std::move(id)}; }

// A replay user whose events are all in the test part.
ReplayUser test_user(std::vector<StoredEvent> events, std::string id = "u") {
  ReplayUser u;
  u.id = std::move(id);
  u.events = std::move(events);
  return u;
}

// Events in memory, user by user, as the store's scan yields them.
class Events final : public model::EventSource {
 public:
  explicit Events(std::vector<StoredEvent> events) : events_(std::move(events)) {}
  [[nodiscard]] Status scan_events(
      const std::function<bool(const StoredEvent&)>& fn) const override {
    for (const auto& e : events_) {
      if (!fn(e)) break;
    }
    return Status::ok();
  }
  [[nodiscard]] Status scan_categories(
      const std::function<void(std::uint32_t, std::string_view, std::string_view)>& /*fn*/)
      const override {
    return Status::ok();
  }

 private:
  std::vector<StoredEvent> events_;
};

std::vector<std::string> ids(const std::vector<StoredEvent>& events) {
  std::vector<std::string> out;
  out.reserve(events.size());
  for (const auto& e : events) out.push_back(e.event.item_id);
  return out;
}

// --- the split --------------------------------------------------------------------------

TEST(SplitSourceTest, TheBuilderSeesOnlyEventsBeforeTheSplit) {
  const Events all({click("a1", kSplit - 2 * kDay, 1), click("a2", kSplit - 1, 1),
                    click("a3", kSplit, 1),  // at the split: test part
                    click("a4", kSplit + kDay, 1), click("b1", kSplit - kDay, 2),
                    click("c1", kSplit + 5, 3)});
  SplitSource split(all, kSplit, 50);
  std::vector<std::string> seen;
  ASSERT_TRUE(split
                  .scan_events([&seen](const StoredEvent& e) {
                    seen.push_back(e.event.item_id);
                    return true;
                  })
                  .is_ok());

  EXPECT_THAT(seen, ElementsAre("a1", "a2", "b1"));
  EXPECT_EQ(split.counts().train_events, 3u);
  EXPECT_EQ(split.counts().test_events, 3u);
  EXPECT_EQ(split.counts().test_users, 2u);  // user 2 has nothing to replay

  const auto users = split.take_users();
  ASSERT_EQ(users.size(), 2u);
  EXPECT_THAT(ids(users[0].events), ElementsAre("a1", "a2", "a3", "a4"));
  EXPECT_EQ(users[0].first_test, 2u);
  EXPECT_THAT(ids(users[1].events), ElementsAre("c1"));
  EXPECT_EQ(users[1].first_test, 0u);
  EXPECT_NE(users[0].id, users[1].id);
}

TEST(SplitSourceTest, KeepsOnlyTheNewestHistoryOfAReplayedUser) {
  std::vector<StoredEvent> events;
  events.reserve(21);
  for (int i = 0; i < 20; ++i) events.push_back(click("old" + std::to_string(i), kSplit - 100 + i));
  events.push_back(click("new", kSplit + 1));
  const Events all(std::move(events));
  SplitSource split(all, kSplit, 3);
  std::size_t seen = 0;
  ASSERT_TRUE(split
                  .scan_events([&seen](const StoredEvent& /*e*/) {
                    ++seen;
                    return true;
                  })
                  .is_ok());

  EXPECT_EQ(seen, 20u);  // the builder still gets everything before the split
  const auto users = split.take_users();
  ASSERT_EQ(users.size(), 1u);
  EXPECT_THAT(ids(users[0].events), ElementsAre("old17", "old18", "old19", "new"));
  EXPECT_EQ(users[0].first_test, 3u);
}

// --- the user's data as of a click ------------------------------------------------------

TEST(ReplayHistoryTest, ShowsOnlyTheEventsUpToTheReplayedClick) {
  const ReplayUser u = test_user({click("a", 1), click("b", 2), click("c", 3), click("d", 4)});
  ReplayHistory history(365);
  history.show(u, 3);

  auto h = history.history("c1", "u", 50, 3);
  ASSERT_TRUE(h.is_ok());
  EXPECT_THAT(ids(*h), ElementsAre("a", "b", "c"));  // never "d", the future
  h = history.history("c1", "u", 2, 3);
  ASSERT_TRUE(h.is_ok());
  EXPECT_THAT(ids(*h), ElementsAre("b", "c"));  // the newest `limit`
  h = history.history("c1", "someone-else", 50, 3);
  ASSERT_TRUE(h.is_ok());
  EXPECT_THAT(*h, IsEmpty());
}

TEST(ReplayHistoryTest, BlacklistInForceAtTheClick) {
  const ReplayUser u =
      test_user({stored(1, EventKind::kBlacklist, "old", kSplit - 10 * kDay),
                 stored(1, EventKind::kBlacklist, "recent", kSplit - kDay), click("a", kSplit),
                 stored(1, EventKind::kBlacklist, "later", kSplit + 1)});
  ReplayHistory history(5);  // blacklist_days
  history.show(u, 3);
  const auto b = history.blacklist("c1", "u", kSplit);
  ASSERT_TRUE(b.is_ok());
  EXPECT_THAT(*b, ElementsAre(item("recent")));
}

// --- targets and scores -----------------------------------------------------------------

TEST(TargetsTest, TheNextClickOnAnotherItem) {
  const ReplayUser u =
      test_user({click("a"), click("a"), stored(1, EventKind::kBasket, "x", kSplit),
                 stored(1, EventKind::kClickRecommended, "b", kSplit), click("c")});
  EXPECT_EQ(targets_at(u, 0).next_click, item("b"));  // not the repeated a, not the basket
  EXPECT_EQ(targets_at(u, 1).next_click, item("b"));
  EXPECT_EQ(targets_at(u, 3).next_click, item("c"));
  EXPECT_FALSE(targets_at(u, 4).next_click.has_value());  // the last click
}

TEST(TargetsTest, TheDistinctItemsBoughtLater) {
  const ReplayUser u =
      test_user({buy("early"), click("a"), buy("x"), click("b"), buy("y"), buy("x"), click("c")});
  EXPECT_THAT(targets_at(u, 1).later_buys, ElementsAre(item("x"), item("y")));
  EXPECT_THAT(targets_at(u, 3).later_buys, ElementsAre(item("y"), item("x")));
  EXPECT_THAT(targets_at(u, 6).later_buys, IsEmpty());
}

TEST(ScoreTest, HitRateAndReciprocalRankOfTheNextClick) {
  Metrics m;
  Targets t;
  t.next_click = item("c");
  score(std::vector<ItemRef>{item("a"), item("b"), item("c")}, t, 20, m);  // rank 3
  score(std::vector<ItemRef>{item("c")}, t, 20, m);                        // rank 1
  score(std::vector<ItemRef>{item("a")}, t, 20, m);                        // a miss
  score(std::vector<ItemRef>{}, t, 20, m);                                 // nothing
  EXPECT_EQ(m.requests, 4u);
  EXPECT_EQ(m.empty_answers, 1u);
  EXPECT_EQ(m.click_points, 4u);
  EXPECT_EQ(m.hits, 2u);
  EXPECT_DOUBLE_EQ(m.hit_rate(), 0.5);
  EXPECT_DOUBLE_EQ(m.mrr(), (1.0 / 3 + 1.0) / 4);
  EXPECT_EQ(m.buy_points, 0u);
  EXPECT_TRUE(std::isnan(m.precision()));
  EXPECT_TRUE(std::isnan(m.recall()));
}

TEST(ScoreTest, OnlyTheFirstKItemsCount) {
  Metrics m;
  Targets t;
  t.next_click = item("c");
  score(std::vector<ItemRef>{item("a"), item("b"), item("c")}, t, 2, m);
  EXPECT_EQ(m.hits, 0u);
  EXPECT_DOUBLE_EQ(m.mrr(), 0.0);
}

TEST(ScoreTest, PrecisionAndRecallOfTheLaterBuys) {
  Metrics m;
  Targets t;
  t.later_buys = {item("x"), item("y")};
  // k = 4: one of two bought items in the answer.
  score(std::vector<ItemRef>{item("x"), item("a")}, t, 4, m);
  // Both.
  score(std::vector<ItemRef>{item("y"), item("x"), item("a"), item("b")}, t, 4, m);
  EXPECT_EQ(m.click_points, 0u);  // no next click: not scored for HR
  EXPECT_TRUE(std::isnan(m.hit_rate()));
  EXPECT_EQ(m.buy_points, 2u);
  EXPECT_DOUBLE_EQ(m.precision(), (1.0 / 4 + 2.0 / 4) / 2);  // over k, not the answer's size
  EXPECT_DOUBLE_EQ(m.recall(), (1.0 / 2 + 2.0 / 2) / 2);
}

// --- the replay -------------------------------------------------------------------------

TEST(ReplayTest, AsksAfterEveryTestClickWithATargetInTimeOrder) {
  ReplayUser u;
  u.id = "u";
  u.events = {click("h1", kSplit - 2), click("h2", kSplit - 1),  // history, never replayed
              click("a", kSplit),      click("b", kSplit + 1),  buy("b", kSplit + 2),
              click("c", kSplit + 3),  click("c", kSplit + 4)};
  u.first_test = 2;
  const std::vector<ReplayUser> users{u};
  std::vector<std::pair<std::size_t, std::size_t>> asked;  // (scenario, position)
  std::vector<std::uint64_t> progress;
  // Scenario 0 answers the truth (the next other item), scenario 1 the clicked item.
  const auto metrics = replay(
      users, 2, 10,
      [&asked](std::size_t s, const ReplayUser& user,
               std::size_t position) -> Result<std::vector<ItemRef>> {
        asked.emplace_back(s, position);
        if (s == 1) return std::vector<ItemRef>{item(user.events[position].event.item_id)};
        const auto next = targets_at(user, position).next_click;
        return next ? std::vector<ItemRef>{*next} : std::vector<ItemRef>{};
      },
      [&progress](std::uint64_t clicks) { progress.push_back(clicks); });
  ASSERT_TRUE(metrics.is_ok()) << metrics.status().message();

  // a (next b, buys b), b (next c): scored; both c's have neither a next click nor a buy.
  using P = std::pair<std::size_t, std::size_t>;
  EXPECT_THAT(asked, ElementsAre(P{0, 2}, P{1, 2}, P{0, 3}, P{1, 3}));
  EXPECT_THAT(progress, ElementsAre(1u, 2u, 3u, 4u));  // every test click counts
  ASSERT_EQ(metrics->size(), 2u);
  EXPECT_DOUBLE_EQ((*metrics)[0].hit_rate(), 1.0);
  EXPECT_DOUBLE_EQ((*metrics)[0].mrr(), 1.0);
  // Both clicks come before the buy of b: at a the answer (b) has it, at b the answer (c)
  // does not.
  EXPECT_EQ((*metrics)[0].buy_points, 2u);
  EXPECT_DOUBLE_EQ((*metrics)[0].recall(), (1.0 + 0.0) / 2);
  EXPECT_DOUBLE_EQ((*metrics)[0].precision(), (1.0 / 10 + 0.0) / 2);  // over k = 10
  EXPECT_DOUBLE_EQ((*metrics)[1].hit_rate(), 0.0);  // the clicked item is never "next"
  EXPECT_EQ(test_clicks(users), 4u);
}

TEST(ReplayTest, AFailedRequestFailsTheReplay) {
  const std::vector<ReplayUser> users{test_user({click("a"), click("b")})};
  const auto metrics = replay(
      users, 1, 10,
      [](std::size_t, const ReplayUser&, std::size_t) -> Result<std::vector<ItemRef>> {
        return Status::invalid("bad scenario");
      },
      nullptr);
  ASSERT_FALSE(metrics.is_ok());
  EXPECT_EQ(metrics.status().message(), "bad scenario");
}

// --- scenarios ---------------------------------------------------------------------------

config::ScenarioConfig scenario(std::vector<ModelId> stages) {
  config::ScenarioConfig s;
  s.id = "s";
  s.stages = std::move(stages);
  return s;
}

TEST(ContextModeTest, FollowsWhatTheScenarioIsFedWith) {
  EXPECT_EQ(context_mode(scenario({ModelId::kAlsoClicked, ModelId::kBestseller})),
            ContextMode::kLastClick);
  EXPECT_EQ(context_mode(scenario({ModelId::kBoughtAfterViewing})), ContextMode::kLastClick);
  EXPECT_EQ(context_mode(scenario({ModelId::kPersonalized, ModelId::kBestseller})),
            ContextMode::kHistory);
  EXPECT_EQ(context_mode(scenario({ModelId::kBestseller, ModelId::kRecentlyViewed})),
            ContextMode::kHistory);
  EXPECT_EQ(context_mode(scenario({ModelId::kMostClicked})), ContextMode::kNone);
  EXPECT_EQ(context_mode_name(ContextMode::kHistory), "CLICKED");
}

TEST(BaselinesTest, BestsellerAndMostClicked) {
  const auto b = baselines();
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].config.id, "bestseller");
  EXPECT_THAT(b[0].config.stages, ElementsAre(ModelId::kBestseller));
  EXPECT_EQ(b[1].config.id, "most_clicked");
  EXPECT_THAT(b[1].config.stages, ElementsAre(ModelId::kMostClicked));
  EXPECT_TRUE(b[0].baseline);
  EXPECT_TRUE(b[1].baseline);
}

}  // namespace
}  // namespace recod::cli::eval
