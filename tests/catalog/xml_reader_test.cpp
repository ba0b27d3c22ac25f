#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "recod/catalog/xml.hpp"

namespace recod::catalog {
namespace {

using tracking::Price;

constexpr std::int64_t k2026Start = 1767225600;  // 2026-01-01T00:00:00Z
constexpr std::int64_t k2026End = 1798761599;    // 2026-12-31T23:59:59Z

// The example of api-reference.md section 3, laid out one element per line.
constexpr std::string_view kReferenceItem = R"(  <item id="102" type="1">
    <price currency="EUR">122</price>
    <validfrom>2026-01-01T00:00:00</validfrom>
    <validto>2026-12-31T23:59:59</validto>
    <categorypaths>
      <categorypath>/8/4/5</categorypath>
    </categorypaths>
    <content>
      <content-data key="title"><![CDATA[Bosch Kühlschrank <KGN39> & more]]></content-data>
    </content>
    <attributes>
      <attribute key="vendor" value="BOSCH" type="NOMINAL"/>
    </attributes>
  </item>
)";

Item reference_item() {
  Item item;
  item.type = 1;
  item.id = "102";
  item.price = Price{122, "EUR"};
  item.valid_from_s = k2026Start;
  item.valid_to_s = k2026End;
  item.category_paths = {"8/4/5"};
  item.content = {{"title", "Bosch K\xc3\xbchlschrank <KGN39> & more"}};
  item.attributes = {{"vendor", "BOSCH", AttributeType::kNominal}};
  return item;
}

std::string document(std::string_view items) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<items version=\"1\">\n" +
         std::string(items) + "</items>\n";
}

// A document with one item whose body starts on line 3:
//   1 <items version="1">
//   2 <item id="1" type="1">
//   3 {body...}
std::string with_item_body(std::string_view body) {
  return "<items version=\"1\">\n<item id=\"1\" type=\"1\">\n" + std::string(body) +
         "\n</item>\n</items>\n";
}

Item parse_one(std::string_view doc, const XmlOptions& options = {}) {
  auto items = parse_items_xml(doc, options);
  if (!items) {
    ADD_FAILURE() << items.status().message() << "\nin:\n" << doc;
    return {};
  }
  if (items->size() != 1) {
    ADD_FAILURE() << items->size() << " items in:\n" << doc;
    return {};
  }
  return std::move(items->front());
}

Item parse_body(std::string_view body, const XmlOptions& options = {}) {
  return parse_one(with_item_body(body), options);
}

// The error message for `doc`, or "ok" if it parses.
std::string error_of(std::string_view doc, const XmlOptions& options = {}) {
  auto items = parse_items_xml(doc, options);
  if (items) return "ok";
  EXPECT_EQ(items.status().code(), StatusCode::kInvalidArgument);
  return items.status().message();
}

std::string body_error(std::string_view body, const XmlOptions& options = {}) {
  return error_of(with_item_body(body), options);
}

// Feeds `doc` in pieces of `chunk` bytes and collects the items.
Result<std::vector<Item>> parse_in_chunks(std::string_view doc, std::size_t chunk,
                                          const XmlOptions& options = {}) {
  std::vector<Item> items;
  ItemXmlReader reader(options, [&](Item&& item) {
    items.push_back(std::move(item));
    return Status::ok();
  });
  for (std::size_t i = 0; i < doc.size(); i += chunk) {
    if (Status s = reader.feed(doc.substr(i, chunk)); !s.is_ok()) return s;
  }
  if (Status s = reader.finish(); !s.is_ok()) return s;
  EXPECT_EQ(reader.items(), items.size());
  return items;
}

// ---- the reference example ----

TEST(ItemXmlReaderTest, ReadsTheReferenceExample) {
  EXPECT_EQ(parse_one(document(kReferenceItem)), reference_item());
}

TEST(ItemXmlReaderTest, ReadsSeveralItems) {
  std::string items;
  std::vector<Item> expected;
  for (int i = 1; i <= 3; ++i) {
    std::string text(kReferenceItem);
    text.replace(text.find("102"), 3, std::to_string(100 + i));
    items += text;
    expected.push_back(reference_item());
    expected.back().id = std::to_string(100 + i);
  }
  // A minimal item too: only id and type.
  items += "<item id=\"7\" type=\"3\"/>\n";
  Item minimal;
  minimal.id = "7";
  minimal.type = 3;
  expected.push_back(minimal);
  const auto parsed = parse_items_xml(document(items), {});
  ASSERT_TRUE(parsed) << parsed.status().message();
  EXPECT_EQ(*parsed, expected);
}

TEST(ItemXmlReaderTest, AcceptsADocumentWithoutItems) {
  for (const std::string_view doc :
       {"<items/>", "<items version=\"1\"></items>", "<items>\n  \n</items>\n\n",
        "<?xml version=\"1.0\"?><!-- nothing yet --><items><?pi data?></items><!-- end -->"}) {
    const auto items = parse_items_xml(doc, {});
    ASSERT_TRUE(items) << doc << ": " << items.status().message();
    EXPECT_TRUE(items->empty());
  }
}

TEST(ItemXmlReaderTest, IgnoresCommentsAndProcessingInstructions) {
  const Item item = parse_body(
      "<!-- a comment --><price currency=\"EUR\">1<!-- inside -->2</price><?pi x?>\n"
      "<content><content-data key=\"k\">a<!-- c -->b</content-data></content>");
  EXPECT_EQ(item.price, (Price{12, "EUR"}));
  ASSERT_EQ(item.content.size(), 1U);
  EXPECT_EQ(item.content[0].value, "ab");
}

