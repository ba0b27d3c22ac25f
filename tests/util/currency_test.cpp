#include "recod/util/currency.hpp"

#include <gtest/gtest.h>

#include <string>

namespace recod::util {
namespace {

TEST(CurrencyTest, TwoDecimalCodes) {
  for (const char* code : {"EUR", "USD", "GBP", "CHF", "AED", "AFN", "ALL", "CNY", "INR", "SEK",
                           "ZAR", "XCD", "ZWG", "XCG", "VES", "SLE"}) {
    EXPECT_EQ(currency_exponent(code), 2) << code;
  }
}

TEST(CurrencyTest, ZeroDecimalCodes) {
  for (const char* code : {"JPY", "KRW", "ISK", "CLP", "UGX", "VND", "XAF", "XOF", "XPF", "PYG",
                           "BIF", "DJF", "GNF", "KMF", "RWF", "VUV", "UYI"}) {
    EXPECT_EQ(currency_exponent(code), 0) << code;
  }
}

TEST(CurrencyTest, ThreeDecimalCodes) {
  for (const char* code : {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"}) {
    EXPECT_EQ(currency_exponent(code), 3) << code;
  }
}

TEST(CurrencyTest, FourDecimalCodes) {
  EXPECT_EQ(currency_exponent("CLF"), 4);
  EXPECT_EQ(currency_exponent("UYW"), 4);
}

TEST(CurrencyTest, FirstAndLastEntries) {
  EXPECT_EQ(currency_exponent("AED"), 2);
  EXPECT_EQ(currency_exponent("ZWG"), 2);
  EXPECT_EQ(currency_exponent("AAA"), std::nullopt);
  EXPECT_EQ(currency_exponent("ZZZ"), std::nullopt);
}

TEST(CurrencyTest, RejectsCodesWithoutMinorUnit) {
  for (const char* code : {"XAU", "XAG", "XPT", "XPD", "XDR", "XXX", "XTS", "XBA", "XBB", "XBC",
                           "XBD", "XSU", "XUA"}) {
    EXPECT_EQ(currency_exponent(code), std::nullopt) << code;
  }
}

TEST(CurrencyTest, RejectsWithdrawnCodes) {
  for (const char* code : {"DEM", "FRF", "HRK", "ZWL", "CUC", "VEF", "MRO", "STD", "BYR"}) {
    EXPECT_EQ(currency_exponent(code), std::nullopt) << code;
  }
}

TEST(CurrencyTest, RejectsWrongCaseAndLength) {
  for (const char* code : {"eur", "Eur", "eUR", "EUr", "", "E", "EU", "EURO", "EUR ", " EUR", "usd",
                           "E1R", "€", "BTC"}) {
    EXPECT_EQ(currency_exponent(code), std::nullopt) << "'" << code << "'";
  }
  EXPECT_EQ(currency_exponent(std::string("EU\0", 3)), std::nullopt);
  EXPECT_EQ(currency_exponent(std::string("EUR\0", 4)), std::nullopt);
}

}  // namespace
}  // namespace recod::util
