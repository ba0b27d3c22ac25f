// Click sessions (sessions.cpp) as build_model() puts them into the model: where a session
// is cut, which sessions and items are kept, and the item -> recent sessions index.

#include "sessions.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model_test_util.hpp"

namespace recod::model::test {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

constexpr std::int64_t kMinute = 60 * kMicrosPerSecond;
constexpr std::int64_t kStart = kNow - kMicrosPerDay;

Event click_at(const std::string& id, std::int64_t time_us) {
  return event(EventKind::kClick, id, time_us);
}

std::vector<std::string> session_ids(const CustomerModel& model, SessionIndex s) {
  std::vector<std::string> out;
  for (const ItemIndex i : model.session_items(s)) out.emplace_back(model.item_id(i));
  return out;
}

std::vector<SessionIndex> sessions_of(const CustomerModel& model, const std::string& id) {
  const auto i = model.find(1, id);
  if (!i) return {};
  const auto sessions = model.item_sessions(*i);
  return {sessions.begin(), sessions.end()};
}

TEST(SessionsTest, APauseOfMoreThanThirtyMinutesStartsANewSession) {
  VectorEventSource source;
  source.add_user(0,
                  {click_at("A", kStart), click_at("B", kStart + 10 * kMinute),
                   // exactly 30 minutes: still the same session
                   click_at("C", kStart + 40 * kMinute),
                   // 30 minutes and a microsecond: a new one
                   click_at("D", kStart + 70 * kMinute + 1), click_at("E", kStart + 71 * kMinute)});
  const auto model = build(source);

  ASSERT_EQ(model->session_count(), 2u);
  EXPECT_EQ(model->info().sessions, 2u);
  EXPECT_THAT(session_ids(*model, 0), ElementsAre("D", "E"));  // the more recent
  EXPECT_THAT(session_ids(*model, 1), ElementsAre("A", "B", "C"));
  EXPECT_THAT(sessions_of(*model, "C"), ElementsAre(1u));
  EXPECT_THAT(sessions_of(*model, "D"), ElementsAre(0u));
}

TEST(SessionsTest, ALongerGapParameterJoinsTheSessions) {
  VectorEventSource source;
  source.add_user(0, {click_at("A", kStart), click_at("B", kStart + 10 * kMinute),
                      click_at("C", kStart + 70 * kMinute), click_at("D", kStart + 71 * kMinute)});
  ModelParams params;
  params.session_gap_us = 120 * kMinute;
  const auto model = build(source, params);

  ASSERT_EQ(model->session_count(), 1u);
  EXPECT_THAT(session_ids(*model, 0), ElementsAre("A", "B", "C", "D"));
}

TEST(SessionsTest, SessionsOfFewerThanTwoDistinctItemsAreDropped) {
  VectorEventSource source;
  const std::int64_t hour = 60 * kMinute;
  source.add_user(0, {click_at("A", kStart),  // alone
                      click_at("B", kStart + hour), click_at("B", kStart + hour + kMinute),
                      click_at("B", kStart + hour + 2 * kMinute),  // one item, three clicks
                      click_at("C", kStart + 2 * hour), click_at("D", kStart + 2 * hour + kMinute),
                      click_at("C", kStart + 2 * hour + 2 * kMinute)});
  // Another user's single click and a buy do not make a session either.
  source.add_user(1, {click_at("E", kStart), buy("F", 1, kStart + kMinute)});
  const auto model = build(source);

  ASSERT_EQ(model->session_count(), 1u);
  EXPECT_THAT(session_ids(*model, 0), ElementsAre("C", "D"));  // distinct, first click order
  EXPECT_THAT(sessions_of(*model, "A"), IsEmpty());
  EXPECT_THAT(sessions_of(*model, "B"), IsEmpty());
  EXPECT_THAT(sessions_of(*model, "E"), IsEmpty());
  EXPECT_THAT(sessions_of(*model, "C"), ElementsAre(0u));
}

TEST(SessionsTest, ALongSessionKeepsItsNewestFiftyItems) {
  VectorEventSource source;
  std::vector<Event> events;
  std::vector<std::string> newest;
  for (int i = 0; i < 60; ++i) {
    const std::string id = "i" + std::to_string(i);
    events.push_back(click_at(id, kStart + i * kMinute));
    if (i >= 10) newest.push_back(id);
  }
  source.add_user(0, std::move(events));
  const auto model = build(source);

  ASSERT_EQ(model->session_count(), 1u);
  EXPECT_THAT(session_ids(*model, 0), ElementsAreArray(newest));
  EXPECT_THAT(sessions_of(*model, "i9"), IsEmpty());
  EXPECT_THAT(sessions_of(*model, "i10"), ElementsAre(0u));
}

// Users 0..5 each have one session {S, Ok}; the scan order (user order) is not the time
// order, so the index must follow the sessions' last clicks.
VectorEventSource shared_item_sessions() {
  VectorEventSource source;
  const int minutes_ago[] = {300, 60, 500, 120, 10, 200};
  for (std::uint32_t u = 0; u < 6; ++u) {
    const std::int64_t t = kNow - minutes_ago[u] * kMinute;
    source.add_user(u, {click_at("S", t), click_at("O" + std::to_string(u), t + kMinute)});
  }
  return source;
}

TEST(SessionsTest, ItemSessionsAreMostRecentFirst) {
  const auto model = build(shared_item_sessions());

  ASSERT_EQ(model->session_count(), 6u);
  // By recency: users 4 (10 min ago), 1, 3, 5, 0, 2 (500 min ago).
  const char* by_recency[] = {"O4", "O1", "O3", "O5", "O0", "O2"};
  for (SessionIndex s = 0; s < 6; ++s) {
    EXPECT_THAT(session_ids(*model, s), ElementsAre("S", by_recency[s])) << s;
    EXPECT_THAT(sessions_of(*model, by_recency[s]), ElementsAre(s));
  }
  EXPECT_THAT(sessions_of(*model, "S"), ElementsAre(0u, 1u, 2u, 3u, 4u, 5u));
}

TEST(SessionsTest, SessionsPerItemKeepsTheMostRecentOnes) {
  ModelParams params;
  params.sessions_per_item = 3;
  const auto model = build(shared_item_sessions(), params);

  // Every session is kept; only the index of the shared item is cut.
  ASSERT_EQ(model->session_count(), 6u);
  EXPECT_THAT(sessions_of(*model, "S"), ElementsAre(0u, 1u, 2u));
  EXPECT_THAT(sessions_of(*model, "O2"), ElementsAre(5u));  // its own only session, the oldest
}

TEST(SessionsTest, NoSessionsWhenSessionsPerItemIsZero) {
  ModelParams params;
  params.sessions_per_item = 0;
  VectorEventSource source = shared_item_sessions();
  source.add_user(10, {click_at("P", kStart), click_at("R", kStart + kMinute)});
  source.add_user(11, {click_at("P", kStart), click_at("R", kStart + kMinute)});
  add_background(source, 100, 20);
  const auto model = build(source, params);

  EXPECT_EQ(model->session_count(), 0u);
  EXPECT_EQ(model->info().sessions, 0u);
  EXPECT_THAT(sessions_of(*model, "S"), IsEmpty());
  EXPECT_THAT(model->session_items(0), IsEmpty());
  // The item-to-item models do not depend on it.
  EXPECT_THAT(neighbour_ids(*model, NeighbourKind::kAlsoClicked, "P"), ElementsAre("R"));
}

// The two steps on their own, on hand-made sequences.

TEST(SessionsTest, ClickSessionsCutsEachUserAndOrdersByLastClick) {
  internal::KindSequence clicks;
  // User 0: items 0 1 | 2 (cut: gap) ; user 1 (row 1): 3 4 ; user 2: 5 alone.
  clicks.items = {0, 1, 2, 3, 4, 5};
  clicks.offsets = {0, 3, 5, 6};
  const std::vector<std::int64_t> times = {100, 110, 500, 105, 120, 900};
  const auto ranges = internal::click_sessions(clicks, times, 50);

  ASSERT_EQ(ranges.size(), 2u);    // {2} and {5} are single clicks
  EXPECT_EQ(ranges[0].begin, 3u);  // user 1's, last click at 120
  EXPECT_EQ(ranges[0].end, 5u);
  EXPECT_EQ(ranges[1].begin, 0u);  // user 0's first, last click at 110
  EXPECT_EQ(ranges[1].end, 2u);
}

TEST(SessionsTest, IndexSessionsWithoutRoomKeepsNothing) {
  internal::KindSequence clicks;
  clicks.items = {0, 1, 2};
  clicks.offsets = {0, 3};
  const std::vector<internal::SessionRange> ranges = {{0, 3}};

  const auto none = internal::index_sessions(clicks, ranges, 3, 0, 50);
  EXPECT_EQ(none.offsets.size(), 1u);
  EXPECT_THAT(none.item_sessions, IsEmpty());
  EXPECT_THAT(none.item_offsets, ElementsAre(0u, 0u, 0u, 0u));

  const auto capped = internal::index_sessions(clicks, ranges, 3, 10, 2);
  ASSERT_EQ(capped.offsets.size(), 2u);
  EXPECT_THAT(capped.items, ElementsAre(1u, 2u));  // the newest two
  EXPECT_THAT(capped.item_offsets, ElementsAre(0u, 0u, 1u, 2u));
  EXPECT_THAT(capped.item_sessions, ElementsAre(0u, 0u));
}

}  // namespace
}  // namespace recod::model::test
