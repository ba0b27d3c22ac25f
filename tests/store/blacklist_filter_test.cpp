#include "blacklist_filter.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace recod::store {
namespace {

using tracking::UserHash;

std::vector<UserHash> random_users(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<UserHash> out(n);
  for (auto& user : out)
    for (auto& byte : user) byte = static_cast<std::uint8_t>(rng());
  return out;
}

TEST(BlacklistFilterTest, SaysMaybeForEveryoneUntilEnabled) {
  BlacklistFilter filter;
  for (const auto& user : random_users(100, 1)) EXPECT_TRUE(filter.may_have(user));
}

TEST(BlacklistFilterTest, AnAddedUserIsAlwaysMaybe) {
  BlacklistFilter filter;
  const auto users = random_users(10'000, 2);
  for (const auto& user : users) filter.add(user);
  filter.enable();
  for (const auto& user : users) EXPECT_TRUE(filter.may_have(user));
}

TEST(BlacklistFilterTest, UsersNeverAddedAreAlmostAlwaysNo) {
  BlacklistFilter filter;
  filter.enable();
  const auto others = random_users(100'000, 4);
  for (const auto& user : others) EXPECT_FALSE(filter.may_have(user));

  // With 100,000 users added, 3 of 2^24 bits each, about 6 in a million others are "maybe".
  for (const auto& user : random_users(100'000, 3)) filter.add(user);
  std::size_t maybe = 0;
  for (const auto& user : others) maybe += filter.may_have(user) ? 1 : 0;
  EXPECT_LT(maybe, 10u);
}

TEST(BlacklistFilterTest, UsersDifferingInEitherHalfAreTold) {
  // Both halves of the pseudonym choose the bits, not just the first.
  BlacklistFilter filter;
  filter.enable();
  UserHash added{};
  filter.add(added);
  UserHash first_half_differs{};
  first_half_differs[0] = 1;
  UserHash second_half_differs{};
  second_half_differs[8] = 2;
  EXPECT_TRUE(filter.may_have(added));
  EXPECT_FALSE(filter.may_have(first_half_differs));
  EXPECT_FALSE(filter.may_have(second_half_differs));
}

}  // namespace
}  // namespace recod::store
