#include "recod/catalog/codec.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace recod::catalog {
namespace {

using tracking::Price;

std::string encode(const Item& item) {
  std::string out;
  encode_item(item, out);
  return out;
}

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

// An item with every field set, to decode into: decoding must replace all of it.
Item dirty_item() {
  Item item;
  item.type = 99;
  item.id = "old";
  item.price = Price{5, "JPY"};
  item.valid_from_s = 1;
  item.valid_to_s = 2;
  item.category_paths = {"old/path"};
  item.content = {{"old", "content"}};
  item.attributes = {{"old", "attribute", AttributeType::kText}};
  return item;
}

std::optional<Item> decode(std::string_view value) {
  Item out = dirty_item();
  if (!decode_item(value, out)) {
    EXPECT_EQ(out, dirty_item()) << "a rejected value must leave the output alone";
    return std::nullopt;
  }
  return out;
}

// Ids that must come back exactly as they went in.
const std::vector<std::string>& item_ids() {
  static const std::vector<std::string> ids = {
      "1",
      "2147483647",
      "999999999999999999",   // 18 digits: the largest numeric form
      "1000000000000000000",  // 19 digits: kept as a string
      "0123",
      "0",
      "",
      "-1",
      "12a",
      "sku \"A&B\" \xe2\x98\x83",
      std::string("nul\0inside", 10),
      std::string(300, 'x'),
  };
  return ids;
}

// ---- golden encodings: the persisted format (version 1) must not change by accident ----

TEST(ItemCodecTest, EncodesAMinimalItemCompactly) {
  Item item;
  item.type = 1;
  item.id = "123";
  // version, flags (numeric id), type, id 123, three empty lists.
  EXPECT_EQ(encode(item), bytes({0x01, 0x08, 0x01, 0x7b, 0x00, 0x00, 0x00}));
}

TEST(ItemCodecTest, EncodesEveryField) {
  Item item;
  item.type = 300;
  item.id = "ab";
  item.price = Price{1999, "EUR"};
  item.valid_from_s = 1;
  item.valid_to_s = -1;
  item.category_paths = {"a/b"};
  item.content = {{"t", "x"}};
  item.attributes = {{"k", "3", AttributeType::kNumeric}};
  EXPECT_EQ(encode(item), bytes({0x01, 0x07,       // version, flags: price, from, to
                                 0xac, 0x02,       // type 300
                                 0x02, 'a',  'b',  // string id
                                 0x9e, 0x1f, 0x03, 'E',  'U', 'R',      // price (zig-zag 1999)
                                 0x02, 0x01,                            // valid from 1, valid to -1
                                 0x01, 0x03, 'a',  '/',  'b',           // category paths
                                 0x01, 0x01, 't',  0x01, 'x',           // content
                                 0x01, 0x01, 'k',  0x01, '3', 0x02}));  // attributes
}

TEST(ItemCodecTest, EncodeAppendsToOutput) {
  Item item;
  item.type = 1;
  item.id = "5";
  std::string out = "prefix";
  encode_item(item, out);
  EXPECT_EQ(out, "prefix" + encode(item));
}

// ---- round trips ----

TEST(ItemCodecTest, RoundTripsEveryFieldCombination) {
  int checked = 0;
  for (const std::string& id : item_ids()) {
    for (int mask = 0; mask < 64; ++mask) {
      Item item;
      item.type = static_cast<std::uint32_t>(1 + mask * 1000);
      item.id = id;
      if ((mask & 1) != 0) item.price = Price{mask * 100, mask % 3 == 0 ? "JPY" : "EUR"};
      if ((mask & 2) != 0) item.valid_from_s = 1767225600 + mask;
      if ((mask & 4) != 0) item.valid_to_s = 1798761599 - mask;
      if ((mask & 8) != 0) item.category_paths = {"8/4/5", "Women/Shirts/\xc3\x9c", ""};
      if ((mask & 16) != 0) {
        item.content = {{"title", "T"}, {"description", std::string(200, 'd')}, {"title", ""}};
      }
      if ((mask & 32) != 0) {
        item.attributes = {{"vendor", "BOSCH", AttributeType::kNominal},
                           {"size", "-1.5", AttributeType::kNumeric},
                           {"notes", std::string("a\0b", 3), AttributeType::kText}};
      }
      const auto decoded = decode(encode(item));
      ASSERT_TRUE(decoded.has_value()) << id << " " << mask;
      ASSERT_EQ(*decoded, item) << id << " " << mask;
      ++checked;
    }
  }
  EXPECT_EQ(checked, static_cast<int>(item_ids().size()) * 64);
}

TEST(ItemCodecTest, RoundTripsExtremeNumbers) {
  for (const std::int64_t n :
       {std::int64_t{0}, std::int64_t{-1}, std::int64_t{1}, std::int64_t{253402300799},
        std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min()}) {
    Item item;
    item.type = std::numeric_limits<std::uint32_t>::max();
    item.id = "2147483647";
    item.price = Price{n, "BHD"};
    item.valid_from_s = n;
    item.valid_to_s = n;
    const auto decoded = decode(encode(item));
    ASSERT_TRUE(decoded.has_value()) << n;
    EXPECT_EQ(*decoded, item) << n;
  }
}

TEST(ItemCodecTest, RoundTripsLargeItems) {
  Item item;
  item.type = 1;
  item.id = "1";
  for (int i = 0; i < 1000; ++i) {
    item.category_paths.push_back("c/" + std::to_string(i));
    item.content.push_back(
        {"k" + std::to_string(i), std::string(static_cast<std::size_t>(i), 'v')});
    item.attributes.push_back({"a", std::to_string(i), AttributeType::kNumeric});
  }
  item.content.push_back({"big", std::string(1 << 20, 'b')});
  const auto decoded = decode(encode(item));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, item);
}

