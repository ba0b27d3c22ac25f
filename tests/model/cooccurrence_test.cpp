// The item-to-item models (also_clicked, also_bought, also_consumed, bought_after_viewing)
// on small planted histories whose right neighbours are known.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "model_test_util.hpp"

namespace recod::model::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Ids = std::vector<std::string>;

// The test the issue asks for: A and B go together; P goes with everything. P shares more
// users with A than B does (6 against 4), yet B is A's best neighbour.
TEST(AlsoClickedTest, GenuinelyAssociatedPairOutranksMerelyPopularItem) {
  VectorEventSource source;
  std::uint32_t user = 0;
  for (int i = 0; i < 4; ++i) source.add_user(user++, clicks({"P", "A", "B"}));
  for (int i = 0; i < 2; ++i) source.add_user(user++, clicks({"P", "A"}));
  while (user < 95) {
    source.add_user(user, clicks({"P", "F" + std::to_string(user % 10)}));
    ++user;
  }
  while (user < 100) {
    source.add_user(user, clicks({"F" + std::to_string(user % 10), "G"}));
    ++user;
  }
  const auto model = build(source);

  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kAlsoClicked, "A"), ElementsAre("B", "P"));
  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kAlsoClicked, "B"), ElementsAre("A", "P"));
  // 100 users; A in 6, B in 4, P in 95; A with B in 4, A with P in 6.
  EXPECT_FLOAT_EQ(neighbour_score(*model, NeighbourKind::kAlsoClicked, "A", "B"),
                  static_cast<float>(log_likelihood_ratio(4, 2, 0, 94)));
  EXPECT_FLOAT_EQ(neighbour_score(*model, NeighbourKind::kAlsoClicked, "A", "P"),
                  static_cast<float>(log_likelihood_ratio(6, 0, 89, 5)));
}

TEST(AlsoClickedTest, EachPairCountsOncePerUser) {
  VectorEventSource source;
  source.add_user(0, clicks({"A", "B", "A", "B", "A", "B"}));
  source.add_user(1, clicks({"A", "C"}));
  source.add_user(2, clicks({"A", "C"}));
  add_background(source, 3, 7);
  const auto model = build(source);

  // Ten users: A in 3, B in 1, C in 2. Three repeats of A-B in one user are one user.
  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kAlsoClicked, "A"), ElementsAre("C", "B"));
  EXPECT_FLOAT_EQ(neighbour_score(*model, NeighbourKind::kAlsoClicked, "A", "B"),
                  static_cast<float>(log_likelihood_ratio(1, 2, 0, 7)));
  EXPECT_FLOAT_EQ(neighbour_score(*model, NeighbourKind::kAlsoClicked, "A", "C"),
                  static_cast<float>(log_likelihood_ratio(2, 1, 0, 7)));
}

TEST(AlsoClickedTest, ItemsFurtherApartThanTheWindowDoNotCooccur) {
  VectorEventSource source;
  source.add_user(0, clicks({"A", "x1", "x2", "x3", "C"}));
  add_background(source, 1, 5);
  ModelParams params;
  params.cooccurrence_window = 2;
  const auto model = build(source, params);

  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kAlsoClicked, "A"), ElementsAre("x1", "x2"));
  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kAlsoClicked, "C"), ElementsAre("x2", "x3"));
  // Four equal scores: in (type, id) order, the order of answers.
  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kAlsoClicked, "x2"),
              ElementsAre("A", "C", "x1", "x3"));
}

