#pragma once
// What Store and EventWriter share beyond the public header. Private to store/.

#include <string>

#include "recod/store/store.hpp"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace recod::store {

inline constexpr const char* kEventsCf = "events";
inline constexpr const char* kUsersCf = "users";
inline constexpr const char* kItemsCf = "items";

struct Store::Handles {
  rocksdb::DB* db = nullptr;  // not owned; to destroy the handles
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  rocksdb::ColumnFamilyHandle* events = nullptr;
  rocksdb::ColumnFamilyHandle* users = nullptr;
  rocksdb::ColumnFamilyHandle* items = nullptr;
  std::string secondary_dir;  // scratch dir of a read-only (secondary) open; removed at close

  Handles() = default;
  Handles(const Handles&) = delete;
  Handles& operator=(const Handles&) = delete;
  ~Handles();
};

}  // namespace recod::store
