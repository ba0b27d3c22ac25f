#include "recod/util/md5.hpp"

#include <gtest/gtest.h>

#include <string>

namespace recod::util {
namespace {

// RFC 1321 appendix A.5 test suite.
TEST(Md5Test, Rfc1321TestSuite) {
  EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(md5_hex("a"), "0cc175b9c0f1b6a831c399e269772661");
  EXPECT_EQ(md5_hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(md5_hex("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
  EXPECT_EQ(md5_hex("abcdefghijklmnopqrstuvwxyz"), "c3fcd3d76192e4007dfb496cca67e13b");
  EXPECT_EQ(md5_hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
            "d174ab98d277d9f5a5611c2c9f419d9f");
  EXPECT_EQ(md5_hex("1234567890123456789012345678901234567890"
                    "1234567890123456789012345678901234567890"),
            "57edf4a22be3c955ac49da2e2107b67a");
}

// Lengths around the padding boundaries (one or two final blocks); expected values from
// Python's hashlib.md5(b"a" * n).
TEST(Md5Test, PaddingBoundaries) {
  EXPECT_EQ(md5_hex(std::string(55, 'a')), "ef1772b6dff9a122358552954ad0df65");
  EXPECT_EQ(md5_hex(std::string(56, 'a')), "3b0c8ac703f828b04c6c197006d17218");
  EXPECT_EQ(md5_hex(std::string(63, 'a')), "b06521f39153d618550606be297466d5");
  EXPECT_EQ(md5_hex(std::string(64, 'a')), "014842d480b571495a4a0363793f7367");
  EXPECT_EQ(md5_hex(std::string(65, 'a')), "c743a45e0d2e6a95cb859adae0248435");
  EXPECT_EQ(md5_hex(std::string(1000, 'a')), "cabe45dcc9ae5b66ba86600cca6b8ba8");
}

TEST(Md5Test, AllByteValues) {
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  EXPECT_EQ(md5_hex(all), "e2c865db4162bed963bfaa9ef6ac18f0");
}

// The historical-import signature example of the wire format.
TEST(Md5Test, ImportSignatureExample) {
  EXPECT_EQ(md5_hex("1&11&8695-1828-92810-5535-4239&fullprice=19.99EUR&overridetimestamp="
                    "2012-01-01T11%3A00%3A00&quantity=1"),
            "d0026f017ae823f19530d93318c5a2f6");
}

TEST(Md5Test, UnalignedInput) {
  // A view starting at an odd offset must hash like the same bytes at an aligned address.
  const std::string backing = "xmessage digest";
  EXPECT_EQ(md5_hex(std::string_view(backing).substr(1)), "f96b697d7cb7938d525a2f31aaf161d0");
}

}  // namespace
}  // namespace recod::util
