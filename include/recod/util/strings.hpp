#pragma once
// Small string helpers. Pure; thread-safe.

#include <string_view>
#include <vector>

namespace recod::util {

/// Splits `s` on `separator`, keeping empty parts ("a,,b" -> {"a", "", "b"}; "" -> {""}).
/// The parts view into `s`.
[[nodiscard]] std::vector<std::string_view> split(std::string_view s, char separator);

}  // namespace recod::util
