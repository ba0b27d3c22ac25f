#pragma once
// Key layout of recod's RocksDB column families (schema version 1). Private to store/.
//
//   events  : C | user(16) | time_us(8, BE) | seq(8, BE)        -> event value (event_codec)
//   users   : C | user(16) | 'B' | type(4, BE) | item id         -> blacklist expiry_us(8, BE)
//             C | user(16) | 'L' | source user(16)               -> login time_us(8, BE)
//             C | user(16) | 'R' | target user(16)               -> login time_us(8, BE)
//                (the same login seen from the source: erasing either user finds the other)
//   items   : C | 'C' | type(4, BE) | id length(2, BE) | id | category path -> ""
//                (paths collected from click and basket events)
//             C | 'I' | type(4, BE) | id length(2, BE) | id      -> catalog item (catalog/codec)
//             C | 'D' | type(4, BE) | id length(2, BE) | id      -> deletion time_us(8, BE)
//                (deleted: never recommended again until imported again)
//   stats   : C | counter key (built by the stats module)       -> int64 (8, LE), merged by add
//   default : "schema" -> "1", "user_hash_key" -> 16 bytes, ...  (meta)
//
// where C = customer id length (1 byte) followed by the customer id. Big-endian numbers keep
// RocksDB's byte order equal to numeric order, so one prefix seek on C|user yields a user's
// history oldest first, and a scan of C yields every user's history grouped together.

#include <cstdint>
#include <string>
#include <string_view>

#include "recod/tracking/event.hpp"

namespace recod::store::keys {

inline constexpr char kBlacklistTag = 'B';
inline constexpr char kLoginTag = 'L';
inline constexpr char kLoginReverseTag = 'R';
inline constexpr char kCategoryTag = 'C';
inline constexpr char kCatalogTag = 'I';
inline constexpr char kDeletedTag = 'D';
inline constexpr std::size_t kUserHashSize = 16;

void put_be32(std::string& out, std::uint32_t v);
void put_be64(std::string& out, std::uint64_t v);
[[nodiscard]] std::uint32_t get_be32(std::string_view in) noexcept;  ///< reads 4 bytes
[[nodiscard]] std::uint64_t get_be64(std::string_view in) noexcept;  ///< reads 8 bytes

/// C: the length-prefixed customer id that starts every key.
[[nodiscard]] std::string customer_prefix(std::string_view customer);

/// C | user
[[nodiscard]] std::string user_prefix(std::string_view customer, const tracking::UserHash& user);

[[nodiscard]] std::string event_key(std::string_view customer, const tracking::UserHash& user,
                                    std::int64_t time_us, std::uint64_t seq);
/// event_key() written into `out`, replacing what it held: a writer that reuses one buffer
/// builds its keys without allocating.
void event_key_into(std::string& out, std::string_view customer, const tracking::UserHash& user,
                    std::int64_t time_us, std::uint64_t seq);

/// The parts of an event key; false if `key` is not one.
struct EventKeyParts {
  tracking::UserHash user{};
  std::int64_t time_us = 0;
  std::uint64_t seq = 0;
};
[[nodiscard]] bool parse_event_key(std::string_view key, std::size_t customer_prefix_size,
                                   EventKeyParts& out) noexcept;

/// Replaces the user hash inside an event key (login moves history to another user).
[[nodiscard]] std::string rekey_user(std::string_view key, std::size_t customer_prefix_size,
                                     const tracking::UserHash& user);

[[nodiscard]] std::string blacklist_key(std::string_view customer, const tracking::UserHash& user,
                                        std::uint32_t item_type, std::string_view item_id);
[[nodiscard]] std::string login_key(std::string_view customer, const tracking::UserHash& target,
                                    const tracking::UserHash& source);
/// The user and the tag ('B', 'L' or 'R') of a record key in `users`, whatever its customer;
/// false if `key` is too short to be one.
[[nodiscard]] bool parse_user_record_key(std::string_view key, tracking::UserHash& user,
                                         char& tag) noexcept;

/// C | `tag` | type | id length | id: the key (or prefix) of an item's record in `items`.
[[nodiscard]] std::string item_key(std::string_view customer, char tag, std::uint32_t item_type,
                                   std::string_view item_id);
[[nodiscard]] std::string category_prefix(std::string_view customer, std::uint32_t item_type,
                                          std::string_view item_id);
/// category_prefix followed by a category path: the key of one category of an item.
[[nodiscard]] std::string category_key(std::string_view customer, std::uint32_t item_type,
                                       std::string_view item_id, std::string_view category_path);
/// category_key() written into `out`, replacing what it held (as event_key_into()).
void category_key_into(std::string& out, std::string_view customer, std::uint32_t item_type,
                       std::string_view item_id, std::string_view category_path);
[[nodiscard]] std::string login_reverse_key(std::string_view customer,
                                            const tracking::UserHash& source,
                                            const tracking::UserHash& target);

/// The type and id of an item key built by item_key(); false if malformed.
[[nodiscard]] bool parse_item_key(std::string_view key, std::size_t customer_prefix_size,
                                  std::uint32_t& type, std::string_view& id) noexcept;

/// The first key after every key that starts with `prefix` (for iterate_upper_bound).
[[nodiscard]] std::string prefix_end(std::string_view prefix);

}  // namespace recod::store::keys