// ---- <items> ----

TEST(ItemXmlReaderTest, ChecksTheRootAndItsVersion) {
  EXPECT_EQ(error_of("<item id=\"1\" type=\"1\"/>"),
            "line 1: <item>: the root element must be <items>");
  EXPECT_EQ(error_of("<?xml version=\"1.0\"?>\n\n<products/>"),
            "line 3: <products>: the root element must be <items>");
  EXPECT_EQ(error_of("\n<items version=\"2\"></items>"),
            "line 2: <items>: version '2' is not supported (only 1)");
  EXPECT_EQ(error_of("<items version=\"\"></items>"),
            "line 1: <items>: version '' is not supported (only 1)");
  EXPECT_EQ(error_of("<items version=\"1\"></items>"), "ok");
  EXPECT_EQ(error_of("<items></items>"), "ok");
}

TEST(ItemXmlReaderTest, ItemsContainsOnlyItem) {
  EXPECT_EQ(error_of("<items>\n<item id=\"1\" type=\"1\"/>\n<product/>\n</items>"),
            "line 3: unknown element <product> in <items>");
  EXPECT_EQ(error_of("<items>\n<price currency=\"EUR\">1</price>\n</items>"),
            "line 2: unexpected element <price> in <items>");
  EXPECT_EQ(error_of("<items>\n\n<items/></items>"),
            "line 3: unexpected element <items> in <items>");
}

TEST(ItemXmlReaderTest, IgnoresNamespaceAttributesButRejectsUnknownOnes) {
  EXPECT_EQ(error_of("<items xmlns=\"urn:x\" xmlns:xsi=\"http://www.w3.org/2001/"
                     "XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"items.xsd\">"
                     "<item id=\"1\" type=\"1\"/></items>"),
            "ok");
  EXPECT_EQ(error_of("<items count=\"3\"></items>"), "line 1: <items>: unknown attribute 'count'");
  EXPECT_EQ(body_error("<price currency=\"EUR\" curency=\"EUR\">1</price>"),
            "line 3: <price>: unknown attribute 'curency'");
  EXPECT_EQ(body_error("<attributes><attribute key=\"k\" value=\"v\" typ=\"TEXT\"/></attributes>"),
            "line 3: <attribute>: unknown attribute 'typ'");
  EXPECT_EQ(body_error("<content lang=\"de\"></content>"),
            "line 3: <content>: unknown attribute 'lang'");
  EXPECT_EQ(error_of("<items><item id=\"1\" type=\"1\" name=\"x\"/></items>"),
            "line 1: <item>: unknown attribute 'name'");
}

// ---- <item> ----

TEST(ItemXmlReaderTest, ItemNeedsAnIdAndAType) {
  EXPECT_EQ(error_of("<items>\n\n<item type=\"1\"/></items>"),
            "line 3: <item>: attribute id is required");
  EXPECT_EQ(error_of("<items>\n<item id=\"1\"/></items>"),
            "line 2: <item>: attribute type is required");
  EXPECT_EQ(error_of("<items>\n\n<item id=\"x\" type=\"1\"/></items>"),
            "line 3: <item>: attribute id: item id must be an integer from 1 to 2147483647");
  for (const std::string_view id : {"0", "-1", "2147483648", "", " 1", "1.0", "1e3"}) {
    EXPECT_EQ(error_of("<items><item id=\"" + std::string(id) + "\" type=\"1\"/></items>"),
              "line 1: <item>: attribute id: item id must be an integer from 1 to 2147483647")
        << id;
  }
  for (const std::string_view type : {"0", "abc", "2147483648", ""}) {
    EXPECT_EQ(error_of("<items><item id=\"1\" type=\"" + std::string(type) + "\"/></items>"),
              "line 1: <item>: attribute type: item type must be an integer from 1 to "
              "2147483647")
        << type;
  }
}

TEST(ItemXmlReaderTest, ItemIdsAreCanonical) {
  const Item item = parse_one("<items><item id=\"007\" type=\"0042\"/></items>");
  EXPECT_EQ(item.id, "7");
  EXPECT_EQ(item.type, 42U);
  EXPECT_EQ(parse_one("<items><item id=\"2147483647\" type=\"2147483647\"/></items>").id,
            "2147483647");
}

TEST(ItemXmlReaderTest, StringIdsOnlyWhenEnabled) {
  const std::string doc =
      "<items><item id=\"SKU &quot;A&amp;B&quot; \xe2\x98\x83 \" type=\"1\"/></items>";
  EXPECT_EQ(error_of(doc),
            "line 1: <item>: attribute id: item id must be an integer from 1 to 2147483647");
  const XmlOptions string_ids{.string_item_ids = true};
  EXPECT_EQ(parse_one(doc, string_ids).id, "SKU \"A&B\" \xe2\x98\x83 ");
  EXPECT_EQ(parse_one("<items><item id=\"007\" type=\"1\"/></items>", string_ids).id, "007");
  EXPECT_EQ(error_of("<items><item id=\"\" type=\"1\"/></items>", string_ids),
            "line 1: <item>: attribute id: item id is empty");
  EXPECT_EQ(error_of("<items><item id=\"a&#9;b\" type=\"1\"/></items>", string_ids),
            "line 1: <item>: attribute id: item id must be UTF-8 text without control "
            "characters");
  EXPECT_EQ(error_of("<items><item id=\"" + std::string(257, 'x') + "\" type=\"1\"/></items>",
                     string_ids),
            "line 1: <item>: attribute id: item id is longer than 256 bytes");
}

