#pragma once
// Item-to-item models from the per-kind sequences: co-occurrence within a window of a
// user's sequence, and cross-occurrence (clicked A, later bought B), both scored by
// log-likelihood ratio over users, top K per item.
//
// Work is item by item over an inverted index (item -> where it occurs): a dense count per
// other item, a touched list and a "last user" marker that makes each pair count once per
// user. Nothing is allocated per pair; only the touched entries are reset. Items are
// independent of each other, so ranges of them go to different threads, each with its own
// counting arrays, and the rows are put together in item order.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "history.hpp"
#include "recod/model/customer_model.hpp"

namespace recod::model::internal {

/// Top-K lists of every item as compressed rows: item i's are [offsets[i], offsets[i+1]).
struct NeighbourRows {
  std::vector<std::uint32_t> offsets;
  std::vector<ScoredItem> entries;
};

/// log_likelihood_ratio() for many tables over one universe of `total` users, with
/// x*ln(x) looked up instead of computed (the build's hottest arithmetic). Same value up to
/// rounding: G^2 = 2 * (xlx(total) - xlx(rows) - xlx(columns) + xlx(cells)).
class LlrTable final {
 public:
  /// What G^2 needs of one item that is a row or a column of many tables.
  struct Margin {
    double term = 0;          ///< -xlx(users) - xlx(total - users)
    std::uint32_t users = 0;  ///< users with the item
  };

  explicit LlrTable(std::uint64_t total);

  [[nodiscard]] Margin margin(std::uint64_t users) const noexcept {
    return {-x_log_x_[users] - x_log_x_[total_ - users], static_cast<std::uint32_t>(users)};
  }

  /// G^2 of the table k11, a.users - k11, b.users - k11, total - a.users - b.users + k11.
  [[nodiscard]] double operator()(std::uint64_t k11, const Margin& a,
                                  const Margin& b) const noexcept {
    const std::uint64_t n_a = a.users;
    const std::uint64_t n_b = b.users;
    const double g = x_log_x_[total_] + a.term + b.term + x_log_x_[k11] + x_log_x_[n_a - k11] +
                     x_log_x_[n_b - k11] + x_log_x_[total_ - n_a - n_b + k11];
    return g > 0 ? 2.0 * g : 0.0;
  }
  [[nodiscard]] double operator()(std::uint64_t k11, std::uint64_t n_a,
                                  std::uint64_t n_b) const noexcept {
    return (*this)(k11, margin(n_a), margin(n_b));
  }

  [[nodiscard]] std::uint64_t total() const noexcept { return total_; }

 private:
  std::uint64_t total_;
  std::vector<double> x_log_x_;  // [x] = x * ln(x), for 0..total
};

/// Where each item occurs in a KindSequence, item by item, users in row order.
class OccurrenceIndex final {
 public:
  struct Occurrence {
    std::uint32_t row;       ///< the user's row
    std::uint32_t position;  ///< index into the sequence's items
  };

  OccurrenceIndex(const KindSequence& seq, std::size_t item_count);

  [[nodiscard]] const Occurrence* begin(ItemIndex i) const { return entries_.data() + offsets_[i]; }
  [[nodiscard]] const Occurrence* end(ItemIndex i) const {
    return entries_.data() + offsets_[i + 1];
  }
  /// Occurrences of all items together.
  [[nodiscard]] std::size_t occurrences() const { return entries_.size(); }
  /// Distinct users with at least one occurrence of the item.
  [[nodiscard]] std::uint32_t users(ItemIndex i) const { return users_[i]; }
  [[nodiscard]] const std::vector<std::uint32_t>& users() const { return users_; }

 private:
  std::vector<std::uint32_t> offsets_;
  std::vector<Occurrence> entries_;
  std::vector<std::uint32_t> users_;
};

/// Distinct users (non-empty rows) in which each item occurs.
[[nodiscard]] std::vector<std::uint32_t> users_per_item(const KindSequence& seq,
                                                        std::size_t item_count);

/// Items within `window` positions of each other in a user's sequence co-occur; LLR over
/// the sequence's users; positive associations only, best `k` per item. Items are shared
/// out over `threads` threads (the caller's among them); the rows are the same for any count.
[[nodiscard]] NeighbourRows cooccurrence(const KindSequence& seq, const OccurrenceIndex& index,
                                         std::size_t item_count, std::size_t window, std::size_t k,
                                         std::size_t threads);

/// Puts the entries of equal score within each row in (type, id) order, the order of
/// recommendation answers (reco/stages.cpp, better()), so that a request can take a row as
/// it is instead of sorting its ties. Scores compare as stored (float): entries that
/// differed only before rounding are ties here, as they are to a request.
void order_ties(NeighbourRows& rows, const ItemDictionary& items);

/// A user who clicked A and bought B (B != A) after A's first click; LLR over the users who
/// clicked or bought (rows: clicked A, columns: bought B); positive only, best `k` per item;
/// on `threads` threads like cooccurrence().
[[nodiscard]] NeighbourRows cross_occurrence(const Histories& histories,
                                             const OccurrenceIndex& clicks, std::size_t item_count,
                                             std::size_t k, std::size_t threads);

}  // namespace recod::model::internal
