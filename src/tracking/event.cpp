#include "recod/tracking/event.hpp"

#include <array>
#include <utility>

namespace recod::tracking {
namespace {

constexpr std::array<std::pair<std::string_view, EventKind>, 11> kNames{{
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
    {"transfer", EventKind::kLogin},  // deprecated alias, never produced by event_name()
}};

}  // namespace

std::string_view event_name(EventKind kind) noexcept {
  for (const auto& [name, k] : kNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<EventKind> event_kind_from_name(std::string_view name) noexcept {
  for (const auto& [n, kind] : kNames) {
    if (n == name) return kind;
  }
  return std::nullopt;
}

bool is_known_kind(std::uint8_t raw) noexcept {
  return raw >= static_cast<std::uint8_t>(EventKind::kClick) &&
         raw <= static_cast<std::uint8_t>(EventKind::kLogin);
}

}  // namespace recod::tracking
