#pragma once
// A catalog item as a plain value: what the XML import produces, what the store keeps, and
// what GET /api/{cid}/item/{type}/{id} renders back.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "recod/tracking/event.hpp"

namespace recod::catalog {

/// The `type` of an <attribute>. The numeric values are persisted: only append.
enum class AttributeType : std::uint8_t { kNominal = 1, kNumeric = 2, kText = 3 };

/// "NOMINAL", "NUMERIC", "TEXT".
[[nodiscard]] std::string_view attribute_type_name(AttributeType t) noexcept;
[[nodiscard]] std::optional<AttributeType> attribute_type_from_name(std::string_view s) noexcept;

/// <attribute key="vendor" value="BOSCH" type="NOMINAL"/>; a key may repeat (multi-valued).
struct Attribute {
  std::string key;
  std::string value;
  AttributeType type = AttributeType::kNominal;
  bool operator==(const Attribute&) const = default;
};

/// <content-data key="title"><![CDATA[...]]></content-data>; a key may repeat.
struct ContentData {
  std::string key;
  std::string value;
  bool operator==(const ContentData&) const = default;
};

struct Item {
  std::uint32_t type = 0;  ///< 1..2147483647
  std::string id;          ///< canonical decimal, or a string id when the customer allows
  std::optional<tracking::Price> price;      ///< <price currency="EUR">122</price>, minor units
  std::optional<std::int64_t> valid_from_s;  ///< <validfrom>, Unix seconds
  std::optional<std::int64_t> valid_to_s;    ///< <validto>, Unix seconds
  std::vector<std::string> category_paths;   ///< normalised ("8/4/5"), in document order
  std::vector<ContentData> content;          ///< in document order
  std::vector<Attribute> attributes;         ///< in document order

  /// True if `now_s` lies inside the validity window (open ends are unbounded).
  [[nodiscard]] bool valid_at(std::int64_t now_s) const noexcept {
    return now_s >= valid_from_s.value_or(INT64_MIN) && now_s <= valid_to_s.value_or(INT64_MAX);
  }

  /// Every value of `key`, content-data first, then attributes, in document order.
  [[nodiscard]] std::vector<std::string_view> values_of(std::string_view key) const;

  bool operator==(const Item&) const = default;
};

}  // namespace recod::catalog