// Requests take a single item's list as it is (reco/stages.cpp): equal scores must come in
// the order of answers, by type and then id, not in the order the items were first seen.
TEST(AlsoClickedTest, TiesAreInTypeThenIdOrder) {
  VectorEventSource source;
  std::vector<Event> events;
  std::int64_t t = kNow - kMicrosPerHour;
  for (const auto& [type, id] : std::vector<std::pair<std::uint32_t, std::string>>{
           {2, "a"}, {1, "z"}, {1, "b10"}, {1, "b9"}, {2, "0"}}) {
    events.push_back(event(EventKind::kClick, id, t, type));
    t += kMicrosPerSecond;
  }
  events.push_back(event(EventKind::kClick, "hub", t));
  source.add_user(0, events);
  add_background(source, 1, 5);
  ModelParams params;
  params.cooccurrence_window = 10;
  const auto model = build(source, params);

  const auto hub = model->find(1, "hub");
  ASSERT_TRUE(hub.has_value());
  std::vector<std::pair<std::uint32_t, std::string>> got;
  for (const auto& n : model->neighbours(NeighbourKind::kAlsoClicked, *hub)) {
    got.emplace_back(model->item_type(n.item), std::string(model->item_id(n.item)));
  }
  const std::vector<std::pair<std::uint32_t, std::string>> want = {
      {1, "b10"}, {1, "b9"}, {1, "z"}, {2, "0"}, {2, "a"}};
  EXPECT_EQ(got, want);
}

TEST(AlsoClickedTest, OnlyTheNewestEventsOfAHeavyUserCount) {
  VectorEventSource source;
  // Rendered events are no model's input: they neither count nor use up the cap.
  source.add_user(0, in_order({event(EventKind::kClick, "A"), event(EventKind::kClick, "B"),
                               event(EventKind::kClick, "C"), event(EventKind::kRendered, "R1"),
                               event(EventKind::kRendered, "R2"), event(EventKind::kClick, "D"),
                               event(EventKind::kClick, "E")}));
  add_background(source, 1, 5);
  ModelParams params;
  params.max_events_per_user = 3;
  const auto model = build(source, params);

  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kAlsoClicked, "A"), IsEmpty());
  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kAlsoClicked, "C"), ElementsAre("D", "E"));
  EXPECT_TRUE(model->find(1, "A").has_value());  // still a known item

  params.max_events_per_user = 0;  // no cap
  const auto uncapped = build(source, params);
  EXPECT_THAT(neighbour_ids(*uncapped, NeighbourKind::kAlsoClicked, "A"),
              ElementsAre("B", "C", "D", "E"));
}

TEST(AlsoClickedTest, ClickRecommendedIsAClickAndOtherKindsAreIgnored) {
  VectorEventSource source;
  source.add_user(0, in_order({event(EventKind::kClick, "A"), event(EventKind::kRendered, "R"),
                               event(EventKind::kBasket, "K"),
                               event(EventKind::kClickRecommended, "B"), buy("Z")}));
  add_background(source, 1, 5);
  ModelParams params;
  params.cooccurrence_window = 1;  // A and B are adjacent among the clicks only
  const auto model = build(source, params);

  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kAlsoClicked, "A"), ElementsAre("B"));
  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kAlsoClicked, "B"), ElementsAre("A"));
}

TEST(AlsoClickedTest, KeepsTheBestKNeighbours) {
  VectorEventSource source;
  std::uint32_t user = 0;
  // A goes with N1 in 6 users, N2 in 5, ..., N6 in 1; each N only ever with A.
  for (int j = 1; j <= 6; ++j) {
    for (int r = 0; r < 7 - j; ++r) source.add_user(user++, clicks({"A", "N" + std::to_string(j)}));
  }
  add_background(source, user, 20);
  ModelParams params;
  const auto all = build(source, params);
  EXPECT_THAT(neighbour_ids(*all, NeighbourKind::kAlsoClicked, "A"),
              ElementsAre("N1", "N2", "N3", "N4", "N5", "N6"));

  params.neighbours = 3;
  const auto top3 = build(source, params);
  EXPECT_THAT(neighbour_ids(*top3, NeighbourKind::kAlsoClicked, "A"),
              ElementsAre("N1", "N2", "N3"));
  EXPECT_EQ(top3->info().pairs, all->info().pairs - 3);
}

