#pragma once
// Ranked lists over a recent window: bestseller (quantity bought) and most_clicked (clicks),
// one list per item type and per (item type, category-path prefix), plus viewer counts.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "history.hpp"
#include "recod/model/builder.hpp"
#include "recod/model/customer_model.hpp"

namespace recod::model::internal {

/// Category paths per item as compressed rows: item i's are [offsets[i], offsets[i+1]).
struct CategoryRows {
  std::vector<std::uint32_t> offsets;
  std::vector<std::string> paths;

  [[nodiscard]] std::span<const std::string> of(ItemIndex i) const {
    return std::span<const std::string>(paths).subspan(offsets[i], offsets[i + 1] - offsets[i]);
  }
};

/// Per-item scores within the windows, which end at min(now, newest event).
struct WindowScores {
  std::vector<double> bought;          ///< quantity bought in the bestseller window
  std::vector<double> clicked;         ///< clicks in the most-clicked window
  std::vector<std::uint32_t> viewers;  ///< distinct clicking users in that window
};

[[nodiscard]] WindowScores window_scores(const Histories& histories, std::size_t item_count,
                                         const ModelParams& params, std::int64_t now_us);

struct RankedList {
  std::uint32_t type = 0;
  std::string category;           ///< "" = every item of the type
  std::vector<ScoredItem> items;  ///< best first
};

/// Lists of the items with a positive score: one per type and one per (type, prefix of any
/// of the item's paths). Each list has an item at most once, best first, equal scores by
/// (type, id): the order of answers, so that a request need not sort the ties again; at
/// most `length` long. Lists come out sorted by (type, category).
[[nodiscard]] std::vector<RankedList> rank_items(std::span<const double> scores,
                                                 const ItemDictionary& items,
                                                 const CategoryRows& categories,
                                                 std::size_t length);

}  // namespace recod::model::internal
