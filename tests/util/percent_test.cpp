#include "recod/util/percent.hpp"

#include <gtest/gtest.h>

#include <string>

namespace recod::util {
namespace {

TEST(PercentEncodeTest, KeepsUnreserved) {
  const std::string unreserved =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
  EXPECT_EQ(percent_encode(unreserved), unreserved);
  EXPECT_EQ(percent_encode(""), "");
}

TEST(PercentEncodeTest, EncodesTimestampAsTheSignatureExpects) {
  EXPECT_EQ(percent_encode("2012-01-01T11:00:00"), "2012-01-01T11%3A00%3A00");
}

TEST(PercentEncodeTest, EncodesReservedWithUpperCaseHex) {
  EXPECT_EQ(percent_encode(" "), "%20");
  EXPECT_EQ(percent_encode("+"), "%2B");
  EXPECT_EQ(percent_encode("a/b?c=d&e"), "a%2Fb%3Fc%3Dd%26e");
  EXPECT_EQ(percent_encode("%"), "%25");
  EXPECT_EQ(percent_encode("caf\xc3\xa9"), "caf%C3%A9");
  EXPECT_EQ(percent_encode(std::string("\0\xff", 2)), "%00%FF");
}

TEST(PercentEncodeTest, EncodesEveryByteOutsideUnreserved) {
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    const std::string encoded = percent_encode(std::string(1, c));
    if (unreserved) {
      EXPECT_EQ(encoded, std::string(1, c)) << b;
    } else {
      ASSERT_EQ(encoded.size(), 3u) << b;
      EXPECT_EQ(encoded[0], '%');
      constexpr char kHex[] = "0123456789ABCDEF";
      EXPECT_EQ(encoded[1], kHex[b >> 4]) << b;
      EXPECT_EQ(encoded[2], kHex[b & 0xf]) << b;
    }
  }
}

TEST(PercentEncodeTest, IntoAppendsWhatPercentEncodeReturns) {
  std::string out = "kept/";
  percent_encode_into(out, "a b");
  EXPECT_EQ(out, "kept/a%20b");
  percent_encode_into(out, "");
  EXPECT_EQ(out, "kept/a%20b");
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  for (const std::string& in : {all, std::string("plain-run_~."), std::string("%%x%")}) {
    std::string appended;
    percent_encode_into(appended, in);
    EXPECT_EQ(appended, percent_encode(in));
  }
}

TEST(PercentRoundTripTest, AllByteValues) {
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  const std::string encoded = percent_encode(all);
  EXPECT_EQ(percent_decode(encoded, false), all);
  // Encoding leaves no '+', so plus_as_space makes no difference.
  EXPECT_EQ(percent_decode(encoded, true), all);
}

TEST(PercentDecodeTest, DecodesEitherCase) {
  EXPECT_EQ(percent_decode("%2F", false), "/");
  EXPECT_EQ(percent_decode("%2f", false), "/");
  EXPECT_EQ(percent_decode("a%3Ab%3ac", false), "a:b:c");
  EXPECT_EQ(percent_decode("2012-01-01T11%3A00%3A00", true), "2012-01-01T11:00:00");
}

TEST(PercentDecodeTest, PlusAsSpaceOnlyWhenAsked) {
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("%2B", true), "+");
  EXPECT_EQ(percent_decode("%2B", false), "+");
  EXPECT_EQ(percent_decode("++", true), "  ");
}

TEST(PercentDecodeTest, DecodesOnlyOnce) {
  EXPECT_EQ(percent_decode("%2541", false), "%41");
  EXPECT_EQ(percent_decode("%25", false), "%");
}

TEST(PercentDecodeTest, PassesOtherBytesThrough) {
  EXPECT_EQ(percent_decode("", false), "");
  EXPECT_EQ(percent_decode("plain text", false), "plain text");
  EXPECT_EQ(percent_decode("caf\xc3\xa9/?#[]", false), "caf\xc3\xa9/?#[]");
  EXPECT_EQ(percent_decode(std::string("a\0b", 3), false), std::string("a\0b", 3));
}

TEST(PercentDecodeTest, DoesNotValidateDecodedBytes) {
  EXPECT_EQ(percent_decode("%00", false), std::string(1, '\0'));
  EXPECT_EQ(percent_decode("%FF%fe", false), "\xff\xfe");
}

TEST(PercentDecodeTest, DecodesMultiByteUtf8Escapes) {
  EXPECT_EQ(percent_decode("caf%C3%A9", false), "caf\xc3\xa9");
  EXPECT_EQ(percent_decode("%E2%82%AC", false), "\xe2\x82\xac");
  EXPECT_EQ(percent_decode("%F0%9F%98%80", false), "\xf0\x9f\x98\x80");
  EXPECT_EQ(percent_decode("%e2%82%ac+5", true), "\xe2\x82\xac 5");
}

TEST(PercentDecodeTest, RejectsMalformedEscapes) {
  for (const char* s : {"%", "%4", "%G0", "%0G", "%%", "%%41", "a%", "a%4", "%4%41", "% 41", "%+1",
                        "%-1", "%x1", "100%", "%\xc3\xa9"}) {
    EXPECT_EQ(percent_decode(s, false), std::nullopt) << "input: '" << s << "'";
    EXPECT_EQ(percent_decode(s, true), std::nullopt) << "input: '" << s << "'";
  }
  EXPECT_EQ(percent_decode(std::string("%4\0", 3), false), std::nullopt);
}

TEST(PercentDecodeTest, DoesNotReadPastTheView) {
  // The view ends right after '%4'; the '1' behind it must not complete the escape.
  const std::string backing = "x%41";
  EXPECT_EQ(percent_decode(std::string_view(backing).substr(0, 3), false), std::nullopt);
  EXPECT_EQ(percent_decode(std::string_view(backing).substr(0, 2), false), std::nullopt);
}

}  // namespace
}  // namespace recod::util
