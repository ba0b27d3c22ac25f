// Tests of Router, Request, split_path and Responder, without a network.
// (That a throwing or silent handler is answered 500 over a real connection is in
// server_test.cpp.)

#include "recod/http/router.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "recod/http/cors.hpp"
#include "recod/http/health.hpp"
#include "recod/http/request.hpp"
#include "recod/http/responder.hpp"
#include "recod/http/response.hpp"

namespace recod::http {
namespace {

using Segments = std::vector<std::string_view>;

class FakeHeaders final : public HeaderSource {
 public:
  std::map<std::string, std::string> fields;  // lower-case names
  [[nodiscard]] std::string_view get(std::string_view name) const override {
    std::string lower(name);
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto it = fields.find(lower);
    return it == fields.end() ? std::string_view() : std::string_view(it->second);
  }
};

// Records what the Responder delivered.
class CapturingSink final : public ResponseSink {
 public:
  void deliver(Response&& response) override { responses.push_back(std::move(response)); }
  std::vector<Response> responses;
};

// Owns the storage a Request views.
class TestRequest {
 public:
  explicit TestRequest(std::string target, Method method = Method::kGet,
                       std::string method_name = "GET", std::string body = {})
      : target_(std::move(target)), method_name_(std::move(method_name)), body_(std::move(body)) {
    split_path(std::string_view(target_).substr(0, target_.find('?')), segments_);
    request_ =
        std::make_unique<Request>(method, method_name_, target_, segments_, body_, headers_, true);
  }
  const Request& get() const { return *request_; }
  FakeHeaders& headers() { return headers_; }

 private:
  std::string target_;
  std::string method_name_;
  std::string body_;
  Segments segments_;
  FakeHeaders headers_;
  std::unique_ptr<Request> request_;
};

class RouterTest : public ::testing::Test {
 protected:
  // Dispatches `target` and returns the one response it produced.
  Response dispatch(const TestRequest& request) {
    auto sink = std::make_shared<CapturingSink>();
    router_.dispatch(request.get(), Responder(sink));
    EXPECT_EQ(sink->responses.size(), 1U);
    return sink->responses.empty() ? Response{} : sink->responses.front();
  }
  Response dispatch(std::string target) { return dispatch(TestRequest(std::move(target))); }

  static Router::Handler answer(std::string body) {
    return [body = std::move(body)](const Request&, Responder out) {
      out.send(Response::text(200, body));
    };
  }
  static Router::Matcher first_segment(std::string s) {
    return [s = std::move(s)](const Request& r) {
      return !r.segments().empty() && r.segments().front() == s;
    };
  }

