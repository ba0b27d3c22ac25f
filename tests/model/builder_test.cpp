// build_model() as a whole, and the CustomerModel accessors: items, categories, counts,
// errors.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model_test_util.hpp"

namespace recod::model::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(BuildModelTest, EmptySourceGivesAnEmptyModel) {
  const VectorEventSource source;
  const auto model = build(source);

  EXPECT_EQ(model->item_count(), 0u);
  EXPECT_FALSE(model->find(1, "A").has_value());
  EXPECT_THAT(model->ranking(RankingKind::kBestseller, 1), IsEmpty());
  EXPECT_THAT(model->ranking(RankingKind::kMostClicked, 1, "Shoes"), IsEmpty());
  const BuildInfo& info = model->info();
  EXPECT_EQ(info.events, 0u);
  EXPECT_EQ(info.users, 0u);
  EXPECT_EQ(info.items, 0u);
  EXPECT_EQ(info.pairs, 0u);
  EXPECT_EQ(info.newest_event_us, 0);
  EXPECT_GE(info.duration_us, 0);
  EXPECT_EQ(info.built_at_us, kNow + info.duration_us);
}

TEST(BuildModelTest, InfoCountsEventsUsersItemsAndPairs) {
  VectorEventSource source;
  source.add_user(0, in_order({event(EventKind::kClick, "A"), event(EventKind::kClick, "B"),
                               event(EventKind::kRendered, "R")}));
  source.add_user(1, in_order({event(EventKind::kClick, "C"), event(EventKind::kClick, "D")}));
  Event login = event(EventKind::kLogin, "", kNow - 2 * kMicrosPerHour, 0);
  source.add_user(2, {login, event(EventKind::kBasket, "A", kNow - kMicrosPerSecond, 2)});
  source.add_user(3, {event(EventKind::kRendered, "R", kNow - kMicrosPerHour)});
  const auto model = build(source);

  const BuildInfo& info = model->info();
  EXPECT_EQ(info.events, 8u);
  EXPECT_EQ(info.users, 4u);  // including those without a click, buy or consume
  EXPECT_EQ(info.items, 6u);  // A, B, R, C, D and A of type 2
  EXPECT_EQ(model->item_count(), 6u);
  EXPECT_EQ(info.newest_event_us, kNow - kMicrosPerSecond);
  // Two click users: A-B and C-D, both ways.
  EXPECT_EQ(info.pairs, 4u);
  std::uint64_t pairs = 0;
  for (ItemIndex i = 0; i < model->item_count(); ++i) {
    for (std::size_t k = 0; k < kNeighbourKinds; ++k) {
      pairs += model->neighbours(static_cast<NeighbourKind>(k), i).size();
    }
  }
  EXPECT_EQ(pairs, info.pairs);
}

TEST(BuildModelTest, FindsItemsByTypeAndStringId) {
  VectorEventSource source;
  source.add_user(0,
                  in_order({event(EventKind::kClick, "sku-ä/1 x"), event(EventKind::kClick, "42"),
                            event(EventKind::kClick, "42", 0, 7)}));
  const auto model = build(source);

  const auto sku = model->find(1, "sku-ä/1 x");
  ASSERT_TRUE(sku.has_value());
  EXPECT_EQ(model->item_id(*sku), "sku-ä/1 x");
  EXPECT_EQ(model->item_type(*sku), 1u);
  const auto a = model->find(1, "42");
  const auto b = model->find(7, "42");
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  EXPECT_NE(*a, *b);
  EXPECT_EQ(model->item_type(*b), 7u);
  EXPECT_EQ(model->item_id(*b), "42");

  EXPECT_FALSE(model->find(1, "43").has_value());
  EXPECT_FALSE(model->find(2, "42").has_value());
  EXPECT_FALSE(model->find(1, "sku").has_value());
  EXPECT_FALSE(model->find(1, "").has_value());
}

TEST(BuildModelTest, IndexesItemsInOrderOfFirstAppearance) {
  VectorEventSource source;
  std::vector<Event> events;
  for (int i = 0; i < 3000; ++i) events.push_back(event(EventKind::kClick, std::to_string(i)));
  source.add_user(0, in_order(events));
  ModelParams params;
  params.neighbours = 0;  // only the dictionary matters here
  const auto model = build(source, params);

  ASSERT_EQ(model->item_count(), 3000u);
  for (ItemIndex i = 0; i < 3000; ++i) {
    EXPECT_EQ(model->find(1, std::to_string(i)), std::optional<ItemIndex>(i));
    EXPECT_EQ(model->item_id(i), std::to_string(i));
  }
  EXPECT_EQ(model->info().pairs, 0u);
}

TEST(BuildModelTest, KeepsEachItemsCategoriesSortedOnce) {
  VectorEventSource source;
  source.add_user(0, clicks({"A", "B"}));
  source.add_category(1, "A", "Shoes/Men");
  source.add_category(1, "A", "Hats");
  source.add_category(1, "A", "Shoes/Men");
  source.add_category(1, "Ghost", "Hats");  // in no event: dropped
  const auto model = build(source);

  EXPECT_THAT(model->categories(*model->find(1, "A")), ElementsAre("Hats", "Shoes/Men"));
  EXPECT_THAT(model->categories(*model->find(1, "B")), IsEmpty());
  EXPECT_FALSE(model->find(1, "Ghost").has_value());
}

TEST(BuildModelTest, UnknownIndicesGiveEmptyLists) {
  VectorEventSource source;
  source.add_user(0, clicks({"A"}));
  const auto model = build(source);
  EXPECT_THAT(model->neighbours(NeighbourKind::kAlsoBought, 0), IsEmpty());
  EXPECT_THAT(model->neighbours(NeighbourKind::kAlsoClicked, 99), IsEmpty());
  EXPECT_THAT(model->categories(99), IsEmpty());
}

TEST(BuildModelTest, ReportsTheSourcesFailure) {
  VectorEventSource source;
  source.add_user(0, clicks({"A", "B"}));
  source.fail_with(Status::io_error("disk on fire"));
  const auto result = build_model(source, {}, kNow);
  ASSERT_FALSE(result.is_ok());
  EXPECT_EQ(result.status().code(), StatusCode::kIoError);
  EXPECT_EQ(result.status().message(), "disk on fire");
}

TEST(BuildModelTest, EachRunOfAUserIsItsOwnHistory) {
  // A source should yield each user once; if not, nothing breaks and no run is lost.
  VectorEventSource source;
  source.add_user(0, clicks({"A", "B"}));
  source.add_user(1, clicks({"C", "D"}));
  source.add_user(0, clicks({"E", "F"}));
  add_background(source, 2, 3);
  const auto model = build(source);
  EXPECT_EQ(model->info().users, 6u);
  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kAlsoClicked, "B"), ElementsAre("A"));
  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kAlsoClicked, "E"), ElementsAre("F"));
}

}  // namespace
}  // namespace recod::model::test
