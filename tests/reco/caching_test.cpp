// Last-Modified, Expires, Cache-Control and If-Modified-Since (api-reference.md 2.2).
#include "recod/reco/caching.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>

#include "recod/util/time.hpp"

namespace recod::reco {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::int64_t kUs = 1000000;
constexpr std::int64_t kNowS = 1700000000;  // 2023-11-14T22:13:20Z
constexpr std::int64_t kNowUs = kNowS * kUs + 250000;
constexpr std::int64_t kBuiltUs = (kNowS - 600) * kUs + 999999;

// "Sun, 06 Nov 1994 08:49:37 GMT", the example date of RFC 7231.
constexpr std::int64_t kRfcExample = 784111777;

TEST(CachePolicy, UserDependentAnswerExpiresNowAndIsPrivate) {
  const auto p = cache_policy(kBuiltUs, /*user_dependent=*/true, hours(24), kNowUs);
  EXPECT_EQ(p.expires_s, kNowS);
  EXPECT_TRUE(p.private_answer);
  EXPECT_EQ(p.last_modified_s, kNowS - 600);
}

TEST(CachePolicy, SharedAnswerIsNotPrivate) {
  const auto p = cache_policy(kBuiltUs, false, minutes(10), kNowUs);
  EXPECT_FALSE(p.private_answer);
  EXPECT_EQ(p.last_modified_s, kNowS - 600);
}

TEST(CachePolicy, DailyRebuildExpiresIn24Hours) {
  EXPECT_EQ(cache_policy(kBuiltUs, false, hours(24), kNowUs).expires_s, kNowS + 86400);
}

TEST(CachePolicy, RarerRebuildStillExpiresIn24Hours) {
  EXPECT_EQ(cache_policy(kBuiltUs, false, hours(48), kNowUs).expires_s, kNowS + 86400);
  EXPECT_EQ(cache_policy(kBuiltUs, false, hours(24 * 7), kNowUs).expires_s, kNowS + 86400);
}

TEST(CachePolicy, FrequentRebuildExpiresInHalfTheInterval) {
  EXPECT_EQ(cache_policy(kBuiltUs, false, hours(2), kNowUs).expires_s, kNowS + 3600);
  EXPECT_EQ(cache_policy(kBuiltUs, false, minutes(10), kNowUs).expires_s, kNowS + 300);
  EXPECT_EQ(cache_policy(kBuiltUs, false, minutes(30), kNowUs).expires_s, kNowS + 900);
  EXPECT_EQ(cache_policy(kBuiltUs, false, hours(20), kNowUs).expires_s, kNowS + 36000);
}

TEST(CachePolicy, NeverLessThanFiveMinutes) {
  EXPECT_EQ(cache_policy(kBuiltUs, false, minutes(6), kNowUs).expires_s, kNowS + 300);
  EXPECT_EQ(cache_policy(kBuiltUs, false, minutes(2), kNowUs).expires_s, kNowS + 300);
  EXPECT_EQ(cache_policy(kBuiltUs, false, seconds(0), kNowUs).expires_s, kNowS + 300);
}

TEST(CachePolicy, LastModifiedIsTruncatedToSeconds) {
  EXPECT_EQ(cache_policy(kBuiltUs, false, hours(1), kNowUs).last_modified_s, kNowS - 600);
  EXPECT_EQ(cache_policy((kNowS - 1) * kUs, false, hours(1), kNowUs).last_modified_s, kNowS - 1);
}

TEST(CachePolicy, LastModifiedIsNeverAfterNow) {
  const std::int64_t future_us = (kNowS + 3600) * kUs;
  EXPECT_EQ(cache_policy(future_us, false, hours(1), kNowUs).last_modified_s, kNowS);
  EXPECT_EQ(cache_policy(future_us, true, hours(1), kNowUs).last_modified_s, kNowS);
}

TEST(NotModifiedSince, EqualDateIsNotModified) {
  EXPECT_TRUE(not_modified_since("Sun, 06 Nov 1994 08:49:37 GMT", kRfcExample));
}

TEST(NotModifiedSince, OlderIfModifiedSinceIsModified) {
  EXPECT_FALSE(not_modified_since("Sun, 06 Nov 1994 08:49:36 GMT", kRfcExample));
  EXPECT_FALSE(not_modified_since("Sat, 05 Nov 1994 08:49:37 GMT", kRfcExample));
}

TEST(NotModifiedSince, NewerIfModifiedSinceIsNotModified) {
  EXPECT_TRUE(not_modified_since("Sun, 06 Nov 1994 08:49:38 GMT", kRfcExample));
  EXPECT_TRUE(not_modified_since("Mon, 07 Nov 1994 08:49:37 GMT", kRfcExample));
}

TEST(NotModifiedSince, Rfc850Form) {
  EXPECT_TRUE(not_modified_since("Sunday, 06-Nov-94 08:49:37 GMT", kRfcExample));
  EXPECT_FALSE(not_modified_since("Sunday, 06-Nov-94 08:49:36 GMT", kRfcExample));
}

TEST(NotModifiedSince, AsctimeForm) {
  EXPECT_TRUE(not_modified_since("Sun Nov  6 08:49:37 1994", kRfcExample));
  EXPECT_FALSE(not_modified_since("Sun Nov  6 08:49:36 1994", kRfcExample));
}

TEST(NotModifiedSince, OwnLastModifiedRoundTrips) {
  const auto p = cache_policy(kBuiltUs, false, hours(1), kNowUs);
  EXPECT_TRUE(not_modified_since(util::http_date(p.last_modified_s), p.last_modified_s));
  EXPECT_FALSE(not_modified_since(util::http_date(p.last_modified_s - 1), p.last_modified_s));
}

TEST(NotModifiedSince, EmptyOrGarbageIsModified) {
  EXPECT_FALSE(not_modified_since("", kRfcExample));
  EXPECT_FALSE(not_modified_since("yesterday", kRfcExample));
  EXPECT_FALSE(not_modified_since("784111777", kRfcExample));
  EXPECT_FALSE(not_modified_since("Sun, 06 Nov 1994 08:49:37", kRfcExample));
  EXPECT_FALSE(not_modified_since("Sun, 06 Nov 1994 08:49:37 GMT trailing", kRfcExample));
  EXPECT_FALSE(not_modified_since("Sun, 32 Nov 1994 08:49:37 GMT", kRfcExample));
}

}  // namespace
}  // namespace recod::reco
