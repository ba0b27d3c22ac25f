#include "recod/store/store.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/utilities/options_util.h>

#include "background_pacing.hpp"
#include "blacklist_filter.hpp"
#include "event_codec.hpp"
#include "keys.hpp"
#include "lean_memtable.hpp"
#include "memtable_hints.hpp"
#include "recod/catalog/codec.hpp"
#include "recod/util/hex.hpp"
#include "rocks_logger.hpp"
#include "store_internal.hpp"

namespace recod::store {
namespace {

constexpr std::string_view kMetaSchema = "schema";
constexpr std::string_view kMetaUserKey = "user_hash_key";
// siphash(key, kKeyCheckInput): tells whether a configured key is the one the data was
// written with, without storing a configured key on disk.
constexpr std::string_view kMetaUserKeyCheck = "user_hash_key_check";
constexpr std::string_view kKeyCheckInput = "recod user hash key check";

rocksdb::Slice slice(std::string_view s) { return to_slice(s); }
std::string_view view(const rocksdb::Slice& s) { return to_view(s); }

std::string key_check(const util::SipKey& key) {
  const auto h = util::siphash128(key, kKeyCheckInput);
  return {reinterpret_cast<const char*>(h.data()), h.size()};
}

util::SipKey random_key() {
  std::random_device rd;  // /dev/urandom on Linux
  util::SipKey key{};
  for (auto& b : key) b = static_cast<std::uint8_t>(rd());
  return key;
}

rocksdb::DBOptions db_options(bool read_only) {
  rocksdb::DBOptions o;
  o.create_if_missing = !read_only;
  o.create_missing_column_families = !read_only;
  o.max_background_jobs = 2;
  o.info_log = make_rocksdb_logger();        // no LOG file: it would abort on a full disk
  o.max_open_files = read_only ? -1 : 1000;  // a secondary instance needs -1
  // The memtable of events and counters takes one writer at a time (lean_memtable.hpp).
  // RocksDB then inserts a write group's batches one after another; recod has one event
  // writer anyway.
  o.allow_concurrent_memtable_write = false;
  if (!read_only) pace_background_work(o);  // no pacing while writes stall
  return o;
}

// Counters are 8-byte little-endian integers; a merge operand is a delta to add, so that
// counting an event costs one Merge in the event's own batch, with no read.
class Int64AddOperator final : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& /*key*/, const rocksdb::Slice* existing,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* /*logger*/) const override {
    const std::int64_t sum =
        (existing != nullptr ? decode_counter(view(*existing)) : 0) + decode_counter(view(value));
    *new_value = encode_counter(sum);
    return true;
  }
  [[nodiscard]] const char* Name() const override { return "recod.Int64Add"; }
};

// Every column family of schema 1; `stats` holds the counters (merge operator above).
std::vector<rocksdb::ColumnFamilyDescriptor> column_families(const StoreOptions& options) {
  rocksdb::ColumnFamilyOptions cf;
  // Flushes and compactions take what the requests leave of a contended core.
  pace_background_work(cf);
  rocksdb::ColumnFamilyOptions events = cf;
  events.memtable_factory = make_events_memtable_factory();  // hints of its own, per user
  if (options.events_memtable_bytes > 0) events.write_buffer_size = options.events_memtable_bytes;
  rocksdb::ColumnFamilyOptions stats = cf;
  stats.merge_operator = std::make_shared<Int64AddOperator>();
  insert_counters_with_hints(stats);
  stats.memtable_factory = make_lean_memtable_factory();
  return {{rocksdb::kDefaultColumnFamilyName, cf},
          {kEventsCf, events},
          {kUsersCf, cf},
          {kItemsCf, cf},
          {kStatsCf, stats}};
}

