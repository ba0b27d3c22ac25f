// Tests of serialize_response (src/http/wire.hpp): the exact bytes a Response becomes.

#include "wire.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "recod/http/response.hpp"
#include "recod/util/time.hpp"

namespace recod::http::detail {
namespace {

// One serialised response, split into its parts.
struct Wire {
  std::string status_line;
  std::vector<std::pair<std::string, std::string>> headers;  // in order, as sent
  std::string body;

  [[nodiscard]] int count(const std::string& name) const {
    int n = 0;
    for (const auto& [k, v] : headers) n += k == name ? 1 : 0;
    return n;
  }
  [[nodiscard]] std::string get(const std::string& name) const {
    for (const auto& [k, v] : headers) {
      if (k == name) return v;
    }
    return "<absent>";
  }
};

Wire split(const std::string& raw) {
  Wire w;
  const auto end = raw.find("\r\n\r\n");
  EXPECT_NE(end, std::string::npos) << raw;
  if (end == std::string::npos) return w;
  const std::string head = raw.substr(0, end + 2);
  w.body = raw.substr(end + 4);
  std::size_t pos = head.find("\r\n");
  w.status_line = head.substr(0, pos);
  pos += 2;
  while (pos < head.size()) {
    const auto eol = head.find("\r\n", pos);
    const std::string line = head.substr(pos, eol - pos);
    const auto colon = line.find(": ");
    EXPECT_NE(colon, std::string::npos) << "bad header line: " << line;
    w.headers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
    pos = eol + 2;
  }
  return w;
}

std::string serialize(const Response& r, WireOptions options = {}) {
  std::string out;
  serialize_response(r, options, out);
  return out;
}

Response ok_text(std::string body) {
  Response r;
  r.status = 200;
  r.content_type = "text/plain";
  r.body = std::move(body);
  return r;
}

TEST(SerializeResponse, OkHasStatusLineExactContentLengthAndBody) {
  const auto w = split(serialize(ok_text("hello")));
  EXPECT_EQ(w.status_line, "HTTP/1.1 200 OK");
  EXPECT_EQ(w.get("Content-Type"), "text/plain");
  EXPECT_EQ(w.get("Content-Length"), "5");
  EXPECT_EQ(w.count("Content-Length"), 1);
  EXPECT_EQ(w.get("Server"), "recod");
  EXPECT_EQ(w.body, "hello");
}

TEST(SerializeResponse, EmptyBodyHasContentLengthZero) {
  Response r;
  r.status = 200;
  const auto raw = serialize(r);
  const auto w = split(raw);
  EXPECT_EQ(w.get("Content-Length"), "0");
  EXPECT_EQ(w.count("Content-Type"), 0);
  EXPECT_EQ(w.body, "");
  EXPECT_TRUE(raw.ends_with("\r\n\r\n"));
}

TEST(SerializeResponse, NoContentHasNoContentLengthAndNoBody) {
  Response r = Response::no_content();
  r.body = "must not be sent";
  const auto raw = serialize(r);
  const auto w = split(raw);
  EXPECT_EQ(w.status_line, "HTTP/1.1 204 No Content");
  EXPECT_EQ(w.count("Content-Length"), 0);
  EXPECT_EQ(w.body, "");
  EXPECT_TRUE(raw.ends_with("\r\n\r\n"));
}

TEST(SerializeResponse, NotModifiedHasNoContentLengthAndNoBody) {
  Response r = ok_text("stale");
  r.status = 304;
  const auto w = split(serialize(r));
  EXPECT_EQ(w.status_line, "HTTP/1.1 304 Not Modified");
  EXPECT_EQ(w.count("Content-Length"), 0);
  EXPECT_EQ(w.body, "");
}

TEST(SerializeResponse, InformationalHasNoContentLength) {
  Response r;
  r.status = 100;
  const auto w = split(serialize(r));
  EXPECT_EQ(w.status_line, "HTTP/1.1 100 Continue");
  EXPECT_EQ(w.count("Content-Length"), 0);
}

TEST(SerializeResponse, ErrorStatusKeepsItsBody) {
  const auto w = split(serialize(Response::text(404, "not found")));
  EXPECT_EQ(w.status_line, "HTTP/1.1 404 Not Found");
  EXPECT_EQ(w.get("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(w.get("Content-Length"), "10");
  EXPECT_EQ(w.body, "not found\n");
}

TEST(SerializeResponse, KeepAliveHttp11SendsNoConnectionHeader) {
  const auto w = split(serialize(ok_text("x"), {.keep_alive = true, .http10 = false}));
  EXPECT_EQ(w.count("Connection"), 0);
}

TEST(SerializeResponse, NoKeepAliveSendsConnectionClose) {
  const auto w = split(serialize(ok_text("x"), {.keep_alive = false}));
  EXPECT_EQ(w.get("Connection"), "close");
  EXPECT_EQ(w.count("Connection"), 1);
}

TEST(SerializeResponse, Http10KeepAliveIsAnnounced) {
  const auto w = split(serialize(ok_text("x"), {.keep_alive = true, .http10 = true}));
  EXPECT_EQ(w.get("Connection"), "keep-alive");
  EXPECT_EQ(w.count("Connection"), 1);
  // The answer is still an HTTP/1.1 message (RFC 9110 section 6.2).
  EXPECT_EQ(w.status_line, "HTTP/1.1 200 OK");
}

TEST(SerializeResponse, Http10WithoutKeepAliveSendsConnectionClose) {
  const auto w = split(serialize(ok_text("x"), {.keep_alive = false, .http10 = true}));
  EXPECT_EQ(w.get("Connection"), "close");
  EXPECT_EQ(w.count("Connection"), 1);
}

TEST(SerializeResponse, HeadKeepsContentLengthButOmitsBody) {
  const auto raw = serialize(ok_text("twelve bytes"), {.head = true});
  const auto w = split(raw);
  EXPECT_EQ(w.get("Content-Length"), "12");
  EXPECT_EQ(w.body, "");
  EXPECT_TRUE(raw.ends_with("\r\n\r\n"));
}

TEST(SerializeResponse, HeadOfNoContentHasNeitherLengthNorBody) {
  const auto raw = serialize(Response::no_content(), {.head = true});
  const auto w = split(raw);
  EXPECT_EQ(w.count("Content-Length"), 0);
  EXPECT_EQ(w.body, "");
}

TEST(SerializeResponse, CrLfInHeaderValueCannotSplitTheResponse) {
  Response r = ok_text("x");
  r.with_header("X-Echo", "a\r\nSet-Cookie: evil=1\r\n\r\n<html>");
  const auto raw = serialize(r);
  const auto w = split(raw);
  EXPECT_EQ(w.count("Set-Cookie"), 0);
  EXPECT_EQ(w.get("X-Echo"), "a  Set-Cookie: evil=1    <html>");
  EXPECT_EQ(w.body, "x");
  EXPECT_EQ(raw.find("\r\nSet-Cookie"), std::string::npos);
}

TEST(SerializeResponse, LoneLfOrCrInHeaderValueIsReplaced) {
  Response r = ok_text("x");
  r.with_header("X-A", "1\nX-B: 2").with_header("X-C", "3\rX-D: 4");
  const auto raw = serialize(r);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\n') {
      EXPECT_EQ(raw[i - 1], '\r') << "bare LF at " << i;
    }
    if (raw[i] == '\r') {
      EXPECT_EQ(raw[i + 1], '\n') << "bare CR at " << i;
    }
  }
  const auto w = split(raw);
  EXPECT_EQ(w.get("X-A"), "1 X-B: 2");
  EXPECT_EQ(w.get("X-C"), "3 X-D: 4");
  EXPECT_EQ(w.count("X-B"), 0);
  EXPECT_EQ(w.count("X-D"), 0);
}

TEST(SerializeResponse, CrLfInHeaderNameAndContentTypeIsReplaced) {
  Response r = ok_text("x");
  r.content_type = "text/html\r\nX-Evil: 1";
  r.with_header("X-Name\r\nX-Evil2", "v");
  const auto w = split(serialize(r));
  EXPECT_EQ(w.get("Content-Type"), "text/html  X-Evil: 1");
  EXPECT_EQ(w.get("X-Name  X-Evil2"), "v");
  EXPECT_EQ(w.count("X-Evil"), 0);
  EXPECT_EQ(w.count("X-Evil2"), 0);
}

TEST(SerializeResponse, ExtraHeadersKeepTheirOrderAndDuplicates) {
  Response r = ok_text("x");
  r.with_header("Set-Cookie", "a=1").with_header("X-Mid", "m").with_header("Set-Cookie", "b=2");
  const auto w = split(serialize(r));
  std::vector<std::pair<std::string, std::string>> extra;
  for (const auto& h : w.headers) {
    if (h.first == "Set-Cookie" || h.first == "X-Mid") extra.push_back(h);
  }
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"Set-Cookie", "a=1"}, {"X-Mid", "m"}, {"Set-Cookie", "b=2"}};
  EXPECT_EQ(extra, expected);
}

