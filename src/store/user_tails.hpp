#pragma once
// Per user (the C | user prefix of an event key), where that user's greatest entry in one
// memtable lies, for the events' memtable (lean_memtable.hpp). Private to store/.
//
// One flat table with linear probing, used by the memtable's one writer only. A slot keeps
// the prefix's hash, the node of the greatest entry and the insertion hint (splice) of the
// user; it does not keep the prefix: the node's own entry begins with it, and the writer
// reads that node anyway to link the next one after it. A lookup therefore misses the cache
// once, in the slot, where RocksDB's map of insertion hints missed it in its bucket and
// node.

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace recod::store {

/// The hash of a C | user prefix: the user hash's last 16 bytes (keyed SipHash output,
/// uniform) and the length, mixed so that structured test keys spread too.
[[nodiscard]] inline std::uint64_t user_prefix_hash(std::string_view prefix) noexcept {
  std::uint64_t low = prefix.size();
  std::uint64_t high = 0;
  if (prefix.size() >= 16) {
    std::memcpy(&low, prefix.data() + prefix.size() - 8, 8);
    std::memcpy(&high, prefix.data() + prefix.size() - 16, 8);
  }
  std::uint64_t h = low ^ std::rotl(high, 29) ^ (prefix.size() * 0x9e3779b97f4a7c15ULL);
  // MurmurHash3's finalizer.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

template <class Node, class Splice>
class UserTails {
 public:
  struct Tail {
    std::uint64_t hash = 0;  // 0: a free slot (hashes are stored with the low bit set)
    Node* last = nullptr;    // the user's greatest entry in the memtable
    Splice* splice = nullptr;
  };

  UserTails() : slots_(kInitialSlots), memory_bytes_(slots_.size() * sizeof(Tail)) {}

  /// The tail of `prefix`, or nullptr if the user has no entry yet. `prefix_of(node)` reads
  /// the C | user prefix of a node's entry.
  template <class PrefixOf>
  [[nodiscard]] Tail* find(std::string_view prefix, std::uint64_t hash, PrefixOf prefix_of) {
    const std::uint64_t stored = hash | 1;
    for (std::size_t i = index_of(stored);; i = (i + 1) & (slots_.size() - 1)) {
      Tail& tail = slots_[i];
      if (tail.hash == 0) return nullptr;
      if (tail.hash == stored && prefix_of(tail.last) == prefix) return &tail;
    }
  }

  /// Adds the tail of a user that find() did not find.
  void add(std::uint64_t hash, Node* last, Splice* splice) {
    if ((used_ + 1) * 10 > slots_.size() * 7) grow();
    place({hash | 1, last, splice});
    ++used_;
  }

  /// The table's size in bytes; from any thread (RocksDB asks for a memtable's size from
  /// its background threads and its properties too).
  [[nodiscard]] std::size_t memory_bytes() const noexcept {
    return memory_bytes_.load(std::memory_order_relaxed);
  }

 private:
  static constexpr std::size_t kInitialSlots = 1024;  // a power of two

  [[nodiscard]] std::size_t index_of(std::uint64_t stored) const noexcept {
    return static_cast<std::size_t>(stored >> 1) & (slots_.size() - 1);
  }

  void place(const Tail& tail) {
    std::size_t i = index_of(tail.hash);
    while (slots_[i].hash != 0) i = (i + 1) & (slots_.size() - 1);
    slots_[i] = tail;
  }

  void grow() {
    std::vector<Tail> old(slots_.size() * 2);
    old.swap(slots_);
    for (const Tail& tail : old) {
      if (tail.hash != 0) place(tail);
    }
    memory_bytes_.store(slots_.size() * sizeof(Tail), std::memory_order_relaxed);
  }

  std::vector<Tail> slots_;
  std::size_t used_ = 0;
  std::atomic<std::size_t> memory_bytes_;
};

}  // namespace recod::store
