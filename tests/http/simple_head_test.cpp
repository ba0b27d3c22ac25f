#include "simple_head.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include <boost/beast/http/verb.hpp>

namespace recod::http::detail {
namespace {

namespace bhttp = boost::beast::http;

constexpr std::size_t kLimit = 8192;

constexpr std::string_view kBrowserClick =
    "GET /api/shop/click/u1/1/42?categorypath=a%2Fb HTTP/1.1\r\n"
    "Host: example.com\r\n"
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\n"
    "Accept: image/avif,image/webp,*/*;q=0.8\r\n"
    "Cookie: a=1; b=2\r\n"
    "\r\n";

TEST(SimpleHeadTest, ReadsAPlainGetWithItsFields) {
  ParsedRequest request;
  const auto head = read_simple_head(kBrowserClick, kLimit, request);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->size, kBrowserClick.size());
  EXPECT_TRUE(head->keep_alive);
  EXPECT_EQ(request.method(), bhttp::verb::get);
  EXPECT_EQ(request.method_string(), "GET");
  EXPECT_EQ(request.target(), "/api/shop/click/u1/1/42?categorypath=a%2Fb");
  EXPECT_EQ(request.version(), 11);
  EXPECT_EQ(request.field_count(), 4U);
  EXPECT_EQ(request.field("host"), "example.com");
  EXPECT_EQ(request.field("User-Agent"), "Mozilla/5.0 (X11; Linux x86_64)");
  EXPECT_EQ(request.field("ACCEPT"), "image/avif,image/webp,*/*;q=0.8");
  EXPECT_EQ(request.field("Cookie"), "a=1; b=2");
  EXPECT_TRUE(request.body().empty());
}

TEST(SimpleHeadTest, ReadsAHeadRequestWithoutFields) {
  ParsedRequest request;
  const auto head = read_simple_head("HEAD / HTTP/1.1\r\n\r\n", kLimit, request);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->size, 19U);
  EXPECT_EQ(request.method(), bhttp::verb::head);
  EXPECT_EQ(request.method_string(), "HEAD");
  EXPECT_EQ(request.target(), "/");
  EXPECT_EQ(request.field_count(), 0U);
}

TEST(SimpleHeadTest, TakesOnlyTheFirstHeadOfAPipeline) {
  ParsedRequest request;
  const std::string two = "GET /a HTTP/1.1\r\nX: 1\r\n\r\nGET /b HTTP/1.1\r\n\r\n";
  const auto head = read_simple_head(two, kLimit, request);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->size, two.find("GET /b"));
  EXPECT_EQ(request.target(), "/a");
  EXPECT_EQ(request.field("x"), "1");
}

// What Beast's parser says of keep-alive: HTTP/1.1 unless "close", HTTP/1.0 only with
// "keep-alive", Proxy-Connection counting as Connection.
TEST(SimpleHeadTest, KeepAliveFollowsTheVersionAndTheConnectionField) {
  const auto keep_alive = [](const std::string& version, const std::string& fields) {
    ParsedRequest request;
    const auto head =
        read_simple_head("GET /x HTTP/" + version + "\r\n" + fields + "\r\n", kLimit, request);
    EXPECT_TRUE(head) << version << " " << fields;
    return head && head->keep_alive;
  };
  EXPECT_TRUE(keep_alive("1.1", ""));
  EXPECT_FALSE(keep_alive("1.1", "Connection: close\r\n"));
  EXPECT_FALSE(keep_alive("1.1", "connection:CLOSE \r\n"));
  EXPECT_FALSE(keep_alive("1.1", "Proxy-Connection: close\r\n"));
  EXPECT_TRUE(keep_alive("1.1", "Connection: keep-alive\r\n"));
  EXPECT_FALSE(keep_alive("1.0", ""));
  EXPECT_TRUE(keep_alive("1.0", "Connection: Keep-Alive\r\n"));
  EXPECT_FALSE(keep_alive("1.0", "Connection: close\r\n"));
}

