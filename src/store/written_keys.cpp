#include "written_keys.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace recod::store {
namespace {

constexpr WrittenKeys::Fingerprint kFree{};

std::uint64_t low_word(const WrittenKeys::Fingerprint& f) {
  std::uint64_t word = 0;
  std::memcpy(&word, f.data(), sizeof word);
  return word;
}

}  // namespace

WrittenKeys::WrittenKeys(const util::SipKey& key, std::size_t capacity)
    : key_(key),
      capacity_(std::max<std::size_t>(capacity, 1)),
      slots_(std::bit_ceil(2 * capacity_)) {}

WrittenKeys::Fingerprint WrittenKeys::fingerprint(std::string_view key) const noexcept {
  Fingerprint f = util::siphash128(key_, key);
  if (f == kFree) f[0] = 1;  // all zero marks a free slot
  return f;
}

// The slot holding `f`, or the free slot where it goes (linear probing; never full).
std::size_t WrittenKeys::slot_of(const Fingerprint& f) const noexcept {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = low_word(f) & mask;
  while (slots_[i] != f && slots_[i] != kFree) i = (i + 1) & mask;
  return i;
}

bool WrittenKeys::contains(const Fingerprint& f) const noexcept { return slots_[slot_of(f)] == f; }

void WrittenKeys::insert(const Fingerprint& f) {
  std::size_t i = slot_of(f);
  if (slots_[i] == f) return;
  if (used_ >= capacity_) {
    std::fill(slots_.begin(), slots_.end(), kFree);
    used_ = 0;
    i = slot_of(f);
  }
  slots_[i] = f;
  ++used_;
}

}  // namespace recod::store
