#pragma once
// Building a CustomerModel from a customer's stored events. Pure computation over an
// EventSource, so that tests can feed planted data and benchmarks generated data; the
// ModelService (service.hpp) runs it on its background thread against the real store.
//
// Algorithms (docs/models.md explains them for users):
// - Each user's history is cut to its newest `max_events_per_user` events (heavy users and
//   bots cannot dominate), then split by event kind.
// - Co-occurrence (also_clicked, also_bought, also_consumed): two items co-occur for a user
//   if they appear within `cooccurrence_window` positions of each other in that user's
//   sequence of that kind; each pair counts once per user. Pairs are scored with Dunning's
//   log-likelihood ratio over users (k11 = users with both, k12/k21 = users with only one,
//   k22 = the other users of that kind), which ranks a genuinely associated pair above a
//   merely popular one. Only positive associations (k11 above expectation) are kept, top K.
// - Cross-occurrence (bought_after_viewing): user clicked A, and later in the history bought
//   B (B != A); counted once per user; LLR over users as above (rows: clicked A, columns:
//   bought B).
// - Consume events count for also_consumed when their percentage (absent = 100) is at
//   least `consume_threshold`; only the highest percentage per user and item matters.
// - Rankings over a window that ends at the newest event (or now, if that is earlier):
//   bestseller = quantity bought, most_clicked = clicks; one list per item type and per
//   (item type, category-path prefix); viewers = distinct clicking users in the
//   most-clicked window.
// - Click sessions (session-kNN, docs/models.md): each user's kept clicks cut at gaps of
//   more than `session_gap_us`; sessions of two or more distinct items are kept as item
//   sets (the newest 50 items), ordered most recent first, with an inverted index item ->
//   its `sessions_per_item` most recent sessions.
// Memory is proportional to the events kept plus K per item; counting uses one dense array
// per item pass, no pair hash map.

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "recod/model/customer_model.hpp"
#include "recod/store/store.hpp"
#include "recod/util/status.hpp"

namespace recod::model {

struct ModelParams {
  std::size_t neighbours = 50;            ///< K: neighbours kept per item and model
  std::size_t max_events_per_user = 500;  ///< newest events kept per user
  std::size_t cooccurrence_window = 20;   ///< positions apart that still co-occur
  std::uint8_t consume_threshold = 50;    ///< percent
  std::int64_t bestseller_window_us = 7LL * 86400 * 1000000;
  std::int64_t most_clicked_window_us = 3LL * 86400 * 1000000;
  std::size_t ranking_length = 200;     ///< items kept per ranked list
  std::size_t sessions_per_item = 500;  ///< most recent sessions indexed per item; 0 = none
  std::int64_t session_gap_us = 30LL * 60 * 1000000;  ///< a longer pause starts a new session
  std::size_t build_threads = 2;  ///< threads of the neighbour passes (the builder's among them)
};

/// Where the builder reads from: the store in production, a vector in tests.
class EventSource {
 public:
  virtual ~EventSource() = default;
  /// Calls fn for every event, user by user (one user's events contiguous, oldest first).
  /// Stops early if fn returns false.
  [[nodiscard]] virtual Status scan_events(
      const std::function<bool(const store::StoredEvent&)>& fn) const = 0;
  /// Calls fn(type, id, path) for every category path known for an item.
  [[nodiscard]] virtual Status scan_categories(
      const std::function<void(std::uint32_t, std::string_view, std::string_view)>& fn) const = 0;
};

/// Builds a model from everything `source` yields. `now_us` is the build time (it becomes
/// info().built_at_us together with the duration). Fails only if the source fails.
[[nodiscard]] Result<std::shared_ptr<const CustomerModel>> build_model(const EventSource& source,
                                                                       const ModelParams& params,
                                                                       std::int64_t now_us);

/// Dunning's log-likelihood ratio (G^2) of a 2x2 contingency table; >= 0.
[[nodiscard]] double log_likelihood_ratio(std::uint64_t k11, std::uint64_t k12, std::uint64_t k21,
                                          std::uint64_t k22) noexcept;

}  // namespace recod::model
