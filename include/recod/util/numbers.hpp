#pragma once
// Strict parsing of decimal integers as they appear in URLs. Pure; thread-safe.

#include <cstdint>
#include <optional>
#include <string_view>

namespace recod::util {

/// Parses a non-negative decimal integer: one or more ASCII digits, nothing else (no sign,
/// no spaces, no '.'), leading zeros allowed. Returns nullopt if malformed, if it
/// overflows, or if the value is outside [min, max].
[[nodiscard]] std::optional<std::int64_t> parse_uint(std::string_view s, std::int64_t min,
                                                     std::int64_t max) noexcept;

}  // namespace recod::util
