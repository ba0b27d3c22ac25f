#include "keys.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace recod::store::keys {
namespace {

using tracking::UserHash;

UserHash user_filled(std::uint8_t byte) {
  UserHash user{};
  user.fill(byte);
  return user;
}

UserHash user_counting(std::uint8_t first) {
  UserHash user{};
  for (std::size_t i = 0; i < user.size(); ++i) user[i] = static_cast<std::uint8_t>(first + i);
  return user;
}

std::string be32(std::uint32_t v) {
  std::string out;
  put_be32(out, v);
  return out;
}

std::string be64(std::uint64_t v) {
  std::string out;
  put_be64(out, v);
  return out;
}

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

std::string user_bytes(const UserHash& user) {
  return {reinterpret_cast<const char*>(user.data()), user.size()};
}

// ---- big-endian helpers ----

TEST(KeysBigEndianTest, Put32WritesMostSignificantByteFirst) {
  EXPECT_EQ(be32(0x01020304u), std::string("\x01\x02\x03\x04", 4));
  EXPECT_EQ(be32(0), std::string(4, '\0'));
  EXPECT_EQ(be32(0xffffffffu), std::string(4, '\xff'));
}

TEST(KeysBigEndianTest, Put64WritesMostSignificantByteFirst) {
  EXPECT_EQ(be64(0x0102030405060708ull), std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  EXPECT_EQ(be64(0), std::string(8, '\0'));
  EXPECT_EQ(be64(~0ull), std::string(8, '\xff'));
}

TEST(KeysBigEndianTest, PutAppendsToExistingContent) {
  std::string out = "x";
  put_be32(out, 0x41424344u);
  put_be64(out, 0x4546474849505152ull);
  EXPECT_EQ(out, "xABCDEFGHIPQR");
}

TEST(KeysBigEndianTest, RoundTripsEdgeValues) {
  for (std::uint32_t v : {0u, 1u, 0xffu, 0x100u, 0x7fffffffu, 0x80000000u, 0xffffffffu}) {
    EXPECT_EQ(get_be32(be32(v)), v);
  }
  for (std::uint64_t v :
       {0ull, 1ull, 0xffull, 0x100ull, 0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull}) {
    EXPECT_EQ(get_be64(be64(v)), v);
  }
}

TEST(KeysBigEndianTest, RoundTripsRandomValues) {
  std::mt19937_64 rng(12345);
  for (int i = 0; i < 10000; ++i) {
    const std::uint64_t v = rng();
    ASSERT_EQ(get_be64(be64(v)), v);
    ASSERT_EQ(get_be32(be32(static_cast<std::uint32_t>(v))), static_cast<std::uint32_t>(v));
  }
}

TEST(KeysBigEndianTest, GetReadsOnlyTheFirstBytes) {
  EXPECT_EQ(get_be32(bytes({0, 0, 1, 2}) + "trailing"), 0x0102u);
  EXPECT_EQ(get_be64(bytes({0, 0, 0, 0, 0, 0, 1, 0}) + "zz"), 0x100u);
}

TEST(KeysBigEndianTest, ByteOrderEqualsNumericOrder) {
  std::mt19937_64 rng(99);
  for (int i = 0; i < 10000; ++i) {
    // Mix small and large magnitudes so that different bytes decide the order.
    const std::uint64_t a = rng() >> (rng() % 64);
    const std::uint64_t b = rng() >> (rng() % 64);
    ASSERT_EQ(a < b, be64(a) < be64(b)) << a << " vs " << b;
    const auto a32 = static_cast<std::uint32_t>(a);
    const auto b32 = static_cast<std::uint32_t>(b);
    ASSERT_EQ(a32 < b32, be32(a32) < be32(b32)) << a32 << " vs " << b32;
  }
  EXPECT_LT(be64(255), be64(256));
  EXPECT_LT(be32(0x7fffffffu), be32(0x80000000u));
}

// ---- layout ----

TEST(KeysLayoutTest, CustomerPrefixIsLengthThenId) {
  EXPECT_EQ(customer_prefix("00000"), bytes({5}) + "00000");
  EXPECT_EQ(customer_prefix(""), std::string(1, '\0'));
}

TEST(KeysLayoutTest, EventKeyIsCustomerUserTimeSeq) {
  const UserHash user = user_counting(0xa0);
  const std::string key = event_key("ab", user, 0x0102030405060708, 7);
  const std::string expected = bytes({2}) + "ab" + user_bytes(user) +
                               std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8) +
                               std::string("\x00\x00\x00\x00\x00\x00\x00\x07", 8);
  EXPECT_EQ(key, expected);
  EXPECT_EQ(user_prefix("ab", user), expected.substr(0, 3 + 16));
}

TEST(KeysLayoutTest, BlacklistKeyIsUserPrefixTagTypeId) {
  const UserHash user = user_filled(0x11);
  EXPECT_EQ(blacklist_key("c", user, 0x01020304u, "item-9"),
            user_prefix("c", user) + "B" + std::string("\x01\x02\x03\x04", 4) + "item-9");
}

TEST(KeysLayoutTest, LoginKeyIsTargetPrefixTagSource) {
  const UserHash target = user_filled(0x11);
  const UserHash source = user_counting(0);
  EXPECT_EQ(login_key("c", target, source), user_prefix("c", target) + "L" + user_bytes(source));
}

TEST(KeysLayoutTest, CategoryPrefixIsLengthPrefixedId) {
  EXPECT_EQ(category_prefix("c", 2, "123"), bytes({1}) + "cC" + bytes({0, 0, 0, 2, 0, 3}) + "123");
}

TEST(KeysLayoutTest, CategoryKeyIsThePrefixThenThePath) {
  EXPECT_EQ(category_key("c", 2, "123", "a/b"), category_prefix("c", 2, "123") + "a/b");
  EXPECT_EQ(category_key("c", 2, "123", ""), category_prefix("c", 2, "123"));
  const std::string long_id(200, 'i');
  const std::string long_path(300, 'p');
  EXPECT_EQ(category_key("shop", 7, long_id, long_path),
            category_prefix("shop", 7, long_id) + long_path);
}

TEST(KeysLayoutTest, KeysWrittenIntoABufferReplaceWhatItHeld) {
  // The event writer builds every key in one reused buffer: a short key after a long one
  // must not keep the long one's tail.
  const UserHash user = user_counting(3);
  std::string buffer(500, 'x');
  category_key_into(buffer, "shop", 7, std::string(200, 'i'), std::string(250, 'p'));
  EXPECT_EQ(buffer, category_key("shop", 7, std::string(200, 'i'), std::string(250, 'p')));
  event_key_into(buffer, "c", user, 42, 9);
  EXPECT_EQ(buffer, event_key("c", user, 42, 9));
  category_key_into(buffer, "c", 1, "7", "a/b");
  EXPECT_EQ(buffer, category_key("c", 1, "7", "a/b"));
  event_key_into(buffer, "a-longer-customer-id", user, 0, 0);
  EXPECT_EQ(buffer, event_key("a-longer-customer-id", user, 0, 0));
}

TEST(KeysLayoutTest, CategoryPrefixOfOneIdIsNoPrefixOfAnother) {
  // "1" + path "2/x" must not be mistaken for item "12".
  const std::string one = category_prefix("c", 1, "1");
  const std::string twelve = category_prefix("c", 1, "12");
  EXPECT_FALSE(twelve.starts_with(one));
  EXPECT_FALSE(one.starts_with(twelve));
  EXPECT_FALSE((one + "2/x").starts_with(twelve));
  EXPECT_FALSE(category_prefix("c", 1, "7").starts_with(category_prefix("c", 2, "7")));
}

// ---- ordering ----

TEST(KeysOrderTest, EventKeysOfOneUserSortByTimeThenSeq) {
  const UserHash user = user_counting(3);
  // Listed in the expected order; times chosen so that a little-endian layout would fail.
  const std::vector<std::string> ordered = {
      event_key("00000", user, 0, 0),
      event_key("00000", user, 0, 1),
      event_key("00000", user, 255, 0xffffffffffffffffull),
      event_key("00000", user, 256, 0),
      event_key("00000", user, 256, 255),
      event_key("00000", user, 256, 256),
      event_key("00000", user, 1700000000000000, 5),
      event_key("00000", user, 1700000000000001, 0),
      event_key("00000", user, 0x7fffffffffffffff, 0),
  };
  for (std::size_t i = 1; i < ordered.size(); ++i) {
    EXPECT_LT(ordered[i - 1], ordered[i]) << "index " << i;
  }
}

TEST(KeysOrderTest, EventKeysOfOneUserShareItsPrefixAndNoOtherUsers) {
  const UserHash a = user_filled(0x10);
  const UserHash b = user_filled(0x11);
  const std::string key_a = event_key("c", a, 0x7fffffffffffffff, ~0ull);
  const std::string key_b = event_key("c", b, 0, 0);
  EXPECT_TRUE(key_a.starts_with(user_prefix("c", a)));
  EXPECT_FALSE(key_a.starts_with(user_prefix("c", b)));
  EXPECT_FALSE(key_b.starts_with(user_prefix("c", a)));
  // A user's newest event still sorts before the next user's oldest.
  EXPECT_LT(key_a, key_b);
  EXPECT_LT(key_a, prefix_end(user_prefix("c", a)));
  EXPECT_GE(key_b, prefix_end(user_prefix("c", a)));
}

TEST(KeysOrderTest, CustomersNeverShareAPrefix) {
  // Customer ids that are prefixes of one another, and users whose hash bytes look like
  // the longer customer's next character.
  const std::vector<std::string> customers = {"0", "00", "000", "00000", "000000", "0a", "a"};
  const std::vector<UserHash> users = {user_filled('0'), user_filled(0), user_filled(0xff),
                                       user_counting('0')};
  for (const auto& c1 : customers) {
    for (const auto& c2 : customers) {
      if (c1 == c2) continue;
      const std::string p1 = customer_prefix(c1);
      const std::string p2 = customer_prefix(c2);
      EXPECT_FALSE(p1.starts_with(p2)) << c1 << " / " << c2;
      for (const auto& user : users) {
        EXPECT_FALSE(event_key(c1, user, 0x30303030, 0x30).starts_with(p2)) << c1 << " / " << c2;
        EXPECT_FALSE(user_prefix(c1, user).starts_with(p2)) << c1 << " / " << c2;
        EXPECT_FALSE(blacklist_key(c1, user, 0x30303030, "0").starts_with(p2)) << c1 << " / " << c2;
        EXPECT_FALSE(category_prefix(c1, 0x30303030, "0").starts_with(p2)) << c1 << " / " << c2;
      }
    }
  }
}

TEST(KeysOrderTest, ACustomersKeysLieWithinItsPrefixRange) {
  const std::string end = prefix_end(customer_prefix("00"));
  for (const auto& user : {user_filled(0), user_filled(0xff)}) {
    const std::string key = event_key("00", user, 0x7fffffffffffffff, ~0ull);
    EXPECT_LT(key, end);
    EXPECT_GE(key, customer_prefix("00"));
    // The longer customer's keys fall outside "00"'s range.
    const std::string other = event_key("000", user, 0, 0);
    EXPECT_FALSE(other >= customer_prefix("00") && other < end);
  }
}

// ---- parse_event_key / rekey_user ----

TEST(KeysParseTest, ParseRoundTripsEventKey) {
  const std::string customer = "00000";
  const std::size_t cp = customer_prefix(customer).size();
  const UserHash user = user_counting(0xf0);
  for (std::int64_t t :
       {std::int64_t{0}, std::int64_t{1700000000123456}, std::int64_t{0x7fffffffffffffff}}) {
    for (std::uint64_t seq : {0ull, 42ull, ~0ull}) {
      EventKeyParts parts;
      ASSERT_TRUE(parse_event_key(event_key(customer, user, t, seq), cp, parts));
      EXPECT_EQ(parts.user, user);
      EXPECT_EQ(parts.time_us, t);
      EXPECT_EQ(parts.seq, seq);
    }
  }
}

TEST(KeysParseTest, ParseRejectsWrongLengths) {
  const std::string customer = "00000";
  const std::size_t cp = customer_prefix(customer).size();
  const std::string key = event_key(customer, user_filled(1), 5, 6);
  ASSERT_EQ(key.size(), cp + 16 + 16);
  EventKeyParts parts;
  parts.time_us = 77;
  parts.seq = 88;
  for (std::size_t len = 0; len < key.size(); ++len) {
    EXPECT_FALSE(parse_event_key(std::string_view(key).substr(0, len), cp, parts)) << len;
  }
  EXPECT_FALSE(parse_event_key(key + "x", cp, parts));
  EXPECT_FALSE(parse_event_key(key, cp + 1, parts));  // wrong customer prefix size
  EXPECT_FALSE(parse_event_key(key, cp - 1, parts));
  // A blacklist key of the same customer is no event key either.
  EXPECT_FALSE(parse_event_key(blacklist_key(customer, user_filled(1), 1, "1"), cp, parts));
  EXPECT_EQ(parts.time_us, 77);
  EXPECT_EQ(parts.seq, 88u);
}

TEST(KeysRekeyTest, RekeyReplacesOnlyTheUser) {
  const std::string customer = "000";
  const std::size_t cp = customer_prefix(customer).size();
  const UserHash source = user_filled(0x01);
  const UserHash target = user_counting(0x80);
  const std::string key = event_key(customer, source, 1234567, 89);
  const std::string moved = rekey_user(key, cp, target);
  EXPECT_EQ(moved, event_key(customer, target, 1234567, 89));
  EventKeyParts parts;
  ASSERT_TRUE(parse_event_key(moved, cp, parts));
  EXPECT_EQ(parts.user, target);
  EXPECT_EQ(parts.time_us, 1234567);
  EXPECT_EQ(parts.seq, 89u);
  EXPECT_EQ(key, event_key(customer, source, 1234567, 89));  // input untouched
}

TEST(KeysRekeyTest, RekeyWorksForUserRecords) {
  const std::size_t cp = customer_prefix("c").size();
  const UserHash source = user_filled(0x01);
  const UserHash target = user_filled(0x02);
  const UserHash other = user_filled(0x03);
  EXPECT_EQ(rekey_user(blacklist_key("c", source, 9, "abc"), cp, target),
            blacklist_key("c", target, 9, "abc"));
  EXPECT_EQ(rekey_user(login_key("c", source, other), cp, target), login_key("c", target, other));
}

TEST(KeysUserRecordTest, ParseFindsTheUserAndTagOfEveryUserRecord) {
  const UserHash user = user_counting(0x10);
  const UserHash other = user_filled(0x7f);
  const std::string long_customer(64, 'x');
  for (const std::string& customer : {std::string("c"), std::string(), long_customer}) {
    UserHash parsed{};
    char tag = 0;
    ASSERT_TRUE(parse_user_record_key(blacklist_key(customer, user, 3, "item"), parsed, tag));
    EXPECT_EQ(parsed, user);
    EXPECT_EQ(tag, kBlacklistTag);
    ASSERT_TRUE(parse_user_record_key(login_key(customer, user, other), parsed, tag));
    EXPECT_EQ(parsed, user);
    EXPECT_EQ(tag, kLoginTag);
    ASSERT_TRUE(parse_user_record_key(login_reverse_key(customer, other, user), parsed, tag));
    EXPECT_EQ(parsed, other);
    EXPECT_EQ(tag, kLoginReverseTag);
  }
}

TEST(KeysUserRecordTest, ParseRejectsKeysWithoutATag) {
  UserHash parsed{};
  char tag = 0;
  EXPECT_FALSE(parse_user_record_key("", parsed, tag));
  EXPECT_FALSE(parse_user_record_key(user_prefix("c", user_filled(1)), parsed, tag));
  // A length byte that claims more customer than the key has.
  EXPECT_FALSE(parse_user_record_key(std::string("\x40"
                                                 "abc"),
                                     parsed, tag));
}

// ---- prefix_end ----

TEST(KeysPrefixEndTest, IncrementsTheLastByte) {
  EXPECT_EQ(prefix_end("abc"), "abd");
  EXPECT_EQ(prefix_end(std::string("\x01\x00", 2)), std::string("\x01\x01", 2));
  EXPECT_EQ(prefix_end(std::string("\x01\xfe", 2)), std::string("\x01\xff", 2));
  EXPECT_EQ(prefix_end(std::string("a\x7f", 2)), std::string("a\x80", 2));
}

TEST(KeysPrefixEndTest, DropsTrailingFfBytes) {
  EXPECT_EQ(prefix_end("a\xff"), "b");
  EXPECT_EQ(prefix_end("a\xff\xff\xff"), "b");
  EXPECT_EQ(prefix_end(std::string("\x00\xff", 2)), std::string("\x01", 1));
  EXPECT_EQ(prefix_end("ab\xff" + std::string("c\xff")), "ab\xff" + std::string("d"));
}

TEST(KeysPrefixEndTest, AllFfOrEmptyHasNoBound) {
  EXPECT_EQ(prefix_end(""), "");
  EXPECT_EQ(prefix_end("\xff"), "");
  EXPECT_EQ(prefix_end("\xff\xff\xff"), "");
}

TEST(KeysPrefixEndTest, BoundsEveryKeyWithThePrefix) {
  for (const std::string& prefix : {std::string("a"), std::string("a\xff"), bytes({5}) + "00000",
                                    std::string("\x01\xfe\xff\xff", 4)}) {
    const std::string end = prefix_end(prefix);
    EXPECT_LT(prefix, end);
    EXPECT_LT(prefix + std::string(64, '\xff'), end);
    EXPECT_LT(prefix + std::string(1, '\0'), end);
    EXPECT_FALSE(end.starts_with(prefix));
  }
}

}  // namespace
}  // namespace recod::store::keys