TEST(SimpleHeadTest, ValuesLoseTheirSurroundingBlanksAndMayBeEmpty) {
  ParsedRequest request;
  const auto head = read_simple_head(
      "GET /x HTTP/1.1\r\nA: \t one two \t\r\nB:\r\nC:   \r\nD: caf\xc3\xa9\r\n\r\n", kLimit,
      request);
  ASSERT_TRUE(head);
  EXPECT_EQ(request.field("a"), "one two");
  EXPECT_EQ(request.field("b"), "");
  EXPECT_EQ(request.field("c"), "");
  EXPECT_EQ(request.field("d"), "caf\xc3\xa9");  // obs-text, as Beast keeps it
  EXPECT_EQ(request.field_count(), 4U);
}

TEST(SimpleHeadTest, ARepeatedFieldAnswersWithItsFirstValue) {
  ParsedRequest request;
  ASSERT_TRUE(read_simple_head("GET /x HTTP/1.1\r\nA: 1\r\na: 2\r\n\r\n", kLimit, request));
  EXPECT_EQ(request.field("A"), "1");
  EXPECT_EQ(request.field_count(), 2U);
}

TEST(SimpleHeadTest, TheNextRequestStartsEmpty) {
  ParsedRequest request;
  ASSERT_TRUE(read_simple_head(kBrowserClick, kLimit, request));
  ASSERT_TRUE(read_simple_head("GET /next HTTP/1.0\r\nHost: b\r\n\r\n", kLimit, request));
  EXPECT_EQ(request.target(), "/next");
  EXPECT_EQ(request.version(), 10);
  EXPECT_EQ(request.field_count(), 1U);
  EXPECT_EQ(request.field("Cookie"), "");
  EXPECT_EQ(request.field("Host"), "b");
}

// Targets and values are checked eight bytes at a time: a byte out of place is found
// wherever it stands, and a byte in place (an HTAB in a value, obs-text) passes anywhere.
TEST(SimpleHeadTest, EveryByteOfALongTargetAndValueIsChecked) {
  const auto read = [](const std::string& target, const std::string& value) {
    ParsedRequest request;
    const bool ok =
        read_simple_head("GET " + target + " HTTP/1.1\r\nA: " + value + "\r\n\r\n", kLimit, request)
            .has_value();
    EXPECT_TRUE(!ok || (request.target() == target && request.field("a") == value));
    return ok;
  };
  const std::string target(37, 't');
  const std::string value(37, 'v');
  for (std::size_t at = 1; at + 1 < value.size(); ++at) {
    for (const char bad : {'\x00', '\x01', '\x1f', '\x7f', '\n'}) {
      std::string v = value;
      v[at] = bad;
      EXPECT_FALSE(read(target, v)) << at << " " << int{bad};
      std::string t = target;
      t[at] = bad;
      EXPECT_FALSE(read(t, value)) << at << " " << int{bad};
    }
    std::string t = target;
    t[at] = '\t';
    EXPECT_FALSE(read(t, value)) << at;
    for (const char good : {'\t', ' ', '~', '\x80', '\xff'}) {
      std::string v = value;
      v[at] = good;
      EXPECT_TRUE(read(target, v)) << at << " " << int{good};
    }
    for (const char good : {'!', '~', '\x80', '\xff'}) {
      t = target;
      t[at] = good;
      EXPECT_TRUE(read(t, value)) << at << " " << int{good};
    }
  }
}

// The header limit applies as Beast's parser applies it to a head given whole: to the
// request line, and to the fields.
TEST(SimpleHeadTest, TheRequestLineAndTheFieldsEachFitTheLimit) {
  const std::string fields = "A: " + std::string(100, 'a') + "\r\n\r\n";
  const std::string short_line = "GET /x HTTP/1.1\r\n";
  const std::string long_line = "GET /" + std::string(200, 'x') + " HTTP/1.1\r\n";
  ParsedRequest request;
  EXPECT_TRUE(read_simple_head(short_line + fields, fields.size(), request));
  EXPECT_FALSE(read_simple_head(short_line + fields, fields.size() - 1, request));
  EXPECT_TRUE(read_simple_head(long_line + fields, long_line.size(), request));
  EXPECT_FALSE(read_simple_head(long_line + fields, long_line.size() - 1, request));
  EXPECT_FALSE(read_simple_head(long_line + fields, 10, request));
}

