#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "recod/catalog/xml.hpp"
#include "recod/tracking/ids.hpp"

namespace recod::catalog {
namespace {

using tracking::Price;

constexpr std::int64_t k2026Start = 1767225600;   // 2026-01-01T00:00:00Z
constexpr std::int64_t k2026End = 1798761599;     // 2026-12-31T23:59:59Z
constexpr std::int64_t kLastDate = 253402300799;  // 9999-12-31T23:59:59Z

const XmlOptions kStringIds{.string_item_ids = true};

std::string wrap(std::string_view item) {
  return "<items version=\"1\">\n" + std::string(item) + "\n</items>\n";
}

// item_to_xml, wrapped and parsed back.
Result<Item> round_trip(const Item& item) {
  auto items = parse_items_xml(wrap(item_to_xml(item)), kStringIds);
  if (!items) return items.status();
  if (items->size() != 1) return Status::internal("not one item");
  return std::move(items->front());
}

Item reference_item() {
  Item item;
  item.type = 1;
  item.id = "102";
  item.price = Price{122, "EUR"};
  item.valid_from_s = k2026Start;
  item.valid_to_s = k2026End;
  item.category_paths = {"8/4/5"};
  item.content = {{"title", "Bosch"}};
  item.attributes = {{"vendor", "BOSCH", AttributeType::kNominal}};
  return item;
}

TEST(ItemXmlWriterTest, WritesTheReferenceFormat) {
  EXPECT_EQ(item_to_xml(reference_item()),
            "<item id=\"102\" type=\"1\">\n"
            "  <price currency=\"EUR\">122</price>\n"
            "  <validfrom>2026-01-01T00:00:00</validfrom>\n"
            "  <validto>2026-12-31T23:59:59</validto>\n"
            "  <categorypaths>\n"
            "    <categorypath>/8/4/5</categorypath>\n"
            "  </categorypaths>\n"
            "  <content>\n"
            "    <content-data key=\"title\"><![CDATA[Bosch]]></content-data>\n"
            "  </content>\n"
            "  <attributes>\n"
            "    <attribute key=\"vendor\" value=\"BOSCH\" type=\"NOMINAL\"/>\n"
            "  </attributes>\n"
            "</item>");
}

TEST(ItemXmlWriterTest, WritesOnlyThePartsThatArePresent) {
  Item item;
  item.type = 7;
  item.id = "42";
  EXPECT_EQ(item_to_xml(item), "<item id=\"42\" type=\"7\">\n</item>");
  item.valid_to_s = 0;
  item.attributes = {{"size", "-1.5", AttributeType::kNumeric}};
  EXPECT_EQ(item_to_xml(item),
            "<item id=\"42\" type=\"7\">\n"
            "  <validto>1970-01-01T00:00:00</validto>\n"
            "  <attributes>\n"
            "    <attribute key=\"size\" value=\"-1.5\" type=\"NUMERIC\"/>\n"
            "  </attributes>\n"
            "</item>");
}

TEST(ItemXmlWriterTest, EscapesIdsKeysAndAttributeValues) {
  Item item;
  item.type = 1;
  item.id = "a\"b'c&d<e>f";
  item.content = {{"k&\"", "v"}};
  item.attributes = {{"<k>", "line1\nline2\ttab\rcr 'q' \"d\" & <>", AttributeType::kText}};
  EXPECT_EQ(item_to_xml(item),
            "<item id=\"a&quot;b&apos;c&amp;d&lt;e&gt;f\" type=\"1\">\n"
            "  <content>\n"
            "    <content-data key=\"k&amp;&quot;\"><![CDATA[v]]></content-data>\n"
            "  </content>\n"
            "  <attributes>\n"
            "    <attribute key=\"&lt;k&gt;\" value=\"line1&#10;line2&#9;tab&#13;cr &apos;q&apos; "
            "&quot;d&quot; &amp; &lt;&gt;\" type=\"TEXT\"/>\n"
            "  </attributes>\n"
            "</item>");
  const auto back = round_trip(item);
  ASSERT_TRUE(back) << back.status().message();
  EXPECT_EQ(*back, item);
}

TEST(ItemXmlWriterTest, SplitsCdataAroundItsEndMarker) {
  Item item;
  item.type = 1;
  item.id = "1";
  item.content = {{"a", "x]]>y"}, {"b", "]]>]]>"}, {"c", "]]]>>"}, {"d", ""}, {"e", "a\r\nb"}};
  const std::string xml = item_to_xml(item);
  EXPECT_NE(xml.find("<content-data key=\"a\"><![CDATA[x]]]]><![CDATA[>y]]></content-data>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<content-data key=\"d\"><![CDATA[]]></content-data>"), std::string::npos);
  EXPECT_NE(xml.find("<content-data key=\"e\"><![CDATA[a]]>&#13;<![CDATA[\nb]]></content-data>"),
            std::string::npos)
      << xml;
  const auto back = round_trip(item);
  ASSERT_TRUE(back) << back.status().message();
  EXPECT_EQ(*back, item);
}

TEST(ItemXmlWriterTest, KeepsSpacesAtTheEndsOfCategoryPaths) {
  Item item;
  item.type = 1;
  item.id = "1";
  item.category_paths = {" a / b ", "x", " ", "&<>"};
  const std::string xml = item_to_xml(item);
  EXPECT_NE(xml.find("<categorypath>/ a / b /</categorypath>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<categorypath>/x</categorypath>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<categorypath>/&amp;&lt;&gt;</categorypath>"), std::string::npos) << xml;
  const auto back = round_trip(item);
  ASSERT_TRUE(back) << back.status().message();
  EXPECT_EQ(*back, item);
}

TEST(ItemXmlWriterTest, WritesTheExtremes) {
  Item item;
  item.type = 2147483647;
  item.id = "2147483647";
  item.price = Price{9223372036854775807, "JPY"};
  item.valid_from_s = 0;
  item.valid_to_s = kLastDate;
  const std::string xml = item_to_xml(item);
  EXPECT_NE(xml.find("<validto>9999-12-31T23:59:59</validto>"), std::string::npos) << xml;
  const auto back = round_trip(item);
  ASSERT_TRUE(back) << back.status().message();
  EXPECT_EQ(*back, item);
}

TEST(ItemXmlWriterTest, ClampsDatesTheFormatCannotCarry) {
  Item item;
  item.type = 1;
  item.id = "1";
  item.valid_from_s = -1;
  item.valid_to_s = std::numeric_limits<std::int64_t>::max();
  const std::string xml = item_to_xml(item);
  EXPECT_NE(xml.find("<validfrom>1970-01-01T00:00:00</validfrom>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<validto>9999-12-31T23:59:59</validto>"), std::string::npos) << xml;
}

TEST(ItemXmlWriterTest, WhatTheReaderReadsIsWrittenBackEqually) {
  const std::string doc = wrap(
      "<item id=\"0102\" type=\"01\">\n"
      "  <price currency=\"EUR\"> 122 </price>\n"
      "  <validfrom>2026-01-01T00:00:00Z</validfrom>\n"
      "  <categorypaths><categorypath>//8/4/5/</categorypath><categorypath>8/4/5"
      "</categorypath><categorypath>A &amp; B</categorypath></categorypaths>\n"
      "  <content><content-data key=\"t\">a&#13;b<![CDATA[ ]]]]><![CDATA[> ]]>&#9;\n"
      "</content-data></content>\n"
      "  <attributes><attribute key=\"k\" value=\"&#10;x&#13;\" type=\"text\"/></attributes>\n"
      "</item>");
  const auto first = parse_items_xml(doc, {});
  ASSERT_TRUE(first) << first.status().message();
  ASSERT_EQ(first->size(), 1U);
  const auto second = parse_items_xml(wrap(item_to_xml(first->front())), {});
  ASSERT_TRUE(second) << second.status().message();
  EXPECT_EQ(*second, *first);
  EXPECT_EQ(first->front().content[0].value, "a\rb ]]> \t\n");
}

// ---- property: every valid item survives writing and reading ----

class ItemGenerator {
 public:
  explicit ItemGenerator(std::uint32_t seed) : rng_(seed) {}

