// expected_signature() (src/tracking/signature.cpp) against the rule and worked example of
// api-reference.md section 1. Expected digests are md5 of the input string written out by
// hand in each test (computed with md5sum), so they do not depend on the code under test.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "recod/tracking/parser.hpp"
#include "recod/util/query.hpp"

namespace recod::tracking {
namespace {

constexpr std::string_view kLicenseKey = "8695-1828-92810-5535-4239";
constexpr std::string_view kReferenceSignature = "d0026f017ae823f19530d93318c5a2f6";

util::QueryParams query(std::string_view q) {
  auto params = util::parse_query(q);
  if (!params) {
    ADD_FAILURE() << "malformed test query '" << q << "'";
    return {};
  }
  return std::move(*params);
}

std::string signature_of(std::string_view q, std::string_view type = "1",
                         std::string_view id = "11", std::string_view key = kLicenseKey) {
  return expected_signature(type, id, key, query(q));
}

// md5("1&11&8695-1828-92810-5535-4239&fullprice=19.99EUR&"
//     "overridetimestamp=2012-01-01T11%3A00%3A00&quantity=1")
TEST(ExpectedSignatureTest, ReferenceExample) {
  EXPECT_EQ(signature_of("fullprice=19.99EUR&overridetimestamp=2012-01-01T11%3A00%3A00&"
                         "quantity=1"),
            kReferenceSignature);
}

TEST(ExpectedSignatureTest, SignatureParameterItselfIsExcluded) {
  EXPECT_EQ(signature_of("fullprice=19.99EUR&overridetimestamp=2012-01-01T11%3A00%3A00&"
                         "quantity=1&signature=d0026f017ae823f19530d93318c5a2f6"),
            kReferenceSignature);
  EXPECT_EQ(signature_of("signature=anything&fullprice=19.99EUR&"
                         "overridetimestamp=2012-01-01T11%3A00%3A00&quantity=1"),
            kReferenceSignature);
}

TEST(ExpectedSignatureTest, ParametersAreSortedByName) {
  EXPECT_EQ(signature_of("quantity=1&overridetimestamp=2012-01-01T11%3A00%3A00&"
                         "fullprice=19.99EUR"),
            kReferenceSignature);
  EXPECT_EQ(signature_of("overridetimestamp=2012-01-01T11%3A00%3A00&signature=x&quantity=1&"
                         "fullprice=19.99EUR"),
            kReferenceSignature);
}

TEST(ExpectedSignatureTest, ValuesAreReEncodedWithUpperCaseEscapes) {
  // The client may send lower-case escapes or unescaped ':'; the signed form is the same.
  EXPECT_EQ(signature_of("fullprice=19.99EUR&overridetimestamp=2012-01-01T11%3a00%3a00&"
                         "quantity=1"),
            kReferenceSignature);
  EXPECT_EQ(signature_of("fullprice=19.99EUR&overridetimestamp=2012-01-01T11:00:00&quantity=1"),
            kReferenceSignature);
  // md5("1&11&<key>&categorypath=Foto%2FCameras%20%26%20Lenses&"
  //     "overridetimestamp=2012-01-01T11%3A00%3A00")
  EXPECT_EQ(signature_of("categorypath=Foto%2FCameras+%26+Lenses&"
                         "overridetimestamp=2012-01-01T11%3A00%3A00"),
            "8c1a82c302908299e9ae0f21f3597e40");
  // Unreserved characters (- . _ ~) stay, UTF-8 bytes are escaped one by one:
  // md5("1&11&<key>&overridetimestamp=2012-01-01T11%3A00%3A00&title=B%C3%BCcher%20~%20a-b_c.d")
  EXPECT_EQ(signature_of("title=B%C3%BCcher+~+a-b_c.d&overridetimestamp=2012-01-01T11%3A00%3A00"),
            "499e81d905191922330ad1f804baca4e");
}

TEST(ExpectedSignatureTest, ParametersThatCountAsAbsentAreStillSigned) {
  // The client signs what it sends, lang=undefined included:
  // md5("1&11&<key>&fullprice=19.99EUR&lang=undefined&"
  //     "overridetimestamp=2012-01-01T11%3A00%3A00&quantity=1")
  EXPECT_EQ(signature_of("fullprice=19.99EUR&lang=undefined&"
                         "overridetimestamp=2012-01-01T11%3A00%3A00&quantity=1"),
            "34c25eeffee6172d7b7d6839b69c91ad");
}

TEST(ExpectedSignatureTest, RepeatedNameKeepsTheOrderItWasSentIn) {
  // md5("1&11&<key>&a=2&a=1&overridetimestamp=2012-01-01T11%3A00%3A00")
  EXPECT_EQ(signature_of("a=2&overridetimestamp=2012-01-01T11%3A00%3A00&a=1"),
            "c8e9cfccf290f52d45eea054bb04be15");
  // md5("1&11&<key>&a=1&a=2&overridetimestamp=2012-01-01T11%3A00%3A00")
  EXPECT_EQ(signature_of("a=1&overridetimestamp=2012-01-01T11%3A00%3A00&a=2"),
            "6d3da0b034e24b07425b2fe259de055a");
}

TEST(ExpectedSignatureTest, CoversTypeIdAndLicenseKey) {
  constexpr std::string_view kQuery =
      "fullprice=19.99EUR&overridetimestamp=2012-01-01T11%3A00%3A00&quantity=1";
  // md5("2&11&<key>&fullprice=19.99EUR&overridetimestamp=2012-01-01T11%3A00%3A00&quantity=1")
  EXPECT_EQ(signature_of(kQuery, "2", "11"), "abfe85a3d3f5dd8d2f6b1e18b41d6be1");
  // md5("1&11&other-key&fullprice=19.99EUR&overridetimestamp=2012-01-01T11%3A00%3A00&...")
  EXPECT_EQ(signature_of(kQuery, "1", "11", "other-key"), "b292c1cab0d4b873dec38c3bcc14bd08");
  EXPECT_NE(signature_of(kQuery, "1", "12"), kReferenceSignature);
}

TEST(ExpectedSignatureTest, WithoutParametersEndsWithTheKeyAndAmpersand) {
  // md5("1&11&8695-1828-92810-5535-4239&")
  EXPECT_EQ(signature_of(""), "9f85898b4d4f51d9c2f172b6c36b178c");
}

}  // namespace
}  // namespace recod::tracking