TEST(ItemXmlReaderTest, ItemChildrenAppearAtMostOnce) {
  const std::vector<std::pair<std::string_view, std::string_view>> children = {
      {"price", "<price currency=\"EUR\">1</price>"},
      {"validfrom", "<validfrom>2026-01-01T00:00:00</validfrom>"},
      {"validto", "<validto>2026-01-01T00:00:00</validto>"},
      {"categorypaths", "<categorypaths/>"},
      {"content", "<content/>"},
      {"attributes", "<attributes></attributes>"},
  };
  for (const auto& [name, element] : children) {
    const std::string once = std::string(element);
    EXPECT_EQ(body_error(once), "ok") << name;
    EXPECT_EQ(
        body_error(once + "\n\n" + once),
        "line 5: <" + std::string(name) + ">: more than one <" + std::string(name) + "> in <item>");
  }
}

TEST(ItemXmlReaderTest, ItemContainsOnlyItsChildren) {
  EXPECT_EQ(body_error("<price currency=\"EUR\">1</price>\n<title>x</title>"),
            "line 4: unknown element <title> in <item>");
  EXPECT_EQ(body_error("<categorypath>a</categorypath>"),
            "line 3: unexpected element <categorypath> in <item>");
  EXPECT_EQ(body_error("<attribute key=\"a\" value=\"b\"/>"),
            "line 3: unexpected element <attribute> in <item>");
  EXPECT_EQ(body_error("<item id=\"2\" type=\"1\"/>"),
            "line 3: unexpected element <item> in <item>");
}

// ---- <price> ----

TEST(ItemXmlReaderTest, ReadsPricesInMinorUnits) {
  EXPECT_EQ(parse_body("<price currency=\"EUR\">122</price>").price, (Price{122, "EUR"}));
  EXPECT_EQ(parse_body("<price currency=\"JPY\">\n  0\n</price>").price, (Price{0, "JPY"}));
  EXPECT_EQ(parse_body("<price currency=\"BHD\"> 0042\t</price>").price, (Price{42, "BHD"}));
  EXPECT_EQ(parse_body("<price currency=\"USD\">9223372036854775807</price>").price,
            (Price{9223372036854775807, "USD"}));
  EXPECT_EQ(parse_body("<price currency=\"EUR\"><![CDATA[15]]></price>").price, (Price{15, "EUR"}));
}

TEST(ItemXmlReaderTest, RejectsBadPrices) {
  EXPECT_EQ(body_error("\n\n\n\n<price currency=\"EU\">1</price>"),
            "line 7: <price>: currency 'EU' is not an ISO 4217 code");
  EXPECT_EQ(body_error("<price currency=\"eur\">1</price>"),
            "line 3: <price>: currency 'eur' is not an ISO 4217 code");
  EXPECT_EQ(body_error("<price currency=\"XYZ\">1</price>"),
            "line 3: <price>: currency 'XYZ' is not an ISO 4217 code");
  EXPECT_EQ(body_error("<price>1</price>"), "line 3: <price>: attribute currency is required");
  // {text, how the message quotes it (trimmed)}
  const std::vector<std::pair<std::string_view, std::string_view>> amounts = {
      {"-1", "-1"},       {"1.5", "1.5"},
      {"12,00", "12,00"}, {"", ""},
      {"  ", ""},         {" 1 2 ", "1 2"},
      {"+1", "+1"},       {"9223372036854775808", "9223372036854775808"},
      {"0x10", "0x10"},   {"12EUR", "12EUR"},
  };
  for (const auto& [amount, quoted] : amounts) {
    EXPECT_EQ(
        body_error("<price currency=\"EUR\">" + std::string(amount) + "</price>"),
        "line 3: <price>: price '" + std::string(quoted) + "' is not an integer >= 0 (minor units)")
        << amount;
  }
  // A multi-line element is named by the line where it starts.
  EXPECT_EQ(body_error("<price currency=\"EUR\">\n12\nx\n</price>"),
            "line 3: <price>: price '12\nx' is not an integer >= 0 (minor units)");
  EXPECT_EQ(body_error("<price currency=\"EUR\">" + std::string(5000, ' ') + "1</price>"),
            "line 3: <price>: text is longer than 4096 bytes");
}

// ---- <validfrom>, <validto> ----

TEST(ItemXmlReaderTest, ReadsValidityDates) {
  const Item item = parse_body(
      "<validfrom> 2026-01-01T00:00:00Z\n</validfrom>\n<validto>2026-12-31T23:59:59</validto>");
  EXPECT_EQ(item.valid_from_s, k2026Start);
  EXPECT_EQ(item.valid_to_s, k2026End);
  // Either alone, and in any order.
  EXPECT_EQ(parse_body("<validto>2026-12-31T23:59:59</validto>").valid_to_s, k2026End);
  const Item reversed = parse_body(
      "<validto>2026-01-01T00:00:00</validto><validfrom>2026-01-01T00:00:00</validfrom>");
  EXPECT_EQ(reversed.valid_from_s, k2026Start);
  EXPECT_EQ(reversed.valid_to_s, k2026Start);
}

