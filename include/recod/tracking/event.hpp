#pragma once
// The tracking event as a plain value: what the parser produces, what the store persists
// and what the model builder reads back. No behaviour beyond naming the kinds.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace recod::tracking {

/// Event kinds. The numeric values are persisted: never renumber, only append.
enum class EventKind : std::uint8_t {
  kClick = 1,
  kConsume = 2,
  kBuy = 3,
  kBasket = 4,
  kDeleteFromBasket = 5,
  kRate = 6,
  kBlacklist = 7,
  kRendered = 8,
  kClickRecommended = 9,
  kLogin = 10,
};

/// The event's name on the wire ("click", "deletefrombasket", ...); "login" for kLogin.
[[nodiscard]] std::string_view event_name(EventKind kind) noexcept;

/// The kind for a wire name; "transfer" is the deprecated alias of "login".
[[nodiscard]] std::optional<EventKind> event_kind_from_name(std::string_view name) noexcept;

/// True for kinds that are stored and decoded by this version (guards corrupt data).
[[nodiscard]] bool is_known_kind(std::uint8_t raw) noexcept;

/// A price in minor units of an ISO 4217 currency (1999 EUR = 19.99 EUR; 456 JPY).
struct Price {
  std::int64_t amount_minor = 0;
  std::string currency;  ///< three upper-case letters

  bool operator==(const Price&) const = default;
};

/// Raw bytes of a user's keyed hash (see util/siphash.hpp); never the user id itself.
using UserHash = std::array<std::uint8_t, 16>;

/// One tracking event for one item (a rendered request with several ids yields several).
struct Event {
  EventKind kind = EventKind::kClick;
  std::int64_t time_us = 0;      ///< event time, microseconds since the Unix epoch
  bool time_overridden = false;  ///< set by a signed historical import (overridetimestamp)
  std::uint32_t item_type = 0;   ///< 1..2147483647; 0 for login
  std::string item_id;           ///< canonical decimal for numeric ids; empty for login
  std::optional<std::uint8_t> percentage;  ///< consume: 0..100
  std::optional<std::uint8_t> rating;      ///< rate: 0..100
  std::uint32_t quantity = 1;              ///< buy: >= 1
  std::optional<Price> price;              ///< buy: price of one unit
  std::string category_path;  ///< normalised "A/B/C" (no leading/trailing '/'); empty = none
  std::string scenario;       ///< clickrecommended (required), others when sent
  std::string model_id;       ///< modelid on links recod generated
  std::string token;          ///< recommendation token (requestuuid / recommendationtoken)
  std::optional<UserHash> source_user;  ///< login: whose history was merged into this user

  bool operator==(const Event&) const = default;
};

}  // namespace recod::tracking