// ---- rejections ----

TEST(ItemCodecTest, RejectsEveryTruncation) {
  Item item = dirty_item();
  item.id = "sku-1";
  const std::string full = encode(item);
  ASSERT_TRUE(decode(full).has_value());
  for (std::size_t n = 0; n < full.size(); ++n) {
    EXPECT_FALSE(decode(full.substr(0, n)).has_value()) << n;
  }
  Item numeric;
  numeric.type = 1;
  numeric.id = "123456";
  const std::string short_form = encode(numeric);
  for (std::size_t n = 0; n < short_form.size(); ++n) {
    EXPECT_FALSE(decode(short_form.substr(0, n)).has_value()) << n;
  }
}

TEST(ItemCodecTest, RejectsTrailingBytes) {
  const std::string full = encode(dirty_item());
  EXPECT_FALSE(decode(full + '\0').has_value());
  EXPECT_FALSE(decode(full + "x").has_value());
  EXPECT_FALSE(decode(full + full).has_value());
}

TEST(ItemCodecTest, RejectsUnknownVersionsFlagsAndTypes) {
  const std::string good = bytes({0x01, 0x08, 0x01, 0x7b, 0x00, 0x00, 0x00});
  ASSERT_TRUE(decode(good).has_value());
  for (const int version : {0x00, 0x02, 0x7f, 0xff}) {
    std::string v = good;
    v[0] = static_cast<char>(version);
    EXPECT_FALSE(decode(v).has_value()) << version;
  }
  for (const int flags : {0x10, 0x20, 0x40, 0x80, 0x18}) {
    std::string v = good;
    v[1] = static_cast<char>(flags);
    EXPECT_FALSE(decode(v).has_value()) << flags;
  }
  // Attribute types other than 1..3.
  const std::string attribute =
      bytes({0x01, 0x08, 0x01, 0x7b, 0x00, 0x00, 0x01, 0x01, 'k', 0x01, 'v', 0x01});
  ASSERT_TRUE(decode(attribute).has_value());
  for (const int type : {0x00, 0x04, 0xff}) {
    std::string v = attribute;
    v.back() = static_cast<char>(type);
    EXPECT_FALSE(decode(v).has_value()) << type;
  }
}

