#include "recod/util/query.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace recod::util {
namespace {

std::vector<std::pair<std::string, std::string>> pairs(const QueryParams& q) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const QueryParam& p : q.all()) out.emplace_back(p.name, p.value);
  return out;
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(ParseQueryTest, Empty) {
  const auto r = parse_query("");
  ASSERT_TRUE(r.is_ok());
  EXPECT_TRUE(r->all().empty());
}

TEST(ParseQueryTest, KeepsOrderAndDecodes) {
  const auto r = parse_query("b=2&a=1&c=x%3Ay+z&d=%E2%82%AC");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(pairs(*r), (Pairs{{"b", "2"}, {"a", "1"}, {"c", "x:y z"}, {"d", "\xe2\x82\xac"}}));
}

TEST(ParseQueryTest, DecodesNamesToo) {
  const auto r = parse_query("full+price=1&a%5Bb%5D=2");
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(pairs(*r), (Pairs{{"full price", "1"}, {"a[b]", "2"}}));
}

TEST(ParseQueryTest, SplitsOnFirstEqualsOnly) {
  const auto r = parse_query("a=b=c&d==");
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(pairs(*r), (Pairs{{"a", "b=c"}, {"d", "="}}));
}

TEST(ParseQueryTest, SemicolonIsNotASeparator) {
  const auto r = parse_query("a=1;b=2");
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(pairs(*r), (Pairs{{"a", "1;b=2"}}));
}

TEST(ParseQueryTest, SkipsEmptyPairs) {
  const auto r = parse_query("&a=1&&b=2&");
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(pairs(*r), (Pairs{{"a", "1"}, {"b", "2"}}));
  const auto only_amps = parse_query("&&&");
  ASSERT_TRUE(only_amps.is_ok());
  EXPECT_TRUE(only_amps->all().empty());
}

TEST(ParseQueryTest, PairWithoutEqualsHasEmptyValue) {
  const auto r = parse_query("a&b=1&c");
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(pairs(*r), (Pairs{{"a", ""}, {"b", "1"}, {"c", ""}}));
  EXPECT_EQ(r->get("a"), nullptr);
}

TEST(ParseQueryTest, KeepsEmptyName) {
  const auto r = parse_query("=x&=");
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(pairs(*r), (Pairs{{"", "x"}, {"", ""}}));
  ASSERT_NE(r->get(""), nullptr);
  EXPECT_EQ(*r->get(""), "x");
}

TEST(ParseQueryTest, KeepsAbsentValuesButGetSkipsThem) {
  const auto r = parse_query("lang=undefined&categorypath=&x=null&y=Null&z=0");
  ASSERT_TRUE(r.is_ok());
  // Every pair is kept as sent, for the signature.
  EXPECT_EQ(
      pairs(*r),
      (Pairs{
          {"lang", "undefined"}, {"categorypath", ""}, {"x", "null"}, {"y", "Null"}, {"z", "0"}}));
  EXPECT_EQ(r->get("lang"), nullptr);
  EXPECT_EQ(r->get("categorypath"), nullptr);
  EXPECT_EQ(r->get("x"), nullptr);
  ASSERT_NE(r->get("y"), nullptr);  // only the exact lower-case spellings are absent
  EXPECT_EQ(*r->get("y"), "Null");
  ASSERT_NE(r->get("z"), nullptr);
  EXPECT_EQ(*r->get("z"), "0");
  EXPECT_EQ(r->get("missing"), nullptr);
}

TEST(ParseQueryTest, AbsentValuesAfterDecoding) {
  // "%6Eull" decodes to "null", and a lone "+" to " " which is present.
  const auto r = parse_query("a=%6Eull&b=+");
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->get("a"), nullptr);
  ASSERT_NE(r->get("b"), nullptr);
  EXPECT_EQ(*r->get("b"), " ");
}

TEST(ParseQueryTest, RepeatedParams) {
  const auto r = parse_query("item=1&lang=&item=2&lang=de&item=undefined&item=3&lang=en");
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->get_all("item"), (std::vector<std::string_view>{"1", "2", "3"}));
  ASSERT_NE(r->get("item"), nullptr);
  EXPECT_EQ(*r->get("item"), "1");
  // get() returns the first present value, skipping an earlier absent one.
  ASSERT_NE(r->get("lang"), nullptr);
  EXPECT_EQ(*r->get("lang"), "de");
  EXPECT_TRUE(r->get_all("nope").empty());
}

TEST(ParseQueryTest, NamesAreCaseSensitive) {
  const auto r = parse_query("Lang=de");
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->get("lang"), nullptr);
  ASSERT_NE(r->get("Lang"), nullptr);
}

TEST(ParseQueryTest, MalformedValueNamesTheParameter) {
  const auto r = parse_query("a=1&price=100%&b=2");
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "malformed percent-escape in parameter 'price'");
}

TEST(ParseQueryTest, MalformedValueNamesTheDecodedName) {
  const auto r = parse_query("full+price=%G1");
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().message(), "malformed percent-escape in parameter 'full price'");
}

TEST(ParseQueryTest, MalformedNameUsesTheRawName) {
  const auto r = parse_query("ok=1&bad%zzname=1");
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "malformed percent-escape in parameter 'bad%zzname'");
  const auto no_eq = parse_query("x%4");
  ASSERT_FALSE(no_eq.is_ok());
  EXPECT_EQ(no_eq.status().message(), "malformed percent-escape in parameter 'x%4'");
}

TEST(ParseQueryIntoTest, AppendsAfterExisting) {
  QueryParams q;
  ASSERT_TRUE(parse_query_into("a=1&b=2", q).is_ok());
  ASSERT_TRUE(parse_query_into("a=3&c=4", q).is_ok());
  EXPECT_EQ(pairs(q), (Pairs{{"a", "1"}, {"b", "2"}, {"a", "3"}, {"c", "4"}}));
  EXPECT_EQ(q.get_all("a"), (std::vector<std::string_view>{"1", "3"}));
}

TEST(ParseQueryIntoTest, LeavesTargetUnchangedOnError) {
  QueryParams q;
  q.append({"x", "1"});
  const Status s = parse_query_into("a=1&b=%", q);
  EXPECT_FALSE(s.is_ok());
  EXPECT_EQ(s.message(), "malformed percent-escape in parameter 'b'");
  EXPECT_EQ(pairs(q), (Pairs{{"x", "1"}}));

  // A bad name after two good pairs: both are taken back.
  EXPECT_FALSE(parse_query_into("a=1&b=2&%zz=3", q).is_ok());
  EXPECT_EQ(pairs(q), (Pairs{{"x", "1"}}));
  ASSERT_TRUE(parse_query_into("c=3", q).is_ok());
  EXPECT_EQ(pairs(q), (Pairs{{"x", "1"}, {"c", "3"}}));
}

TEST(QueryParamsTest, IsAbsentValue) {
  EXPECT_TRUE(QueryParams::is_absent_value(""));
  EXPECT_TRUE(QueryParams::is_absent_value("null"));
  EXPECT_TRUE(QueryParams::is_absent_value("undefined"));
  EXPECT_FALSE(QueryParams::is_absent_value(" "));
  EXPECT_FALSE(QueryParams::is_absent_value("0"));
  EXPECT_FALSE(QueryParams::is_absent_value("NULL"));
  EXPECT_FALSE(QueryParams::is_absent_value("nullx"));
}

}  // namespace
}  // namespace recod::util
