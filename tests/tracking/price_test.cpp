// parse_fullprice() (src/tracking/price.cpp) and normalize_category_path() (src/tracking/ids.cpp).
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "recod/tracking/parser.hpp"

namespace recod::tracking {
namespace {

// The price of an accepted fullprice, or a test failure naming the text.
Price price_of(std::string_view text) {
  const auto r = parse_fullprice(text);
  if (!r) {
    ADD_FAILURE() << "'" << text << "' was rejected: " << r.status().message();
    return Price{-1, "rejected"};
  }
  return *r;
}

::testing::AssertionResult fullprice_rejected(std::string_view text) {
  const auto r = parse_fullprice(text);
  if (r) {
    return ::testing::AssertionFailure()
           << "'" << text << "' was accepted as " << r->amount_minor << " " << r->currency;
  }
  if (r.status().code() != StatusCode::kInvalidArgument) {
    return ::testing::AssertionFailure() << "'" << text << "': wrong code";
  }
  if (r.status().message().find("fullprice") == std::string::npos) {
    return ::testing::AssertionFailure()
           << "'" << text << "': message '" << r.status().message() << "' does not name fullprice";
  }
  return ::testing::AssertionSuccess();
}

TEST(ParseFullpriceTest, DecimalAmountInMinorUnits) {
  EXPECT_EQ(price_of("2.50EUR"), (Price{250, "EUR"}));
  EXPECT_EQ(price_of("12.45EUR"), (Price{1245, "EUR"}));
  EXPECT_EQ(price_of("19.99USD"), (Price{1999, "USD"}));
  EXPECT_EQ(price_of("0.01EUR"), (Price{1, "EUR"}));
  EXPECT_EQ(price_of("0.00EUR"), (Price{0, "EUR"}));
}

TEST(ParseFullpriceTest, FewerDecimalsThanTheCurrencyArePadded) {
  EXPECT_EQ(price_of("2EUR"), (Price{200, "EUR"}));
  EXPECT_EQ(price_of("2.5EUR"), (Price{250, "EUR"}));
  EXPECT_EQ(price_of("0002.50EUR"), (Price{250, "EUR"}));
}

TEST(ParseFullpriceTest, ZeroDecimalCurrency) {
  EXPECT_EQ(price_of("456JPY"), (Price{456, "JPY"}));
  EXPECT_EQ(price_of("456.0JPY"), (Price{456, "JPY"}));
}

TEST(ParseFullpriceTest, ThreeAndFourDecimalCurrencies) {
  EXPECT_EQ(price_of("1.234BHD"), (Price{1234, "BHD"}));
  EXPECT_EQ(price_of("1BHD"), (Price{1000, "BHD"}));
  EXPECT_EQ(price_of("1.5CLF"), (Price{15000, "CLF"}));
}

TEST(ParseFullpriceTest, ExtraDecimalsRoundHalfUp) {
  EXPECT_EQ(price_of("2.505EUR"), (Price{251, "EUR"}));
  EXPECT_EQ(price_of("2.504EUR"), (Price{250, "EUR"}));
  EXPECT_EQ(price_of("2.5049EUR"), (Price{250, "EUR"}));
  EXPECT_EQ(price_of("2.5050EUR"), (Price{251, "EUR"}));
  EXPECT_EQ(price_of("2.999EUR"), (Price{300, "EUR"}));
  EXPECT_EQ(price_of("0.5JPY"), (Price{1, "JPY"}));
  EXPECT_EQ(price_of("0.4JPY"), (Price{0, "JPY"}));
  EXPECT_EQ(price_of("9.5JPY"), (Price{10, "JPY"}));
  EXPECT_EQ(price_of("1.2345BHD"), (Price{1235, "BHD"}));
  EXPECT_EQ(price_of("1.2344BHD"), (Price{1234, "BHD"}));
}

TEST(ParseFullpriceTest, LargestAmountAcceptedHugeRejected) {
  EXPECT_EQ(price_of("99999999999999EUR"), (Price{9999999999999900, "EUR"}));
  EXPECT_EQ(price_of("99999999999999.99999CLF"), (Price{1000000000000000000, "CLF"}));
  EXPECT_TRUE(fullprice_rejected("999999999999999EUR"));
  EXPECT_TRUE(fullprice_rejected("99999999999999999999999999EUR"));
}

TEST(ParseFullpriceTest, FloatArtefactsFromJavaScriptAreRounded) {
  // What String(19.99 * 1) or (0.1 + 0.2).toString() give in a browser.
  EXPECT_EQ(price_of("19.990000000000002EUR"), (Price{1999, "EUR"}));
  EXPECT_EQ(price_of("0.30000000000000004EUR"), (Price{30, "EUR"}));
  EXPECT_EQ(price_of("23.799999999999997EUR"), (Price{2380, "EUR"}));
  EXPECT_EQ(price_of("1.0000000000EUR"), (Price{100, "EUR"}));
  EXPECT_TRUE(fullprice_rejected("1.00000000000000000x0EUR"));
}

TEST(ParseFullpriceTest, NeedsDigitsOnBothSidesOfTheDot) {
  EXPECT_TRUE(fullprice_rejected(".50EUR"));
  EXPECT_TRUE(fullprice_rejected("2.EUR"));
  EXPECT_TRUE(fullprice_rejected(".EUR"));
  EXPECT_TRUE(fullprice_rejected("2.5.0EUR"));
}

TEST(ParseFullpriceTest, RejectsJunkClientsSend) {
  for (std::string_view bad : {"",         "EUR",          "2.50",
                               "250",      "undefinedEUR", "nullEUR",
                               "NaNEUR",   "2,50EUR",      "2.50 EUR",
                               " 2.50EUR", "2.50EUR ",     "-2.50EUR",
                               "+2.50EUR", "1e3EUR",       "0x10EUR",
                               "2.50eur",  "2.50Eur",      "2.50E",
                               "EUR2.50",  "2.50EURO",     "2.50\xE2\x82\xAC"}) {
    EXPECT_TRUE(fullprice_rejected(bad)) << "'" << bad << "'";
  }
}

TEST(ParseFullpriceTest, UnknownCurrencyRejectedAndNamed) {
  const auto r = parse_fullprice("2.50ABC");
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("'ABC'"), std::string::npos) << r.status().message();
  EXPECT_TRUE(fullprice_rejected("2.50XYZ"));
}

// ---------------------------------------------------------------------------------------

std::string normalized(std::string_view path) {
  const auto r = normalize_category_path(path);
  if (!r) {
    ADD_FAILURE() << "'" << path << "' was rejected: " << r.status().message();
    return "<rejected>";
  }
  return *r;
}

::testing::AssertionResult category_rejected(std::string_view path) {
  const auto r = normalize_category_path(path);
  if (r) return ::testing::AssertionFailure() << "accepted as '" << *r << "'";
  if (r.status().code() != StatusCode::kInvalidArgument) {
    return ::testing::AssertionFailure() << "wrong code";
  }
  if (r.status().message().find("categorypath") == std::string::npos) {
    return ::testing::AssertionFailure()
           << "message '" << r.status().message() << "' does not name categorypath";
  }
  return ::testing::AssertionSuccess();
}

TEST(NormalizeCategoryPathTest, LeadingAndTrailingSlashesDropped) {
  EXPECT_EQ(normalized("/Cameras/"), "Cameras");
  EXPECT_EQ(normalized("Cameras"), "Cameras");
  EXPECT_EQ(normalized("/Cameras"), "Cameras");
  EXPECT_EQ(normalized("Cameras/"), "Cameras");
  EXPECT_EQ(normalized("/Foto/Cameras/Compact/Canon"), "Foto/Cameras/Compact/Canon");
}

TEST(NormalizeCategoryPathTest, RepeatedSlashesCollapsed) {
  EXPECT_EQ(normalized("Foto//Cameras"), "Foto/Cameras");
  EXPECT_EQ(normalized("//a///b//"), "a/b");
}

TEST(NormalizeCategoryPathTest, EmptyOrOnlySlashesIsEmpty) {
  EXPECT_EQ(normalized(""), "");
  EXPECT_EQ(normalized("/"), "");
  EXPECT_EQ(normalized("///"), "");
}

// "\303\274" is "ü" in UTF-8.
TEST(NormalizeCategoryPathTest, NamesKeptAsTheyAre) {
  EXPECT_EQ(normalized("/Foto & Video/B\303\274cher/"), "Foto & Video/B\303\274cher");
  EXPECT_EQ(normalized("09/0901"), "09/0901");
  EXPECT_EQ(normalized("A/b/C"), "A/b/C");  // case kept
}

TEST(NormalizeCategoryPathTest, BackslashRejected) {
  EXPECT_TRUE(category_rejected("Foto\\Cameras"));
  EXPECT_TRUE(category_rejected("\\"));
}

TEST(NormalizeCategoryPathTest, ControlCharactersAndBadUtf8Rejected) {
  EXPECT_TRUE(category_rejected("Foto\nCameras"));
  EXPECT_TRUE(category_rejected(std::string("Foto\0Cameras", 12)));
  EXPECT_TRUE(category_rejected("Foto\x7F"));
  EXPECT_TRUE(category_rejected("Foto\xFF"));
  EXPECT_TRUE(category_rejected("\xC3"));  // truncated sequence
}

TEST(NormalizeCategoryPathTest, AtMost1024Bytes) {
  const std::string max(kMaxCategoryPathBytes, 'c');
  EXPECT_EQ(normalized(max), max);
  EXPECT_TRUE(category_rejected(max + "c"));
}

}  // namespace
}  // namespace recod::tracking
