#include "recod/util/strings.hpp"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace recod::util {
namespace {

using Parts = std::vector<std::string_view>;

TEST(Split, SplitsOnTheSeparatorKeepingEmptyParts) {
  EXPECT_EQ(split("a,b,c", ','), (Parts{"a", "b", "c"}));
  EXPECT_EQ(split("a,,b", ','), (Parts{"a", "", "b"}));
  EXPECT_EQ(split(",a,", ','), (Parts{"", "a", ""}));
}

TEST(Split, WithoutSeparatorGivesTheWholeString) {
  EXPECT_EQ(split("abc", ','), (Parts{"abc"}));
  EXPECT_EQ(split("", ','), (Parts{""}));
}

TEST(Split, PartsViewIntoTheInput) {
  const std::string_view in = "x;y";
  const auto parts = split(in, ';');
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].data(), in.data());
  EXPECT_EQ(parts[1].data(), in.data() + 2);
}

}  // namespace
}  // namespace recod::util
