#pragma once
// Attribution: which statistics counters a batch of tracking events changes.
//
// Every click, consume, buy (daily) and every event (hourly) counts in the customer's
// totals. An event that carries a recommendation token recod issued for this customer, not
// older than attribution.token_ttl, counts for the token's scenario (and the event's
// `modelid`): rendered, clickrecommended and click as clicked (a click only if no
// clickrecommended with the same token and item counted already), basket, buy as a
// purchase with its revenue. A buy without a token counts as a purchase of the scenario of a
// clickrecommended of the same user and item within attribution.purchase_window before it.
// The counters ride in the events' own write (see store::AppendEvents).
//
// Thread safety: const methods may run concurrently.

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "recod/config/config.hpp"
#include "recod/reco/token.hpp"
#include "recod/store/store.hpp"
#include "recod/tracking/event.hpp"

namespace recod::stats {

class Attribution final {
 public:
  Attribution(const config::Config& config, const reco::TokenIssuer& tokens);

  /// The counters that storing `events` (of one user, at `now_us`) changes. `history` is
  /// the user's recent events (oldest first); it matters only when needs_history() said so.
  [[nodiscard]] std::vector<store::CounterDelta> count(std::string_view customer,
                                                       std::span<const tracking::Event> events,
                                                       std::span<const store::StoredEvent> history,
                                                       std::int64_t now_us) const;

  /// True if count() needs the user's history: a buy without a token may follow a
  /// clickrecommended, a click with a token may repeat one.
  [[nodiscard]] static bool needs_history(std::span<const tracking::Event> events) noexcept;

 private:
  /// The scenario a token was issued for, if recod issued it for `customer` recently enough.
  [[nodiscard]] std::string_view scenario_of_token(std::string_view customer,
                                                   std::string_view token,
                                                   std::int64_t now_us) const;

  const config::Config& config_;
  const reco::TokenIssuer& tokens_;
  /// customer -> (scenario hash -> scenario id), for reading tokens.
  std::map<std::string, std::map<std::uint32_t, std::string>, std::less<>> scenarios_;
};

}  // namespace recod::stats
