// Recommendation tokens (token.hpp): UUID format, uniqueness, and verification.
#include "recod/reco/token.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace recod::reco {
namespace {

constexpr std::int64_t kNowUs = 1700000000LL * 1000000 + 123456;

util::SipKey key_of(std::uint8_t seed) {
  util::SipKey key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(seed + i * 7);
  return key;
}

// 8-4-4-4-12 lower-case hex digits. (No std::regex: g++ 12 warns inside it under -O1.)
bool is_lower_case_uuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    const char c = s[i];
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

TEST(Token, IssueWritesALowerCaseUuid) {
  TokenIssuer issuer(key_of(1));
  for (int i = 0; i < 100; ++i) {
    const auto token = issuer.issue("c1", "also_clicked", kNowUs);
    EXPECT_EQ(token.size(), 36U);
    EXPECT_TRUE(is_lower_case_uuid(token)) << token;
  }
}

TEST(Token, TenThousandTokensAreDistinct) {
  TokenIssuer issuer(key_of(2));
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) seen.insert(issuer.issue("c1", "also_clicked", kNowUs));
  EXPECT_EQ(seen.size(), 10000U);
}

TEST(Token, ConcurrentIssuesAreDistinct) {
  TokenIssuer issuer(key_of(3));
  std::vector<std::string> a;
  std::vector<std::string> b;
  std::thread ta([&] {
    for (int i = 0; i < 2000; ++i) a.push_back(issuer.issue("c1", "s", kNowUs));
  });
  std::thread tb([&] {
    for (int i = 0; i < 2000; ++i) b.push_back(issuer.issue("c1", "s", kNowUs));
  });
  ta.join();
  tb.join();
  std::set<std::string> seen(a.begin(), a.end());
  seen.insert(b.begin(), b.end());
  EXPECT_EQ(seen.size(), 4000U);
}

TEST(Token, VerifyReturnsTimeAndScenarioHash) {
  TokenIssuer issuer(key_of(4));
  const auto token = issuer.issue("c1", "also_clicked", kNowUs);
  const auto info = issuer.verify("c1", token);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->issued_at_s, 1700000000);
  EXPECT_EQ(info->scenario_hash, TokenIssuer::scenario_hash("also_clicked"));
  EXPECT_NE(info->scenario_hash, TokenIssuer::scenario_hash("bestseller"));
}

TEST(Token, AnotherIssuerWithTheSameKeyVerifies) {
  TokenIssuer issuer(key_of(5));
  const TokenIssuer other(key_of(5));
  const auto token = issuer.issue("c1", "bestseller", kNowUs);
  const auto info = other.verify("c1", token);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->scenario_hash, TokenIssuer::scenario_hash("bestseller"));
}

TEST(Token, UpperCaseIsAccepted) {
  TokenIssuer issuer(key_of(6));
  auto token = issuer.issue("c1", "also_clicked", kNowUs);
  for (char& c : token) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto info = issuer.verify("c1", token);
  ASSERT_TRUE(info.has_value()) << token;
  EXPECT_EQ(info->issued_at_s, 1700000000);
  EXPECT_EQ(info->scenario_hash, TokenIssuer::scenario_hash("also_clicked"));
}

TEST(Token, WrongCustomerIsRejected) {
  TokenIssuer issuer(key_of(7));
  const auto token = issuer.issue("c1", "also_clicked", kNowUs);
  EXPECT_FALSE(issuer.verify("c2", token).has_value());
  EXPECT_FALSE(issuer.verify("", token).has_value());
  EXPECT_FALSE(issuer.verify("c1 ", token).has_value());
}

TEST(Token, DifferentKeyIsRejected) {
  TokenIssuer issuer(key_of(8));
  const TokenIssuer other(key_of(9));
  const auto token = issuer.issue("c1", "also_clicked", kNowUs);
  EXPECT_FALSE(other.verify("c1", token).has_value());
}

TEST(Token, AnyFlippedBitIsRejected) {
  TokenIssuer issuer(key_of(10));
  const auto token = issuer.issue("c1", "also_clicked", kNowUs);
  ASSERT_TRUE(issuer.verify("c1", token).has_value());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '-') continue;
    for (int bit = 0; bit < 4; ++bit) {
      std::string flipped = token;
      const int v =
          std::isdigit(static_cast<unsigned char>(token[i])) ? token[i] - '0' : token[i] - 'a' + 10;
      const int f = v ^ (1 << bit);
      flipped[i] = static_cast<char>(f < 10 ? '0' + f : 'a' + f - 10);
      EXPECT_FALSE(issuer.verify("c1", flipped).has_value()) << "char " << i << " bit " << bit;
    }
  }
}

TEST(Token, TruncatedOrExtendedIsRejected) {
  TokenIssuer issuer(key_of(11));
  const auto token = issuer.issue("c1", "also_clicked", kNowUs);
  EXPECT_FALSE(issuer.verify("c1", token.substr(0, 35)).has_value());
  EXPECT_FALSE(issuer.verify("c1", token.substr(0, 34)).has_value());
  EXPECT_FALSE(issuer.verify("c1", token.substr(0, 8)).has_value());
  EXPECT_FALSE(issuer.verify("c1", token + "0").has_value());
  EXPECT_FALSE(issuer.verify("c1", token + "00").has_value());
}

TEST(Token, GarbageIsRejected) {
  const TokenIssuer issuer(key_of(12));
  for (const std::string& garbage : std::vector<std::string>{
           "", "-", "hello", "00000000-0000-0000-0000-000000000000",
           "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", "5f0c1e2a-0b3c-4d5e-8f60-718293a4b5c6",
           std::string(36, 'g'), std::string(1000, 'a')}) {
    EXPECT_FALSE(issuer.verify("c1", garbage).has_value()) << garbage;
  }
}

TEST(Token, ScenarioHashIsFnv1a) {
  EXPECT_EQ(TokenIssuer::scenario_hash(""), 2166136261U);
  EXPECT_EQ(TokenIssuer::scenario_hash("a"), 0xe40c292cU);
  EXPECT_NE(TokenIssuer::scenario_hash("also_clicked"), TokenIssuer::scenario_hash("also_bought"));
}

}  // namespace
}  // namespace recod::reco
