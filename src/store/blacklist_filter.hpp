#pragma once
// Which users may have blacklisted something, kept in memory. Private to store/.
//
// Every recommendation reads the user's blacklist, and almost no user has one: a RocksDB
// iterator over the users column family for nothing was 6 % of a recommendation's
// instructions. The filter answers "certainly not" for those users without touching the
// store, and "maybe" for the others, whose blacklist is then read as before.
//
// A Bloom filter over user pseudonyms (keyed hashes, distinct per customer, so they need no
// further hashing). A user's bits are set before the write that stores a blacklist record
// for them commits, and never cleared: an expired or erased blacklist costs a read, never a
// wrong answer. Store::open fills it from the blacklist records already stored. Lock-free:
// any thread may ask while the writing thread adds.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "recod/tracking/event.hpp"

namespace recod::store {

class BlacklistFilter final {
 public:
  /// 2^24 bits (2 MiB), 3 bits per user: 0.4 % "maybe" for users without a blacklist when a
  /// million users have one, 10 % at four million.
  static constexpr std::size_t kBits = std::size_t{1} << 24;

  /// A filter that knows nothing yet: "maybe" for everyone until enable().
  BlacklistFilter();

  /// From now on, answer from the bits: every stored blacklist record's user was add()ed.
  void enable() noexcept { enabled_.store(true, std::memory_order_release); }

  void add(const tracking::UserHash& user) noexcept;

  /// False only if `user` certainly has no blacklist record.
  [[nodiscard]] bool may_have(const tracking::UserHash& user) const noexcept;

 private:
  static constexpr int kBitsPerUser = 3;
  static constexpr std::size_t kWords = kBits / 64;

  std::unique_ptr<std::atomic<std::uint64_t>[]> words_;
  std::atomic<bool> enabled_{false};
};

}  // namespace recod::store
