#include "recod/catalog/availability.hpp"

#include <functional>
#include <mutex>

#include "recod/store/store.hpp"

namespace recod::catalog {

std::string Availability::key(std::string_view customer, std::uint32_t type, std::string_view id) {
  std::string k;
  k.reserve(customer.size() + 6 + id.size());
  k.append(customer).push_back('\0');  // customer ids cannot contain NUL
  k.append(std::to_string(type)).push_back('\0');
  k.append(id);
  return k;
}

Availability::Shard& Availability::shard_of(const std::string& k) {
  return shards_[std::hash<std::string>{}(k) % kShards];
}

const Availability::Shard& Availability::shard_of(const std::string& k) const {
  return shards_[std::hash<std::string>{}(k) % kShards];
}

void Availability::set(std::string k, const Entry* entry) {
  auto& shard = shard_of(k);
  std::unique_lock lock(shard.mutex);
  if (entry == nullptr) {
    if (shard.entries.erase(k) > 0) count_.fetch_sub(1);
    return;
  }
  const auto [it, inserted] = shard.entries.insert_or_assign(std::move(k), *entry);
  if (inserted) count_.fetch_add(1);
}

Status Availability::load(const store::Store& store, std::string_view customer) {
  auto s = store.scan_catalog(customer, [&](const Item& item) { imported(customer, item); });
  if (!s.is_ok()) return s;
  return store.scan_deleted_items(
      customer, [&](std::uint32_t type, std::string_view id) { deleted(customer, type, id); });
}

bool Availability::available(std::string_view customer, std::uint32_t type, std::string_view id,
                             std::int64_t now_s) const {
  if (count_.load(std::memory_order_relaxed) == 0) return true;  // the usual case
  const std::string k = key(customer, type, id);
  const auto& shard = shard_of(k);
  std::shared_lock lock(shard.mutex);
  const auto it = shard.entries.find(k);
  if (it == shard.entries.end()) return true;
  const Entry& e = it->second;
  return !e.deleted && now_s >= e.from_s && now_s <= e.to_s;
}

void Availability::imported(std::string_view customer, const Item& item) {
  if (!item.valid_from_s && !item.valid_to_s) {
    set(key(customer, item.type, item.id), nullptr);  // unrestricted (and undeleted)
    return;
  }
  Entry e;
  if (item.valid_from_s) e.from_s = *item.valid_from_s;
  if (item.valid_to_s) e.to_s = *item.valid_to_s;
  set(key(customer, item.type, item.id), &e);
}

void Availability::deleted(std::string_view customer, std::uint32_t type, std::string_view id) {
  Entry e;
  e.deleted = true;
  set(key(customer, type, id), &e);
}

}  // namespace recod::catalog
