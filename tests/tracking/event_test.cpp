// Event kind names (src/tracking/event.cpp).
#include "recod/tracking/event.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string_view>

namespace recod::tracking {
namespace {

TEST(EventNameTest, WireNamesRoundTrip) {
  const std::pair<std::string_view, EventKind> names[] = {
      {"click", EventKind::kClick},
      {"consume", EventKind::kConsume},
      {"buy", EventKind::kBuy},
      {"basket", EventKind::kBasket},
      {"deletefrombasket", EventKind::kDeleteFromBasket},
      {"rate", EventKind::kRate},
      {"blacklist", EventKind::kBlacklist},
      {"rendered", EventKind::kRendered},
      {"clickrecommended", EventKind::kClickRecommended},
      {"login", EventKind::kLogin},
  };
  for (const auto& [name, kind] : names) {
    EXPECT_EQ(event_name(kind), name);
    EXPECT_EQ(event_kind_from_name(name), std::optional<EventKind>(kind)) << name;
  }
}

TEST(EventNameTest, TransferIsAnAliasOfLogin) {
  EXPECT_EQ(event_kind_from_name("transfer"), std::optional<EventKind>(EventKind::kLogin));
  EXPECT_EQ(event_name(EventKind::kLogin), "login");
}

TEST(EventNameTest, UnknownNamesAreCaseSensitive) {
  for (std::string_view name : {"", "Click", "CLICK", "view", "purchase", "click ", "logout"}) {
    EXPECT_EQ(event_kind_from_name(name), std::nullopt) << "'" << name << "'";
  }
}

TEST(EventKindTest, PersistedValuesNeverChange) {
  EXPECT_EQ(static_cast<int>(EventKind::kClick), 1);
  EXPECT_EQ(static_cast<int>(EventKind::kConsume), 2);
  EXPECT_EQ(static_cast<int>(EventKind::kBuy), 3);
  EXPECT_EQ(static_cast<int>(EventKind::kBasket), 4);
  EXPECT_EQ(static_cast<int>(EventKind::kDeleteFromBasket), 5);
  EXPECT_EQ(static_cast<int>(EventKind::kRate), 6);
  EXPECT_EQ(static_cast<int>(EventKind::kBlacklist), 7);
  EXPECT_EQ(static_cast<int>(EventKind::kRendered), 8);
  EXPECT_EQ(static_cast<int>(EventKind::kClickRecommended), 9);
  EXPECT_EQ(static_cast<int>(EventKind::kLogin), 10);
}

TEST(EventKindTest, IsKnownKindGuardsRawBytes) {
  EXPECT_FALSE(is_known_kind(0));
  for (std::uint8_t raw = 1; raw <= 10; ++raw) EXPECT_TRUE(is_known_kind(raw)) << int{raw};
  EXPECT_FALSE(is_known_kind(11));
  EXPECT_FALSE(is_known_kind(255));
}

}  // namespace
}  // namespace recod::tracking
