#include "recod/util/hex.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace recod::util {
namespace {

TEST(HexTest, EncodesEmpty) {
  EXPECT_EQ(to_hex(std::string_view()), "");
  EXPECT_EQ(to_hex(std::span<const std::uint8_t>()), "");
}

TEST(HexTest, EncodesBytesLowerCase) {
  const std::array<std::uint8_t, 5> bytes = {0x00, 0x01, 0x7f, 0xab, 0xff};
  EXPECT_EQ(to_hex(std::span<const std::uint8_t>(bytes)), "00017fabff");
}

TEST(HexTest, EncodesStringViewIncludingHighAndNulBytes) {
  const std::string s("\x00\x10\xfe\xff\x41", 5);
  EXPECT_EQ(to_hex(s), "0010feff41");
}

TEST(HexTest, BothOverloadsAgreeOnAllByteValues) {
  std::vector<std::uint8_t> bytes;
  std::string chars;
  for (int i = 0; i < 256; ++i) {
    bytes.push_back(static_cast<std::uint8_t>(i));
    chars.push_back(static_cast<char>(i));
  }
  const std::string hex = to_hex(std::span<const std::uint8_t>(bytes));
  EXPECT_EQ(hex.size(), 512u);
  EXPECT_EQ(hex, to_hex(chars));
  EXPECT_EQ(hex.substr(0, 6), "000102");
  EXPECT_EQ(hex.substr(506), "fdfeff");
}

TEST(HexTest, DecodesEitherCase) {
  const std::vector<std::uint8_t> expected = {0xde, 0xad, 0xbe, 0xef};
  EXPECT_EQ(from_hex("deadbeef"), expected);
  EXPECT_EQ(from_hex("DEADBEEF"), expected);
  EXPECT_EQ(from_hex("DeAdBeEf"), expected);
}

TEST(HexTest, DecodesEmptyToEmpty) {
  const auto r = from_hex("");
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->empty());
}

TEST(HexTest, RejectsOddLength) {
  EXPECT_FALSE(from_hex("a").has_value());
  EXPECT_FALSE(from_hex("abc").has_value());
}

TEST(HexTest, RejectsNonHexChars) {
  EXPECT_FALSE(from_hex("zz").has_value());
  EXPECT_FALSE(from_hex("0g").has_value());
  EXPECT_FALSE(from_hex("g0").has_value());
  EXPECT_FALSE(from_hex(" 0").has_value());
  EXPECT_FALSE(from_hex("0x").has_value());
  EXPECT_FALSE(from_hex(std::string("0\0", 2)).has_value());
  EXPECT_FALSE(from_hex("\xff\xff").has_value());
}

TEST(HexTest, RoundTripsAllByteValues) {
  std::vector<std::uint8_t> bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<std::uint8_t>(255 - i));
  EXPECT_EQ(from_hex(to_hex(std::span<const std::uint8_t>(bytes))), bytes);
}

}  // namespace
}  // namespace recod::util
