#include "blacklist_filter.hpp"

#include <cstring>

namespace recod::store {
namespace {

// The i-th bit of a user (double hashing: h1 + i * h2, h2 odd so the positions differ).
struct BitPositions {
  std::uint64_t h1 = 0;
  std::uint64_t h2 = 0;

  explicit BitPositions(const tracking::UserHash& user) noexcept {
    std::memcpy(&h1, user.data(), sizeof h1);
    std::memcpy(&h2, user.data() + sizeof h1, sizeof h2);
    h2 |= 1;
  }
  [[nodiscard]] std::size_t operator[](int i) const noexcept {
    return static_cast<std::size_t>(h1 + static_cast<std::uint64_t>(i) * h2) &
           (BlacklistFilter::kBits - 1);
  }
};

}  // namespace

BlacklistFilter::BlacklistFilter()
    : words_(std::make_unique<std::atomic<std::uint64_t>[]>(kWords)) {}

void BlacklistFilter::add(const tracking::UserHash& user) noexcept {
  const BitPositions bits(user);
  for (int i = 0; i < kBitsPerUser; ++i) {
    const std::size_t bit = bits[i];
    words_[bit / 64].fetch_or(std::uint64_t{1} << (bit % 64), std::memory_order_release);
  }
}

bool BlacklistFilter::may_have(const tracking::UserHash& user) const noexcept {
  if (!enabled_.load(std::memory_order_acquire)) return true;
  const BitPositions bits(user);
  for (int i = 0; i < kBitsPerUser; ++i) {
    const std::size_t bit = bits[i];
    if ((words_[bit / 64].load(std::memory_order_acquire) & (std::uint64_t{1} << (bit % 64))) == 0)
      return false;
  }
  return true;
}

}  // namespace recod::store