// Decides which user-hash key this store uses, and records it on first open (see the
// meta records above). A configured key that differs from the data's is refused: it would
// silently split every user's history in two.
Result<util::SipKey> resolve_user_key(rocksdb::DB& db, const std::string& configured_hex,
                                      bool read_only) {
  std::string stored_key;
  std::string stored_check;
  const auto get_key = db.Get({}, slice(kMetaUserKey), &stored_key);
  const auto get_check = db.Get({}, slice(kMetaUserKeyCheck), &stored_check);
  if (!get_key.ok() && !get_key.IsNotFound()) return from_rocks(get_key, "reading meta");
  if (!get_check.ok() && !get_check.IsNotFound()) return from_rocks(get_check, "reading meta");

  util::SipKey key{};
  if (!configured_hex.empty()) {
    const auto bytes = util::from_hex(configured_hex);
    if (!bytes || bytes->size() != key.size()) {
      return Status::invalid("storage.user_hash_key must be 32 hex characters");
    }
    std::copy(bytes->begin(), bytes->end(), key.begin());
    if (get_check.ok() && stored_check != key_check(key)) {
      return Status::invalid(
          "storage.user_hash_key is not the key this data dir was written with; "
          "users would lose their history");
    }
  } else if (get_key.ok() && stored_key.size() == key.size()) {
    std::copy(stored_key.begin(), stored_key.end(), key.begin());
  } else if (get_check.ok()) {
    return Status::invalid(
        "this data dir was written with a configured storage.user_hash_key; configure it");
  } else if (read_only) {
    return Status::not_found("the data dir holds no recod data yet");
  } else {
    key = random_key();
    stored_key.assign(reinterpret_cast<const char*>(key.data()), key.size());
  }

  if (!read_only && get_check.IsNotFound()) {
    rocksdb::WriteOptions sync;
    sync.sync = true;
    rocksdb::WriteBatch batch;
    if (configured_hex.empty()) batch.Put(slice(kMetaUserKey), slice(stored_key));
    batch.Put(slice(kMetaUserKeyCheck), slice(key_check(key)));
    if (auto s = from_rocks(db.Write(sync, &batch), "writing meta"); !s.is_ok()) return s;
  }
  return key;
}

Status check_schema(rocksdb::DB& db, bool read_only) {
  std::string value;
  const auto s = db.Get({}, slice(kMetaSchema), &value);
  if (s.IsNotFound()) {
    if (read_only) return Status::ok();
    rocksdb::WriteOptions sync;
    sync.sync = true;
    return from_rocks(db.Put(sync, slice(kMetaSchema), std::to_string(kSchemaVersion)),
                      "writing meta");
  }
  if (!s.ok()) return from_rocks(s, "reading meta");
  if (value != std::to_string(kSchemaVersion)) {
    return Status::invalid("the data dir has schema version " + value + "; this recod reads " +
                           std::to_string(kSchemaVersion));
  }
  return Status::ok();
}

// Decodes an event record (key and value) into `out`.
bool decode_record(std::string_view key, std::string_view value, std::size_t customer_prefix_size,
                   StoredEvent& out) {
  keys::EventKeyParts parts;
  if (!keys::parse_event_key(key, customer_prefix_size, parts) || !decode_event(value, out.event)) {
    return false;
  }
  out.user = parts.user;
  out.seq = parts.seq;
  out.event.time_us = parts.time_us;
  return true;
}

}  // namespace

Result<std::unique_ptr<Store>> Store::open(const StoreOptions& options) {
  std::error_code ec;
  if (options.read_only) {
    if (!std::filesystem::exists(options.data_dir + "/CURRENT", ec)) {
      return Status::not_found("no recod data in '" + options.data_dir + "'");
    }
  } else {
    std::filesystem::create_directories(options.data_dir, ec);
    if (ec) {
      return Status::io_error("cannot create data dir '" + options.data_dir + "': " + ec.message());
    }
  }

  std::vector<rocksdb::ColumnFamilyHandle*> raw_handles;
  rocksdb::DB* raw_db = nullptr;
  rocksdb::Status s;
  std::string secondary_dir;
  if (options.read_only) {
    // A secondary instance may open the data dir while a server has it open; its own info
    // log goes to a scratch directory.
    secondary_dir = (std::filesystem::temp_directory_path() / "recod-secondary-XXXXXX").string();
    if (mkdtemp(secondary_dir.data()) == nullptr) {
      return Status::io_error("cannot create a scratch directory for a read-only open");
    }
    s = rocksdb::DB::OpenAsSecondary(db_options(true), options.data_dir, secondary_dir,
                                     column_families(options), &raw_handles, &raw_db);
  } else {
    s = rocksdb::DB::Open(db_options(false), options.data_dir, column_families(options),
                          &raw_handles, &raw_db);
  }
  if (!s.ok()) {
    if (!secondary_dir.empty()) std::filesystem::remove_all(secondary_dir, ec);
    return from_rocks(s, "opening '" + options.data_dir + "'");
  }

  std::unique_ptr<rocksdb::DB> db(raw_db);
  auto handles = std::make_unique<Handles>();
  handles->meta = raw_handles[0];
  handles->events = raw_handles[1];
  handles->users = raw_handles[2];
  handles->items = raw_handles[3];
  handles->stats = raw_handles[4];
  handles->secondary_dir = secondary_dir;
  handles->db = db.get();

  if (auto st = check_schema(*db, options.read_only); !st.is_ok()) return st;
  auto key = resolve_user_key(*db, options.user_hash_key_hex, options.read_only);
  if (!key) return key.status();
  std::unique_ptr<Store> store(new Store(options, std::move(db), std::move(handles), *key));
  if (!options.read_only) store->fill_blacklist_filter();
  return store;
}

