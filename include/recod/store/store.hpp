#pragma once
// Store: recod's one source of truth, an embedded RocksDB in the data dir.
//
// It owns the database, the keyed hash that turns user ids into pseudonyms, and the
// read side of events, blacklists and item categories. All writes go through EventWriter
// (event_writer.hpp), the single writer thread that batches them.
//
// Thread safety: every const method may be called from any thread at any time. Errors are
// returned as Status values, never thrown. The raw user id is hashed in memory and never
// reaches the database, its write-ahead log or its LOG files.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "recod/catalog/item.hpp"
#include "recod/tracking/event.hpp"
#include "recod/util/siphash.hpp"
#include "recod/util/status.hpp"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace recod::store {

using tracking::UserHash;
class BlacklistFilter;

/// The on-disk schema this build reads and writes (meta record "schema").
inline constexpr int kSchemaVersion = 1;

struct StoreOptions {
  std::string data_dir;
  bool read_only = false;         ///< open beside a running server (recod events)
  bool sync_writes = false;       ///< fsync every write batch (durability "sync")
  std::string user_hash_key_hex;  ///< "" = the key kept in the store, generated on first open
  /// Size of the events' memtable; 0 = RocksDB's default (64 MiB). Tests set a small one to
  /// run into RocksDB's write stalls.
  std::size_t events_memtable_bytes = 0;
};

/// An event read back, with where it is filed.
struct StoredEvent {
  UserHash user{};
  std::uint64_t seq = 0;
  tracking::Event event;  ///< event.time_us comes from the key
};

/// A change to one statistics counter: `key` names the counter within a customer (the stats
/// module builds it), `delta` is added to the counter's value.
struct CounterDelta {
  std::string key;
  std::int64_t delta = 0;
  bool operator==(const CounterDelta&) const = default;
};

/// One (item type, item id) pair.
struct ItemRef {
  std::uint32_t type = 0;
  std::string id;
  bool operator==(const ItemRef&) const = default;
};

/// How often and how long RocksDB's flushes and compactions paused to leave a contended
/// core to the requests, since the process started (all stores).
struct BackgroundPauses {
  std::uint64_t count = 0;
  std::chrono::nanoseconds total{0};
};
[[nodiscard]] BackgroundPauses background_pauses() noexcept;

class Store final {
 public:
  /// Opens (creating if needed, unless read-only) the store in options.data_dir.
  [[nodiscard]] static Result<std::unique_ptr<Store>> open(const StoreOptions& options);

  /// Syncs the write-ahead log and closes the database.
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// The pseudonym of `user_id` within `customer` (the same id in two customers differs).
  [[nodiscard]] UserHash hash_user(std::string_view customer,
                                   std::string_view user_id) const noexcept;

  /// The user's events oldest first; with limit > 0 only the newest `limit` of them.
  [[nodiscard]] Result<std::vector<StoredEvent>> user_events(std::string_view customer,
                                                             const UserHash& user,
                                                             std::size_t limit = 0) const;

  /// Items the user blacklisted and whose blacklisting has not expired at `now_us`.
  [[nodiscard]] Result<std::vector<ItemRef>> blacklist(std::string_view customer,
                                                       const UserHash& user,
                                                       std::int64_t now_us) const;

  /// Category paths seen for the item on click and basket events, sorted.
  [[nodiscard]] Result<std::vector<std::string>> item_categories(std::string_view customer,
                                                                 std::uint32_t item_type,
                                                                 std::string_view item_id) const;

  /// The imported catalog item, or nullopt if it was never imported (or was deleted).
  [[nodiscard]] Result<std::optional<catalog::Item>> catalog_item(std::string_view customer,
                                                                  std::uint32_t item_type,
                                                                  std::string_view item_id) const;

  /// The catalog items of `items` (nullopt where there is none), in one batched read.
  [[nodiscard]] Result<std::vector<std::optional<catalog::Item>>> catalog_items(
      std::string_view customer, std::span<const ItemRef> items) const;

  /// Calls `fn` for every imported catalog item of `customer`.
  [[nodiscard]] Status scan_catalog(std::string_view customer,
                                    const std::function<void(const catalog::Item&)>& fn) const;

  /// Calls `fn(item_type, item_id)` for every item deleted with DELETE /item (and not
  /// imported again since).
  [[nodiscard]] Status scan_deleted_items(
      std::string_view customer,
      const std::function<void(std::uint32_t, std::string_view)>& fn) const;

  /// Calls `fn(key, value)` for every counter of `customer` whose key lies in [from, to),
  /// in key order.
  [[nodiscard]] Status scan_counters(
      std::string_view customer, std::string_view from, std::string_view to,
      const std::function<void(std::string_view, std::int64_t)>& fn) const;

  /// Calls `fn(item_type, item_id, path)` for every category path of any item of
  /// `customer`, item by item: the imported paths for catalog items (they replace what
  /// clicks collected), the paths collected from click and basket events for the others.
  [[nodiscard]] Status scan_categories(
      std::string_view customer,
      const std::function<void(std::uint32_t, std::string_view, std::string_view)>& fn) const;

  /// Calls `fn` for each event of `customer` in key order: user by user, each oldest first.
  /// Returning false from `fn` stops the scan. Reads a consistent snapshot.
  [[nodiscard]] Status scan_events(std::string_view customer,
                                   const std::function<bool(const StoredEvent&)>& fn) const;

  /// A key for another purpose (e.g. signing recommendation tokens), derived from the
  /// store's secret so that there is only one secret to keep.
  [[nodiscard]] util::SipKey derive_key(std::string_view purpose) const noexcept;

  [[nodiscard]] bool sync_writes() const noexcept { return options_.sync_writes; }

  /// Holds RocksDB's flushes and compactions until continue_background_work(): once the
  /// memtables are full, writes stall (tests of the writer's stall handling use this).
  [[nodiscard]] Status pause_background_work();
  [[nodiscard]] Status continue_background_work();
  [[nodiscard]] const std::string& data_dir() const noexcept { return options_.data_dir; }

 private:
  friend class EventWriter;
  struct Handles;

  Store(StoreOptions options, std::unique_ptr<rocksdb::DB> db, std::unique_ptr<Handles> handles,
        const util::SipKey& key);

  /// Adds the user of every stored blacklist record to the filter and enables it.
  void fill_blacklist_filter();

  StoreOptions options_;
  std::unique_ptr<rocksdb::DB> db_;
  std::unique_ptr<Handles> handles_;  // column family handles: must go before db_ (~Store)
  util::SipKey user_key_;
  // Users who may have a blacklist (blacklist_filter.hpp); EventWriter adds to it. Stays
  // "maybe" for everyone in a read-only store, whose data another process writes.
  std::unique_ptr<BlacklistFilter> blacklist_filter_;
};

}  // namespace recod::store
