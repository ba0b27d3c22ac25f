#pragma once
// What Store and EventWriter share beyond the public header. Private to store/.

#include <memory>
#include <string>
#include <string_view>

#include <rocksdb/db.h>
#include <rocksdb/merge_operator.h>

#include "keys.hpp"
#include "recod/store/store.hpp"

namespace recod::store {

inline constexpr const char* kEventsCf = "events";
inline constexpr const char* kUsersCf = "users";
inline constexpr const char* kItemsCf = "items";
inline constexpr const char* kStatsCf = "stats";

inline rocksdb::Slice to_slice(std::string_view s) { return {s.data(), s.size()}; }
inline std::string_view to_view(const rocksdb::Slice& s) { return {s.data(), s.size()}; }

/// A counter value of the `stats` column family: 8 bytes, little-endian.
inline std::string encode_counter(std::int64_t v) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i)
    out[i] = static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xff);
  return out;
}
inline std::int64_t decode_counter(std::string_view s) {
  if (s.size() != 8) return 0;  // never written by recod; counting on is better than failing
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<std::uint8_t>(s[i]);
  return static_cast<std::int64_t>(v);
}

/// RocksDB's status as ours; `what` says what was being done ("reading events").
inline Status from_rocks(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return Status::ok();
  return Status::io_error(std::string(what) + ": " + s.ToString());
}

/// Calls fn(key, value) for every record of `cf` whose key starts with `prefix` (every
/// record for ""), in key order, until fn returns false. A full scan (fill_cache = false)
/// does not evict the blocks that requests keep hot.
template <typename Fn>
Status for_each_with_prefix(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf,
                            std::string_view prefix, bool fill_cache, std::string_view what,
                            Fn&& fn) {
  const std::string end = keys::prefix_end(prefix);
  const rocksdb::Slice upper = to_slice(end);
  rocksdb::ReadOptions ro;
  if (!end.empty()) ro.iterate_upper_bound = &upper;  // "": every key (from `prefix`) on
  ro.fill_cache = fill_cache;
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(ro, cf));
  for (it->Seek(to_slice(prefix)); it->Valid(); it->Next()) {
    if (!fn(to_view(it->key()), to_view(it->value()))) break;
  }
  return from_rocks(it->status(), what);
}

struct Store::Handles {
  rocksdb::DB* db = nullptr;  // not owned; to destroy the handles
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  rocksdb::ColumnFamilyHandle* events = nullptr;
  rocksdb::ColumnFamilyHandle* users = nullptr;
  rocksdb::ColumnFamilyHandle* items = nullptr;
  rocksdb::ColumnFamilyHandle* stats = nullptr;
  std::string secondary_dir;  // scratch dir of a read-only (secondary) open; removed at close

  Handles() = default;
  Handles(const Handles&) = delete;
  Handles& operator=(const Handles&) = delete;
  ~Handles();
};

}  // namespace recod::store
