#include "recod/util/numbers.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace recod::util {
namespace {

constexpr std::int64_t kInt32Max = 2147483647;
constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();

TEST(ParseUintTest, AcceptsPlainDigits) {
  EXPECT_EQ(parse_uint("0", 0, kInt32Max), 0);
  EXPECT_EQ(parse_uint("1", 0, kInt32Max), 1);
  EXPECT_EQ(parse_uint("42", 0, kInt32Max), 42);
  EXPECT_EQ(parse_uint("2147483647", 0, kInt32Max), kInt32Max);
}

TEST(ParseUintTest, AcceptsLeadingZeros) {
  EXPECT_EQ(parse_uint("007", 0, kInt32Max), 7);
  EXPECT_EQ(parse_uint("0000000000000000000000000001", 0, kInt32Max), 1);
  EXPECT_EQ(parse_uint("000", 0, kInt32Max), 0);
}

TEST(ParseUintTest, EnforcesRange) {
  EXPECT_EQ(parse_uint("2147483648", 0, kInt32Max), std::nullopt);
  EXPECT_EQ(parse_uint("0", 1, 10), std::nullopt);
  EXPECT_EQ(parse_uint("11", 1, 10), std::nullopt);
  EXPECT_EQ(parse_uint("1", 1, 10), 1);
  EXPECT_EQ(parse_uint("10", 1, 10), 10);
  EXPECT_EQ(parse_uint("5", 5, 5), 5);
}

TEST(ParseUintTest, HandlesInt64Limit) {
  EXPECT_EQ(parse_uint("9223372036854775807", 0, kInt64Max), kInt64Max);
  EXPECT_EQ(parse_uint("9223372036854775808", 0, kInt64Max), std::nullopt);
  EXPECT_EQ(parse_uint("9223372036854775810", 0, kInt64Max), std::nullopt);
  EXPECT_EQ(parse_uint("18446744073709551615", 0, kInt64Max), std::nullopt);
  EXPECT_EQ(parse_uint("18446744073709551616", 0, kInt64Max), std::nullopt);
  EXPECT_EQ(parse_uint("99999999999999999999999", 0, kInt64Max), std::nullopt);
}

TEST(ParseUintTest, RejectsMalformed) {
  for (const char* s : {"", "-1", "+1", " 1", "1 ", "1.0", "1e3", "0x10", "1,000", "١", "1\n",
                        "\t1", "--1", "-0", "a", "1a"}) {
    EXPECT_EQ(parse_uint(s, 0, kInt64Max), std::nullopt) << "input: '" << s << "'";
  }
  EXPECT_EQ(parse_uint(std::string("1\0", 2), 0, kInt64Max), std::nullopt);
}

}  // namespace
}  // namespace recod::util
