#pragma once
// CustomerModel: everything the recommendation engine needs about one customer's items,
// computed by the builder from the stored events and then never changed.
//
// A request thread takes a shared_ptr to the current model and reads it without locks; a
// rebuild publishes a new model and the old one dies with its last reader. All lookups are
// O(1) or a span into precomputed, sorted data: no request allocates or sorts here.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace recod::model {

/// Dense index of an item within one CustomerModel.
using ItemIndex = std::uint32_t;

/// Dense index of a click session within one CustomerModel; a smaller index is a more
/// recent session (ordered by its last click).
using SessionIndex = std::uint32_t;

struct ScoredItem {
  ItemIndex item = 0;
  float score = 0;  ///< higher is better; the unit depends on the model (see below)
};

/// Item-to-item models: for each item, the top K other items, best first.
enum class NeighbourKind : std::uint8_t {
  kAlsoClicked = 0,         ///< co-clicked in users' histories; score: log-likelihood ratio
  kAlsoBought = 1,          ///< co-bought; LLR
  kAlsoConsumed = 2,        ///< co-consumed (percentage >= threshold); LLR
  kBoughtAfterViewing = 3,  ///< clicked the item, later bought the neighbour; LLR
};
inline constexpr std::size_t kNeighbourKinds = 4;

/// Ranked lists over a recent window, per item type and per category-path prefix.
enum class RankingKind : std::uint8_t {
  kBestseller = 0,   ///< score: quantity bought in the window
  kMostClicked = 1,  ///< score: clicks in the window
};
inline constexpr std::size_t kRankingKinds = 2;

/// How a model was built; shown by GET /api/{cid}/model and used for Last-Modified.
struct BuildInfo {
  std::int64_t built_at_us = 0;      ///< when the build finished (Last-Modified of answers)
  std::int64_t duration_us = 0;      ///< how long it took
  std::int64_t newest_event_us = 0;  ///< time of the newest event seen (0 if none)
  std::uint64_t events = 0;          ///< events scanned
  std::uint64_t users = 0;           ///< distinct users seen
  std::uint64_t items = 0;           ///< distinct items seen (item_count())
  std::uint64_t pairs = 0;           ///< neighbour entries kept, all kinds together
  std::uint64_t sessions = 0;        ///< click sessions kept for session neighbours
};

class CustomerModel final {
 public:
  /// The index of an item, or nullopt if no event ever mentioned it.
  [[nodiscard]] std::optional<ItemIndex> find(std::uint32_t type, std::string_view id) const;
  [[nodiscard]] std::size_t item_count() const noexcept { return types_.size(); }
  [[nodiscard]] std::uint32_t item_type(ItemIndex i) const { return types_[i]; }
  [[nodiscard]] std::string_view item_id(ItemIndex i) const;
  /// Whether item a comes before item b in (type, id) order, the order of recommendation
  /// answers among equal scores.
  [[nodiscard]] bool before(ItemIndex a, ItemIndex b) const {
    if (item_type(a) != item_type(b)) return item_type(a) < item_type(b);
    return item_id(a) < item_id(b);
  }

  /// The item's neighbours in model `kind`, best first (at most K), equal scores in (type,
  /// id) order: the order of recommendation answers. Empty if none.
  [[nodiscard]] std::span<const ScoredItem> neighbours(NeighbourKind kind, ItemIndex i) const;

  /// The best items of `type` in the window, best first (at most the configured length),
  /// restricted to items in category `category` or below ("" = all categories; the path
  /// is normalised: "A/B", no leading or trailing '/').
  [[nodiscard]] std::span<const ScoredItem> ranking(RankingKind kind, std::uint32_t type,
                                                    std::string_view category = {}) const;

  /// Distinct users who clicked the item within the most-clicked window.
  [[nodiscard]] std::uint32_t viewers(ItemIndex i) const { return viewers_[i]; }

  /// The item's category paths (normalised), as collected from click and basket events.
  [[nodiscard]] std::span<const std::string> categories(ItemIndex i) const;

  /// Click sessions (a user's clicks with no gap of more than 30 minutes) with at least two
  /// distinct items, most recent first; what session-based personalisation compares the
  /// user's own recent clicks with.
  [[nodiscard]] std::size_t session_count() const noexcept {
    return session_offsets_.empty() ? 0 : session_offsets_.size() - 1;
  }
  /// The session's distinct items, in the order of their first click (at most 50: the
  /// newest of a longer session).
  [[nodiscard]] std::span<const ItemIndex> session_items(SessionIndex s) const;
  /// The most recent sessions that clicked the item (at most the configured number),
  /// most recent first (ascending index).
  [[nodiscard]] std::span<const SessionIndex> item_sessions(ItemIndex i) const;

  [[nodiscard]] const BuildInfo& info() const noexcept { return info_; }

 private:
  friend class ModelBuilder;  // the only writer, before the model is published

  struct Csr {  // compressed rows: entries of item i are [offsets[i], offsets[i+1])
    std::vector<std::uint32_t> offsets;
    std::vector<ScoredItem> entries;
  };

  static std::string item_key(std::uint32_t type, std::string_view id);
  static std::string ranking_key(RankingKind kind, std::uint32_t type, std::string_view category);

  std::vector<std::uint32_t> types_;
  std::vector<std::uint32_t> id_offsets_;  // id of item i is ids_[id_offsets_[i], id_offsets_[i+1])
  std::string ids_;
  std::unordered_map<std::string, ItemIndex> index_;  // item_key -> index
  Csr neighbours_[kNeighbourKinds];
  std::unordered_map<std::string, std::vector<ScoredItem>> rankings_;  // ranking_key -> list
  std::vector<std::uint32_t> viewers_;
  std::vector<std::uint32_t> category_offsets_;
  std::vector<std::string> categories_;
  std::vector<std::uint32_t> session_offsets_;  // items of session s: [offsets[s], offsets[s+1])
  std::vector<ItemIndex> session_items_;
  std::vector<std::uint32_t> item_session_offsets_;  // sessions of item i: same layout
  std::vector<SessionIndex> item_sessions_;
  BuildInfo info_;
};

}  // namespace recod::model