Store::Store(StoreOptions options, std::unique_ptr<rocksdb::DB> db,
             std::unique_ptr<Handles> handles, const util::SipKey& key)
    : options_(std::move(options)),
      db_(std::move(db)),
      handles_(std::move(handles)),
      user_key_(key),
      blacklist_filter_(std::make_unique<BlacklistFilter>()) {}

void Store::fill_blacklist_filter() {
  // Every customer's user records: blacklists, and the login links that are most of them.
  const auto started = std::chrono::steady_clock::now();
  std::size_t records = 0;
  std::size_t blacklist_records = 0;
  bool undecodable = false;
  const auto add_if_blacklist = [&](std::string_view key, std::string_view) {
    ++records;
    UserHash user{};
    char tag = 0;
    undecodable = !keys::parse_user_record_key(key, user, tag);
    if (undecodable) return false;
    if (tag == keys::kBlacklistTag) {
      blacklist_filter_->add(user);
      ++blacklist_records;
    }
    return true;
  };
  const Status s = for_each_with_prefix(*db_, handles_->users, "", false, "reading user records",
                                        add_if_blacklist);
  if (!s.is_ok() || undecodable) {
    // Not fatal: without the filter every recommendation reads the blacklist, as it must.
    spdlog::warn("blacklist filter off, every recommendation reads the user's blacklist: {}",
                 undecodable ? "an undecodable key in the users column family" : s.message());
    return;
  }
  blacklist_filter_->enable();
  spdlog::info("blacklist filter: {} blacklist records among {} user records, read in {} ms",
               blacklist_records, records,
               std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - started)
                   .count());
}

Store::~Store() {
  if (!options_.read_only) {
    // In "wal" mode every write already reached the OS; make it reach the disk on a clean
    // shutdown too. Failure here is only logged by RocksDB: there is nobody left to tell.
    (void)db_->SyncWAL();
  }
  handles_.reset();  // column family handles before the database
  (void)db_->Close();
  db_.reset();
}

Store::Handles::~Handles() {
  for (auto* h : {events, users, items, stats, meta}) {
    if (h != nullptr) (void)db->DestroyColumnFamilyHandle(h);
  }
  if (!secondary_dir.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(secondary_dir, ec);
  }
}

UserHash Store::hash_user(std::string_view customer, std::string_view user_id) const noexcept {
  // customer NUL user: customer ids cannot contain NUL, so no two pairs collide as input.
  std::string input;
  input.reserve(customer.size() + 1 + user_id.size());
  input.append(customer);
  input.push_back('\0');
  input.append(user_id);
  return util::siphash128(user_key_, input);
}

util::SipKey Store::derive_key(std::string_view purpose) const noexcept {
  std::string input = "recod derived key: ";
  input.append(purpose);
  return util::siphash128(user_key_, input);
}

Result<std::vector<StoredEvent>> Store::user_events(std::string_view customer, const UserHash& user,
                                                    std::size_t limit) const {
  const std::string prefix = keys::user_prefix(customer, user);
  const std::string end = keys::prefix_end(prefix);
  const rocksdb::Slice upper = slice(end);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handles_->events));

  std::vector<StoredEvent> out;
  const std::size_t cprefix = keys::customer_prefix(customer).size();
  // Newest first when limited, so that a long history costs only `limit` reads.
  if (limit > 0) {
    for (it->SeekForPrev(slice(end)); it->Valid() && out.size() < limit; it->Prev()) {
      if (!view(it->key()).starts_with(prefix)) break;
      StoredEvent e;
      if (!decode_record(view(it->key()), view(it->value()), cprefix, e)) {
        return Status::corruption("undecodable event record");
      }
      out.push_back(std::move(e));
    }
    if (!it->status().ok()) return from_rocks(it->status(), "reading events");
    std::reverse(out.begin(), out.end());
    return out;
  }
  bool corrupt = false;
  auto s = for_each_with_prefix(*db_, handles_->events, prefix, true, "reading events",
                                [&](std::string_view key, std::string_view value) {
                                  StoredEvent e;
                                  corrupt = !decode_record(key, value, cprefix, e);
                                  if (!corrupt) out.push_back(std::move(e));
                                  return !corrupt;
                                });
  if (!s.is_ok()) return s;
  if (corrupt) return Status::corruption("undecodable event record");
  return out;
}

