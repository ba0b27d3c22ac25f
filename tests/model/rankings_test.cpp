// The ranked lists (bestseller, most_clicked) and viewer counts on planted histories.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model_test_util.hpp"

namespace recod::model::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// The newest event of every dataset below; the windows end here unless now is earlier.
constexpr std::int64_t kEnd = kNow - kMicrosPerHour;
constexpr std::int64_t kWeek = 7 * kMicrosPerDay;

Event click_at(std::string id, std::int64_t time_us, std::uint32_t type = 1) {
  return event(EventKind::kClick, std::move(id), time_us, type);
}

// Buys of several items, with categories, some outside the 7-day window.
VectorEventSource bestseller_source() {
  VectorEventSource source;
  const std::int64_t day_ago = kEnd - kMicrosPerDay;
  source.add_user(0, {buy("X", 5, day_ago), buy("Y", 1, day_ago)});
  source.add_user(1, {buy("Y", 1, day_ago)});
  source.add_user(2, {buy("Y", 1, day_ago)});
  source.add_user(3, {buy("W", 2, day_ago)});
  source.add_user(4, {buy("Z", 100, kEnd - 8 * kMicrosPerDay)});
  source.add_user(5, {buy("T", 1, day_ago, 2)});
  // The window is (end - 7 days, end].
  source.add_user(6, {buy("Old", 50, kEnd - kWeek), buy("Edge", 1, kEnd - kWeek + 1)});
  source.add_user(7, {click_at("Newest", kEnd)});
  source.add_category(1, "X", "Shoes/Kids");
  source.add_category(1, "Y", "Shoes");
  source.add_category(1, "W", "Shoes/Men");
  source.add_category(1, "W", "Shoes/Women");
  source.add_category(1, "W", "Hats");
  source.add_category(1, "Z", "Shoes");
  source.add_category(2, "T", "Shoes");
  source.add_category(1, "Ghost", "Shoes");  // never in an event
  return source;
}

TEST(BestsellerTest, RanksQuantityBoughtInTheWindowEndingAtTheNewestEvent) {
  const auto source = bestseller_source();
  const auto model = build(source, {}, kNow + 30 * kMicrosPerDay);  // data a month old

  EXPECT_THAT(ranking_ids(*model, RankingKind::kBestseller, 1), ElementsAre("X", "Y", "W", "Edge"));
  EXPECT_THAT(ranking_scores(*model, RankingKind::kBestseller, 1), ElementsAre(5, 3, 2, 1));
  EXPECT_THAT(ranking_ids(*model, RankingKind::kBestseller, 2), ElementsAre("T"));
  EXPECT_THAT(ranking_ids(*model, RankingKind::kBestseller, 3), IsEmpty());
}

TEST(BestsellerTest, HasAListPerCategoryPrefix) {
  const auto source = bestseller_source();
  const auto model = build(source);

  // "Shoes" includes "Shoes/Kids" and "Shoes/Men"; W is there once for its two sub-paths.
  EXPECT_THAT(ranking_ids(*model, RankingKind::kBestseller, 1, "Shoes"),
              ElementsAre("X", "Y", "W"));
  EXPECT_THAT(ranking_ids(*model, RankingKind::kBestseller, 1, "Shoes/Kids"), ElementsAre("X"));
  EXPECT_THAT(ranking_ids(*model, RankingKind::kBestseller, 1, "Shoes/Men"), ElementsAre("W"));
  EXPECT_THAT(ranking_ids(*model, RankingKind::kBestseller, 1, "Hats"), ElementsAre("W"));
  EXPECT_THAT(ranking_ids(*model, RankingKind::kBestseller, 2, "Shoes"), ElementsAre("T"));
  EXPECT_THAT(ranking_ids(*model, RankingKind::kBestseller, 1, "Shoe"), IsEmpty());
  EXPECT_THAT(ranking_ids(*model, RankingKind::kBestseller, 1, "Shoes/Kids/Boys"), IsEmpty());
  // Stray slashes in the request are forgiven.
  EXPECT_THAT(ranking_ids(*model, RankingKind::kBestseller, 1, "/Shoes/Kids/"), ElementsAre("X"));
}

TEST(BestsellerTest, WindowEndsAtNowWhenEventsAreNewer) {
  VectorEventSource source;
  source.add_user(0, {buy("G", 1, kNow - 3 * kMicrosPerHour), buy("F", 1, kNow - kMicrosPerHour)});
  const auto model = build(source, {}, kNow - 2 * kMicrosPerHour);
  EXPECT_THAT(ranking_ids(*model, RankingKind::kBestseller, 1), ElementsAre("G"));
}

TEST(BestsellerTest, ListsAreTruncatedToTheRankingLength) {
  const auto source = bestseller_source();
  ModelParams params;
  params.ranking_length = 2;
  const auto model = build(source, params);
  EXPECT_THAT(ranking_ids(*model, RankingKind::kBestseller, 1), ElementsAre("X", "Y"));
  EXPECT_THAT(ranking_ids(*model, RankingKind::kBestseller, 1, "Shoes"), ElementsAre("X", "Y"));
  EXPECT_THAT(ranking_ids(*model, RankingKind::kBestseller, 1, "Hats"), ElementsAre("W"));
}

