#pragma once
// Availability: which items may be recommended right now. Imported items outside their
// validity window (<validfrom>/<validto>) and items deleted with DELETE /item may not.
//
// Kept in memory, so that filtering a candidate costs a hash lookup rather than a store
// read: loaded from the store at start, then updated by the catalog routes as soon as a
// write is stored, which makes a deletion or a new window count at once, without a model
// rebuild. Only restricted items have an entry, so the usual case (no windows, nothing
// deleted) is one atomic load per candidate.
//
// Thread safety: every method may be called from any thread.

#include <array>
#include <atomic>
#include <cstdint>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "recod/catalog/item.hpp"
#include "recod/util/status.hpp"

namespace recod::store {
class Store;
}

namespace recod::catalog {

class Availability final {
 public:
  /// Reads `customer`'s catalog windows and deletions from the store.
  [[nodiscard]] Status load(const store::Store& store, std::string_view customer);

  /// False if the item is deleted, or imported with a window that excludes `now_s`.
  [[nodiscard]] bool available(std::string_view customer, std::uint32_t type, std::string_view id,
                               std::int64_t now_s) const;

  /// The item was imported: it is no longer deleted, and its window (if any) applies.
  void imported(std::string_view customer, const Item& item);

  /// The item was deleted: never available until imported again.
  void deleted(std::string_view customer, std::uint32_t type, std::string_view id);

  /// Items with an entry (restricted by a window or deleted).
  [[nodiscard]] std::size_t restricted() const noexcept { return count_.load(); }

 private:
  struct Entry {
    std::int64_t from_s = INT64_MIN;
    std::int64_t to_s = INT64_MAX;
    bool deleted = false;
  };
  struct Shard {
    mutable std::shared_mutex mutex;
    std::unordered_map<std::string, Entry> entries;
  };
  static constexpr std::size_t kShards = 16;

  static std::string key(std::string_view customer, std::uint32_t type, std::string_view id);
  Shard& shard_of(const std::string& key);
  const Shard& shard_of(const std::string& key) const;
  void set(std::string key, const Entry* entry);  // nullptr erases

  std::array<Shard, kShards> shards_;
  std::atomic<std::size_t> count_{0};
};

}  // namespace recod::catalog
