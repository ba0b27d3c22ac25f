#pragma once
// ISO 4217 currency codes and their minor-unit exponents (EUR 2, JPY 0, BHD 3), so that
// prices can be stored as integers in minor units. Pure; thread-safe.

#include <optional>
#include <string_view>

namespace recod::util {

/// The number of decimal places of the currency's minor unit, or nullopt if `code` is not
/// an active ISO 4217 alphabetic code (upper case, three letters).
[[nodiscard]] std::optional<int> currency_exponent(std::string_view code) noexcept;

}  // namespace recod::util
