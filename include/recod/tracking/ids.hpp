#pragma once
// The rules for identifiers, prices and category paths that tracking, recommendations and
// the catalog share (api-reference.md section 1), so that an id accepted in one place is
// accepted, and written, the same way everywhere. Pure; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "recod/tracking/event.hpp"
#include "recod/util/status.hpp"

namespace recod::tracking {

inline constexpr std::int64_t kMaxId = 2147483647;
inline constexpr std::size_t kMaxStringItemIdBytes = 256;
inline constexpr std::size_t kMaxCategoryPathBytes = 1024;

/// An item type: an integer 1..2147483647.
[[nodiscard]] Result<std::uint32_t> parse_item_type(std::string_view text);

/// An item id, already percent-decoded: an integer 1..2147483647 written canonically
/// ("007" -> "7"), or, when `string_ids`, UTF-8 text of 1..256 bytes without control
/// characters (kept as is).
[[nodiscard]] Result<std::string> parse_item_id(std::string_view text, bool string_ids);

/// Parses a buy's `fullprice` ("2.50EUR", "456JPY") into minor units of the currency.
/// Amounts with more decimals than the currency has are rounded half up.
[[nodiscard]] Result<Price> parse_fullprice(std::string_view text);

/// Normalises a category path: drops leading, trailing and repeated '/'. Fails on a
/// backslash, control characters, invalid UTF-8 or more than kMaxCategoryPathBytes.
[[nodiscard]] Result<std::string> normalize_category_path(std::string_view path);

}  // namespace recod::tracking
