// The events' memtable's table of users' greatest entries (user_tails.hpp): found by
// prefix, never confused by a shared hash, and kept through growth.
#include "user_tails.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

namespace recod::store {
namespace {

// A stand-in for a memtable node: its entry begins with the user's prefix.
struct FakeNode {
  std::string prefix;
};
struct FakeSplice {};
using Tails = UserTails<FakeNode, FakeSplice>;

std::string_view prefix_of(const FakeNode* node) { return node->prefix; }

std::string prefix_for(int user) {
  std::string p(1, 4);
  p += "shop";
  p.append(16, '\0');
  p[5 + 12] = static_cast<char>(user >> 16);
  p[5 + 13] = static_cast<char>(user >> 8);
  p[5 + 15] = static_cast<char>(user);
  return p;
}

TEST(UserTailsTest, FindsWhatWasAddedAndNothingElseThroughGrowth) {
  Tails tails;
  std::deque<FakeNode> nodes;  // stable addresses
  const std::size_t initial_bytes = tails.memory_bytes();
  for (int user = 0; user < 20000; user += 2) {
    nodes.push_back({prefix_for(user)});
    const auto p = prefix_for(user);
    ASSERT_EQ(tails.find(p, user_prefix_hash(p), prefix_of), nullptr);
    tails.add(user_prefix_hash(p), &nodes.back(), nullptr);
  }
  EXPECT_GT(tails.memory_bytes(), initial_bytes);  // it grew, and says so
  for (int user = 0; user < 20000; ++user) {
    const auto p = prefix_for(user);
    const auto* tail = tails.find(p, user_prefix_hash(p), prefix_of);
    if (user % 2 == 0) {
      ASSERT_NE(tail, nullptr) << user;
      EXPECT_EQ(tail->last->prefix, p);
    } else {
      EXPECT_EQ(tail, nullptr) << user;
    }
  }
}

TEST(UserTailsTest, PrefixesThatShareAHashAreToldApartByTheNodesEntry) {
  Tails tails;
  FakeNode a{prefix_for(1)};
  FakeNode b{prefix_for(2)};
  constexpr std::uint64_t kSameHash = 0x1234;  // as if both prefixes hashed alike
  tails.add(kSameHash, &a, nullptr);
  ASSERT_EQ(tails.find(b.prefix, kSameHash, prefix_of), nullptr);
  tails.add(kSameHash, &b, nullptr);
  ASSERT_NE(tails.find(a.prefix, kSameHash, prefix_of), nullptr);
  ASSERT_NE(tails.find(b.prefix, kSameHash, prefix_of), nullptr);
  EXPECT_EQ(tails.find(a.prefix, kSameHash, prefix_of)->last, &a);
  EXPECT_EQ(tails.find(b.prefix, kSameHash, prefix_of)->last, &b);
  // The slot is the caller's to update: the user's next greatest entry.
  FakeNode a2{a.prefix};
  tails.find(a.prefix, kSameHash, prefix_of)->last = &a2;
  EXPECT_EQ(tails.find(a.prefix, kSameHash, prefix_of)->last, &a2);
}

TEST(UserTailsTest, HashesOfStructuredPrefixesDiffer) {
  // Test keys are structured; the table's hash must still spread them: users whose hashes
  // differ in one byte, and the same user hash under customers whose ids differ in length.
  EXPECT_NE(user_prefix_hash(prefix_for(1)), user_prefix_hash(prefix_for(2)));
  EXPECT_NE(user_prefix_hash(prefix_for(1 << 8)), user_prefix_hash(prefix_for(1 << 16)));
  std::string longer_customer = prefix_for(1);
  longer_customer.replace(0, 5, std::string(1, 5) + "shops");
  EXPECT_NE(user_prefix_hash(longer_customer), user_prefix_hash(prefix_for(1)));
}

}  // namespace
}  // namespace recod::store