// Equal scores in the order of answers, by id (not by first appearance, C A B), so that a
// request finds its ties ordered already; and the length cuts a tie by id too.
TEST(BestsellerTest, EqualScoresGoByIdAsAnswersDo) {
  VectorEventSource source;
  source.add_user(0, {buy("C", 2, kEnd)});
  source.add_user(1, {buy("A", 1, kEnd), buy("B", 2, kEnd)});
  source.add_user(2, {buy("A", 1, kEnd)});
  source.add_user(3, {buy("D", 3, kEnd)});
  EXPECT_THAT(ranking_ids(*build(source), RankingKind::kBestseller, 1),
              ElementsAre("D", "A", "B", "C"));
  ModelParams params;
  params.ranking_length = 3;
  EXPECT_THAT(ranking_ids(*build(source, params), RankingKind::kBestseller, 1),
              ElementsAre("D", "A", "B"));
}

// A tie longer than the list: the smallest ids of it are kept, whatever order they came in.
TEST(BestsellerTest, ALongTieIsCutByIdAfterTheHigherScores) {
  VectorEventSource source;
  std::uint32_t user = 0;
  for (int i = 40; i >= 10; --i) source.add_user(user++, {buy("T" + std::to_string(i), 1, kEnd)});
  source.add_user(user++, {buy("Z", 5, kEnd)});
  source.add_user(user++, {buy("Y", 5, kEnd)});
  source.add_user(user, {buy("X", 2, kEnd)});
  ModelParams params;
  params.ranking_length = 6;
  EXPECT_THAT(ranking_ids(*build(source, params), RankingKind::kBestseller, 1),
              ElementsAre("Y", "Z", "X", "T10", "T11", "T12"));
  params.ranking_length = 2;
  EXPECT_THAT(ranking_ids(*build(source, params), RankingKind::kBestseller, 1),
              ElementsAre("Y", "Z"));
  params.ranking_length = 1;
  EXPECT_THAT(ranking_ids(*build(source, params), RankingKind::kBestseller, 1), ElementsAre("Y"));
}

// Clicks in the 3-day window, from several users, some of them repeated.
VectorEventSource clicks_source() {
  VectorEventSource source;
  const std::int64_t t = kEnd - kMicrosPerHour;
  source.add_user(0, {click_at("M", t), click_at("M", t + 1), click_at("M", t + 2)});
  source.add_user(1, {click_at("M", t), event(EventKind::kClickRecommended, "N", t + 1)});
  source.add_user(2, {click_at("N", t), click_at("N", t + 1)});
  source.add_user(3, {click_at("Old", kEnd - 4 * kMicrosPerDay),
                      click_at("M", kEnd - 4 * kMicrosPerDay + 1), buy("B", 1, t)});
  source.add_user(4, {click_at("Q", kEnd, 2)});
  source.add_category(1, "M", "Shoes/Kids");
  return source;
}

TEST(MostClickedTest, RanksClicksInTheWindow) {
  const auto source = clicks_source();
  const auto model = build(source);

  EXPECT_THAT(ranking_ids(*model, RankingKind::kMostClicked, 1), ElementsAre("M", "N"));
  EXPECT_THAT(ranking_scores(*model, RankingKind::kMostClicked, 1), ElementsAre(4, 3));
  EXPECT_THAT(ranking_ids(*model, RankingKind::kMostClicked, 1, "Shoes"), ElementsAre("M"));
  EXPECT_THAT(ranking_ids(*model, RankingKind::kMostClicked, 2), ElementsAre("Q"));
  EXPECT_THAT(ranking_ids(*model, RankingKind::kBestseller, 1), ElementsAre("B"));
}

TEST(MostClickedTest, ViewersAreDistinctClickingUsersInTheWindow) {
  const auto source = clicks_source();
  const auto model = build(source);
  const auto viewers = [&model](const std::string& id) {
    return model->viewers(*model->find(1, id));
  };
  EXPECT_EQ(viewers("M"), 2u);  // users 0 and 1; user 3's click is too old
  EXPECT_EQ(viewers("N"), 2u);  // users 1 (clickrecommended) and 2
  EXPECT_EQ(viewers("Old"), 0u);
  EXPECT_EQ(viewers("B"), 0u);

  ModelParams params;
  params.most_clicked_window_us = 5 * kMicrosPerDay;
  const auto wider = build(source, params);
  EXPECT_EQ(wider->viewers(*wider->find(1, "M")), 3u);
  EXPECT_THAT(ranking_ids(*wider, RankingKind::kMostClicked, 1), ElementsAre("M", "N", "Old"));
}

}  // namespace
}  // namespace recod::model::test