TEST(ItemXmlReaderTest, RejectsBadDates) {
  for (const std::string_view date :
       {"2026-02-30T00:00:00", "2026-01-01", "2026-01-01 00:00:00", "2026-01-01T00:00:00+01:00",
        "1969-12-31T23:59:59", "yesterday", ""}) {
    EXPECT_EQ(body_error("\n<validfrom>" + std::string(date) + "</validfrom>"),
              "line 4: <validfrom>: '" + std::string(date) +
                  "' is not a UTC date like 2026-01-31T23:59:59")
        << date;
    EXPECT_EQ(
        body_error("<validto>" + std::string(date) + "</validto>"),
        "line 3: <validto>: '" + std::string(date) + "' is not a UTC date like 2026-01-31T23:59:59")
        << date;
  }
}

TEST(ItemXmlReaderTest, ValidFromMustNotBeAfterValidTo) {
  EXPECT_EQ(
      error_of("<items>\n<item id=\"1\" type=\"1\">\n<validfrom>2026-12-31T23:59:59</validfrom>"
               "\n<validto>2026-01-01T00:00:00</validto>\n</item>\n</items>"),
      "line 2: <item>: validfrom is after validto");
  EXPECT_EQ(body_error("<validfrom>2026-01-01T00:00:01</validfrom>"
                       "<validto>2026-01-01T00:00:00</validto>"),
            "line 2: <item>: validfrom is after validto");
}

// ---- <categorypaths> ----

TEST(ItemXmlReaderTest, NormalisesCategoryPathsAndDropsDuplicates) {
  const Item item = parse_body(
      "<categorypaths>\n"
      "  <categorypath>/8/4/5</categorypath>\n"
      "  <categorypath>\n    8/4/5/ \n  </categorypath>\n"
      "  <categorypath>Men//Shoes &amp; Boots/</categorypath>\n"
      "  <categorypath><![CDATA[/Küche/<Töpfe>]]></categorypath>\n"
      "  <categorypath>8//4///5</categorypath>\n"
      "</categorypaths>");
  EXPECT_EQ(item.category_paths, (std::vector<std::string>{"8/4/5", "Men/Shoes & Boots",
                                                           "K\xc3\xbc"
                                                           "che/<T\xc3\xb6pfe>"}));
  EXPECT_TRUE(parse_body("<categorypaths/>").category_paths.empty());
}

TEST(ItemXmlReaderTest, RejectsBadCategoryPaths) {
  EXPECT_EQ(body_error("<categorypaths>\n<categorypath>a</categorypath>\n"
                       "<categorypath> /// </categorypath></categorypaths>"),
            "line 5: <categorypath>: category path is empty");
  EXPECT_EQ(body_error("<categorypaths><categorypath></categorypath></categorypaths>"),
            "line 3: <categorypath>: category path is empty");
  EXPECT_EQ(body_error("<categorypaths><categorypath>a\\b</categorypath></categorypaths>"),
            "line 3: <categorypath>: categorypath must not contain a backslash");
  EXPECT_EQ(body_error("<categorypaths><categorypath>a&#9;b</categorypath></categorypaths>"),
            "line 3: <categorypath>: categorypath must be UTF-8 text without control "
            "characters");
  EXPECT_EQ(body_error("<categorypaths><categorypath>" + std::string(1025, 'a') +
                       "</categorypath></categorypaths>"),
            "line 3: <categorypath>: categorypath is longer than 1024 bytes");
  EXPECT_EQ(body_error("<categorypaths>\n<path>a</path></categorypaths>"),
            "line 4: unknown element <path> in <categorypaths>");
  EXPECT_EQ(body_error("<categorypaths><categorypath>a<b/></categorypath></categorypaths>"),
            "line 3: unknown element <b> in <categorypath>");
}

// ---- <content> ----

TEST(ItemXmlReaderTest, KeepsContentDataExactly) {
  const Item item = parse_body(
      "<content>\n"
      "  <content-data key=\"title\"><![CDATA[  Title with <b>tags</b> & spaces\n\t]]>"
      "</content-data>\n"
      "  <content-data key=\"description\">Caf&#233; &amp; &lt;bar&gt; &quot;x&quot; "
      "&apos;y&apos;\n second line </content-data>\n"
      "  <content-data key=\"mixed\">a<![CDATA[<b>]]>c<![CDATA[]]></content-data>\n"
      "  <content-data key=\"empty\"></content-data>\n"
      "  <content-data key=\"empty\"/>\n"
      "  <content-data key=\"utf8\">日本語 \xf0\x9f\x98\x80</content-data>\n"
      "  <content-data key=\"cr\">a&#13;b\r\nc\rd</content-data>\n"
      "  <content-data key=\"title\">second title</content-data>\n"
      "</content>");
  const std::vector<ContentData> expected = {
      {"title", "  Title with <b>tags</b> & spaces\n\t"},
      {"description", "Caf\xc3\xa9 & <bar> \"x\" 'y'\n second line "},
      {"mixed", "a<b>c"},
      {"empty", ""},
      {"empty", ""},
      {"utf8", "日本語 \xf0\x9f\x98\x80"},
      {"cr", "a\rb\nc\nd"},  // line ends are normalised by XML; only &#13; stays a CR
      {"title", "second title"},
  };
  EXPECT_EQ(item.content, expected);
  EXPECT_EQ(item.values_of("title"), (std::vector<std::string_view>{
                                         "  Title with <b>tags</b> & spaces\n\t", "second title"}));
}

