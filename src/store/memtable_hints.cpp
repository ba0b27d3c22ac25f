#include "memtable_hints.hpp"

#include <memory>

#include <rocksdb/slice_transform.h>

#include "keys.hpp"

namespace recod::store {
namespace {

// Event keys start with C | user: the customer id's length (1 byte), the id, and the user
// hash. Shorter keys (none are written to `events`) are outside the domain.
class UserPrefix final : public rocksdb::SliceTransform {
 public:
  [[nodiscard]] const char* Name() const override { return "recod.EventUserPrefix"; }

  [[nodiscard]] rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    return {key.data(), prefix_size(key)};
  }

  [[nodiscard]] bool InDomain(const rocksdb::Slice& key) const override {
    return !key.empty() && key.size() >= prefix_size(key);
  }

 private:
  static std::size_t prefix_size(const rocksdb::Slice& key) {
    return 1 + static_cast<std::uint8_t>(key[0]) + keys::kUserHashSize;
  }
};

// A counter's whole key: each Merge of it goes right before the previous one.
class WholeKey final : public rocksdb::SliceTransform {
 public:
  [[nodiscard]] const char* Name() const override { return "recod.WholeKey"; }
  [[nodiscard]] rocksdb::Slice Transform(const rocksdb::Slice& key) const override { return key; }
  [[nodiscard]] bool InDomain(const rocksdb::Slice& /*key*/) const override { return true; }
};

}  // namespace

void insert_events_with_hints(rocksdb::ColumnFamilyOptions& events) {
  events.memtable_insert_with_hint_prefix_extractor = std::make_shared<UserPrefix>();
}

void insert_counters_with_hints(rocksdb::ColumnFamilyOptions& counters) {
  counters.memtable_insert_with_hint_prefix_extractor = std::make_shared<WholeKey>();
}

}  // namespace recod::store
