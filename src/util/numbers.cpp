#include "recod/util/numbers.hpp"

#include <limits>

namespace recod::util {

std::optional<std::int64_t> parse_uint(std::string_view s, std::int64_t min,
                                       std::int64_t max) noexcept {
  if (s.empty()) return std::nullopt;
  // Manual accumulation rather than from_chars: from_chars would accept a leading '-' for a
  // signed type, and here every char must be a digit anyway.
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  std::int64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    const int digit = c - '0';
    if (value > (kMax - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  if (value < min || value > max) return std::nullopt;
  return value;
}

}  // namespace recod::util
