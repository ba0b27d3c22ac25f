#pragma once
// Keys this process has stored, remembered as 128-bit keyed fingerprints in one flat
// table. Private to store/.
//
// A click writes its item's category key unless this process has written it already: the
// key never changes and is never deleted, and each write costs a memtable insertion. The
// set of those keys was a std::unordered_set<std::string>, whose lookup missed the cache
// three times (bucket, node, the node's cached hash): ~3 % of the CPU time of a tracked
// click under load (docs/performance.md). A lookup here reads one 16-byte slot, seldom
// two. The fingerprint is SipHash-128 under a key of the store's: two keys share one with
// a chance of 2^-128, and no request can make them (the key is secret).

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "recod/util/siphash.hpp"

namespace recod::store {

class WrittenKeys {
 public:
  using Fingerprint = util::Hash128;

  /// Remembers up to `capacity` keys, then forgets them all at once (writing a key again
  /// is harmless, only slower).
  WrittenKeys(const util::SipKey& key, std::size_t capacity);

  [[nodiscard]] Fingerprint fingerprint(std::string_view key) const noexcept;
  [[nodiscard]] bool contains(const Fingerprint& f) const noexcept;
  void insert(const Fingerprint& f);
  [[nodiscard]] std::size_t size() const noexcept { return used_; }

 private:
  [[nodiscard]] std::size_t slot_of(const Fingerprint& f) const noexcept;

  util::SipKey key_;
  std::size_t capacity_;
  std::vector<Fingerprint> slots_;  // all zero: free; at most half of them used
  std::size_t used_ = 0;
};

}  // namespace recod::store