TEST(SerializeResponse, DateIsCurrentImfFixdate) {
  const auto before = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const auto w = split(serialize(ok_text("x")));
  const auto after = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  ASSERT_EQ(w.count("Date"), 1);
  const std::string date = w.get("Date");
  // IMF-fixdate is fixed-width: "Sun, 06 Nov 1994 08:49:37 GMT", and it round-trips.
  ASSERT_EQ(date.size(), 29u) << date;
  EXPECT_TRUE(date.ends_with(" GMT")) << date;
  EXPECT_EQ(date.substr(3, 2), ", ") << date;
  const auto parsed = util::parse_http_date(date);
  ASSERT_TRUE(parsed.has_value()) << date;
  EXPECT_GE(*parsed, before);
  EXPECT_LE(*parsed, after);
  EXPECT_EQ(util::http_date(*parsed), date);
}

TEST(SerializeResponse, CachedHttpDateMatchesFormatter) {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const std::string cached(cached_http_date());
  // The second may tick between the two calls; one of the two must match.
  EXPECT_TRUE(cached == util::http_date(now) || cached == util::http_date(now + 1)) << cached;
}

TEST(SerializeResponse, CorsFlagAddsAllowOriginStar) {
  Response r = ok_text("x");
  r.cors = true;
  const auto w = split(serialize(r));
  EXPECT_EQ(w.get("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(w.count("Access-Control-Allow-Origin"), 1);
}

TEST(SerializeResponse, NoCorsFlagNoAllowOrigin) {
  const auto w = split(serialize(ok_text("x")));
  EXPECT_EQ(w.count("Access-Control-Allow-Origin"), 0);
}

TEST(SerializeResponse, CorsOnNoContent) {
  const auto w = split(serialize(Response::no_content().with_cors()));
  EXPECT_EQ(w.status_line, "HTTP/1.1 204 No Content");
  EXPECT_EQ(w.get("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(w.count("Content-Length"), 0);
}

TEST(SerializeResponse, AppendsToExistingOutput) {
  std::string out = "previous";
  serialize_response(ok_text("x"), {}, out);
  EXPECT_TRUE(out.starts_with("previousHTTP/1.1 200 OK\r\n")) << out;
}

TEST(SerializeResponse, BinaryBodyIsSentVerbatim) {
  const std::string body("a\0b\r\n\r\nc", 8);
  const auto w = split(serialize(ok_text(body)));
  EXPECT_EQ(w.get("Content-Length"), "8");
  EXPECT_EQ(w.body, body);
}

TEST(ResponseFactories, TextAppendsNewlineAndNeutralisesControlChars) {
  const auto r = Response::text(400, "bad\r\nX-Evil: 1\t\x7f");
  EXPECT_EQ(r.status, 400U);
  EXPECT_EQ(r.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(r.body, "bad??X-Evil: 1??\n");
}

TEST(ResponseFactories, TextTruncatesLongMessages) {
  const auto r = Response::text(400, std::string(1000, 'a'));
  EXPECT_EQ(r.body, std::string(300, 'a') + "...\n");
}

TEST(ResponseFactories, JsonKeepsBodyAsIs) {
  const auto r = Response::json(200, "{\"a\":\n1}");
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, "{\"a\":\n1}");
}

TEST(ResponseFactories, NoContentIsBare) {
  const auto r = Response::no_content();
  EXPECT_EQ(r.status, 204U);
  EXPECT_TRUE(r.content_type.empty());
  EXPECT_TRUE(r.body.empty());
  EXPECT_FALSE(r.cors);
  EXPECT_FALSE(r.close);
}

}  // namespace
}  // namespace recod::http::detail
