// HTTP Basic authentication (basic_auth.hpp): customer id and license key.
#include "recod/http/basic_auth.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace recod::http {
namespace {

// Request headers from a list; names match case-insensitively.
class Headers final : public HeaderSource {
 public:
  explicit Headers(std::vector<std::pair<std::string, std::string>> headers)
      : headers_(std::move(headers)) {}

  [[nodiscard]] std::string_view get(std::string_view name) const override {
    for (const auto& [n, v] : headers_) {
      if (std::equal(n.begin(), n.end(), name.begin(), name.end(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          })) {
        return v;
      }
    }
    return {};
  }

 private:
  std::vector<std::pair<std::string, std::string>> headers_;
};

std::string base64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kAlphabet[(v >> shift) & 63]);
  }
  if (in.size() - i == 1) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out += "==";
  } else if (in.size() - i == 2) {
    const unsigned v =
        (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out += "=";
  }
  return out;
}

// has_basic_auth() for a GET whose only header is `Authorization: authorization` (none if
// empty), against customer "00000" with license key "s3cret:key".
bool authorized(const std::string& authorization, std::string_view user = "00000",
                std::string_view password = "s3cret:key") {
  std::vector<std::pair<std::string, std::string>> list;
  if (!authorization.empty()) list.emplace_back("Authorization", authorization);
  const Headers headers(std::move(list));
  const std::vector<std::string_view> segments{"api", "00000", "model"};
  const Request request(Method::kGet, "GET", "/api/00000/model", segments, "", headers, true);
  return has_basic_auth(request, user, password);
}