Result<std::vector<ItemRef>> Store::blacklist(std::string_view customer, const UserHash& user,
                                              std::int64_t now_us) const {
  std::vector<ItemRef> out;
  if (!blacklist_filter_->may_have(user)) return out;
  std::string prefix = keys::user_prefix(customer, user);
  prefix.push_back(keys::kBlacklistTag);
  bool corrupt = false;
  auto s = for_each_with_prefix(
      *db_, handles_->users, prefix, true, "reading blacklist",
      [&](std::string_view key, std::string_view value) {
        corrupt = key.size() < prefix.size() + 4 || value.size() != 8;
        if (corrupt) return false;
        if (static_cast<std::int64_t>(keys::get_be64(value)) > now_us) {  // not expired
          out.push_back({keys::get_be32(key.substr(prefix.size())),
                         std::string(key.substr(prefix.size() + 4))});
        }
        return true;
      });
  if (!s.is_ok()) return s;
  if (corrupt) return Status::corruption("undecodable blacklist record");
  return out;
}

Result<std::vector<std::string>> Store::item_categories(std::string_view customer,
                                                        std::uint32_t item_type,
                                                        std::string_view item_id) const {
  const std::string prefix = keys::category_prefix(customer, item_type, item_id);
  std::vector<std::string> out;
  auto s = for_each_with_prefix(*db_, handles_->items, prefix, true, "reading categories",
                                [&](std::string_view key, std::string_view /*value*/) {
                                  out.emplace_back(key.substr(prefix.size()));
                                  return true;
                                });
  if (!s.is_ok()) return s;
  return out;
}

Result<std::optional<catalog::Item>> Store::catalog_item(std::string_view customer,
                                                         std::uint32_t item_type,
                                                         std::string_view item_id) const {
  std::string value;
  const auto s =
      db_->Get({}, handles_->items,
               slice(keys::item_key(customer, keys::kCatalogTag, item_type, item_id)), &value);
  if (s.IsNotFound()) return std::optional<catalog::Item>();
  if (!s.ok()) return from_rocks(s, "reading the catalog");
  catalog::Item item;
  if (!catalog::decode_item(value, item)) return Status::corruption("undecodable catalog item");
  return std::optional<catalog::Item>(std::move(item));
}

Result<std::vector<std::optional<catalog::Item>>> Store::catalog_items(
    std::string_view customer, std::span<const ItemRef> items) const {
  std::vector<std::string> key_strings;
  key_strings.reserve(items.size());
  for (const auto& ref : items) {
    key_strings.push_back(keys::item_key(customer, keys::kCatalogTag, ref.type, ref.id));
  }
  std::vector<rocksdb::Slice> key_slices(key_strings.begin(), key_strings.end());
  std::vector<rocksdb::PinnableSlice> values(items.size());
  std::vector<rocksdb::Status> statuses(items.size());
  db_->MultiGet({}, handles_->items, key_slices.size(), key_slices.data(), values.data(),
                statuses.data());
  std::vector<std::optional<catalog::Item>> out(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    if (!statuses[i].ok()) return from_rocks(statuses[i], "reading the catalog");
    catalog::Item item;
    if (!catalog::decode_item(view(values[i]), item)) {
      return Status::corruption("undecodable catalog item");
    }
    out[i] = std::move(item);
  }
  return out;
}

Status Store::scan_catalog(std::string_view customer,
                           const std::function<void(const catalog::Item&)>& fn) const {
  std::string prefix = keys::customer_prefix(customer);
  prefix.push_back(keys::kCatalogTag);
  bool corrupt = false;
  catalog::Item item;
  auto s = for_each_with_prefix(*db_, handles_->items, prefix, false, "scanning the catalog",
                                [&](std::string_view /*key*/, std::string_view value) {
                                  corrupt = !catalog::decode_item(value, item);
                                  if (!corrupt) fn(item);
                                  return !corrupt;
                                });
  if (!s.is_ok()) return s;
  return corrupt ? Status::corruption("undecodable catalog item") : Status::ok();
}