  Router router_;
};

TEST_F(RouterTest, NoRoutesIs404) {
  const auto r = dispatch("/anything");
  EXPECT_EQ(r.status, 404U);
  EXPECT_EQ(r.body, "not found: no such route\n");
}

TEST_F(RouterTest, NoMatchingRouteIs404) {
  router_.add("a", first_segment("a"), answer("a"));
  EXPECT_EQ(dispatch("/b/a").status, 404U);
  EXPECT_EQ(dispatch("/a/x").body, "a\n");
}

TEST_F(RouterTest, FirstMatchingRouteWins) {
  router_.add("catch-a", first_segment("a"), answer("first"));
  router_.add(
      "all", [](const Request&) { return true; }, answer("second"));
  router_.add("catch-a-again", first_segment("a"), answer("third"));
  EXPECT_EQ(dispatch("/a").body, "first\n");
  EXPECT_EQ(dispatch("/b").body, "second\n");
}

TEST_F(RouterTest, LaterRoutesAreNotMatchedOnceOneMatches) {
  int later_matcher_calls = 0;
  router_.add(
      "all", [](const Request&) { return true; }, answer("first"));
  router_.add(
      "counted", [&](const Request&) { return ++later_matcher_calls > 0; }, answer("never"));
  EXPECT_EQ(dispatch("/x").body, "first\n");
  EXPECT_EQ(later_matcher_calls, 0);
}

TEST_F(RouterTest, MatcherSeesMethodAndSegments) {
  router_.add(
      "post-only",
      [](const Request& r) { return r.method() == Method::kPost && r.segments().size() == 2; },
      answer("post"));
  EXPECT_EQ(dispatch(TestRequest("/a/b", Method::kPost, "POST")).body, "post\n");
  EXPECT_EQ(dispatch(TestRequest("/a/b", Method::kGet, "GET")).status, 404U);
  EXPECT_EQ(dispatch(TestRequest("/a/b/c", Method::kPost, "POST")).status, 404U);
}

TEST_F(RouterTest, AddExactMatchesThePathOnly) {
  router_.add_exact("/healthz", answer("ok"));
  EXPECT_EQ(dispatch("/healthz").body, "ok\n");
  EXPECT_EQ(dispatch("/healthz?verbose=1").body, "ok\n");
  EXPECT_EQ(dispatch("/healthz/").status, 404U);
  EXPECT_EQ(dispatch("/healthz/x").status, 404U);
  EXPECT_EQ(dispatch("/healthzz").status, 404U);
  EXPECT_EQ(dispatch("/HEALTHZ").status, 404U);
  EXPECT_EQ(dispatch("/").status, 404U);
}

TEST_F(RouterTest, AddExactTakesAnyMethod) {
  router_.add_exact("/x", [](const Request& r, Responder out) {
    out.send(Response::text(200, std::string(r.method_name())));
  });
  EXPECT_EQ(dispatch(TestRequest("/x", Method::kDelete, "DELETE")).body, "DELETE\n");
  EXPECT_EQ(dispatch(TestRequest("/x", Method::kOther, "BREW")).body, "BREW\n");
}

TEST_F(RouterTest, HandlerSeesTheRequest) {
  router_.add_exact("/echo", [](const Request& r, Responder out) {
    out.send(Response::text(200, std::string(r.path()) + "|" + std::string(r.query()) + "|" +
                                     std::string(r.body()) + "|" +
                                     std::string(r.header("x-test"))));
  });
  TestRequest request("/echo?a=1&b=%2F", Method::kPost, "POST", "payload");
  request.headers().fields["x-test"] = "hdr";
  EXPECT_EQ(dispatch(request).body, "/echo|a=1&b=%2F|payload|hdr\n");
}

TEST_F(RouterTest, HandlerThatDropsItsResponderAnswers500) {
  router_.add_exact("/drop", [](const Request&, Responder) {});
  const auto r = dispatch("/drop");
  EXPECT_EQ(r.status, 500U);
  EXPECT_EQ(r.body, "internal error: no answer\n");
}

TEST_F(RouterTest, HandlerThatThrowsAnswers500AndPropagates) {
  router_.add_exact("/throw", [](const Request&, Responder) { throw std::runtime_error("boom"); });
  auto sink = std::make_shared<CapturingSink>();
  const TestRequest request("/throw");
  EXPECT_THROW(router_.dispatch(request.get(), Responder(sink)), std::runtime_error);
  ASSERT_EQ(sink->responses.size(), 1U);
  EXPECT_EQ(sink->responses[0].status, 500U);
}

TEST_F(RouterTest, HandlerMayKeepItsResponderAndAnswerLater) {
  std::optional<Responder> kept;
  router_.add_exact("/later", [&](const Request&, Responder out) { kept.emplace(std::move(out)); });
  auto sink = std::make_shared<CapturingSink>();
  router_.dispatch(TestRequest("/later").get(), Responder(sink));
  EXPECT_TRUE(sink->responses.empty());
  kept->send(Response::text(202, "later"));
  ASSERT_EQ(sink->responses.size(), 1U);
  EXPECT_EQ(sink->responses[0].status, 202U);
  kept.reset();  // sent already: destroying it must not answer again
  EXPECT_EQ(sink->responses.size(), 1U);
}

TEST(ResponderTest, SendDeliversOnceAndLaterCallsDoNothing) {
  auto sink = std::make_shared<CapturingSink>();
  {
    Responder out(sink);
    out.send(Response::text(200, "one"));
    out.send(Response::text(201, "two"));
  }
  ASSERT_EQ(sink->responses.size(), 1U);
  EXPECT_EQ(sink->responses[0].body, "one\n");
}

TEST(ResponderTest, MovedFromResponderDoesNotAnswer) {
  auto sink = std::make_shared<CapturingSink>();
  {
    Responder a(sink);
    Responder b(std::move(a));
    b.send(Response::no_content());
  }
  ASSERT_EQ(sink->responses.size(), 1U);
  EXPECT_EQ(sink->responses[0].status, 204U);
}

TEST(ResponderTest, DestroyedUnsentAnswers500) {
  auto sink = std::make_shared<CapturingSink>();
  { Responder out(sink); }
  ASSERT_EQ(sink->responses.size(), 1U);
  EXPECT_EQ(sink->responses[0].status, 500U);
}

TEST(RequestTest, SplitsTargetIntoPathAndQuery) {
  const TestRequest a("/api/x?categorypath=%2FA&b=1");
  EXPECT_EQ(a.get().target(), "/api/x?categorypath=%2FA&b=1");
  EXPECT_EQ(a.get().path(), "/api/x");
  EXPECT_EQ(a.get().query(), "categorypath=%2FA&b=1");
  const TestRequest b("/api/x");
  EXPECT_EQ(b.get().path(), "/api/x");
  EXPECT_EQ(b.get().query(), "");
  const TestRequest c("/api/x?");
  EXPECT_EQ(c.get().path(), "/api/x");
  EXPECT_EQ(c.get().query(), "");
  const TestRequest d("/p?a=?b");
  EXPECT_EQ(d.get().path(), "/p");
  EXPECT_EQ(d.get().query(), "a=?b");
}

TEST(RequestTest, CarriesMethodBodyAndKeepAlive) {
  const TestRequest r("/x", Method::kPut, "PUT", "data");
  EXPECT_EQ(r.get().method(), Method::kPut);
  EXPECT_EQ(r.get().method_name(), "PUT");
  EXPECT_EQ(r.get().body(), "data");
  EXPECT_TRUE(r.get().keep_alive());
  const Segments expected = {"x"};
  EXPECT_EQ(Segments(r.get().segments().begin(), r.get().segments().end()), expected);
}

Segments split(std::string_view path) {
  Segments out;
  split_path(path, out);
  return out;
}

TEST(SplitPathTest, RootAndEmptyHaveNoSegments) {
  EXPECT_EQ(split("/"), Segments{});
  EXPECT_EQ(split(""), Segments{});
}

TEST(SplitPathTest, PlainPaths) {
  EXPECT_EQ(split("/a"), (Segments{"a"}));
  EXPECT_EQ(split("/a/b"), (Segments{"a", "b"}));
  EXPECT_EQ(split("/api/00000/click/u/1/2"), (Segments{"api", "00000", "click", "u", "1", "2"}));
}

TEST(SplitPathTest, TrailingSlashAddsNoSegment) {
  EXPECT_EQ(split("/a/b/"), (Segments{"a", "b"}));
  EXPECT_EQ(split("/a/"), (Segments{"a"}));
}

TEST(SplitPathTest, InnerEmptySegmentsAreKept) {
  EXPECT_EQ(split("/a//b"), (Segments{"a", "", "b"}));
  EXPECT_EQ(split("/a///b"), (Segments{"a", "", "", "b"}));
  EXPECT_EQ(split("//a"), (Segments{"", "a"}));
  // Only one trailing slash is dropped; the one before it ends an empty segment.
  EXPECT_EQ(split("/a//"), (Segments{"a", ""}));
}

TEST(SplitPathTest, WithoutLeadingSlash) {
  EXPECT_EQ(split("a"), (Segments{"a"}));
  EXPECT_EQ(split("a/b"), (Segments{"a", "b"}));
  EXPECT_EQ(split("a/"), (Segments{"a"}));
}

TEST(SplitPathTest, SegmentsStayPercentEncoded) {
  EXPECT_EQ(split("/a%2Fb/c%20d"), (Segments{"a%2Fb", "c%20d"}));
}

TEST(SplitPathTest, ClearsTheOutputFirst) {
  Segments out = {"stale", "values"};
  split_path("/x", out);
  EXPECT_EQ(out, (Segments{"x"}));
  split_path("/", out);
  EXPECT_TRUE(out.empty());
}

TEST(SplitPathTest, SegmentsViewTheInput) {
  const std::string path = "/ab/cd";
  Segments out;
  split_path(path, out);
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(out[0].data(), path.data() + 1);
  EXPECT_EQ(out[1].data(), path.data() + 4);
}

TEST_F(RouterTest, HealthRoutesAnswerGetAndHead) {
  bool ready = false;
  add_health_routes(router_, {.ready = [&] { return ready; },
                              .metrics = [](std::string& out) { out += "recod_up 1\n"; }});
  const auto healthz = dispatch("/healthz");
  EXPECT_EQ(healthz.status, 200U);
  EXPECT_EQ(healthz.body, "ok\n");
  EXPECT_EQ(dispatch(TestRequest("/healthz", Method::kHead, "HEAD")).status, 200U);
  EXPECT_EQ(dispatch("/readyz").status, 503U);
  ready = true;
  EXPECT_EQ(dispatch("/readyz").status, 200U);
  const auto metrics = dispatch("/metrics");
  EXPECT_EQ(metrics.status, 200U);
  EXPECT_EQ(metrics.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(metrics.body, "recod_up 1\n");
}

TEST_F(RouterTest, HealthRoutesRejectOtherMethods) {
  add_health_routes(router_, {.ready = [] { return true; }, .metrics = [](std::string&) {}});
  for (const char* path : {"/healthz", "/readyz", "/metrics"}) {
    const auto r = dispatch(TestRequest(path, Method::kPost, "POST"));
    EXPECT_EQ(r.status, 405U) << path;
    ASSERT_EQ(r.headers.size(), 1U) << path;
    EXPECT_EQ(r.headers[0].first, "Allow");
    EXPECT_EQ(r.headers[0].second, "GET, HEAD");
  }
}

std::string header_of(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "<absent>";
}

TEST(CorsTest, PreflightAllowsAnyOriginAndEchoesRequestedHeaders) {
  TestRequest request("/api/1/click/u/1/2", Method::kOptions, "OPTIONS");
  request.headers().fields["access-control-request-headers"] = "X-Custom, Content-Type";
  const auto r = preflight(request.get(), "GET, POST, OPTIONS");
  EXPECT_EQ(r.status, 204U);
  EXPECT_TRUE(r.cors);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(header_of(r, "Access-Control-Allow-Methods"), "GET, POST, OPTIONS");
  EXPECT_EQ(header_of(r, "Access-Control-Allow-Headers"), "X-Custom, Content-Type");
  EXPECT_EQ(header_of(r, "Access-Control-Max-Age"), "86400");
}

TEST(CorsTest, PreflightDoesNotEchoUnsafeRequestedHeaders) {
  const std::vector<std::string> unsafe = {"X-A\r\nSet-Cookie: a=1", "X-A;B", std::string(600, 'a'),
                                           ""};
  for (const auto& asked : unsafe) {
    TestRequest request("/x", Method::kOptions, "OPTIONS");
    request.headers().fields["access-control-request-headers"] = asked;
    const auto r = preflight(request.get(), "GET");
    EXPECT_EQ(header_of(r, "Access-Control-Allow-Headers"), "Authorization, Content-Type") << asked;
  }
}

TEST(CorsTest, MethodNotAllowedNamesTheAllowedMethods) {
  const auto r = method_not_allowed("GET, POST");
  EXPECT_EQ(r.status, 405U);
  EXPECT_TRUE(r.cors);
  EXPECT_EQ(header_of(r, "Allow"), "GET, POST");
  EXPECT_EQ(r.body, "method not allowed; use GET, POST\n");
}

}  // namespace
}  // namespace recod::http