TEST(AlsoClickedTest, TiesAreInIdOrderAndRebuildsAreIdentical) {
  VectorEventSource source;
  source.add_user(0, clicks({"A", "Z"}));
  source.add_user(1, clicks({"A", "X"}));
  source.add_user(2, clicks({"A", "Y"}));
  add_background(source, 3, 5);
  const auto first = build(source);
  const auto second = build(source);

  EXPECT_THAT(neighbour_ids(*first, NeighbourKind::kAlsoClicked, "A"), ElementsAre("X", "Y", "Z"));
  for (ItemIndex i = 0; i < first->item_count(); ++i) {
    const auto a = first->neighbours(NeighbourKind::kAlsoClicked, i);
    const auto b = second->neighbours(NeighbourKind::kAlsoClicked, i);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t j = 0; j < a.size(); ++j) {
      EXPECT_EQ(a[j].item, b[j].item);
      EXPECT_EQ(a[j].score, b[j].score);
    }
  }
}

// Random shoppers: clicks with some buys and consumes of what they clicked, over a small
// catalogue whose first items are popular, so that every kind has many pairs and items of
// very different work.
VectorEventSource random_shoppers(std::uint32_t users, int items, std::uint32_t seed) {
  VectorEventSource source;
  std::mt19937 random(seed);
  std::geometric_distribution<int> length(0.15);
  std::geometric_distribution<int> popular(0.05);
  std::uniform_int_distribution<int> percent(0, 99);
  for (std::uint32_t user = 0; user < users; ++user) {
    std::vector<Event> history;
    const int n = 1 + length(random);
    for (int e = 0; e < n; ++e) {
      const std::string id = std::to_string(1 + popular(random) % items);
      history.push_back(event(EventKind::kClick, id));
      if (percent(random) < 15) history.push_back(buy(id));
      if (percent(random) < 10) history.push_back(consume(id, percent(random)));
    }
    source.add_user(user, in_order(std::move(history)));
  }
  return source;
}

void expect_same_neighbours(const CustomerModel& expected, const CustomerModel& actual) {
  ASSERT_EQ(expected.item_count(), actual.item_count());
  for (std::size_t kind = 0; kind < kNeighbourKinds; ++kind) {
    for (ItemIndex i = 0; i < expected.item_count(); ++i) {
      const auto a = expected.neighbours(static_cast<NeighbourKind>(kind), i);
      const auto b = actual.neighbours(static_cast<NeighbourKind>(kind), i);
      ASSERT_EQ(a.size(), b.size()) << "kind " << kind << ", item " << i;
      for (std::size_t j = 0; j < a.size(); ++j) {
        EXPECT_EQ(a[j].item, b[j].item) << "kind " << kind << ", item " << i << ", rank " << j;
        EXPECT_EQ(a[j].score, b[j].score) << "kind " << kind << ", item " << i << ", rank " << j;
      }
    }
  }
}

// The neighbour passes share the items out over threads in chunks; the rows must not depend
// on how many threads there were, including more threads than items.
TEST(NeighbourThreadsTest, AnyNumberOfThreadsGivesTheSameModel) {
  const VectorEventSource source = random_shoppers(2000, 300, 7);
  ModelParams one;
  one.build_threads = 1;
  const auto expected = build(source, one);
  ASSERT_GT(expected->info().pairs, 1000u);
  for (const std::size_t threads : {2, 3, 8, 64}) {
    SCOPED_TRACE(threads);
    ModelParams params;
    params.build_threads = threads;
    expect_same_neighbours(*expected, *build(source, params));
  }
  const VectorEventSource tiny = random_shoppers(5, 3, 11);
  ModelParams many;
  many.build_threads = 16;
  expect_same_neighbours(*build(tiny, one), *build(tiny, many));
}

TEST(AlsoClickedTest, KeepsOnlyPositiveAssociations) {
  VectorEventSource source;
  // Two users only, both with A and B: nothing is more likely than chance.
  source.add_user(0, clicks({"A", "B"}));
  source.add_user(1, clicks({"A", "B"}));
  const auto model = build(source);
  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kAlsoClicked, "A"), IsEmpty());
  EXPECT_EQ(model->info().pairs, 0u);
}

