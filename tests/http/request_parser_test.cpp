#include "request_parser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>

namespace recod::http::detail {
namespace {

namespace bhttp = boost::beast::http;

// Feeds `pieces` to `parser` the way a connection does: what arrives is appended to a
// buffer, and what the parser consumes is taken off its front. Returns the final error
// (empty once the request is complete).
boost::beast::error_code feed(RequestParser& parser, const std::vector<std::string>& pieces) {
  std::string buffer;
  boost::beast::error_code ec;
  for (const auto& piece : pieces) {
    buffer += piece;
    while (!buffer.empty() && !parser.is_done()) {
      const std::size_t used = parser.put(boost::asio::buffer(buffer), ec);
      buffer.erase(0, used);
      if (ec == bhttp::error::need_more) {
        ec = {};
        break;
      }
      if (ec) return ec;
      if (used == 0) break;
    }
  }
  if (!parser.is_done()) return bhttp::error::need_more;
  return ec;
}

boost::beast::error_code feed(RequestParser& parser, const std::string& whole) {
  return feed(parser, std::vector<std::string>{whole});
}

TEST(RequestParserTest, KeepsTheRequestLineAndTheFields) {
  ParsedRequest request;
  RequestParser parser(request);
  ASSERT_FALSE(feed(parser,
                    "GET /api/shop/click/u1/1/42?categorypath=a%2Fb HTTP/1.1\r\n"
                    "Host: example.com\r\n"
                    "User-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\n"
                    "Origin: https://shop.example.com\r\n"
                    "Cookie: a=1; b=2\r\n"
                    "\r\n"));
  EXPECT_EQ(request.method(), bhttp::verb::get);
  EXPECT_EQ(request.method_string(), "GET");
  EXPECT_EQ(request.target(), "/api/shop/click/u1/1/42?categorypath=a%2Fb");
  EXPECT_EQ(request.version(), 11);
  EXPECT_EQ(request.field_count(), 4U);
  EXPECT_EQ(request.field("Host"), "example.com");
  EXPECT_EQ(request.field("user-agent"), "Mozilla/5.0 (X11; Linux x86_64)");
  EXPECT_EQ(request.field("ORIGIN"), "https://shop.example.com");
  EXPECT_EQ(request.field("Cookie"), "a=1; b=2");
  EXPECT_EQ(request.field("Referer"), "");
  EXPECT_EQ(request.field("Hos"), "");
  EXPECT_TRUE(request.body().empty());
  EXPECT_TRUE(parser.keep_alive());
}

TEST(RequestParserTest, ARepeatedFieldAnswersWithItsFirstValue) {
  ParsedRequest request;
  RequestParser parser(request);
  ASSERT_FALSE(feed(parser, "GET / HTTP/1.1\r\nX-A: one\r\nx-a: two\r\nX-B:\r\n\r\n"));
  EXPECT_EQ(request.field("X-A"), "one");
  EXPECT_EQ(request.field("X-B"), "");
  EXPECT_EQ(request.field_count(), 3U);
}

TEST(RequestParserTest, ReadsABodyOfKnownLength) {
  ParsedRequest request;
  RequestParser parser(request);
  ASSERT_FALSE(feed(parser,
                    "POST /api/shop/click HTTP/1.1\r\nContent-Type: text/plain\r\n"
                    "Content-Length: 11\r\n\r\nhello world"));
  EXPECT_EQ(request.method(), bhttp::verb::post);
  EXPECT_EQ(request.body(), "hello world");
  EXPECT_EQ(request.field("content-type"), "text/plain");
}

TEST(RequestParserTest, ReadsAChunkedBody) {
  ParsedRequest request;
  RequestParser parser(request);
  ASSERT_FALSE(feed(parser,
                    "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n"));
  EXPECT_EQ(request.body(), "hello world");
}

// The request line is consumed as soon as it is complete, before the fields arrive: what
// the parser keeps of it must not point into bytes that are gone by then.
TEST(RequestParserTest, KeepsEverythingWhenTheRequestArrivesByteByByte) {
  const std::string raw =
      "PUT /catalog/shop/items HTTP/1.0\r\nHost: h\r\nContent-Length: 3\r\n"
      "Connection: keep-alive\r\n\r\nabc";
  std::vector<std::string> bytes;
  for (const char c : raw) bytes.emplace_back(1, c);
  ParsedRequest request;
  RequestParser parser(request);
  ASSERT_FALSE(feed(parser, bytes));
  EXPECT_EQ(request.method_string(), "PUT");
  EXPECT_EQ(request.target(), "/catalog/shop/items");
  EXPECT_EQ(request.version(), 10);
  EXPECT_EQ(request.field("host"), "h");
  EXPECT_EQ(request.field("Content-Length"), "3");
  EXPECT_EQ(request.body(), "abc");
  EXPECT_TRUE(parser.keep_alive());
}

TEST(RequestParserTest, TheNextRequestStartsEmpty) {
  ParsedRequest request;
  {
    RequestParser first(request);
    ASSERT_FALSE(feed(first, "POST /a HTTP/1.1\r\nX-Only-Here: 1\r\nContent-Length: 2\r\n\r\nhi"));
  }
  RequestParser second(request);
  EXPECT_EQ(request.target(), "");
  EXPECT_EQ(request.field("X-Only-Here"), "");
  EXPECT_TRUE(request.body().empty());
  ASSERT_FALSE(feed(second, "GET /b HTTP/1.0\r\n\r\n"));
  EXPECT_EQ(request.target(), "/b");
  EXPECT_EQ(request.field_count(), 0U);
  EXPECT_FALSE(second.keep_alive());
}

TEST(RequestParserTest, ALargeBodyGivesItsMemoryBackForTheNextRequest) {
  ParsedRequest request;
  const std::string body(1 << 20, 'x');
  {
    RequestParser parser(request);
    parser.body_limit(body.size());
    ASSERT_FALSE(feed(parser, "POST /a HTTP/1.1\r\nContent-Length: " + std::to_string(body.size()) +
                                  "\r\n\r\n" + body));
    EXPECT_EQ(request.body(), body);
  }
  RequestParser next(request);
  EXPECT_LT(request.body().capacity(), body.size());
}

TEST(RequestParserTest, HundredsOfFieldsAreAllFound) {
  std::string raw = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 300; ++i) {
    raw += "X-Field-" + std::to_string(i) + ": value " + std::to_string(i) + "\r\n";
  }
  raw += "\r\n";
  ParsedRequest request;
  RequestParser parser(request);
  parser.header_limit(static_cast<std::uint32_t>(raw.size()));
  ASSERT_FALSE(feed(parser, raw));
  ASSERT_EQ(request.field_count(), 300U);
  for (int i = 0; i < 300; i += 37) {
    EXPECT_EQ(request.field("x-field-" + std::to_string(i)), "value " + std::to_string(i));
  }
}

TEST(RequestParserTest, LimitsAndMalformedInputAreBeastsErrors) {
  {
    ParsedRequest request;
    RequestParser parser(request);
    parser.body_limit(4);
    EXPECT_EQ(feed(parser, "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"),
              bhttp::error::body_limit);
  }
  {
    ParsedRequest request;
    RequestParser parser(request);
    EXPECT_EQ(feed(parser, "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n"), bhttp::error::bad_field);
  }
  {
    ParsedRequest request;
    RequestParser parser(request);
    parser.header_limit(32);
    EXPECT_EQ(feed(parser, "GET / HTTP/1.1\r\nX: " + std::string(64, 'a') + "\r\n\r\n"),
              bhttp::error::header_limit);
  }
}

}  // namespace
}  // namespace recod::http::detail
