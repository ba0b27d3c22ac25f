#pragma once
// Lower-case hex encoding of bytes. Pure; thread-safe.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace recod::util {

/// Lower-case hex of `bytes`, two characters per byte.
[[nodiscard]] std::string to_hex(std::span<const std::uint8_t> bytes);
[[nodiscard]] std::string to_hex(std::string_view bytes);

/// Bytes of a hex string (either case); nullopt if the length is odd or a char is not hex.
[[nodiscard]] std::optional<std::vector<std::uint8_t>> from_hex(std::string_view hex);

}  // namespace recod::util