TEST(SimpleHeadTest, EveryPrefixOfAHeadIsDeclined) {
  ParsedRequest request;
  for (std::size_t n = 0; n < kBrowserClick.size(); ++n) {
    EXPECT_FALSE(read_simple_head(kBrowserClick.substr(0, n), kLimit, request)) << n;
  }
  EXPECT_TRUE(read_simple_head(kBrowserClick, kLimit, request));
}

// Heads the fast path leaves to Beast's parser: it reads them or rejects them as before.
struct Declined {
  const char* name;
  std::string head;
};

class SimpleHeadDeclinesTest : public testing::TestWithParam<Declined> {};

TEST_P(SimpleHeadDeclinesTest, LeavesItToBeast) {
  ParsedRequest request;
  EXPECT_FALSE(read_simple_head(GetParam().head, kLimit, request)) << GetParam().head;
}

INSTANTIATE_TEST_SUITE_P(
    Heads, SimpleHeadDeclinesTest,
    testing::Values(
        Declined{"Post", "POST /x HTTP/1.1\r\nContent-Length: 1\r\n\r\nx"},
        Declined{"LowerCaseMethod", "get /x HTTP/1.1\r\n\r\n"},
        Declined{"Options", "OPTIONS /x HTTP/1.1\r\n\r\n"},
        Declined{"ContentLength", "GET /x HTTP/1.1\r\nContent-Length: 0\r\n\r\n"},
        Declined{"TransferEncoding", "GET /x HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n"},
        Declined{"Upgrade", "GET /x HTTP/1.1\r\nUpgrade: websocket\r\n\r\n"},
        Declined{"ConnectionList", "GET /x HTTP/1.1\r\nConnection: keep-alive, Upgrade\r\n\r\n"},
        Declined{"ConnectionEmpty", "GET /x HTTP/1.1\r\nConnection:\r\n\r\n"},
        Declined{"ObsFold", "GET /x HTTP/1.1\r\nA: 1\r\n 2\r\n\r\n"},
        Declined{"ObsFoldTab", "GET /x HTTP/1.1\r\nA: 1\r\n\t2\r\n\r\n"},
        Declined{"BareLineFeeds", "GET /x HTTP/1.1\nA: 1\n\n"},
        Declined{"BareLineFeedInValue", "GET /x HTTP/1.1\r\nA: 1\n2\r\n\r\n"},
        Declined{"BareCarriageReturn", "GET /x HTTP/1.1\r\nA: 1\r2\r\n\r\n"},
        Declined{"ControlByteInValue", std::string("GET /x HTTP/1.1\r\nA: 1\x01\r\n\r\n")},
        Declined{"DeleteInValue", "GET /x HTTP/1.1\r\nA: 1\x7f\r\n\r\n"},
        Declined{"NulInValue", std::string("GET /x HTTP/1.1\r\nA: \0\r\n\r\n", 25)},
        Declined{"DeleteInTarget", "GET /\x7f HTTP/1.1\r\n\r\n"},
        Declined{"TabInTarget", "GET /a\tb HTTP/1.1\r\n\r\n"},
        Declined{"EmptyTarget", "GET  HTTP/1.1\r\n\r\n"},
        Declined{"Http2", "GET /x HTTP/2.0\r\n\r\n"}, Declined{"Http12", "GET /x HTTP/1.2\r\n\r\n"},
        Declined{"Http09", "GET /x\r\n\r\n"},
        Declined{"SpaceBeforeColon", "GET /x HTTP/1.1\r\nA : 1\r\n\r\n"},
        Declined{"EmptyName", "GET /x HTTP/1.1\r\n: 1\r\n\r\n"},
        Declined{"SeparatorInName", "GET /x HTTP/1.1\r\nA(b): 1\r\n\r\n"},
        Declined{"NoColon", "GET /x HTTP/1.1\r\nA\r\n\r\n"},
        Declined{"LeadingBlankLine", "\r\nGET /x HTTP/1.1\r\n\r\n"},
        Declined{"BlankLineWithoutLineFeed", "GET /x HTTP/1.1\r\nA: 1\r\n\rX"}),
    [](const testing::TestParamInfo<Declined>& param) { return std::string(param.param.name); });

}  // namespace
}  // namespace recod::http::detail
