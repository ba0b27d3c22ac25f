#pragma once
// Click sessions for session-based personalisation (session-kNN, docs/models.md): every
// user's clicks cut into sessions at gaps of more than 30 minutes, each session kept as its
// set of distinct items, and an inverted index item -> the most recent sessions that
// clicked it, so that a request finds the sessions sharing items with the user's own
// recent clicks with a few bounded lookups.
//
// Two steps, so that the builder's peak memory does not grow: click_sessions() needs the
// click times and runs before they are released, keeping only 8 bytes per session;
// index_sessions() runs after the also_clicked pass has freed its inverted index, while
// the click sequence is still there.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "history.hpp"
#include "recod/model/customer_model.hpp"

namespace recod::model::internal {

/// A session as a range of positions in Histories::clicks.items: [begin, end).
struct SessionRange {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

/// The users' click sessions of at least two clicks, most recent (by last click) first; a
/// gap of more than `gap_us` between two clicks of a user starts a new session.
[[nodiscard]] std::vector<SessionRange> click_sessions(const KindSequence& clicks,
                                                       std::span<const std::int64_t> click_times,
                                                       std::int64_t gap_us);

/// Sessions as item sets, and the inverted index; see CustomerModel::session_items() and
/// item_sessions().
struct SessionIndexRows {
  std::vector<std::uint32_t> offsets{0};  ///< items of session s: [offsets[s], offsets[s+1])
  std::vector<ItemIndex> items;
  std::vector<std::uint32_t> item_offsets;  ///< sessions of item i: the same layout
  std::vector<SessionIndex> item_sessions;
};

/// Turns `ranges` (most recent first) into sessions of distinct items (the newest
/// `max_items` of a longer one; sessions of fewer than two distinct items are dropped) and
/// indexes, for each item, its `per_item` most recent sessions.
[[nodiscard]] SessionIndexRows index_sessions(const KindSequence& clicks,
                                              std::span<const SessionRange> ranges,
                                              std::size_t item_count, std::size_t per_item,
                                              std::size_t max_items);

}  // namespace recod::model::internal
