#pragma once
// Data for `recod evaluate` with a known structure, and the OTTO sample as recod events.
//
// Interest sessions: the catalogue is split into `interests` groups of items (an item
// belongs to one). A user has a favourite interest; each session picks it (or, less often,
// another one) and walks within it: every next click is most often an item near the
// previous one in the interest's order (a local, sequential structure that item-to-item
// co-occurrence sees), sometimes any item of the interest (which only the session as a
// whole tells), sometimes a return to an item clicked earlier in the session, and
// sometimes noise (a globally popular item). Some sessions end with a basket and a buy of
// an item of the session. So: the next click is predictable from the session's interest,
// better from several clicks than from the last one alone, and not at all from
// popularity, which is what the evaluation should show.
//
// Everything is seeded: the same options give the same events.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "recod/store/store.hpp"
#include "recod/tracking/event.hpp"

namespace recod::bench {

struct InterestOptions {
  std::uint64_t events = 100000;  ///< stop after this many events
  std::uint32_t interests = 100;  ///< groups of items
  std::uint32_t items_per_interest = 50;
  std::uint32_t days = 30;  ///< sessions spread over the days before `end_us`
  std::int64_t end_us = 1700000000LL * 1000 * 1000;
  double local_step = 0.55;   ///< next click near the previous one in the interest
  double revisit = 0.10;      ///< a return to an item clicked earlier in the session
  double noise = 0.10;        ///< a globally popular item, whatever the interest
  double favourite = 0.75;    ///< a session is about the user's favourite interest
  double buy_session = 0.25;  ///< a session ends with a basket and a buy
  std::uint64_t seed = 7;
};

/// One user's events, oldest first.
struct GeneratedUser {
  std::string id;
  std::vector<tracking::Event> events;
};

/// Users with interest sessions (see above), item type 1, ids "1".."N".
[[nodiscard]] std::vector<GeneratedUser> interest_sessions(const InterestOptions& o);

/// The OTTO sample (tests/data/otto/train-sample.jsonl, CC BY 4.0, © Otto (GmbH & Co KG)):
/// one user per session, clicks, carts (basket) and orders (buy, quantity 1) of type 1.
[[nodiscard]] std::vector<GeneratedUser> otto_sessions(const std::string& jsonl_path);

/// Writes the users' events for `customer` into the store, through the EventWriter as the
/// server would, and waits until they are stored. Returns the events written.
std::uint64_t write_users(store::Store& store, const std::string& customer,
                          std::vector<GeneratedUser> users);

}  // namespace recod::bench