TEST(ItemXmlReaderTest, ChecksContentDataKeysAndSizes) {
  EXPECT_EQ(body_error("<content>\n<content-data>x</content-data></content>"),
            "line 4: <content-data>: attribute key is required");
  EXPECT_EQ(body_error("<content><content-data key=\"\">x</content-data></content>"),
            "line 3: <content-data>: key must be 1 to 128 bytes");
  EXPECT_EQ(body_error("<content><content-data key=\"" + std::string(129, 'k') +
                       "\">x</content-data></content>"),
            "line 3: <content-data>: key must be 1 to 128 bytes");
  EXPECT_EQ(body_error("<content><content-data key=\"" + std::string(128, 'k') +
                       "\">x</content-data></content>"),
            "ok");
  EXPECT_EQ(body_error("<content><content-data key=\"a&#10;b\">x</content-data></content>"),
            "line 3: <content-data>: key must not contain control characters");

  const XmlOptions small{.max_value_bytes = 10};
  EXPECT_EQ(
      body_error("<content><content-data key=\"k\">0123456789</content-data></content>", small),
      "ok");
  EXPECT_EQ(body_error("<content>\n<content-data key=\"k\">0123456789<![CDATA[!]]>"
                       "</content-data></content>",
                       small),
            "line 4: <content-data>: value is longer than 10 bytes");
  EXPECT_EQ(body_error("<content>\n<content-data key=\"k\">\n\n0123456789\n</content-data>"
                       "</content>",
                       small),
            "line 4: <content-data>: value is longer than 10 bytes");
  EXPECT_EQ(body_error("<content><content-data key=\"k\">" + std::string(64 * 1024 + 1, 'x') +
                       "</content-data></content>"),
            "line 3: <content-data>: value is longer than 65536 bytes");
  EXPECT_EQ(body_error("<content><content-data key=\"k\">a<b>x</b></content-data></content>"),
            "line 3: unknown element <b> in <content-data>");
  EXPECT_EQ(body_error("<content><data key=\"k\"/></content>"),
            "line 3: unknown element <data> in <content>");
}

// ---- <attributes> ----

TEST(ItemXmlReaderTest, ReadsTypedAttributes) {
  const Item item = parse_body(
      "<attributes>\n"
      "  <attribute key=\"vendor\" value=\"BOSCH\" type=\"NOMINAL\"/>\n"
      "  <attribute key=\"color\" value=\"red\"/>\n"
      "  <attribute key=\"color\" value=\"dark blue\"></attribute>\n"
      "  <attribute key=\"size\" value=\"-12\" type=\"numeric\"/>\n"
      "  <attribute key=\"weight\" value=\"3.5\" type=\"Numeric\"/>\n"
      "  <attribute key=\"n\" value=\"+0.000\" type=\"NUMERIC\"/>\n"
      "  <attribute key=\"notes\" value=\"A &amp; B &lt;&gt; &quot;q&quot; line&#10;two\" "
      "type=\"TEXT\"/>\n"
      "  <attribute key=\"empty\" value=\"\"/>\n"
      "  <attribute key=\"spaced\" value=\"  x  \" type=\"text\"/>\n"
      "</attributes>");
  const std::vector<Attribute> expected = {
      {"vendor", "BOSCH", AttributeType::kNominal},
      {"color", "red", AttributeType::kNominal},
      {"color", "dark blue", AttributeType::kNominal},
      {"size", "-12", AttributeType::kNumeric},
      {"weight", "3.5", AttributeType::kNumeric},
      {"n", "+0.000", AttributeType::kNumeric},
      {"notes", "A & B <> \"q\" line\ntwo", AttributeType::kText},
      {"empty", "", AttributeType::kNominal},
      {"spaced", "  x  ", AttributeType::kText},
  };
  EXPECT_EQ(item.attributes, expected);
}

TEST(ItemXmlReaderTest, RejectsBadAttributes) {
  EXPECT_EQ(body_error("<attributes>\n<attribute value=\"v\"/></attributes>"),
            "line 4: <attribute>: attribute key is required");
  EXPECT_EQ(body_error("<attributes><attribute key=\"k\"/></attributes>"),
            "line 3: <attribute>: attribute value is required");
  EXPECT_EQ(body_error("<attributes><attribute key=\"\" value=\"v\"/></attributes>"),
            "line 3: <attribute>: key must be 1 to 128 bytes");
  EXPECT_EQ(body_error("<attributes><attribute key=\"k\" value=\"v\" type=\"BOOL\"/>"
                       "</attributes>"),
            "line 3: <attribute>: type 'BOOL' is not NOMINAL, NUMERIC or TEXT");
  EXPECT_EQ(body_error("<attributes><attribute key=\"k\" value=\"v\" type=\"\"/></attributes>"),
            "line 3: <attribute>: type '' is not NOMINAL, NUMERIC or TEXT");
  for (const std::string_view value :
       {"", "abc", "1e3", "1.", ".5", "--1", "1.2.3", " 1", "1 ", "0x10", "NaN", "inf", "1,5"}) {
    EXPECT_EQ(body_error("<attributes><attribute key=\"k\" value=\"" + std::string(value) +
                         "\" type=\"NUMERIC\"/></attributes>"),
              "line 3: <attribute>: value '" + std::string(value) +
                  "' of a NUMERIC attribute is not a decimal number")
        << value;
  }
  const XmlOptions small{.max_value_bytes = 4};
  EXPECT_EQ(body_error("<attributes><attribute key=\"k\" value=\"abcd\"/></attributes>", small),
            "ok");
  EXPECT_EQ(body_error("<attributes><attribute key=\"k\" value=\"abcde\"/></attributes>", small),
            "line 3: <attribute>: value is longer than 4 bytes");
  EXPECT_EQ(body_error("<attributes><attribute key=\"k\" value=\"v\"><x/></attribute>"
                       "</attributes>"),
            "line 3: unknown element <x> in <attribute>");
  EXPECT_EQ(body_error("<attributes><attribute key=\"k\" value=\"v\">text</attribute>"
                       "</attributes>"),
            "line 3: <attribute>: unexpected text 'text'");
  EXPECT_EQ(body_error("<attributes>\n<attr key=\"k\" value=\"v\"/></attributes>"),
            "line 4: unknown element <attr> in <attributes>");
}

