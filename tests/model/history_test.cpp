// The scan phase's internals: the item dictionary and the packed per-kind histories.

#include "history.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model_test_util.hpp"

namespace recod::model::internal {
namespace {

using test::buy;
using test::event;
using test::in_order;
using ::testing::ElementsAre;
using tracking::EventKind;

TEST(ItemDictionaryTest, InternsAndFindsAcrossGrowth) {
  ItemDictionary items;
  for (std::uint32_t i = 0; i < 5000; ++i) {
    EXPECT_EQ(items.intern(1 + i % 3, "item-" + std::to_string(i)), i);
  }
  ASSERT_EQ(items.size(), 5000u);
  for (std::uint32_t i = 0; i < 5000; ++i) {
    const std::string id = "item-" + std::to_string(i);
    EXPECT_EQ(items.intern(1 + i % 3, id), i);
    EXPECT_EQ(items.find(1 + i % 3, id), std::optional<ItemIndex>(i));
    EXPECT_FALSE(items.find(4, id).has_value());
    EXPECT_EQ(items.id(i), id);
    EXPECT_EQ(items.type(i), 1 + i % 3);
  }
  EXPECT_EQ(items.intern(1, ""), 5000u);  // the empty id is an id like any other
  EXPECT_EQ(items.find(1, ""), std::optional<ItemIndex>(5000));
}

TEST(ItemDictionaryTest, InternAllMatchesInternOneByOne) {
  // Duplicates inside a batch, and a table that grows in the middle of one.
  std::vector<std::string> ids;
  for (int i = 0; i < 3000; ++i) ids.push_back("id" + std::to_string((i * 7919) % 1300));
  std::vector<ItemDictionary::Key> keys;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    keys.push_back({static_cast<std::uint32_t>(1 + i % 2), ids[i]});
  }
  ItemDictionary batched;
  std::vector<ItemIndex> out(keys.size());
  batched.intern_all(keys, out);
  ItemDictionary single;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(out[i], single.intern(keys[i].type, keys[i].id)) << i;
  }
  EXPECT_EQ(batched.size(), single.size());
}

std::vector<store::StoredEvent> stored(std::uint32_t user, std::vector<tracking::Event> events) {
  std::vector<store::StoredEvent> out;
  for (auto& e : events) {
    store::StoredEvent s;
    s.user = test::VectorEventSource::user_hash(user);
    s.event = std::move(e);
    out.push_back(std::move(s));
  }
  return out;
}

TEST(HistoryCollectorTest, PacksKeptEventsPerKindWithUserRows) {
  ModelParams params;
  params.max_events_per_user = 4;
  ItemDictionary items;
  Histories h;
  HistoryCollector collector(params, items, h);
  // Item indices: A0 B1 C2 D3 R4 E5.
  for (const auto& e : stored(
           0,
           in_order({event(EventKind::kClick, "A"), buy("B"), event(EventKind::kClick, "C"),
                     buy("D"), event(EventKind::kRendered, "R"), event(EventKind::kClick, "E")}))) {
    collector.add(e);
  }
  for (const auto& e : stored(1, {event(EventKind::kRendered, "R")})) collector.add(e);
  for (const auto& e : stored(2, {test::consume("A", 40), test::consume("B", 60)})) {
    collector.add(e);
  }
  collector.finish();

  EXPECT_EQ(h.events, 9u);
  EXPECT_EQ(h.users_seen, 3u);
  // User 1 has no model event and takes no row; user 0's oldest click (A) is over the cap.
  EXPECT_THAT(h.clicks.offsets, ElementsAre(0, 2, 2));
  EXPECT_THAT(h.clicks.items, ElementsAre(2, 5));
  EXPECT_THAT(h.click_later_buy, ElementsAre(1, 2));  // C: D is later; E: none
  EXPECT_THAT(h.buys.offsets, ElementsAre(0, 2, 2));
  EXPECT_THAT(h.buys.items, ElementsAre(1, 3));
  EXPECT_THAT(h.consumes.offsets, ElementsAre(0, 0, 1));
  EXPECT_THAT(h.consumes.items, ElementsAre(1));
  EXPECT_EQ(h.clicks.users, 1u);
  EXPECT_EQ(h.buys.users, 1u);
  EXPECT_EQ(h.consumes.users, 1u);
  EXPECT_EQ(h.users_clicking_or_buying, 1u);
}

TEST(HistoryCollectorTest, BoundsABotsBufferAndKeepsItsNewestEvents) {
  ModelParams params;
  params.max_events_per_user = 3;
  ItemDictionary items;
  Histories h;
  HistoryCollector collector(params, items, h);
  std::vector<tracking::Event> events;
  for (int i = 0; i < 1000; ++i) events.push_back(event(EventKind::kClick, std::to_string(i % 10)));
  for (const auto& e : stored(0, in_order(events))) collector.add(e);
  collector.finish();
  EXPECT_EQ(items.size(), 10u);
  EXPECT_THAT(h.clicks.items, ElementsAre(7, 8, 9));
}

}  // namespace
}  // namespace recod::model::internal