TEST(Base64Helper, KnownVectors) {
  EXPECT_EQ(base64("Aladdin:open sesame"), "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  EXPECT_EQ(base64("ab"), "YWI=");
  EXPECT_EQ(base64("abc"), "YWJj");
}

TEST(BasicAuth, CorrectCredentialsAreAccepted) {
  EXPECT_TRUE(authorized("Basic " + base64("00000:s3cret:key")));
}

TEST(BasicAuth, Rfc7617Example) {
  EXPECT_TRUE(authorized("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "Aladdin", "open sesame"));
}

TEST(BasicAuth, PaddingMayBeLeftOut) {
  EXPECT_TRUE(authorized("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ", "Aladdin", "open sesame"));
}

TEST(BasicAuth, WrongUserIsRejected) {
  EXPECT_FALSE(authorized("Basic " + base64("00001:s3cret:key")));
  EXPECT_FALSE(authorized("Basic " + base64("0000:s3cret:key")));
  EXPECT_FALSE(authorized("Basic " + base64(":s3cret:key")));
}

TEST(BasicAuth, WrongPasswordIsRejected) {
  EXPECT_FALSE(authorized("Basic " + base64("00000:s3cret:kez")));
  EXPECT_FALSE(authorized("Basic " + base64("00000:s3cret")));  // a prefix
  EXPECT_FALSE(authorized("Basic " + base64("00000:s3cret:key ")));
  EXPECT_FALSE(authorized("Basic " + base64("00000:")));
}

TEST(BasicAuth, SchemeIsCaseInsensitive) {
  EXPECT_TRUE(authorized("basic " + base64("00000:s3cret:key")));
  EXPECT_TRUE(authorized("BASIC " + base64("00000:s3cret:key")));
}

TEST(BasicAuth, OtherSchemesAreRejected) {
  EXPECT_FALSE(authorized("Bearer " + base64("00000:s3cret:key")));
  EXPECT_FALSE(authorized("Basic" + base64("00000:s3cret:key")));
  EXPECT_FALSE(authorized(base64("00000:s3cret:key")));
}

TEST(BasicAuth, MissingHeaderIsRejected) {
  EXPECT_FALSE(authorized(""));
  EXPECT_FALSE(authorized("Basic "));
  EXPECT_FALSE(authorized("Basic"));
}

TEST(BasicAuth, MalformedBase64IsRejected) {
  EXPECT_FALSE(authorized("Basic !!!!"));
  EXPECT_FALSE(authorized("Basic " + base64("00000:s3cret:key") + "!"));
  EXPECT_FALSE(authorized("Basic MDAw=MDA6"));
  EXPECT_FALSE(authorized("Basic " + base64("00000:s3cret:key") + "\r\n"));
}

TEST(BasicAuth, CredentialsWithoutColonAreRejected) {
  EXPECT_FALSE(authorized("Basic " + base64("00000")));
  EXPECT_FALSE(authorized("Basic " + base64("00000s3cretkey")));
}

TEST(BasicAuth, EmptyPasswordNeverMatches) {
  EXPECT_FALSE(authorized("Basic " + base64("00000:"), "00000", ""));
  EXPECT_FALSE(authorized("Basic " + base64("00000"), "00000", ""));
  EXPECT_FALSE(authorized("", "00000", ""));
}

TEST(BasicAuth, OverlongHeaderIsRejected) {
  const std::string password(2000, 'p');
  EXPECT_FALSE(authorized("Basic " + base64("00000:" + password), "00000", password));
}

TEST(BasicAuth, HeaderNameIsCaseInsensitive) {
  const Headers headers({{"authorization", "Basic " + base64("00000:s3cret:key")}});
  const std::vector<std::string_view> segments{"api"};
  const Request request(Method::kPost, "POST", "/api", segments, "", headers, false);
  EXPECT_TRUE(has_basic_auth(request, "00000", "s3cret:key"));
}

TEST(ConstantTimeEqual, Basics) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "xbc"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
  EXPECT_FALSE(constant_time_equal("ab", "abc"));
  EXPECT_FALSE(constant_time_equal("", "a"));
  EXPECT_TRUE(constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0b", 3)));
  EXPECT_FALSE(constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
  EXPECT_FALSE(constant_time_equal("\xff", "\x7f"));
}

TEST(Unauthorized, Is401WithABasicChallenge) {
  const Response r = unauthorized();
  EXPECT_EQ(r.status, 401U);
  std::string challenge;
  for (const auto& [name, value] : r.headers) {
    if (name == "WWW-Authenticate") challenge = value;
  }
  EXPECT_TRUE(challenge.starts_with("Basic realm=\"recod\"")) << challenge;
  EXPECT_FALSE(r.body.empty());
}

struct Customer {
  std::string id;
  std::string license_key;
};

// Keeps what a route answered.
class RecordingSink final : public ResponseSink {
 public:
  void deliver(Response&& response) override { answer = std::move(response); }
  std::optional<Response> answer;
};

// authorized_customer() on GET /api/{segment}/model with the given Authorization header,
// against customers "00000" and "a b" (both with license key "k"): the customer found, or
// the status answered.
struct Outcome {
  const Customer* customer;
  unsigned status;  // 0 = nothing answered
};
Outcome authorize(std::string_view segment, const std::string& authorization) {
  static const std::vector<Customer> kCustomers{{"00000", "k"}, {"a b", "k"}};
  std::vector<std::pair<std::string, std::string>> list;
  if (!authorization.empty()) list.emplace_back("Authorization", authorization);
  const Headers headers(std::move(list));
  const std::vector<std::string_view> segments{"api", segment, "model"};
  const Request request(Method::kGet, "GET", "/api/x/model", segments, "", headers, true);
  auto sink = std::make_shared<RecordingSink>();
  const Customer* found = nullptr;
  {
    Responder out(sink);
    found = authorized_customer(
        request, segment,
        [](std::string_view id) -> const Customer* {
          for (const auto& c : kCustomers) {
            if (c.id == id) return &c;
          }
          return nullptr;
        },
        out);
    if (found != nullptr) out.send(Response::text(200, "ok"));  // the route's own answer
  }
  return {found, sink->answer ? sink->answer->status : 0};
}

TEST(AuthorizedCustomer, FindsTheCustomerOfTheSegmentWithItsCredentials) {
  const Outcome ok = authorize("00000", "Basic " + base64("00000:k"));
  ASSERT_NE(ok.customer, nullptr);
  EXPECT_EQ(ok.customer->id, "00000");
  EXPECT_EQ(ok.status, 200U);  // nothing answered before the route did
  const Outcome encoded = authorize("a%20b", "Basic " + base64("a b:k"));
  ASSERT_NE(encoded.customer, nullptr);
  EXPECT_EQ(encoded.customer->id, "a b");
}

TEST(AuthorizedCustomer, UnknownCustomerIs404AndWrongCredentials401) {
  EXPECT_EQ(authorize("99999", "Basic " + base64("99999:k")).status, 404U);
  EXPECT_EQ(authorize("%zz", "").status, 404U);  // not even a valid encoding
  EXPECT_EQ(authorize("00000", "").status, 401U);
  EXPECT_EQ(authorize("00000", "Basic " + base64("00000:wrong")).status, 401U);
  // Another customer's credentials do not open this one.
  EXPECT_EQ(authorize("00000", "Basic " + base64("a b:k")).status, 401U);
  EXPECT_EQ(authorize("00000", "").customer, nullptr);
}

}  // namespace
}  // namespace recod::http
