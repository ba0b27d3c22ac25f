#include "recod/catalog/item.hpp"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace recod::catalog {
namespace {

using SvVector = std::vector<std::string_view>;

TEST(AttributeTypeTest, NamesAreUpperCase) {
  EXPECT_EQ(attribute_type_name(AttributeType::kNominal), "NOMINAL");
  EXPECT_EQ(attribute_type_name(AttributeType::kNumeric), "NUMERIC");
  EXPECT_EQ(attribute_type_name(AttributeType::kText), "TEXT");
}

TEST(AttributeTypeTest, PersistedValuesDoNotChange) {
  EXPECT_EQ(static_cast<int>(AttributeType::kNominal), 1);
  EXPECT_EQ(static_cast<int>(AttributeType::kNumeric), 2);
  EXPECT_EQ(static_cast<int>(AttributeType::kText), 3);
}

TEST(AttributeTypeTest, ParsesNamesInAnyLetterCase) {
  for (const auto type : {AttributeType::kNominal, AttributeType::kNumeric, AttributeType::kText}) {
    EXPECT_EQ(attribute_type_from_name(attribute_type_name(type)), type);
  }
  EXPECT_EQ(attribute_type_from_name("nominal"), AttributeType::kNominal);
  EXPECT_EQ(attribute_type_from_name("Numeric"), AttributeType::kNumeric);
  EXPECT_EQ(attribute_type_from_name("tExT"), AttributeType::kText);
}

TEST(AttributeTypeTest, RejectsOtherNames) {
  for (const std::string_view name :
       {"", "NOMINA", "NOMINALS", " TEXT", "TEXT ", "NUMBER", "STRING", "T\xc3\xa9XT"}) {
    EXPECT_FALSE(attribute_type_from_name(name).has_value()) << name;
  }
  EXPECT_FALSE(attribute_type_from_name(std::string_view("TEXT\0", 5)).has_value());
  EXPECT_EQ(attribute_type_name(static_cast<AttributeType>(0)), "UNKNOWN");
}

TEST(ItemTest, ValuesOfListsContentDataThenAttributesInDocumentOrder) {
  Item item;
  item.attributes = {{"color", "red", AttributeType::kNominal},
                     {"size", "42", AttributeType::kNumeric},
                     {"color", "blue", AttributeType::kNominal}};
  item.content = {{"title", "Shirt"}, {"color", "crimson"}, {"color", ""}};
  EXPECT_EQ(item.values_of("color"), (SvVector{"crimson", "", "red", "blue"}));
  EXPECT_EQ(item.values_of("title"), (SvVector{"Shirt"}));
  EXPECT_EQ(item.values_of("size"), (SvVector{"42"}));
  EXPECT_TRUE(item.values_of("missing").empty());
  EXPECT_TRUE(item.values_of("").empty());
  EXPECT_TRUE(item.values_of("Color").empty());  // keys are case-sensitive
}

TEST(ItemTest, ValuesOfViewsIntoTheItem) {
  Item item;
  item.content = {{"title", "Shirt"}};
  const auto values = item.values_of("title");
  ASSERT_EQ(values.size(), 1U);
  EXPECT_EQ(values[0].data(), item.content[0].value.data());
}

TEST(ItemTest, ValidAtHonoursOpenAndClosedEnds) {
  Item item;
  EXPECT_TRUE(item.valid_at(0));
  item.valid_from_s = 100;
  EXPECT_FALSE(item.valid_at(99));
  EXPECT_TRUE(item.valid_at(100));
  item.valid_to_s = 200;
  EXPECT_TRUE(item.valid_at(200));
  EXPECT_FALSE(item.valid_at(201));
  item.valid_from_s.reset();
  EXPECT_TRUE(item.valid_at(-5));
}

}  // namespace
}  // namespace recod::catalog