TEST(AlsoBoughtTest, CountsBuysOnly) {
  VectorEventSource source;
  source.add_user(0, in_order({buy("A"), buy("B"), event(EventKind::kClick, "C")}));
  source.add_user(1, in_order({buy("A"), buy("B", 3)}));
  source.add_user(2, in_order({event(EventKind::kClick, "A"), event(EventKind::kClick, "D")}));
  add_background(source, 3, 5, EventKind::kBuy);
  const auto model = build(source);

  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kAlsoBought, "A"), ElementsAre("B"));
  // Seven buyers: A and B in 2, both together in 2.
  EXPECT_FLOAT_EQ(neighbour_score(*model, NeighbourKind::kAlsoBought, "A", "B"),
                  static_cast<float>(log_likelihood_ratio(2, 0, 0, 5)));
  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kAlsoClicked, "A"), ElementsAre("D"));
}

TEST(AlsoConsumedTest, RespectsTheThresholdAndTheBestPercentagePerUser) {
  VectorEventSource source;
  source.add_user(0, in_order({consume("A", 80), consume("B", 30), consume("C", std::nullopt)}));
  source.add_user(1, in_order({consume("A", 90), consume("B", 20), consume("B", 70)}));
  source.add_user(2, in_order({consume("A", 60), consume("D", 10)}));
  add_background(source, 3, 5, EventKind::kConsume);  // no percentage: fully consumed
  ModelParams params;
  params.consume_threshold = 50;
  const auto model = build(source, params);

  // B counts for user 1 only (its best is 70), C for user 0 (absent = 100), D never.
  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kAlsoConsumed, "A"), ElementsAre("B", "C"));
  EXPECT_FLOAT_EQ(neighbour_score(*model, NeighbourKind::kAlsoConsumed, "A", "B"),
                  static_cast<float>(log_likelihood_ratio(1, 2, 0, 5)));
  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kAlsoConsumed, "D"), IsEmpty());
  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kAlsoClicked, "A"), IsEmpty());
}

TEST(BoughtAfterViewingTest, CountsBuysAfterTheClickOnly) {
  VectorEventSource source;
  source.add_user(0, in_order({event(EventKind::kClick, "A"), buy("B")}));
  source.add_user(1, in_order({buy("C"), event(EventKind::kClick, "A")}));  // bought first
  source.add_user(2, in_order({event(EventKind::kClick, "A"), buy("A")}));  // the item itself
  add_background(source, 3, 7);
  const auto model = build(source);

  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kBoughtAfterViewing, "A"), ElementsAre("B"));
  // Ten users click or buy: A clicked by 3, B bought by 1, both by 1.
  EXPECT_FLOAT_EQ(neighbour_score(*model, NeighbourKind::kBoughtAfterViewing, "A", "B"),
                  static_cast<float>(log_likelihood_ratio(1, 2, 0, 7)));
  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kBoughtAfterViewing, "B"), IsEmpty());
}

TEST(BoughtAfterViewingTest, ReachesAnyLaterBuyOfTheKeptHistory) {
  VectorEventSource source;
  std::vector<Event> history{event(EventKind::kClick, "A"), event(EventKind::kClick, "A")};
  for (int i = 0; i < 40; ++i) history.push_back(event(EventKind::kClick, "x" + std::to_string(i)));
  history.push_back(buy("B"));
  source.add_user(0, in_order(history));
  add_background(source, 1, 6);
  const auto model = build(source);  // window 20: far beyond it

  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kBoughtAfterViewing, "A"), ElementsAre("B"));
  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kBoughtAfterViewing, "x39"), ElementsAre("B"));

  ModelParams params;
  params.max_events_per_user = 10;  // the clicks on A are no longer kept
  const auto capped = build(source, params);
  EXPECT_THAT(neighbour_ids(*capped, NeighbourKind::kBoughtAfterViewing, "A"), IsEmpty());
  EXPECT_THAT(neighbour_ids(*capped, NeighbourKind::kBoughtAfterViewing, "x39"), ElementsAre("B"));
}

}  // namespace
}  // namespace recod::model::test