TEST(ItemCodecTest, RejectsNumbersTheEncoderNeverWrites) {
  // Item type above 32 bits.
  EXPECT_FALSE(decode(bytes({0x01, 0x08, 0x80, 0x80, 0x80, 0x80, 0x10, 0x01, 0, 0, 0})));
  EXPECT_TRUE(decode(bytes({0x01, 0x08, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0, 0, 0})));
  // Numeric id 0 (written as the string "0") and ids of 19 digits.
  EXPECT_FALSE(decode(bytes({0x01, 0x08, 0x01, 0x00, 0x00, 0x00, 0x00})));
  std::string big = bytes({0x01, 0x08, 0x01});
  std::uint64_t v = 1'000'000'000'000'000'000ULL;
  while (v >= 0x80) {
    big.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  big.push_back(static_cast<char>(v));
  EXPECT_FALSE(decode(big + bytes({0, 0, 0})));
  // A varint of more than ten bytes.
  EXPECT_FALSE(decode(bytes({0x01, 0x08, 0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                             0x80, 0x01, 0, 0, 0})));
}

TEST(ItemCodecTest, RejectsCountsAndLengthsBeyondTheInput) {
  // A string length of 2^63 and a list of 2^63 entries.
  EXPECT_FALSE(
      decode(bytes({0x01, 0x00, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 'x'})));
  EXPECT_FALSE(decode(bytes(
      {0x01, 0x08, 0x01, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x00})));
  EXPECT_FALSE(decode(bytes({0x01, 0x08, 0x01, 0x01, 0x00, 0x02, 0x00, 0x00})));
  EXPECT_FALSE(decode(bytes({0x01, 0x08, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00})));
}

// Random bytes and mutations of valid encodings must be rejected or decoded, never crash
// (the suite runs under ASan and UBSan too); whatever decodes must round-trip.
TEST(ItemCodecTest, SurvivesFuzzedInput) {
  std::mt19937 rng(12345);
  const auto byte = [&] { return static_cast<char>(rng() & 0xff); };
  std::vector<std::string> seeds;
  for (int mask = 0; mask < 64; mask += 7) {
    Item item = dirty_item();
    item.id = mask % 2 == 0 ? "42" : "sku-42";
    if ((mask & 1) == 0) item.price.reset();
    if ((mask & 2) == 0) item.valid_from_s.reset();
    if ((mask & 4) == 0) item.category_paths.clear();
    if ((mask & 8) == 0) item.content.clear();
    seeds.push_back(encode(item));
  }
  int decoded = 0;
  for (int i = 0; i < 100000; ++i) {
    std::string input;
    if (i % 4 == 0) {
      input.resize(rng() % 48);
      for (char& c : input) c = byte();
      if (!input.empty() && (rng() & 1) != 0) input[0] = 0x01;  // get past the version byte
    } else {
      input = seeds[rng() % seeds.size()];
      for (int m = static_cast<int>(rng() % 4); m >= 0; --m) {
        const std::size_t at = rng() % (input.size() + 1);
        switch (rng() % 4) {
          case 0:
            if (at < input.size()) input[at] = byte();
            break;
          case 1:
            input.insert(at, 1, byte());
            break;
          case 2:
            if (at < input.size()) input.erase(at, 1);
            break;
          default:
            input.resize(at);
        }
      }
    }
    Item out;
    if (decode_item(input, out)) {
      ++decoded;
      Item again;
      ASSERT_TRUE(decode_item(encode(out), again));
      ASSERT_EQ(again, out);
    }
  }
  EXPECT_GT(decoded, 0);
}

}  // namespace
}  // namespace recod::catalog