TEST(ItemXmlReaderTest, BoundsTheEntriesOfOneItem) {
  std::string body = "<attributes>";
  for (int i = 0; i < 10000; ++i) body += "<attribute key=\"k\" value=\"v\"/>";
  EXPECT_EQ(body_error(body + "</attributes>"), "ok");
  EXPECT_EQ(body_error(body + "\n<attribute key=\"k\" value=\"v\"/></attributes>"),
            "line 4: <attribute>: more than 10000 <attribute> in one <item>");

  std::string paths = "<categorypaths>";
  for (int i = 0; i < 10000; ++i) paths += "<categorypath>" + std::to_string(i) + "</categorypath>";
  // Duplicates do not count.
  EXPECT_EQ(body_error(paths + "<categorypath>/1/</categorypath></categorypaths>"), "ok");
  EXPECT_EQ(body_error(paths + "\n<categorypath>x</categorypath></categorypaths>"),
            "line 4: <categorypath>: more than 10000 <categorypath> in one <item>");

  std::string content = "<content>";
  for (int i = 0; i < 10000; ++i) content += "<content-data key=\"k\"/>";
  EXPECT_EQ(body_error(content + "</content>"), "ok");
  EXPECT_EQ(body_error(content + "\n\n<content-data key=\"k\"/></content>"),
            "line 5: <content-data>: more than 10000 <content-data> in one <item>");
}

// ---- text where none belongs ----

TEST(ItemXmlReaderTest, RejectsTextOutsideValues) {
  EXPECT_EQ(error_of("<items>\n  stray\n</items>"), "line 2: <items>: unexpected text 'stray'");
  EXPECT_EQ(body_error("\n  hello  "), "line 4: <item>: unexpected text 'hello'");
  EXPECT_EQ(body_error("<categorypaths>x<categorypath>a</categorypath></categorypaths>"),
            "line 3: <categorypaths>: unexpected text 'x'");
  EXPECT_EQ(body_error("<content><![CDATA[x]]></content>"),
            "line 3: <content>: unexpected text 'x'");
  EXPECT_EQ(body_error("<attributes>&amp;</attributes>"),
            "line 3: <attributes>: unexpected text '&'");
  EXPECT_EQ(body_error("<categorypaths>\n\t \r\n</categorypaths>\n<content> </content>"), "ok");
  // Long text is quoted only in part.
  EXPECT_EQ(body_error(std::string(100, 'y')),
            "line 3: <item>: unexpected text '" + std::string(64, 'y') + "...'");
}

// ---- malformed XML ----

TEST(ItemXmlReaderTest, RejectsMalformedXmlWithALineNumber) {
  EXPECT_EQ(error_of(""), "line 1: no element found");
  EXPECT_EQ(error_of("   \n"), "line 2: no element found");
  EXPECT_EQ(error_of("<items>\n<item id=\"1\" type=\"1\">\n</items>"), "line 3: mismatched tag");
  EXPECT_EQ(error_of("<items>\n<item id=\"1\" type=\"1\"/>\n</items>\n<items/>"),
            "line 4: junk after document element");
  EXPECT_EQ(error_of("<items></items>\ngarbage"), "line 2: junk after document element");
  EXPECT_EQ(error_of("<items>\n<item id=\"1\" type=1/>\n</items>"),
            "line 2: not well-formed (invalid token)");
  EXPECT_EQ(error_of("<items>\n<item id=\"1\" id=\"2\" type=\"1\"/>\n</items>"),
            "line 2: duplicate attribute");
  EXPECT_EQ(body_error("<content><content-data key=\"k\">\xff\xfe</content-data></content>"),
            "line 3: not well-formed (invalid token)");
  EXPECT_EQ(body_error("<content><content-data key=\"k\">\xc3\x28</content-data></content>"),
            "line 3: not well-formed (invalid token)");
  EXPECT_EQ(body_error("<content><content-data key=\"k\">a\x01</content-data></content>"),
            "line 3: not well-formed (invalid token)");
  EXPECT_EQ(body_error("<content><content-data key=\"k\">&#1;</content-data></content>"),
            "line 3: reference to invalid character number");
  EXPECT_EQ(body_error("<content><content-data key=\"k\">&nbsp;</content-data></content>"),
            "line 3: undefined entity");
  EXPECT_EQ(body_error("<content><content-data key=\"k\">a & b</content-data></content>"),
            "line 3: not well-formed (invalid token)");
}

