#include "recod/util/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace recod::util {
namespace {

TEST(Utf8Test, AcceptsAsciiAndEmpty) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("hello, world"));
  EXPECT_TRUE(is_valid_utf8("\x7f"));
}

TEST(Utf8Test, AcceptsMultiByteCharacters) {
  EXPECT_TRUE(is_valid_utf8("\xc2\x80"));          // U+0080, smallest 2-byte
  EXPECT_TRUE(is_valid_utf8("caf\xc3\xa9"));       // é
  EXPECT_TRUE(is_valid_utf8("\xdf\xbf"));          // U+07FF
  EXPECT_TRUE(is_valid_utf8("\xe0\xa0\x80"));      // U+0800, smallest 3-byte
  EXPECT_TRUE(is_valid_utf8("\xe2\x82\xac"));      // €
  EXPECT_TRUE(is_valid_utf8("\xed\x9f\xbf"));      // U+D7FF, just below surrogates
  EXPECT_TRUE(is_valid_utf8("\xee\x80\x80"));      // U+E000, just above surrogates
  EXPECT_TRUE(is_valid_utf8("\xef\xbf\xbf"));      // U+FFFF
  EXPECT_TRUE(is_valid_utf8("\xf0\x90\x80\x80"));  // U+10000, smallest 4-byte
  EXPECT_TRUE(is_valid_utf8("\xf0\x9f\x98\x80"));  // 😀
  EXPECT_TRUE(is_valid_utf8("\xf4\x8f\xbf\xbf"));  // U+10FFFF
  EXPECT_TRUE(is_valid_utf8("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z"));
}

TEST(Utf8Test, AcceptsEmbeddedNulButFlagsItAsControl) {
  const std::string s("a\0b", 3);
  EXPECT_TRUE(is_valid_utf8(s));
  EXPECT_TRUE(has_control_char(s));
}

TEST(Utf8Test, RejectsOverlongForms) {
  EXPECT_FALSE(is_valid_utf8("\xc0\x80"));
  EXPECT_FALSE(is_valid_utf8("\xc1\xbf"));
  EXPECT_FALSE(is_valid_utf8("\xe0\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xe0\x9f\xbf"));
  EXPECT_FALSE(is_valid_utf8("\xf0\x80\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xf0\x8f\xbf\xbf"));
}

TEST(Utf8Test, RejectsSurrogates) {
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));              // U+D800
  EXPECT_FALSE(is_valid_utf8("\xed\xbf\xbf"));              // U+DFFF
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\xbd\xed\xb8\x80"));  // CESU-8 surrogate pair
}

TEST(Utf8Test, RejectsAboveMaxCodePoint) {
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(is_valid_utf8("\xf5\x80\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xf7\xbf\xbf\xbf"));
}

TEST(Utf8Test, RejectsInvalidLeadBytes) {
  for (int b = 0xf5; b <= 0xff; ++b) {
    const std::string s(1, static_cast<char>(b));
    EXPECT_FALSE(is_valid_utf8(s + "\x80\x80\x80")) << b;
    EXPECT_FALSE(is_valid_utf8(s)) << b;
  }
}

TEST(Utf8Test, RejectsStrayContinuationBytes) {
  EXPECT_FALSE(is_valid_utf8("\x80"));
  EXPECT_FALSE(is_valid_utf8("a\xbf"));
  EXPECT_FALSE(is_valid_utf8("\xc3\xa9\xa9"));
}

TEST(Utf8Test, RejectsTruncatedSequences) {
  EXPECT_FALSE(is_valid_utf8("\xc3"));
  EXPECT_FALSE(is_valid_utf8("\xe2\x82"));
  EXPECT_FALSE(is_valid_utf8("\xe2"));
  EXPECT_FALSE(is_valid_utf8("\xf0\x9f\x98"));
  EXPECT_FALSE(is_valid_utf8("\xf0\x9f"));
  EXPECT_FALSE(is_valid_utf8("\xf0"));
  EXPECT_FALSE(is_valid_utf8("abc\xc3"));
  // A truncated sequence followed by ASCII: the ASCII byte is not a continuation.
  EXPECT_FALSE(
      is_valid_utf8("\xc3"
                    "a"));
  EXPECT_FALSE(
      is_valid_utf8("\xe2\x82"
                    "a"));
  EXPECT_FALSE(
      is_valid_utf8("\xf0\x9f\x98"
                    "a"));
}

TEST(Utf8Test, ChecksEverySingleByte) {
  for (int b = 0; b < 256; ++b) {
    const std::string s(1, static_cast<char>(b));
    EXPECT_EQ(is_valid_utf8(s), b < 0x80) << b;
    EXPECT_EQ(has_control_char(s), b < 0x20 || b == 0x7f) << b;
  }
}

TEST(Utf8Test, ControlCharacters) {
  EXPECT_FALSE(has_control_char(""));
  EXPECT_FALSE(has_control_char("plain text ~!"));
  EXPECT_FALSE(has_control_char("caf\xc3\xa9 \xe2\x82\xac"));
  EXPECT_FALSE(has_control_char("\xc2\x85"));  // U+0085 (C1): only ASCII controls count
  EXPECT_TRUE(has_control_char("a\tb"));
  EXPECT_TRUE(has_control_char("line\n"));
  EXPECT_TRUE(has_control_char("\r"));
  EXPECT_TRUE(has_control_char("x\x1f"));
  EXPECT_TRUE(has_control_char("del\x7f"));
}

}  // namespace
}  // namespace recod::util