  Item next() {
    Item item;
    item.type = static_cast<std::uint32_t>(uniform(1, tracking::kMaxId));
    item.id = chance(2) ? std::to_string(uniform(1, tracking::kMaxId)) : text(kIdTokens, 1, 12);
    if (item.id.size() > tracking::kMaxStringItemIdBytes) item.id.resize(1);
    if (chance(2)) {
      static const std::vector<std::string> kCurrencies = {"EUR", "USD", "JPY", "BHD", "CHF"};
      item.price = Price{
          chance(4) ? uniform(0, std::numeric_limits<std::int64_t>::max()) : uniform(0, 100000),
          pick(kCurrencies)};
    }
    if (chance(2)) item.valid_from_s = uniform(0, kLastDate);
    if (chance(2)) item.valid_to_s = uniform(item.valid_from_s.value_or(0), kLastDate);
    for (auto n = uniform(0, 4); n > 0; --n) {
      std::string path = category_path();
      if (std::find(item.category_paths.begin(), item.category_paths.end(), path) ==
          item.category_paths.end()) {
        item.category_paths.push_back(std::move(path));
      }
    }
    for (auto n = uniform(0, 4); n > 0; --n) {
      item.content.push_back({text(kKeyTokens, 1, 6), text(kValueTokens, 0, 40)});
    }
    for (auto n = uniform(0, 4); n > 0; --n) {
      const auto type = static_cast<AttributeType>(uniform(1, 3));
      item.attributes.push_back(
          {text(kKeyTokens, 1, 6),
           type == AttributeType::kNumeric ? number() : text(kValueTokens, 0, 20), type});
    }
    return item;
  }