TEST(ItemXmlReaderTest, ADocumentThatEndsEarlyIsRejected) {
  EXPECT_EQ(error_of("<items>\n<item id=\"1\" type=\"1\"/>\n"),
            "line 3: the document ends before </items>");
  EXPECT_EQ(error_of("<items>\n<item id=\"1\" type=\"1\">\n<price currency=\"EUR\">1"),
            "line 3: the document ends before </items>");
  const std::string cut = error_of("<items>\n<item id=\"1\" type=\"1\"");
  EXPECT_EQ(cut.rfind("line 2: ", 0), 0U) << cut;

  // Items before the cut were handed over: the caller decides what to keep.
  std::vector<Item> items;
  ItemXmlReader reader({}, [&](Item&& item) {
    items.push_back(std::move(item));
    return Status::ok();
  });
  ASSERT_TRUE(reader.feed("<items><item id=\"1\" type=\"1\"/><item id=\"2\"").is_ok());
  EXPECT_EQ(reader.items(), 1U);
  EXPECT_EQ(reader.finish().message(), "line 1: unclosed token");
  EXPECT_EQ(items.size(), 1U);
}

TEST(ItemXmlReaderTest, RejectsDoctypesSoEntitiesCannotExpand) {
  // "Billion laughs": ten levels of ten references would expand to 10^9 copies.
  std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE items [\n <!ENTITY lol0 \"lol\">\n";
  for (int i = 1; i < 10; ++i) {
    laughs += " <!ENTITY lol" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) laughs += "&lol" + std::to_string(i - 1) + ";";
    laughs += "\">\n";
  }
  laughs +=
      "]>\n<items><item id=\"1\" type=\"1\"><content><content-data key=\"k\">&lol9;"
      "</content-data></content></item></items>";
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(error_of(laughs), "line 2: DOCTYPE is not allowed");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));

  EXPECT_EQ(error_of("<!DOCTYPE items SYSTEM \"file:///etc/passwd\">\n<items/>"),
            "line 1: DOCTYPE is not allowed");
  EXPECT_EQ(error_of("<?xml version=\"1.0\"?>\n\n<!DOCTYPE items [<!ENTITY xxe SYSTEM "
                     "\"file:///etc/passwd\">]>\n<items>&xxe;</items>"),
            "line 3: DOCTYPE is not allowed");
  EXPECT_EQ(error_of("<!DOCTYPE items>\n<items/>"), "line 1: DOCTYPE is not allowed");
}

// ---- encodings ----

TEST(ItemXmlReaderTest, HandsOverUtf8WhateverTheDeclaredEncoding) {
  // "Kühl" in ISO-8859-1 is read as UTF-8 text.
  const Item item = parse_one(
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><items><item id=\"1\" "
      "type=\"1\"><content><content-data key=\"t\">K\xfchl</content-data></content>"
      "</item></items>");
  ASSERT_EQ(item.content.size(), 1U);
  EXPECT_EQ(item.content[0].value, "K\xc3\xbchl");
  // A UTF-8 byte order mark is allowed.
  EXPECT_EQ(error_of("\xef\xbb\xbf<items/>"), "ok");
}

// ---- streaming ----

TEST(ItemXmlReaderTest, ChunksOfEverySizeGiveTheSameItems) {
  std::string items(kReferenceItem);
  items +=
      "<item id=\"7\" type=\"2\"><content><content-data key=\"a\"><![CDATA[x]]]]><![CDATA[>"
      "y &amp; z]]>&amp;&#x263A;</content-data></content></item>\n";
  items += std::string(kReferenceItem).replace(kReferenceItem.find("102"), 3, "103");
  const std::string doc = document(items);
  const auto whole = parse_items_xml(doc, {});
  ASSERT_TRUE(whole) << whole.status().message();
  ASSERT_EQ(whole->size(), 3U);
  EXPECT_EQ((*whole)[1].content[0].value, "x]]>y &amp; z&\xe2\x98\xba");  // CDATA is literal
  for (std::size_t chunk = 1; chunk <= doc.size(); ++chunk) {
    const auto parsed = parse_in_chunks(doc, chunk);
    ASSERT_TRUE(parsed) << chunk << ": " << parsed.status().message();
    ASSERT_EQ(*parsed, *whole) << "chunk size " << chunk;
  }
}

TEST(ItemXmlReaderTest, ErrorLinesDoNotDependOnChunking) {
  const std::string doc = with_item_body(
      "<content>\n<content-data key=\"k\">a\nb\n</content-data>\n</content>\n"
      "<price currency=\"EUR\">\n\n 12x\n</price>");
  for (std::size_t chunk = 1; chunk <= doc.size(); ++chunk) {
    const auto parsed = parse_in_chunks(doc, chunk);
    ASSERT_FALSE(parsed);
    ASSERT_EQ(parsed.status().message(),
              "line 8: <price>: price '12x' is not an integer >= 0 (minor units)")
        << chunk;
  }
}

