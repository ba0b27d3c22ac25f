#include "recod/catalog/codec.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "recod/util/byte_codec.hpp"

namespace recod::catalog {
namespace {

using util::put_signed_varint;
using util::put_string;
using util::put_varint;
using Reader = util::ByteReader;

// Layout, version 1:
//   version byte, flags byte, varint type, id (varint if kNumericId, else string),
//   [price: zig-zag varint amount, string currency], [zig-zag varint valid_from_s],
//   [zig-zag varint valid_to_s], varint count + strings (category paths),
//   varint count + (key, value) strings (content), varint count + (key, value, type byte)
//   (attributes). Strings are a varint length and the bytes.
constexpr std::uint8_t kItemFormatVersion = 1;

constexpr std::uint8_t kHasPrice = 1 << 0;
constexpr std::uint8_t kHasValidFrom = 1 << 1;
constexpr std::uint8_t kHasValidTo = 1 << 2;
constexpr std::uint8_t kNumericId = 1 << 3;
constexpr std::uint8_t kKnownFlags = (1 << 4) - 1;

// The largest id stored as a number: 18 digits always fit in 63 bits.
constexpr std::uint64_t kMaxNumericId = 999'999'999'999'999'999ULL;

bool is_known_attribute_type(std::uint8_t raw) {
  return raw >= static_cast<std::uint8_t>(AttributeType::kNominal) &&
         raw <= static_cast<std::uint8_t>(AttributeType::kText);
}

bool decode_id(Reader& r, bool numeric, std::string& out) {
  if (!numeric) return r.string(out);
  std::uint64_t v = 0;
  if (!r.varint(v) || v == 0 || v > kMaxNumericId) return false;
  out = std::to_string(v);
  return true;
}

bool decode_lists(Reader& r, Item& item) {
  std::uint64_t n = 0;
  if (!r.count(n, 1)) return false;
  item.category_paths.resize(n);
  for (std::string& path : item.category_paths) {
    if (!r.string(path)) return false;
  }
  if (!r.count(n, 2)) return false;
  item.content.resize(n);
  for (ContentData& c : item.content) {
    if (!r.string(c.key) || !r.string(c.value)) return false;
  }
  if (!r.count(n, 3)) return false;
  item.attributes.resize(n);
  for (Attribute& a : item.attributes) {
    std::uint8_t type = 0;
    if (!r.string(a.key) || !r.string(a.value) || !r.byte(type)) return false;
    if (!is_known_attribute_type(type)) return false;
    a.type = static_cast<AttributeType>(type);
  }
  return true;
}

}  // namespace

void encode_item(const Item& item, std::string& out) {
  std::uint64_t numeric = 0;
  const bool is_numeric = util::canonical_numeric_id(item.id, numeric);
  std::uint8_t flags = 0;
  if (item.price) flags |= kHasPrice;
  if (item.valid_from_s) flags |= kHasValidFrom;
  if (item.valid_to_s) flags |= kHasValidTo;
  if (is_numeric) flags |= kNumericId;

  out.push_back(static_cast<char>(kItemFormatVersion));
  out.push_back(static_cast<char>(flags));
  put_varint(out, item.type);
  if (is_numeric) {
    put_varint(out, numeric);
  } else {
    put_string(out, item.id);
  }
  if (item.price) {
    put_signed_varint(out, item.price->amount_minor);
    put_string(out, item.price->currency);
  }
  if (item.valid_from_s) put_signed_varint(out, *item.valid_from_s);
  if (item.valid_to_s) put_signed_varint(out, *item.valid_to_s);
  put_varint(out, item.category_paths.size());
  for (const std::string& path : item.category_paths) put_string(out, path);
  put_varint(out, item.content.size());
  for (const ContentData& c : item.content) {
    put_string(out, c.key);
    put_string(out, c.value);
  }
  put_varint(out, item.attributes.size());
  for (const Attribute& a : item.attributes) {
    put_string(out, a.key);
    put_string(out, a.value);
    out.push_back(static_cast<char>(a.type));
  }
}

bool decode_item(std::string_view value, Item& out) {
  // Decoded into a fresh value, so that `out` is untouched when the input is rejected.
  Item item;
  Reader r(value);
  std::uint8_t version = 0;
  std::uint8_t flags = 0;
  if (!r.byte(version) || version != kItemFormatVersion) return false;
  if (!r.byte(flags) || (flags & ~kKnownFlags) != 0) return false;

  std::uint64_t type = 0;
  if (!r.varint(type) || type > 0xffffffffULL) return false;
  item.type = static_cast<std::uint32_t>(type);
  if (!decode_id(r, (flags & kNumericId) != 0, item.id)) return false;

  if ((flags & kHasPrice) != 0) {
    tracking::Price price;
    if (!r.signed_varint(price.amount_minor) || !r.string(price.currency)) return false;
    item.price = std::move(price);
  }
  std::int64_t seconds = 0;
  if ((flags & kHasValidFrom) != 0) {
    if (!r.signed_varint(seconds)) return false;
    item.valid_from_s = seconds;
  }
  if ((flags & kHasValidTo) != 0) {
    if (!r.signed_varint(seconds)) return false;
    item.valid_to_s = seconds;
  }
  if (!decode_lists(r, item) || !r.done()) return false;
  out = std::move(item);
  return true;
}

}  // namespace recod::catalog
