#pragma once
// The builder's first phase: one pass over the events that interns items and keeps, per
// user, the newest events the models use, packed into flat per-kind arrays.
//
// Memory is a few bytes per kept event (no per-user or per-event allocations): a user's
// events are gathered in one reused buffer and appended to the arrays at the user boundary,
// when it is known which of them are the newest `max_events_per_user`.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "recod/model/builder.hpp"
#include "recod/model/customer_model.hpp"
#include "recod/store/store.hpp"

namespace recod::model::internal {

/// (type, id) -> dense index. Ids live in one arena, in the layout CustomerModel keeps, so
/// that the builder can move them into the model. Open addressing over indices: no node
/// or string allocation per item.
class ItemDictionary final {
 public:
  struct Key {
    std::uint32_t type = 0;
    std::string_view id;
  };

  ItemDictionary();

  /// The item's index, adding it if new.
  ItemIndex intern(std::uint32_t type, std::string_view id);
  /// intern() of each key in order (indices are given in order of first appearance), with
  /// the table's cache misses overlapped across the keys instead of taken one at a time.
  void intern_all(std::span<const Key> keys, std::span<ItemIndex> out);
  /// The item's index, or nullopt if it was never interned.
  [[nodiscard]] std::optional<ItemIndex> find(std::uint32_t type, std::string_view id) const;

  [[nodiscard]] std::size_t size() const noexcept { return types_.size(); }
  [[nodiscard]] std::uint32_t type(ItemIndex i) const { return types_[i]; }
  [[nodiscard]] std::string_view id(ItemIndex i) const {
    return std::string_view(ids_).substr(id_offsets_[i], id_offsets_[i + 1] - id_offsets_[i]);
  }
  /// Whether item a comes before item b in (type, id) order, the order of recommendation
  /// answers among equal scores (reco/stages.cpp, better()).
  [[nodiscard]] bool before(ItemIndex a, ItemIndex b) const {
    if (type(a) != type(b)) return type(a) < type(b);
    return id(a) < id(b);
  }

  // Taken by the builder once interning is over (the dictionary is unusable afterwards).
  std::vector<std::uint32_t> take_types() { return std::move(types_); }
  std::vector<std::uint32_t> take_id_offsets() { return std::move(id_offsets_); }
  std::string take_ids() { return std::move(ids_); }

 private:
  static constexpr std::uint32_t kEmpty = 0xffffffffu;

  struct Slot {
    std::uint32_t tag = 0;         // high half of the hash: most mismatches end here
    std::uint32_t index = kEmpty;  // item index or kEmpty
  };

  [[nodiscard]] static std::uint64_t hash(std::uint32_t type, std::string_view id);
  [[nodiscard]] std::size_t slot_of(std::uint64_t hash, std::uint32_t type,
                                    std::string_view id) const;
  ItemIndex intern_hashed(std::uint64_t hash, std::uint32_t type, std::string_view id);
  void grow();

  std::vector<std::uint32_t> types_;
  std::vector<std::uint32_t> id_offsets_;  // size() + 1 entries
  std::string ids_;
  std::vector<Slot> slots_;  // size is a power of two, at most half full
};

/// One kind's kept events, user by user: row u is [offsets[u], offsets[u+1]) of items.
/// Rows are shared by all kinds (row u is the same user everywhere); a row may be empty.
struct KindSequence {
  std::vector<std::uint32_t> offsets{0};
  std::vector<ItemIndex> items;
  std::uint32_t users = 0;  ///< rows that are not empty

  [[nodiscard]] std::size_t rows() const noexcept { return offsets.size() - 1; }
};

/// Everything the models need from the scan.
struct Histories {
  KindSequence clicks;                         ///< click and clickrecommended
  KindSequence buys;                           ///< buy
  KindSequence consumes;                       ///< consume with percentage >= threshold
  std::vector<std::int64_t> click_times;       ///< parallel to clicks.items
  std::vector<std::uint32_t> click_later_buy;  ///< per click: first buy after it (buys.items)
  std::vector<std::int64_t> buy_times;         ///< parallel to buys.items
  std::vector<std::uint32_t> buy_quantities;   ///< parallel to buys.items
  std::uint32_t users_clicking_or_buying = 0;  ///< rows with a click or a buy

  std::uint64_t events = 0;      ///< events scanned, all kinds
  std::uint64_t users_seen = 0;  ///< users scanned, including those with no model event
  std::int64_t newest_event_us = 0;
};

/// Feeds events, user by user, into a Histories. Call add() for every event, then finish().
class HistoryCollector final {
 public:
  HistoryCollector(const ModelParams& params, ItemDictionary& items, Histories& out);

  void add(const store::StoredEvent& stored);
  /// Flushes the last user.
  void finish();

 private:
  static constexpr std::uint32_t kNotKept = 0xffffffffu;

  struct Kept {  // a model event of the current user, 24 bytes
    std::int64_t time_us;
    ItemIndex item;  // set when its batch is interned
    std::uint32_t quantity;
    tracking::EventKind kind;
    std::uint8_t percentage;
  };
  struct Unresolved {  // an item waiting in the batch
    std::uint32_t type;
    std::uint32_t id_offset;  // into batch_ids_
    std::uint32_t id_size;
    std::uint32_t kept;  // index into pending_, or kNotKept
  };

  void intern_batch();
  void flush_user();

  const ModelParams& params_;
  ItemDictionary& items_;
  Histories& out_;
  bool have_user_ = false;
  tracking::UserHash user_{};
  std::vector<Kept> pending_;  // the current user's model events, oldest first
  // Items are interned a batch at a time (ItemDictionary::intern_all), so the ids wait here.
  std::vector<Unresolved> batch_;
  std::string batch_ids_;
  std::vector<ItemDictionary::Key> batch_keys_;
  std::vector<ItemIndex> batch_indices_;
};

}  // namespace recod::model::internal
