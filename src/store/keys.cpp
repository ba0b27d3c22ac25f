#include "keys.hpp"

#include <cstring>

namespace recod::store::keys {

// The bytes are put together first and appended at once: one bounds check instead of one
// per byte (every tracked click's key holds two of these numbers).
void put_be32(std::string& out, std::uint32_t v) {
  char bytes[4];
  for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>((v >> (24 - 8 * i)) & 0xff);
  out.append(bytes, sizeof bytes);
}

void put_be64(std::string& out, std::uint64_t v) {
  char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((v >> (56 - 8 * i)) & 0xff);
  out.append(bytes, sizeof bytes);
}

std::uint32_t get_be32(std::string_view in) noexcept {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<std::uint8_t>(in[i]);
  return v;
}

std::uint64_t get_be64(std::string_view in) noexcept {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<std::uint8_t>(in[i]);
  return v;
}

namespace {

// Starts `out` (emptied, its capacity kept) with C and room for `rest` more bytes: a key is
// built with at most one allocation, and none when `out` is a buffer reused from the last key.
void start_key(std::string& out, std::string_view customer, std::size_t rest) {
  out.clear();
  out.reserve(1 + customer.size() + rest);
  out.push_back(static_cast<char>(customer.size()));  // ids are at most 64 bytes (config)
  out.append(customer);
}

void start_user_key(std::string& out, std::string_view customer, const tracking::UserHash& user,
                    std::size_t rest) {
  start_key(out, customer, user.size() + rest);
  out.append(reinterpret_cast<const char*>(user.data()), user.size());
}

void start_item_key(std::string& out, std::string_view customer, char tag, std::uint32_t item_type,
                    std::string_view item_id, std::size_t rest) {
  start_key(out, customer, 1 + 4 + 2 + item_id.size() + rest);
  out.push_back(tag);
  put_be32(out, item_type);
  const auto len = static_cast<std::uint16_t>(item_id.size());  // ids are at most 256 bytes
  out.push_back(static_cast<char>(len >> 8));
  out.push_back(static_cast<char>(len & 0xff));
  out.append(item_id);
}

}  // namespace

std::string customer_prefix(std::string_view customer) {
  std::string out;
  start_key(out, customer, 0);
  return out;
}

std::string user_prefix(std::string_view customer, const tracking::UserHash& user) {
  std::string out;
  start_user_key(out, customer, user, 0);
  return out;
}

void event_key_into(std::string& out, std::string_view customer, const tracking::UserHash& user,
                    std::int64_t time_us, std::uint64_t seq) {
  start_user_key(out, customer, user, 2 * sizeof(std::uint64_t));
  put_be64(out, static_cast<std::uint64_t>(time_us));  // parser guarantees time_us >= 0
  put_be64(out, seq);
}

std::string event_key(std::string_view customer, const tracking::UserHash& user,
                      std::int64_t time_us, std::uint64_t seq) {
  std::string out;
  event_key_into(out, customer, user, time_us, seq);
  return out;
}

bool parse_event_key(std::string_view key, std::size_t customer_prefix_size,
                     EventKeyParts& out) noexcept {
  if (key.size() != customer_prefix_size + kUserHashSize + 16) return false;
  key.remove_prefix(customer_prefix_size);
  std::memcpy(out.user.data(), key.data(), kUserHashSize);
  key.remove_prefix(kUserHashSize);
  out.time_us = static_cast<std::int64_t>(get_be64(key));
  out.seq = get_be64(key.substr(8));
  return true;
}

std::string rekey_user(std::string_view key, std::size_t customer_prefix_size,
                       const tracking::UserHash& user) {
  std::string out(key);
  std::memcpy(out.data() + customer_prefix_size, user.data(), kUserHashSize);
  return out;
}

std::string blacklist_key(std::string_view customer, const tracking::UserHash& user,
                          std::uint32_t item_type, std::string_view item_id) {
  std::string out = user_prefix(customer, user);
  out.push_back(kBlacklistTag);
  put_be32(out, item_type);
  out.append(item_id);
  return out;
}

std::string login_key(std::string_view customer, const tracking::UserHash& target,
                      const tracking::UserHash& source) {
  std::string out = user_prefix(customer, target);
  out.push_back(kLoginTag);
  out.append(reinterpret_cast<const char*>(source.data()), source.size());
  return out;
}

bool parse_user_record_key(std::string_view key, tracking::UserHash& user, char& tag) noexcept {
  if (key.empty()) return false;
  const std::size_t customer_prefix_size = 1 + static_cast<std::uint8_t>(key[0]);
  if (key.size() <= customer_prefix_size + kUserHashSize) return false;
  std::memcpy(user.data(), key.data() + customer_prefix_size, kUserHashSize);
  tag = key[customer_prefix_size + kUserHashSize];
  return true;
}

std::string item_key(std::string_view customer, char tag, std::uint32_t item_type,
                     std::string_view item_id) {
  std::string out;
  start_item_key(out, customer, tag, item_type, item_id, 0);
  return out;
}

std::string category_prefix(std::string_view customer, std::uint32_t item_type,
                            std::string_view item_id) {
  return item_key(customer, kCategoryTag, item_type, item_id);
}

void category_key_into(std::string& out, std::string_view customer, std::uint32_t item_type,
                       std::string_view item_id, std::string_view category_path) {
  start_item_key(out, customer, kCategoryTag, item_type, item_id, category_path.size());
  out.append(category_path);
}

std::string category_key(std::string_view customer, std::uint32_t item_type,
                         std::string_view item_id, std::string_view category_path) {
  std::string out;
  category_key_into(out, customer, item_type, item_id, category_path);
  return out;
}

std::string login_reverse_key(std::string_view customer, const tracking::UserHash& source,
                              const tracking::UserHash& target) {
  std::string out = user_prefix(customer, source);
  out.push_back(kLoginReverseTag);
  out.append(reinterpret_cast<const char*>(target.data()), target.size());
  return out;
}

bool parse_item_key(std::string_view key, std::size_t customer_prefix_size, std::uint32_t& type,
                    std::string_view& id) noexcept {
  // C | tag | type(4) | length(2) | id
  if (key.size() < customer_prefix_size + 7) return false;
  key.remove_prefix(customer_prefix_size + 1);
  type = get_be32(key);
  const auto len = (static_cast<std::size_t>(static_cast<std::uint8_t>(key[4])) << 8) |
                   static_cast<std::uint8_t>(key[5]);
  if (key.size() != 6 + len) return false;
  id = key.substr(6);
  return true;
}

std::string prefix_end(std::string_view prefix) {
  std::string out(prefix);
  // Increment the last byte that is not 0xff, dropping the 0xff tail.
  while (!out.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(out.back());
    if (last != 0xff) {
      ++last;
      return out;
    }
    out.pop_back();
  }
  return out;  // every byte was 0xff: no upper bound (callers treat "" as none)
}

}  // namespace recod::store::keys