 private:
  // Tokens rather than bytes: valid UTF-8 by construction, and the awkward cases often.
  static constexpr std::string_view kCommon[] = {"a", "Z", "0",    "9", " ",   "\"",    "'",
                                                 "&", "<", ">",    "]", "]]>", "&amp;", "ü",
                                                 "☃", "😀", "日本", "=", "?",   "-"};
  static constexpr std::string_view kIdTokens[] = {"a", "Z", "0",   "9", " ", "\"", "'", "&",
                                                   "<", ">", "]]>", "ü", "☃", "😀",  "/", "%20"};
  static constexpr std::string_view kKeyTokens[] = {"title", "a", "_", "-", " ", "&",
                                                    "\"",    "'", "<", ">", "ü", "😀"};
  static constexpr std::string_view kValueTokens[] = {
      "a",     "Z", " ", "  ", "\"", "'",  "&",  "<",    ">",         "]", "]]>", "]]",
      "&amp;", "ü", "☃", "😀",  "\n", "\t", "\r", "\r\n", "<![CDATA[", "/", "\\"};
  static constexpr std::string_view kSegmentTokens[] = {"a", "Z",  "0", " ", "&",   "<",
                                                        ">", "\"", "ü", "☃", "]]>", "-"};

  std::int64_t uniform(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_);
  }
  bool chance(int one_in) { return uniform(1, one_in) == 1; }

  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(v.size()) - 1))];
  }

  template <std::size_t N>
  std::string text(const std::string_view (&tokens)[N], int min_tokens, int max_tokens) {
    std::string out;
    for (auto n = uniform(min_tokens, max_tokens); n > 0; --n) {
      out += tokens[static_cast<std::size_t>(uniform(0, N - 1))];
    }
    return out;
  }

  std::string category_path() {
    std::string path;
    for (auto n = uniform(1, 4); n > 0; --n) {
      if (!path.empty()) path += '/';
      path += text(kSegmentTokens, 1, 4);
    }
    return path;
  }

  std::string number() {
    std::string out = chance(3) ? "-" : (chance(5) ? "+" : "");
    out += std::to_string(uniform(0, 1000000));
    if (chance(2)) out += "." + std::to_string(uniform(0, 999));
    return out;
  }

  std::mt19937 rng_;
};

TEST(ItemXmlWriterTest, GeneratedItemsRoundTrip) {
  ItemGenerator gen(20260101);
  std::string all;
  std::vector<Item> expected;
  for (int i = 0; i < 3000; ++i) {
    const Item item = gen.next();
    const auto back = round_trip(item);
    ASSERT_TRUE(back) << back.status().message() << "\n" << item_to_xml(item);
    ASSERT_EQ(*back, item) << item_to_xml(item);
    if (i < 300) {
      all += item_to_xml(item);
      expected.push_back(item);
    }
  }
  // Many items in one document, too.
  const auto items = parse_items_xml(wrap(all), kStringIds);
  ASSERT_TRUE(items) << items.status().message();
  EXPECT_EQ(*items, expected);
}

}  // namespace
}  // namespace recod::catalog
