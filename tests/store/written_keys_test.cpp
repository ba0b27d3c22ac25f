// The fingerprints of written category keys (written_keys.hpp).
#include "written_keys.hpp"

#include <gtest/gtest.h>

#include <string>

namespace recod::store {
namespace {

constexpr util::SipKey kKey{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

TEST(WrittenKeysTest, RemembersWhatWasInsertedAndNothingElse) {
  WrittenKeys keys(kKey, 100);
  const auto a = keys.fingerprint("item a / path");
  const auto b = keys.fingerprint("item b / path");
  EXPECT_NE(a, b);
  EXPECT_EQ(a, keys.fingerprint("item a / path"));
  EXPECT_FALSE(keys.contains(a));
  keys.insert(a);
  keys.insert(a);  // twice: one entry
  EXPECT_TRUE(keys.contains(a));
  EXPECT_FALSE(keys.contains(b));
  EXPECT_EQ(keys.size(), 1u);
}

TEST(WrittenKeysTest, EveryKeyUpToTheCapacityIsFoundAgain) {
  // Enough keys that probes collide and wrap around the end of the table.
  constexpr int kKeys = 5000;
  WrittenKeys keys(kKey, kKeys);
  for (int i = 0; i < kKeys; ++i) keys.insert(keys.fingerprint("key " + std::to_string(i)));
  EXPECT_EQ(keys.size(), static_cast<std::size_t>(kKeys));
  for (int i = 0; i < kKeys; ++i) {
    ASSERT_TRUE(keys.contains(keys.fingerprint("key " + std::to_string(i)))) << i;
  }
  for (int i = kKeys; i < 2 * kKeys; ++i) {
    ASSERT_FALSE(keys.contains(keys.fingerprint("key " + std::to_string(i)))) << i;
  }
}

TEST(WrittenKeysTest, WhenFullItForgetsEverythingAndKeepsTheNewKey) {
  WrittenKeys keys(kKey, 3);
  for (const char* k : {"a", "b", "c"}) keys.insert(keys.fingerprint(k));
  EXPECT_EQ(keys.size(), 3u);
  keys.insert(keys.fingerprint("d"));
  EXPECT_EQ(keys.size(), 1u);
  EXPECT_TRUE(keys.contains(keys.fingerprint("d")));
  for (const char* k : {"a", "b", "c"}) EXPECT_FALSE(keys.contains(keys.fingerprint(k))) << k;
}

TEST(WrittenKeysTest, AnotherKeyGivesOtherFingerprints) {
  constexpr util::SipKey kOther{16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  EXPECT_NE(WrittenKeys(kKey, 1).fingerprint("same"), WrittenKeys(kOther, 1).fingerprint("same"));
}

}  // namespace
}  // namespace recod::store