Status Store::scan_deleted_items(
    std::string_view customer,
    const std::function<void(std::uint32_t, std::string_view)>& fn) const {
  std::string prefix = keys::customer_prefix(customer);
  const std::size_t cprefix = prefix.size();
  prefix.push_back(keys::kDeletedTag);
  bool corrupt = false;
  auto s = for_each_with_prefix(*db_, handles_->items, prefix, false, "scanning deletions",
                                [&](std::string_view key, std::string_view /*value*/) {
                                  std::uint32_t type = 0;
                                  std::string_view id;
                                  corrupt = !keys::parse_item_key(key, cprefix, type, id);
                                  if (!corrupt) fn(type, id);
                                  return !corrupt;
                                });
  if (!s.is_ok()) return s;
  return corrupt ? Status::corruption("undecodable deletion record") : Status::ok();
}

Status Store::scan_categories(
    std::string_view customer,
    const std::function<void(std::uint32_t, std::string_view, std::string_view)>& fn) const {
  // Imported paths first; remember which items have them, so that what clicks collected
  // for those items is skipped.
  std::unordered_set<std::string> imported;
  auto s = scan_catalog(customer, [&](const catalog::Item& item) {
    if (item.category_paths.empty()) return;
    imported.insert(keys::item_key("", keys::kCatalogTag, item.type, item.id));
    for (const auto& path : item.category_paths) fn(item.type, item.id, path);
  });
  if (!s.is_ok()) return s;

  std::string prefix = keys::customer_prefix(customer);
  const std::size_t cprefix = prefix.size();
  prefix.push_back(keys::kCategoryTag);
  bool corrupt = false;
  s = for_each_with_prefix(
      *db_, handles_->items, prefix, false, "scanning categories",
      [&](std::string_view key, std::string_view /*value*/) {
        // C | 'C' | type(4) | id length(2) | id | path
        const auto rest = key.substr(cprefix + 1);
        corrupt = rest.size() < 6;
        if (corrupt) return false;
        const auto id_len = (static_cast<std::size_t>(static_cast<std::uint8_t>(rest[4])) << 8) |
                            static_cast<std::uint8_t>(rest[5]);
        corrupt = rest.size() < 6 + id_len;
        if (corrupt) return false;
        const auto type = keys::get_be32(rest);
        const auto id = rest.substr(6, id_len);
        if (!imported.empty() &&
            imported.contains(keys::item_key("", keys::kCatalogTag, type, id))) {
          return true;
        }
        fn(type, id, rest.substr(6 + id_len));
        return true;
      });
  if (!s.is_ok()) return s;
  return corrupt ? Status::corruption("undecodable category record") : Status::ok();
}

Status Store::scan_counters(std::string_view customer, std::string_view from, std::string_view to,
                            const std::function<void(std::string_view, std::int64_t)>& fn) const {
  const std::string prefix = keys::customer_prefix(customer);
  const std::string begin = prefix + std::string(from);
  const std::string end = prefix + std::string(to);
  const rocksdb::Slice upper = slice(end);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handles_->stats));
  for (it->Seek(slice(begin)); it->Valid(); it->Next()) {
    fn(view(it->key()).substr(prefix.size()), decode_counter(view(it->value())));
  }
  return from_rocks(it->status(), "reading statistics");
}

Status Store::pause_background_work() {
  return from_rocks(db_->PauseBackgroundWork(), "pausing background work");
}

Status Store::continue_background_work() {
  return from_rocks(db_->ContinueBackgroundWork(), "continuing background work");
}

Status Store::scan_events(std::string_view customer,
                          const std::function<bool(const StoredEvent&)>& fn) const {
  const std::string prefix = keys::customer_prefix(customer);
  StoredEvent e;  // reused: decode_event keeps string capacity
  bool corrupt = false;
  auto s = for_each_with_prefix(*db_, handles_->events, prefix, false, "scanning events",
                                [&](std::string_view key, std::string_view value) {
                                  corrupt = !decode_record(key, value, prefix.size(), e);
                                  return !corrupt && fn(e);
                                });
  if (!s.is_ok()) return s;
  return corrupt ? Status::corruption("undecodable event record") : Status::ok();
}

}  // namespace recod::store