TEST(ItemXmlReaderTest, StreamsABigCatalog) {
  // ~20k items, ~10 MB, generated and fed one item at a time: never held as one string.
  constexpr int kItems = 20000;
  std::uint64_t seen = 0;
  std::uint64_t id_sum = 0;
  ItemXmlReader reader({}, [&](Item&& item) {
    ++seen;
    id_sum += std::stoull(item.id);
    if (item.content.size() != 2 || item.attributes.size() != 3) {
      return Status::internal("wrong item " + item.id);
    }
    return Status::ok();
  });
  std::size_t bytes = 0;
  const auto feed = [&](const std::string& chunk) {
    bytes += chunk.size();
    return reader.feed(chunk);
  };
  ASSERT_TRUE(feed("<?xml version=\"1.0\"?>\n<items version=\"1\">\n").is_ok());
  const std::string description(300, 'd');
  for (int i = 1; i <= kItems; ++i) {
    const std::string id = std::to_string(i);
    std::string item = "<item id=\"" + id + "\" type=\"1\">\n<price currency=\"EUR\">" + id +
                       "99</price>\n<validfrom>2026-01-01T00:00:00</validfrom>\n"
                       "<categorypaths><categorypath>/" +
                       std::to_string(i % 97) + "/" + std::to_string(i % 13) +
                       "</categorypath></categorypaths>\n<content>"
                       "<content-data key=\"title\"><![CDATA[Item " +
                       id + "]]></content-data><content-data key=\"description\"><![CDATA[" +
                       description +
                       "]]></content-data></content>\n<attributes>"
                       "<attribute key=\"vendor\" value=\"V" +
                       std::to_string(i % 50) +
                       "\"/><attribute key=\"size\" value=\"42.5\" type=\"NUMERIC\"/>"
                       "<attribute key=\"color\" value=\"red\"/></attributes>\n</item>\n";
    ASSERT_TRUE(feed(item).is_ok()) << i;
  }
  ASSERT_TRUE(feed("</items>\n").is_ok());
  ASSERT_TRUE(reader.finish().is_ok());
  EXPECT_EQ(reader.items(), static_cast<std::uint64_t>(kItems));
  EXPECT_EQ(seen, static_cast<std::uint64_t>(kItems));
  EXPECT_EQ(id_sum, std::uint64_t{kItems} * (kItems + 1) / 2);
  EXPECT_GT(bytes, 10'000'000U);
}

// ---- the handler and the reader's state ----

TEST(ItemXmlReaderTest, TheHandlersErrorStopsTheParse) {
  const std::string doc = document(
      "<item id=\"1\" type=\"1\"/>\n<item id=\"2\" type=\"1\"/>\n<item id=\"3\" type=\"1\"/>\n");
  std::vector<std::string> ids;
  ItemXmlReader reader({}, [&](Item&& item) {
    ids.push_back(item.id);
    if (item.id == "2") return Status::io_error("disk full");
    return Status::ok();
  });
  const Status s = reader.feed(doc);
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_EQ(s.message(), "disk full");
  EXPECT_EQ(ids, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(reader.items(), 1U);  // only the accepted ones count
  // Every later call returns the same error.
  EXPECT_EQ(reader.feed("<!-- more -->").message(), "disk full");
  EXPECT_EQ(reader.finish().code(), StatusCode::kIoError);
  EXPECT_EQ(ids.size(), 2U);
}

TEST(ItemXmlReaderTest, AThrowingHandlerBecomesAnInternalError) {
  ItemXmlReader reader({}, [](Item&&) -> Status { throw std::runtime_error("boom"); });
  const Status s = reader.feed("<items><item id=\"1\" type=\"1\"/></items>");
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_EQ(s.message(), "catalog XML reader: boom");
}

TEST(ItemXmlReaderTest, CountsItemsAsTheyAreHandedOver) {
  ItemXmlReader reader({}, [](Item&&) { return Status::ok(); });
  EXPECT_EQ(reader.items(), 0U);
  ASSERT_TRUE(
      reader.feed("<items>\n<item id=\"1\" type=\"1\"/><item id=\"2\" type=\"1\">").is_ok());
  EXPECT_EQ(reader.items(), 1U);
  ASSERT_TRUE(reader.feed("</item>").is_ok());
  EXPECT_EQ(reader.items(), 2U);
  ASSERT_TRUE(reader.feed("</items>").is_ok());
  EXPECT_TRUE(reader.finish().is_ok());
  EXPECT_TRUE(reader.finish().is_ok());
  EXPECT_EQ(reader.items(), 2U);
}

TEST(ItemXmlReaderTest, FeedingAfterFinishIsAnError) {
  ItemXmlReader reader({}, [](Item&&) { return Status::ok(); });
  ASSERT_TRUE(reader.feed("<items/>").is_ok());
  ASSERT_TRUE(reader.finish().is_ok());
  EXPECT_EQ(reader.feed("<items/>").message(), "line 1: parsing finished");
  EXPECT_EQ(reader.finish().message(), "line 1: parsing finished");
}

TEST(ItemXmlReaderTest, AnInvalidItemStopsTheParseAndLaterItemsAreNotHandedOver) {
  std::vector<std::string> ids;
  ItemXmlReader reader({}, [&](Item&& item) {
    ids.push_back(item.id);
    return Status::ok();
  });
  const Status s = reader.feed(
      "<items>\n<item id=\"1\" type=\"1\"/>\n<item id=\"2\" type=\"1\"><price currency=\"EUR\">x"
      "</price></item>\n<item id=\"3\" type=\"1\"/>\n</items>");
  EXPECT_EQ(s.message(), "line 3: <price>: price 'x' is not an integer >= 0 (minor units)");
  EXPECT_EQ(ids, (std::vector<std::string>{"1"}));
  EXPECT_EQ(reader.items(), 1U);
  EXPECT_EQ(reader.feed("").message(), s.message());
  EXPECT_EQ(reader.finish().message(), s.message());
}

TEST(ItemXmlReaderTest, NamesTheLineWhereAMultiLineStartTagBegins) {
  EXPECT_EQ(error_of("<items>\n<item\n  id=\"1\"\n  type=\"0\"/>\n</items>"),
            "line 2: <item>: attribute type: item type must be an integer from 1 to 2147483647");
}

}  // namespace
}  // namespace recod::catalog
