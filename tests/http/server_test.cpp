// Tests of http::Server over loopback: a real server with small test routes, driven by a
// real HTTP client (keep-alive) and by raw sockets for bytes no polite client sends.
//
// Timing: the server is given 300 ms where it must act (read timeout, slow handlers) and
// the test waits up to 5 s for it, so that a loaded 2-core machine running ASan passes.

#include "recod/http/server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "recod/http/request.hpp"
#include "recod/http/responder.hpp"
#include "recod/http/response.hpp"
#include "recod/http/router.hpp"
#include "recod/util/thread_name.hpp"
#include "support/http_client.hpp"

namespace recod::http {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using Clock = std::chrono::steady_clock;
using test::HttpClient;
using test::HttpResponse;

// How long a test waits for the server to do something it must do.
constexpr auto kWait = 5s;
// The read timeout of the timeout tests.
constexpr auto kReadTimeout = 300ms;

// ---------------------------------------------------------------------------------------
// Raw HTTP: requests as bytes, responses parsed from bytes.

std::string Get(const std::string& target, const std::string& extra_headers = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n";
}

std::string Post(const std::string& target, const std::string& body,
                 const std::string& extra_headers = "") {
  return "POST " + target +
         " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
         extra_headers + "\r\n" + body;
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct RawResponse {
  unsigned status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, in order
  std::string body;

  [[nodiscard]] int count(const std::string& name) const {
    int n = 0;
    for (const auto& h : headers) n += h.first == name ? 1 : 0;
    return n;
  }
  [[nodiscard]] std::string get(const std::string& name) const {
    for (const auto& h : headers) {
      if (h.first == name) return h.second;
    }
    return "<absent>";
  }
};

// The complete responses at the front of `raw`, in order. A body is Content-Length bytes;
// 1xx, 204 and 304 have none. Stops at the first incomplete or unparsable response.
std::vector<RawResponse> ParseResponses(std::string_view raw) {
  std::vector<RawResponse> out;
  while (!raw.empty()) {
    const auto end = raw.find("\r\n\r\n");
    if (end == std::string_view::npos || !raw.starts_with("HTTP/1.1 ") || raw.size() < 12) {
      break;
    }
    RawResponse r;
    r.status = static_cast<unsigned>(std::stoul(std::string(raw.substr(9, 3))));
    std::string_view head = raw.substr(0, end + 2);
    head.remove_prefix(head.find("\r\n") + 2);
    while (!head.empty()) {
      const auto eol = head.find("\r\n");
      const auto line = head.substr(0, eol);
      const auto colon = line.find(':');
      if (colon == std::string_view::npos) return out;
      auto value = line.substr(colon + 1);
      while (value.starts_with(' ')) value.remove_prefix(1);
      r.headers.emplace_back(Lower(std::string(line.substr(0, colon))), std::string(value));
      head.remove_prefix(eol + 2);
    }
    std::size_t length = 0;
    const bool bodyless = r.status < 200 || r.status == 204 || r.status == 304;
    if (!bodyless && r.count("content-length") == 1) {
      length = std::stoul(r.get("content-length"));
    }
    if (raw.size() < end + 4 + length) break;
    r.body = std::string(raw.substr(end + 4, length));
    raw.remove_prefix(end + 4 + length);
    out.push_back(std::move(r));
  }
  return out;
}

// True if a TCP connection to 127.0.0.1:port is refused.
bool ConnectionRefused(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  const int err = errno;
  ::close(fd);
  return rc != 0 && err == ECONNREFUSED;
}

// A plain TCP connection that keeps everything it received.
class RawClient final {
 public:
  explicit RawClient(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      const int err = errno;
      ::close(fd_);
      throw std::system_error(err, std::generic_category(), "connect");
    }
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~RawClient() { ::close(fd_); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  /// False if the connection is broken.
  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  /// Waits until `total` complete responses have arrived on this connection (counting those
  /// of earlier calls), the peer closes, or `timeout` passes. Returns all complete ones.
  std::vector<RawResponse> ReadResponses(std::size_t total,
                                         std::chrono::milliseconds timeout = kWait) {
    const auto deadline = Clock::now() + timeout;
    auto responses = ParseResponses(received_);
    while (responses.size() < total && ReadSome(deadline)) responses = ParseResponses(received_);
    return responses;
  }

  /// Reads (and keeps) everything until the peer closes; false if it did not within
  /// `timeout`.
  bool WaitForClose(std::chrono::milliseconds timeout = kWait) {
    const auto deadline = Clock::now() + timeout;
    while (ReadSome(deadline)) {
    }
    return closed_;
  }

  [[nodiscard]] const std::string& received() const noexcept { return received_; }

 private:
  // Reads what arrives before `deadline`; false on timeout or when the peer closed.
  bool ReadSome(Clock::time_point deadline) {
    if (closed_) return false;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    char buf[65536];
    const auto n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
      closed_ = true;  // EOF or reset
      return false;
    }
    received_.append(buf, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string received_;
  bool closed_ = false;
};

// Polls `condition` until it holds or kWait passes.
bool Eventually(const std::function<bool()>& condition) {
  const auto deadline = Clock::now() + kWait;
  while (!condition()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

std::chrono::milliseconds Since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

// ---------------------------------------------------------------------------------------
// The test routes.

// What /echo answers.
std::string EchoBody(const std::string& method, const std::string& path,
                     const std::string& query = "", const std::string& x_test = "",
                     const std::string& body = "") {
  return "method=" + method + "\npath=" + path + "\nquery=" + query + "\nx-test=" + x_test +
         "\nbody=" + body;
}

// "ms=250" -> 250; `fallback` if absent or not a number.
unsigned QueryMillis(std::string_view query, unsigned fallback) {
  if (!query.starts_with("ms=")) return fallback;
  unsigned v = 0;
  const auto* first = query.data() + 3;
  const auto [end, ec] = std::from_chars(first, query.data() + query.size(), v);
  return ec == std::errc() ? v : fallback;
}

// Answers requests from its own thread when they are due, as a handler waiting for the
// store would.
class DelayedAnswers final {
 public:
  DelayedAnswers() : thread_([this] { Run(); }) {}
  ~DelayedAnswers() { Stop(); }
  DelayedAnswers(const DelayedAnswers&) = delete;
  DelayedAnswers& operator=(const DelayedAnswers&) = delete;

  void Add(std::chrono::milliseconds delay, Responder out, Response response) {
    {
      std::lock_guard lock(mutex_);
      pending_.emplace(Clock::now() + delay, Item{std::move(out), std::move(response)});
    }
    wake_.notify_one();
  }

  /// Answers everything still pending at once, then ends the thread.
  void Stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

 private:
  struct Item {
    Responder out;
    Response response;
  };

  void Run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      if (pending_.empty()) {
        if (stopping_) return;
        wake_.wait(lock);
        continue;
      }
      const auto due = pending_.begin()->first;
      if (!stopping_ && Clock::now() < due) {
        wake_.wait_until(lock, due);
        continue;
      }
      auto node = pending_.extract(pending_.begin());
      lock.unlock();
      node.mapped().out.send(std::move(node.mapped().response));
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::multimap<Clock::time_point, Item> pending_;
  bool stopping_ = false;
  std::thread thread_;
};

// ---------------------------------------------------------------------------------------
// Fixtures.

class ServerTest : public ::testing::Test {
 protected:
  /// Loopback, any port, two I/O threads, every limit at its default.
  virtual ServerOptions Options() const {
    ServerOptions o;
    o.listen = "127.0.0.1";
    o.port = 0;
    o.threads = 2;
    return o;
  }

  void SetUp() override {
    AddRoutes();
    server_ = std::make_unique<Server>(Options(), router_);
    const Status started = server_->start();
    ASSERT_TRUE(started.is_ok()) << started.message();
    port_ = server_->port();
    ASSERT_NE(port_, 0);
  }

  void TearDown() override {
    answers_.Stop();
    if (!stopped_) {
      EXPECT_EQ(server_->stop(2s), 0U);
    }
    server_.reset();
  }

  std::size_t StopServer(std::chrono::milliseconds grace) {
    stopped_ = true;
    return server_->stop(grace);
  }

  /// stop() blocks while it drains; this runs it on another thread.
  std::future<std::size_t> StopServerInBackground(std::chrono::milliseconds grace) {
    stopped_ = true;
    return std::async(std::launch::async, [this, grace] { return server_->stop(grace); });
  }

  void AddRoutes() {
    router_.add_exact("/echo", [](const Request& r, Responder out) {
      Response response;
      response.content_type = "text/plain";
      response.body =
          EchoBody(std::string(r.method_name()), std::string(r.path()), std::string(r.query()),
                   std::string(r.header("X-Test")), std::string(r.body()));
      out.send(std::move(response));
    });
    // Answers "slow <ms>" from another thread after ?ms= (default 300) milliseconds.
    router_.add_exact("/slow", [this](const Request& r, Responder out) {
      const unsigned ms = QueryMillis(r.query(), 300);
      answers_.Add(std::chrono::milliseconds(ms), std::move(out),
                   Response::text(200, "slow " + std::to_string(ms)));
    });
    // Answers "async <query>" from another thread, at once.
    router_.add_exact("/async", [this](const Request& r, Responder out) {
      answers_.Add(0ms, std::move(out), Response::text(200, "async " + std::string(r.query())));
    });
    router_.add_exact("/nocontent",
                      [](const Request&, Responder out) { out.send(Response::no_content()); });
    router_.add_exact(
        "/throw", [](const Request&, Responder) { throw std::runtime_error("handler failure"); });
    router_.add_exact("/drop", [](const Request&, Responder) {});
    router_.add_exact("/close", [](const Request&, Responder out) {
      auto r = Response::text(200, "bye");
      r.close = true;
      out.send(std::move(r));
    });
    router_.add_exact("/inject", [](const Request&, Responder out) {
      out.send(Response::text(200, "x").with_header("X-Inject", "a\r\nX-Evil: 1"));
    });
    router_.add_exact("/cors", [](const Request&, Responder out) {
      out.send(Response::text(200, "shared").with_cors());
    });
    router_.add_exact("/thread", [](const Request&, Responder out) {
      out.send(Response::text(200, util::this_thread_name()));
    });
  }

  DelayedAnswers answers_;
  Router router_;
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
  bool stopped_ = false;
};

// ---------------------------------------------------------------------------------------
// Requests and answers.

TEST_F(ServerTest, GetAnswersWithTheHandlersResponse) {
  HttpClient client(port_);
  const auto r = client.get("/echo?a=1&b=%2F", {{"x-test", "hello"}});
  EXPECT_EQ(r.status, 200U);
  EXPECT_EQ(r.body, EchoBody("GET", "/echo", "a=1&b=%2F", "hello"));
  EXPECT_EQ(r.header("content-type"), "text/plain");
  EXPECT_EQ(r.header("content-length"), std::to_string(r.body.size()));
  EXPECT_EQ(r.header("server"), "recod");
  EXPECT_TRUE(r.has_header("date"));
  EXPECT_FALSE(r.has_header("connection"));
  EXPECT_TRUE(r.keep_alive);
}

// top -H and perf tell the threads that answer from the rest of the process by their names.
TEST_F(ServerTest, HandlersRunOnThreadsNamedAsIoThreads) {
  HttpClient client(port_);
  for (int i = 0; i < 4; ++i) {
    const auto r = client.get("/thread");
    ASSERT_EQ(r.status, 200U);
    const std::string name = r.body.substr(0, r.body.find('\n'));  // text() ends a line
    EXPECT_TRUE(name == "recod-io-0" || name == "recod-io-1") << r.body;
  }
}

TEST_F(ServerTest, PostDeliversTheBody) {
  HttpClient client(port_);
  const auto r = client.post("/echo", "a=1&b=two");
  EXPECT_EQ(r.status, 200U);
  EXPECT_EQ(r.body, EchoBody("POST", "/echo", "", "", "a=1&b=two"));
}

TEST_F(ServerTest, OtherMethodsReachTheHandler) {
  HttpClient client(port_);
  EXPECT_EQ(client.request("DELETE", "/echo").body, EchoBody("DELETE", "/echo"));
  EXPECT_EQ(client.request("PUT", "/echo", "x").body, EchoBody("PUT", "/echo", "", "", "x"));
  EXPECT_EQ(client.request("BREW", "/echo").body, EchoBody("BREW", "/echo"));
}

TEST_F(ServerTest, HeadSendsContentLengthButNoBody) {
  RawClient c(port_);
  ASSERT_TRUE(c.Send("HEAD /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  ASSERT_TRUE(c.WaitForClose());
  const std::string& raw = c.received();
  ASSERT_TRUE(raw.starts_with("HTTP/1.1 200 OK\r\n")) << raw;
  EXPECT_EQ(raw.find("\r\n\r\n"), raw.size() - 4) << "bytes after the header: " << raw;
  const auto length = std::to_string(EchoBody("HEAD", "/echo").size());
  EXPECT_NE(raw.find("\r\nContent-Length: " + length + "\r\n"), std::string::npos) << raw;
}

TEST_F(ServerTest, HeadThenGetOnOneConnection) {
  HttpClient client(port_);
  const auto head = client.request("HEAD", "/echo");
  EXPECT_EQ(head.status, 200U);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.header("content-length"), std::to_string(EchoBody("HEAD", "/echo").size()));
  const auto get = client.get("/echo");
  EXPECT_EQ(get.body, EchoBody("GET", "/echo"));
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(ServerTest, UnknownPathIs404) {
  HttpClient client(port_);
  const auto r = client.get("/no/such/route");
  EXPECT_EQ(r.status, 404U);
  EXPECT_EQ(r.body, "not found: no such route\n");
  EXPECT_TRUE(r.keep_alive);
}

TEST_F(ServerTest, RequestHeaderLookupIsCaseInsensitive) {
  RawClient c(port_);
  ASSERT_TRUE(c.Send(Get("/echo", "x-TEST: mixed\r\n")));
  const auto rs = c.ReadResponses(1);
  ASSERT_EQ(rs.size(), 1U);
  EXPECT_EQ(rs[0].body, EchoBody("GET", "/echo", "", "mixed"));
}

TEST_F(ServerTest, CorsFlagAddsAllowOrigin) {
  HttpClient client(port_);
  EXPECT_EQ(client.get("/cors").header("access-control-allow-origin"), "*");
  EXPECT_FALSE(client.get("/echo").has_header("access-control-allow-origin"));
}

TEST_F(ServerTest, HandlerHeadersCannotInjectHeaders) {
  RawClient c(port_);
  ASSERT_TRUE(c.Send(Get("/inject")));
  const auto rs = c.ReadResponses(1);
  ASSERT_EQ(rs.size(), 1U);
  EXPECT_EQ(rs[0].get("x-inject"), "a  X-Evil: 1");
  EXPECT_EQ(rs[0].count("x-evil"), 0);
  EXPECT_EQ(rs[0].body, "x\n");
}

TEST_F(ServerTest, NoContentHasNoContentLengthOnTheWire) {
  RawClient c(port_);
  ASSERT_TRUE(c.Send(Get("/nocontent", "Connection: close\r\n")));
  ASSERT_TRUE(c.WaitForClose());
  const std::string& raw = c.received();
  EXPECT_TRUE(raw.starts_with("HTTP/1.1 204 No Content\r\n")) << raw;
  EXPECT_EQ(Lower(raw).find("content-length"), std::string::npos) << raw;
  EXPECT_EQ(Lower(raw).find("transfer-encoding"), std::string::npos) << raw;
  EXPECT_EQ(raw.find("\r\n\r\n"), raw.size() - 4) << raw;
}

TEST_F(ServerTest, NoContentKeepsTheConnectionUsable) {
  RawClient c(port_);
  ASSERT_TRUE(c.Send(Get("/nocontent") + Get("/echo?after=204")));
  const auto rs = c.ReadResponses(2);
  ASSERT_EQ(rs.size(), 2U);
  EXPECT_EQ(rs[0].status, 204U);
  EXPECT_EQ(rs[0].count("content-length"), 0);
  EXPECT_EQ(rs[1].status, 200U);
  EXPECT_EQ(rs[1].body, EchoBody("GET", "/echo", "after=204"));
}

TEST_F(ServerTest, ThrowingHandlerAnswers500AndKeepsTheConnection) {
  HttpClient client(port_);
  const auto r = client.get("/throw");
  EXPECT_EQ(r.status, 500U);
  EXPECT_EQ(r.body, "internal error: no answer\n");
  EXPECT_EQ(client.get("/echo").status, 200U);
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(ServerTest, HandlerThatDropsItsResponderAnswers500) {
  HttpClient client(port_);
  const auto r = client.get("/drop");
  EXPECT_EQ(r.status, 500U);
  EXPECT_EQ(r.body, "internal error: no answer\n");
  EXPECT_EQ(client.get("/echo").status, 200U);
  EXPECT_EQ(client.connections_opened(), 1);
}

// ---------------------------------------------------------------------------------------
// Connections: keep-alive, HTTP/1.0, Connection: close, pipelining.

TEST_F(ServerTest, KeepAliveReusesOneConnection) {
  HttpClient client(port_);
  for (int i = 0; i < 100; ++i) {
    const auto r = client.get("/echo?i=" + std::to_string(i));
    ASSERT_EQ(r.status, 200U);
    ASSERT_EQ(r.body, EchoBody("GET", "/echo", "i=" + std::to_string(i)));
  }
  EXPECT_EQ(client.connections_opened(), 1);
  EXPECT_EQ(server_->stats().connections_accepted, 1U);
}

// A connection keeps one request's fields and body in buffers it reuses: the next request
// on it must see only its own.
TEST_F(ServerTest, ARequestSeesOnlyItsOwnFieldsAndBodyOnAReusedConnection) {
  HttpClient client(port_);
  const std::vector<std::pair<std::string, std::string>> browser = {
      {"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.0.0"},
      {"Accept", "image/avif,image/webp,*/*;q=0.8"},
      {"Cookie", "session=abcdef0123456789; cart=3"},
      {"Referer", "https://shop.example.com/products/12345"},
      {"x-test", "first"}};
  auto r = client.post("/echo", std::string(100000, 'b'), "text/plain", browser);
  ASSERT_EQ(r.status, 200U);
  EXPECT_EQ(r.body, EchoBody("POST", "/echo", "", "first", std::string(100000, 'b')));
  r = client.post("/echo", "small", "text/plain", {{"X-TEST", "second"}});
  EXPECT_EQ(r.body, EchoBody("POST", "/echo", "", "second", "small"));
  r = client.get("/echo?third");
  EXPECT_EQ(r.body, EchoBody("GET", "/echo", "third"));
  EXPECT_EQ(client.connections_opened(), 1);
}

// A head that arrives whole is read by the fast path (simple_head.hpp), one cut short or
// with a body by Beast's parser: one connection, alternating, gets the same answers.
TEST_F(ServerTest, HeadsReadWholeOrInPiecesGetTheSameAnswers) {
  RawClient c(port_);
  const std::string cut = Get("/echo?n=2", "X-Test: two\r\n");
  const std::size_t at = cut.find("X-Te") + 2;
  // A whole head, then half of the next one in the same write.
  ASSERT_TRUE(c.Send(Get("/echo?n=1", "x-test: one\r\n") + cut.substr(0, at)));
  ASSERT_EQ(c.ReadResponses(1).size(), 1U) << c.received();
  ASSERT_TRUE(c.Send(cut.substr(at)));
  ASSERT_EQ(c.ReadResponses(2).size(), 2U) << c.received();
  ASSERT_TRUE(c.Send(Post("/echo", "three", "X-Test: three\r\n")));
  ASSERT_TRUE(c.Send(Get("/echo?n=4", "X-Test: four\r\nConnection: close\r\n")));
  ASSERT_TRUE(c.WaitForClose());
  const auto rs = ParseResponses(c.received());
  ASSERT_EQ(rs.size(), 4U) << c.received();
  EXPECT_EQ(rs[0].body, EchoBody("GET", "/echo", "n=1", "one"));
  EXPECT_EQ(rs[1].body, EchoBody("GET", "/echo", "n=2", "two"));
  EXPECT_EQ(rs[2].body, EchoBody("POST", "/echo", "", "three", "three"));
  EXPECT_EQ(rs[3].body, EchoBody("GET", "/echo", "n=4", "four"));
  EXPECT_EQ(rs[3].get("connection"), "close");
}

TEST_F(ServerTest, Http10WithoutKeepAliveIsClosed) {
  RawClient c(port_);
  ASSERT_TRUE(c.Send("GET /echo?v=10 HTTP/1.0\r\n\r\n"));
  ASSERT_TRUE(c.WaitForClose());
  const auto rs = ParseResponses(c.received());
  ASSERT_EQ(rs.size(), 1U) << c.received();
  EXPECT_EQ(rs[0].status, 200U);
  EXPECT_EQ(rs[0].get("connection"), "close");
  EXPECT_EQ(rs[0].body, EchoBody("GET", "/echo", "v=10"));
}

TEST_F(ServerTest, Http10KeepAliveIsAnnouncedAndHonoured) {
  HttpClient client(port_);
  for (int i = 0; i < 3; ++i) {
    const auto r = client.request("GET", "/echo", "", {}, 10);
    EXPECT_EQ(r.status, 200U);
    EXPECT_EQ(r.header("connection"), "keep-alive");
  }
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  RawClient c(port_);
  ASSERT_TRUE(c.Send(Get("/echo", "Connection: close\r\n")));
  ASSERT_TRUE(c.WaitForClose());
  const auto rs = ParseResponses(c.received());
  ASSERT_EQ(rs.size(), 1U);
  EXPECT_EQ(rs[0].status, 200U);
  EXPECT_EQ(rs[0].get("connection"), "close");

  HttpClient client(port_);
  EXPECT_FALSE(client.get("/echo", {{"Connection", "close"}}).keep_alive);
  EXPECT_TRUE(client.get("/echo").keep_alive);
  EXPECT_EQ(client.connections_opened(), 2);
}

TEST_F(ServerTest, HandlerCanCloseTheConnection) {
  RawClient c(port_);
  ASSERT_TRUE(c.Send(Get("/close") + Get("/echo")));
  ASSERT_TRUE(c.WaitForClose());
  const auto rs = ParseResponses(c.received());
  ASSERT_EQ(rs.size(), 1U) << c.received();
  EXPECT_EQ(rs[0].body, "bye\n");
  EXPECT_EQ(rs[0].get("connection"), "close");
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  RawClient c(port_);
  // The first answer comes last from its handler; it must still be sent first.
  ASSERT_TRUE(c.Send(Get("/slow?ms=100") + Get("/echo?n=2") + Get("/nocontent")));
  const auto rs = c.ReadResponses(3);
  ASSERT_EQ(rs.size(), 3U) << c.received();
  EXPECT_EQ(rs[0].status, 200U);
  EXPECT_EQ(rs[0].body, "slow 100\n");
  EXPECT_EQ(rs[1].status, 200U);
  EXPECT_EQ(rs[1].body, EchoBody("GET", "/echo", "n=2"));
  EXPECT_EQ(rs[2].status, 204U);
}

TEST_F(ServerTest, PipelinedBodiesStayApart) {
  RawClient c(port_);
  ASSERT_TRUE(c.Send(Post("/echo", "first") + Post("/echo", "") + Post("/echo?x", "third!")));
  const auto rs = c.ReadResponses(3);
  ASSERT_EQ(rs.size(), 3U) << c.received();
  EXPECT_EQ(rs[0].body, EchoBody("POST", "/echo", "", "", "first"));
  EXPECT_EQ(rs[1].body, EchoBody("POST", "/echo", "", "", ""));
  EXPECT_EQ(rs[2].body, EchoBody("POST", "/echo", "x", "", "third!"));
}

TEST_F(ServerTest, ManyPipelinedRequestsInOneWrite) {
  std::string burst;
  for (int i = 0; i < 50; ++i) burst += Get("/echo?n=" + std::to_string(i));
  RawClient c(port_);
  ASSERT_TRUE(c.Send(burst));
  const auto rs = c.ReadResponses(50);
  ASSERT_EQ(rs.size(), 50U);
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(rs[static_cast<std::size_t>(i)].body,
              EchoBody("GET", "/echo", "n=" + std::to_string(i)));
  }
}

TEST_F(ServerTest, PipelineEndsAtConnectionClose) {
  RawClient c(port_);
  ASSERT_TRUE(
      c.Send(Get("/echo?n=1") + Get("/echo?n=2", "Connection: close\r\n") + Get("/echo?n=3")));
  ASSERT_TRUE(c.WaitForClose());
  const auto rs = ParseResponses(c.received());
  ASSERT_EQ(rs.size(), 2U) << c.received();
  EXPECT_EQ(rs[1].body, EchoBody("GET", "/echo", "n=2"));
  EXPECT_EQ(rs[1].get("connection"), "close");
}

// ---------------------------------------------------------------------------------------
// Asynchronous handlers and concurrency.

TEST_F(ServerTest, ResponderAnsweredFromAnotherThread) {
  HttpClient client(port_);
  const auto r = client.get("/slow?ms=50");
  EXPECT_EQ(r.status, 200U);
  EXPECT_EQ(r.body, "slow 50\n");
  EXPECT_EQ(client.get("/async?x=1").body, "async x=1\n");
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(ServerTest, ManyConcurrentClientsGetTheirOwnAnswers) {
  constexpr int kThreads = 8;
  constexpr int kRequests = 200;
  std::atomic<int> wrong{0};
  std::atomic<int> reconnects{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        HttpClient client(port_);
        for (int i = 0; i < kRequests; ++i) {
          const std::string id = std::to_string(t) + "-" + std::to_string(i);
          HttpResponse r;
          std::string expected;
          switch (i % 3) {
            case 0:
              r = client.get("/echo?id=" + id, {{"X-Test", id}});
              expected = EchoBody("GET", "/echo", "id=" + id, id);
              break;
            case 1:
              r = client.post("/echo", "body " + id);
              expected = EchoBody("POST", "/echo", "", "", "body " + id);
              break;
            default:
              r = client.get("/async?id=" + id);
              expected = "async id=" + id + "\n";
              break;
          }
          if (r.status != 200 || r.body != expected) ++wrong;
        }
        if (client.connections_opened() != 1) ++reconnects;
      } catch (const std::exception& e) {
        ADD_FAILURE() << "client " << t << ": " << e.what();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(reconnects.load(), 0);
  const auto stats = server_->stats();
  EXPECT_EQ(stats.requests, static_cast<std::uint64_t>(kThreads * kRequests));
  EXPECT_EQ(stats.connections_accepted, static_cast<std::uint64_t>(kThreads));
}

// ---------------------------------------------------------------------------------------
// Statistics.

TEST_F(ServerTest, StatsCountRequestsAndResponsesByStatus) {
  {
    HttpClient client(port_);
    for (int i = 0; i < 3; ++i) ASSERT_EQ(client.get("/echo").status, 200U);
    for (int i = 0; i < 2; ++i) ASSERT_EQ(client.get("/nope").status, 404U);
    ASSERT_EQ(client.get("/nocontent").status, 204U);
  }
  RawClient bad(port_);
  ASSERT_TRUE(bad.Send("GARBAGE\r\n\r\n"));
  ASSERT_TRUE(bad.WaitForClose());

  const auto stats = server_->stats();
  EXPECT_EQ(stats.requests, 6U);  // the malformed one never became a request
  const std::vector<std::pair<unsigned, std::uint64_t>> expected = {
      {200, 3}, {204, 1}, {400, 1}, {404, 2}};
  EXPECT_EQ(stats.responses_by_status, expected);
  EXPECT_EQ(stats.connections_accepted, 2U);
  EXPECT_EQ(stats.connections_rejected, 0U);
  EXPECT_TRUE(Eventually([&] { return server_->stats().connections_active == 0; }));
}

TEST_F(ServerTest, StatsStartAtZero) {
  const auto stats = server_->stats();
  EXPECT_EQ(stats.requests, 0U);
  EXPECT_EQ(stats.connections_accepted, 0U);
  EXPECT_EQ(stats.connections_active, 0U);
  EXPECT_TRUE(stats.responses_by_status.empty());
}

// ---------------------------------------------------------------------------------------
// Limits at their defaults.

// "/echo?pad=aaa..." of exactly `size` bytes.
std::string TargetOfSize(std::size_t size) { return "/echo?pad=" + std::string(size - 10, 'a'); }

// Header field lines (each with its CRLF) of exactly `size` bytes in all, starting with
// Host; the padding is split into lines of about `line` bytes.
std::string FieldsOfSize(std::size_t size, std::size_t line = 1000) {
  std::string out = "Host: x\r\n";
  for (int i = 0; out.size() < size; ++i) {
    const std::string name = "X-Pad-" + std::to_string(i) + ": ";
    const std::size_t left = size - out.size();
    const std::size_t length = left >= line + 32 ? line : left;  // the last line takes the rest
    out += name + std::string(length - name.size() - 2, 'v') + "\r\n";
  }
  EXPECT_EQ(out.size(), size);
  return out;
}

std::string RequestWith(const std::string& target, const std::string& fields) {
  return "GET " + target + " HTTP/1.1\r\n" + fields + "\r\n";
}

// Sends `request`, expects one `status` answer with Connection: close and a closed
// connection.
void ExpectRejected(std::uint16_t port, const std::string& request, unsigned status) {
  SCOPED_TRACE("request: " + request.substr(0, 60) + " (" + std::to_string(request.size()) +
               " bytes)");
  RawClient c(port);
  c.Send(request);  // the server may close before it has read everything
  ASSERT_TRUE(c.WaitForClose()) << "the connection was not closed";
  const auto rs = ParseResponses(c.received());
  ASSERT_EQ(rs.size(), 1U) << c.received().substr(0, 300);
  EXPECT_EQ(rs[0].status, status) << rs[0].body;
  EXPECT_EQ(rs[0].get("connection"), "close");
}

// Sends `request` and expects a 200 echo whose query is `query`.
void ExpectServed(std::uint16_t port, const std::string& request, const std::string& query) {
  SCOPED_TRACE("request: " + request.substr(0, 60) + " (" + std::to_string(request.size()) +
               " bytes)");
  RawClient c(port);
  ASSERT_TRUE(c.Send(request));
  const auto rs = c.ReadResponses(1);
  ASSERT_EQ(rs.size(), 1U) << c.received().substr(0, 300);
  EXPECT_EQ(rs[0].status, 200U) << rs[0].body;
  EXPECT_TRUE(rs[0].body.starts_with("method=GET\npath=/echo\nquery=" + query + "\n"));
}

TEST_F(ServerTest, DefaultLimitsAreTheDocumentedOnes) {
  const ServerOptions defaults;
  EXPECT_EQ(defaults.max_target_bytes, 8192U);
  EXPECT_EQ(defaults.max_header_bytes, 16384U);
  EXPECT_EQ(defaults.max_body_bytes, 1048576U);
  EXPECT_EQ(Options().max_target_bytes, 8192U);  // the fixture keeps them
}

TEST_F(ServerTest, TargetOneOverTheDefaultLimitIs414AndCloses) {
  ExpectRejected(port_, Get(TargetOfSize(8193)), 414);
}

TEST_F(ServerTest, TargetAtTheDefaultLimitIsServed) {
  const auto target = TargetOfSize(8192);
  ExpectServed(port_, Get(target), target.substr(6));
}

TEST_F(ServerTest, HugeTargetIs414) { ExpectRejected(port_, Get(TargetOfSize(100000)), 414); }

TEST_F(ServerTest, HeaderFieldsOverTheDefaultLimitAre431) {
  ExpectRejected(port_, RequestWith("/echo", FieldsOfSize(16385)), 431);
  ExpectRejected(port_, RequestWith("/echo", FieldsOfSize(16385, 100)), 431);
  ExpectRejected(port_, RequestWith("/echo", FieldsOfSize(16385, 20000)), 431);
}

TEST_F(ServerTest, HeaderFieldsAtTheDefaultLimitAreServed) {
  ExpectServed(port_, RequestWith("/echo", FieldsOfSize(16384)), "");
  ExpectServed(port_, RequestWith("/echo", FieldsOfSize(16384, 20000)), "");
}

TEST_F(ServerTest, OneHugeHeaderFieldIs431NotUriTooLong) {
  ExpectRejected(port_, RequestWith("/echo", FieldsOfSize(40000, 40000)), 431);
  ExpectRejected(port_, RequestWith("/echo", FieldsOfSize(200000, 200000)), 431);
}

TEST_F(ServerTest, TargetAndFieldsAtTheirLimitsTogetherAreServed) {
  const auto target = TargetOfSize(8192);
  const auto request = RequestWith(target, FieldsOfSize(16384));
  ExpectServed(port_, request, target.substr(6));
  // Again in two pieces, so that the server cannot parse the request line on its own.
  RawClient c(port_);
  ASSERT_TRUE(c.Send(request.substr(0, 100)));
  std::this_thread::sleep_for(50ms);
  ASSERT_TRUE(c.Send(request.substr(100)));
  const auto rs = c.ReadResponses(1);
  ASSERT_EQ(rs.size(), 1U) << c.received().substr(0, 300);
  EXPECT_EQ(rs[0].status, 200U) << rs[0].body;
}

TEST_F(ServerTest, BodyOverTheDefaultLimitIs413) {
  ExpectRejected(port_, Post("/echo", std::string(1048577, 'b')), 413);
  // Refused on the header alone, before the client sends the body.
  ExpectRejected(port_, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n", 413);
}

TEST_F(ServerTest, ChunkedBodyOverTheDefaultLimitIs413) {
  std::string request = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 16; ++i) request += "10000\r\n" + std::string(65536, 'c') + "\r\n";
  request += "1\r\nc\r\n0\r\n\r\n";
  ExpectRejected(port_, request, 413);
}

TEST_F(ServerTest, BodyAtTheDefaultLimitIsServed) {
  HttpClient client(port_);
  const std::string body(1048576, 'b');
  const auto r = client.post("/echo", body);
  EXPECT_EQ(r.status, 200U);
  EXPECT_EQ(r.body, EchoBody("POST", "/echo", "", "", body));

  std::string chunked = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 16; ++i) chunked += "10000\r\n" + std::string(65536, 'b') + "\r\n";
  chunked += "0\r\n\r\n";
  RawClient c(port_);
  ASSERT_TRUE(c.Send(chunked));
  const auto rs = c.ReadResponses(1);
  ASSERT_EQ(rs.size(), 1U);
  EXPECT_EQ(rs[0].status, 200U);
  EXPECT_EQ(rs[0].body, EchoBody("POST", "/echo", "", "", body));
}

TEST_F(ServerTest, ExpectContinueGets100ThenTheAnswer) {
  RawClient c(port_);
  ASSERT_TRUE(c.Send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
  auto rs = c.ReadResponses(1);
  ASSERT_EQ(rs.size(), 1U);
  EXPECT_EQ(c.received(), "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(c.Send("hello"));
  rs = c.ReadResponses(2);
  ASSERT_EQ(rs.size(), 2U);
  EXPECT_EQ(rs[1].status, 200U);
  EXPECT_EQ(rs[1].body, EchoBody("POST", "/echo", "", "", "hello"));
}

TEST_F(ServerTest, ExpectContinueWithTooLargeBodyGets413Only) {
  ExpectRejected(port_,
                 "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n"
                 "Expect: 100-continue\r\n\r\n",
                 413);
}

// ---------------------------------------------------------------------------------------
// Malformed HTTP: 400, then the connection is closed.

struct MalformedCase {
  const char* name;
  std::string bytes;
};

class MalformedRequestTest : public ServerTest,
                             public ::testing::WithParamInterface<MalformedCase> {};

TEST_P(MalformedRequestTest, Is400AndClosesTheConnection) {
  RawClient c(port_);
  ASSERT_TRUE(c.Send(GetParam().bytes + Get("/echo?after=bad")));
  ASSERT_TRUE(c.WaitForClose()) << "the connection was not closed";
  const auto rs = ParseResponses(c.received());
  ASSERT_EQ(rs.size(), 1U) << c.received();  // the request after it is not answered
  EXPECT_EQ(rs[0].status, 400U);
  EXPECT_EQ(rs[0].get("connection"), "close");
  EXPECT_TRUE(rs[0].body.starts_with("malformed HTTP request")) << rs[0].body;
  EXPECT_EQ(server_->stats().requests, 0U);
}

INSTANTIATE_TEST_SUITE_P(
    Http, MalformedRequestTest,
    ::testing::Values(
        MalformedCase{"Garbage", "GARBAGE\r\n\r\n"},
        MalformedCase{"VersionNotANumber", "GET / HTTP/1.x\r\nHost: x\r\n\r\n"},
        MalformedCase{"UnsupportedVersion", "GET / HTTP/2.0\r\nHost: x\r\n\r\n"},
        MalformedCase{"NotHttp", "GET / HTTQ/1.1\r\nHost: x\r\n\r\n"},
        MalformedCase{"BareLineFeeds", "GET / HTTP/1.1\nHost: x\n\n"},
        MalformedCase{"LeadingSpace", " GET / HTTP/1.1\r\nHost: x\r\n\r\n"},
        MalformedCase{"DoubleSpace", "GET  / HTTP/1.1\r\nHost: x\r\n\r\n"},
        MalformedCase{"HeaderLineWithoutColon", "GET / HTTP/1.1\r\nBad Header Line\r\n\r\n"},
        MalformedCase{"EmptyHeaderName", "GET / HTTP/1.1\r\n: x\r\n\r\n"},
        MalformedCase{"NulInTarget", "GET /a\0b HTTP/1.1\r\nHost: x\r\n\r\n"s},
        MalformedCase{"NulInMethod", "GE\0T / HTTP/1.1\r\nHost: x\r\n\r\n"s},
        MalformedCase{"NulInHeaderValue", "GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n"s},
        MalformedCase{"ContentLengthNotANumber", "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n"},
        MalformedCase{"NegativeContentLength", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"},
        MalformedCase{"ConflictingContentLengths",
                      "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabc"},
        MalformedCase{"ContentLengthAndChunked",
                      "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n"
                      "\r\n0\r\n\r\n"},
        MalformedCase{"BadChunkSize",
                      "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"}),
    [](const ::testing::TestParamInfo<MalformedCase>& p) { return p.param.name; });

// ---------------------------------------------------------------------------------------
// Small configured limits.

class SmallLimitsTest : public ServerTest {
 protected:
  ServerOptions Options() const override {
    auto o = ServerTest::Options();
    o.max_target_bytes = 256;
    o.max_header_bytes = 512;
    o.max_body_bytes = 1024;
    return o;
  }
};

TEST_F(SmallLimitsTest, TargetOverTheLimitIs414AndCloses) {
  ExpectRejected(port_, Get(TargetOfSize(257)), 414);
  ExpectRejected(port_, Get(TargetOfSize(5000)), 414);
}

TEST_F(SmallLimitsTest, TargetAtTheLimitIsServed) {
  const auto target = TargetOfSize(256);
  ExpectServed(port_, Get(target), target.substr(6));
}

TEST_F(SmallLimitsTest, OversizeTargetAfterGoodRequestsOnOneConnection) {
  RawClient c(port_);
  ASSERT_TRUE(c.Send(Get("/echo?n=1")));
  ASSERT_EQ(c.ReadResponses(1).size(), 1U);
  c.Send(Get(TargetOfSize(257)));
  ASSERT_TRUE(c.WaitForClose());
  const auto rs = ParseResponses(c.received());
  ASSERT_EQ(rs.size(), 2U);
  EXPECT_EQ(rs[0].status, 200U);
  EXPECT_EQ(rs[1].status, 414U);
}

TEST_F(SmallLimitsTest, HeaderFieldsOverTheLimitAre431) {
  ExpectRejected(port_, RequestWith("/echo", FieldsOfSize(513)), 431);
  ExpectRejected(port_, RequestWith("/echo", FieldsOfSize(513, 40)), 431);
  ExpectRejected(port_, RequestWith("/echo", FieldsOfSize(5000, 100)), 431);
}

TEST_F(SmallLimitsTest, HeaderFieldsAtTheLimitAreServed) {
  ExpectServed(port_, RequestWith("/echo", FieldsOfSize(512)), "");
  ExpectServed(port_, RequestWith("/echo", FieldsOfSize(512, 40)), "");
}

TEST_F(SmallLimitsTest, OneHugeHeaderFieldIs431NotUriTooLong) {
  ExpectRejected(port_, RequestWith("/echo", FieldsOfSize(2000, 2000)), 431);
}

TEST_F(SmallLimitsTest, HeaderFieldsSentLineByLineAreStoppedAtTheLimit) {
  // One line at a time, never the blank line: the server must not buffer without bound
  // waiting for the end of the header.
  RawClient c(port_);
  ASSERT_TRUE(c.Send("GET /echo HTTP/1.1\r\nHost: x\r\n"));
  bool answered = false;
  for (int i = 0; i < 200 && !answered; ++i) {
    if (!c.Send("X-Line-" + std::to_string(i) + ": " + std::string(40, 'v') + "\r\n")) break;
    answered = !c.ReadResponses(1, 5ms).empty();
  }
  ASSERT_TRUE(c.WaitForClose());
  const auto rs = ParseResponses(c.received());
  ASSERT_EQ(rs.size(), 1U) << "no answer before the client gave up";
  EXPECT_EQ(rs[0].status, 431U);
}

TEST_F(SmallLimitsTest, BodyOverTheLimitIs413) {
  ExpectRejected(port_, Post("/echo", std::string(1025, 'b')), 413);
  ExpectRejected(port_, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1025\r\n\r\n", 413);
}

TEST_F(SmallLimitsTest, BodyAtTheLimitIsServed) {
  HttpClient client(port_);
  const std::string body(1024, 'b');
  const auto r = client.post("/echo", body);
  EXPECT_EQ(r.status, 200U);
  EXPECT_EQ(r.body, EchoBody("POST", "/echo", "", "", body));
}

TEST_F(SmallLimitsTest, ChunkedBodyOverTheLimitIs413) {
  ExpectRejected(port_,
                 "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "400\r\n" +
                     std::string(1024, 'c') + "\r\n1\r\nc\r\n0\r\n\r\n",
                 413);
  ExpectRejected(port_,
                 "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "1000\r\n" +
                     std::string(4096, 'c') + "\r\n0\r\n\r\n",
                 413);
}

TEST_F(SmallLimitsTest, ChunkedBodyAtTheLimitIsServed) {
  RawClient c(port_);
  ASSERT_TRUE(
      c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
             "200\r\n" +
             std::string(512, 'c') + "\r\n200\r\n" + std::string(512, 'd') + "\r\n0\r\n\r\n"));
  const auto rs = c.ReadResponses(1);
  ASSERT_EQ(rs.size(), 1U);
  EXPECT_EQ(rs[0].status, 200U);
  EXPECT_EQ(rs[0].body,
            EchoBody("POST", "/echo", "", "", std::string(512, 'c') + std::string(512, 'd')));
}

TEST_F(SmallLimitsTest, ExpectContinueWithTooLargeBodyGets413Only) {
  ExpectRejected(port_,
                 "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1025\r\n"
                 "Expect: 100-continue\r\n\r\n",
                 413);
}

TEST_F(SmallLimitsTest, LimitAnswersAreCounted) {
  ExpectRejected(port_, Get(TargetOfSize(257)), 414);
  ExpectRejected(port_, RequestWith("/echo", FieldsOfSize(513)), 431);
  ExpectRejected(port_, Post("/echo", std::string(1025, 'b')), 413);
  const auto stats = server_->stats();
  const std::vector<std::pair<unsigned, std::uint64_t>> expected = {{413, 1}, {414, 1}, {431, 1}};
  EXPECT_EQ(stats.responses_by_status, expected);
  EXPECT_EQ(stats.requests, 0U);
}

// ---------------------------------------------------------------------------------------
// Read timeout.

class ReadTimeoutTest : public ServerTest {
 protected:
  ServerOptions Options() const override {
    auto o = ServerTest::Options();
    o.read_timeout = kReadTimeout;
    return o;
  }
};

TEST_F(ReadTimeoutTest, HalfARequestIsDisconnected) {
  const auto start = Clock::now();
  RawClient c(port_);
  ASSERT_TRUE(c.Send("GET /echo HTTP/1.1\r\nHost: x\r\n"));
  ASSERT_TRUE(c.WaitForClose());
  EXPECT_GE(Since(start), kReadTimeout - 10ms);
  EXPECT_EQ(c.received(), "");  // nobody to answer
}

TEST_F(ReadTimeoutTest, TricklingHeaderIsDisconnected) {
  // Every byte arrives well within the timeout; the whole header does not.
  const auto start = Clock::now();
  RawClient c(port_);
  ASSERT_TRUE(c.Send("GET /echo HTTP/1.1\r\nX-Slow: "));
  bool closed = false;
  while (!closed && Since(start) < kWait) {
    c.Send("v");
    closed = c.WaitForClose(50ms);
  }
  EXPECT_TRUE(closed);
  EXPECT_GE(Since(start), kReadTimeout - 10ms);
  EXPECT_EQ(c.received(), "");
}

TEST_F(ReadTimeoutTest, HalfABodyIsDisconnected) {
  const auto start = Clock::now();
  RawClient c(port_);
  ASSERT_TRUE(c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc"));
  ASSERT_TRUE(c.WaitForClose());
  EXPECT_GE(Since(start), kReadTimeout - 10ms);
  EXPECT_EQ(c.received(), "");
}

TEST_F(ReadTimeoutTest, IdleKeepAliveConnectionIsClosed) {
  RawClient c(port_);
  ASSERT_TRUE(c.Send(Get("/echo")));
  ASSERT_EQ(c.ReadResponses(1).size(), 1U);
  const auto answered = Clock::now();
  ASSERT_TRUE(c.WaitForClose());
  EXPECT_GE(Since(answered), kReadTimeout - 100ms);
  EXPECT_EQ(ParseResponses(c.received()).size(), 1U);
  EXPECT_TRUE(Eventually([&] { return server_->stats().connections_active == 0; }));
}

TEST_F(ReadTimeoutTest, EachRequestGetsTheFullTimeout) {
  HttpClient client(port_);
  const auto start = Clock::now();
  int i = 0;
  while (Since(start) < 2 * kReadTimeout) {
    ASSERT_EQ(client.get("/echo?i=" + std::to_string(i++)).status, 200U);
    std::this_thread::sleep_for(25ms);
  }
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(ReadTimeoutTest, SlowHandlerIsNotCutOffByTheReadTimeout) {
  HttpClient client(port_);
  const auto r = client.get("/slow?ms=600");
  EXPECT_EQ(r.status, 200U);
  EXPECT_EQ(r.body, "slow 600\n");
}

// ---------------------------------------------------------------------------------------
// Write timeout.

constexpr auto kWriteTimeout = 300ms;

class WriteTimeoutTest : public ServerTest {
 protected:
  ServerOptions Options() const override {
    auto o = ServerTest::Options();
    o.write_timeout = kWriteTimeout;
    o.max_body_bytes = 32U << 20U;
    return o;
  }
};

TEST_F(WriteTimeoutTest, AClientThatDoesNotReadItsAnswerIsDisconnected) {
  // The answer echoes a 24 MiB body: far more than the socket buffers between the two hold,
  // and this client never reads it.
  RawClient c(port_);
  const std::string body(24U << 20U, 'w');
  std::thread sender([&] { c.Send(Post("/echo", body)); });
  sender.join();  // the server has read the whole body once this returns
  ASSERT_TRUE(Eventually([&] { return server_->stats().requests == 1; }));
  const auto answering = Clock::now();
  ASSERT_TRUE(Eventually([&] { return server_->stats().connections_active == 0; }));
  EXPECT_GE(Since(answering), kWriteTimeout - 50ms);
}

// ---------------------------------------------------------------------------------------
// Connection limit.

class ConnectionLimitTest : public ServerTest {
 protected:
  ServerOptions Options() const override {
    auto o = ServerTest::Options();
    o.max_connections = 4;
    return o;
  }
};

TEST_F(ConnectionLimitTest, FifthConnectionGets503AndOthersKeepWorking) {
  {
    std::vector<std::unique_ptr<HttpClient>> clients;
    for (int i = 0; i < 4; ++i) {
      clients.push_back(std::make_unique<HttpClient>(port_));
      ASSERT_EQ(clients.back()->get("/echo").status, 200U);
    }
    EXPECT_EQ(server_->stats().connections_active, 4U);

    RawClient fifth(port_);
    fifth.Send(Get("/echo"));
    ASSERT_TRUE(fifth.WaitForClose());
    const auto rs = ParseResponses(fifth.received());
    ASSERT_EQ(rs.size(), 1U) << fifth.received();
    EXPECT_EQ(rs[0].status, 503U);
    EXPECT_EQ(rs[0].get("connection"), "close");

    for (auto& client : clients) {
      EXPECT_EQ(client->get("/echo").status, 200U);
      EXPECT_EQ(client->connections_opened(), 1);
    }
  }
  // The four are gone: there is room again.
  ASSERT_TRUE(Eventually([&] { return server_->stats().connections_active == 0; }));
  HttpClient later(port_);
  EXPECT_EQ(later.get("/echo").status, 200U);

  const auto stats = server_->stats();
  EXPECT_EQ(stats.connections_rejected, 1U);
  EXPECT_EQ(stats.connections_accepted, 6U);
}

// ---------------------------------------------------------------------------------------
// stop(grace).

TEST_F(ServerTest, StopClosesIdleKeepAliveConnectionsPromptly) {
  RawClient c(port_);
  ASSERT_TRUE(c.Send(Get("/echo")));
  ASSERT_EQ(c.ReadResponses(1).size(), 1U);
  HttpClient client(port_);
  ASSERT_EQ(client.get("/echo").status, 200U);

  const auto start = Clock::now();
  auto stopped = StopServerInBackground(10s);
  EXPECT_TRUE(c.WaitForClose());
  EXPECT_EQ(stopped.get(), 0U);
  EXPECT_LT(Since(start), 3s);  // not the grace period
}

TEST_F(ServerTest, StopLetsAnInFlightRequestFinish) {
  RawClient c(port_);
  ASSERT_TRUE(c.Send(Get("/slow?ms=300")));
  ASSERT_TRUE(Eventually([&] { return server_->stats().requests == 1; }));
  auto stopped = StopServerInBackground(kWait);
  ASSERT_TRUE(c.WaitForClose()) << c.received();
  const auto rs = ParseResponses(c.received());
  ASSERT_EQ(rs.size(), 1U) << c.received();
  EXPECT_EQ(rs[0].status, 200U);
  EXPECT_EQ(rs[0].body, "slow 300\n");
  EXPECT_EQ(rs[0].get("connection"), "close");
  EXPECT_EQ(stopped.get(), 0U);
}

TEST_F(ServerTest, StopAnswersOnlyTheInFlightRequestOfAPipeline) {
  RawClient c(port_);
  ASSERT_TRUE(c.Send(Get("/slow?ms=300") + Get("/echo")));
  ASSERT_TRUE(Eventually([&] { return server_->stats().requests == 1; }));
  auto stopped = StopServerInBackground(kWait);
  ASSERT_TRUE(c.WaitForClose());
  const auto rs = ParseResponses(c.received());
  ASSERT_EQ(rs.size(), 1U) << c.received();
  EXPECT_EQ(rs[0].body, "slow 300\n");
  EXPECT_EQ(rs[0].get("connection"), "close");
  EXPECT_EQ(stopped.get(), 0U);
}

// A request whose first part arrived before stop() is still read and answered.
void ExpectHalfRequestAnsweredAcrossStop(RawClient& c, std::future<std::size_t>& stopped,
                                         const std::string& rest) {
  std::this_thread::sleep_for(200ms);  // let stop() sweep the idle connections
  ASSERT_TRUE(c.Send(rest));
  ASSERT_TRUE(c.WaitForClose());
  const auto rs = ParseResponses(c.received());
  ASSERT_EQ(rs.size(), 1U) << c.received();
  EXPECT_EQ(rs[0].status, 200U);
  EXPECT_EQ(rs[0].body, EchoBody("GET", "/echo", "half"));
  EXPECT_EQ(rs[0].get("connection"), "close");
  EXPECT_EQ(stopped.get(), 0U);
}

TEST_F(ServerTest, StopAnswersARequestCutMidLine) {
  RawClient c(port_);
  ASSERT_TRUE(c.Send("GET /echo?half HTTP/1.1\r\nHo"));
  std::this_thread::sleep_for(200ms);  // let the server read it
  auto stopped = StopServerInBackground(kWait);
  ExpectHalfRequestAnsweredAcrossStop(c, stopped, "st: x\r\n\r\n");
}

TEST_F(ServerTest, StopAnswersARequestCutAtALineEnd) {
  RawClient c(port_);
  ASSERT_TRUE(c.Send("GET /echo?half HTTP/1.1\r\nHost: x\r\n"));
  std::this_thread::sleep_for(200ms);  // let the server read it
  auto stopped = StopServerInBackground(kWait);
  ExpectHalfRequestAnsweredAcrossStop(c, stopped, "\r\n");
}

TEST_F(ServerTest, StopAnswersARequestCutAfterTheRequestLine) {
  // The parser has consumed all that arrived: nothing is left in the read buffer.
  RawClient c(port_);
  ASSERT_TRUE(c.Send("GET /echo?half HTTP/1.1\r\n"));
  std::this_thread::sleep_for(200ms);  // let the server read it
  auto stopped = StopServerInBackground(kWait);
  ExpectHalfRequestAnsweredAcrossStop(c, stopped, "Host: x\r\n\r\n");
}

TEST_F(ServerTest, StopRefusesNewConnections) {
  EXPECT_EQ(StopServer(1s), 0U);
  EXPECT_TRUE(ConnectionRefused(port_));
}

TEST_F(ServerTest, StopRefusesNewConnectionsWhileDraining) {
  RawClient busy(port_);
  ASSERT_TRUE(busy.Send(Get("/slow?ms=1500")));
  ASSERT_TRUE(Eventually([&] { return server_->stats().requests == 1; }));
  auto stopped = StopServerInBackground(kWait);
  ASSERT_TRUE(Eventually([&] { return ConnectionRefused(port_); }));
  EXPECT_EQ(stopped.wait_for(0s), std::future_status::timeout) << "refused only after stop()";
  ASSERT_TRUE(busy.WaitForClose());
  EXPECT_EQ(ParseResponses(busy.received()).size(), 1U);
  EXPECT_EQ(stopped.get(), 0U);
}

TEST_F(ServerTest, StopCountsConnectionsStillBusyWhenGraceRunsOut) {
  RawClient busy(port_);
  ASSERT_TRUE(busy.Send(Get("/slow?ms=3000")));
  ASSERT_TRUE(Eventually([&] { return server_->stats().requests == 1; }));
  const auto start = Clock::now();
  EXPECT_EQ(StopServer(200ms), 1U);
  EXPECT_GE(Since(start), 200ms);
  EXPECT_LT(Since(start), 3s);
  // TearDown answers the pending request now, after the server stopped: that must not
  // crash or leak (ASan).
}

TEST_F(ServerTest, StopTwiceIsHarmless) {
  EXPECT_EQ(StopServer(100ms), 0U);
  EXPECT_EQ(StopServer(100ms), 0U);
}

TEST(ServerStartTest, BadListenAddressIsAnError) {
  Router router;
  ServerOptions o;
  o.listen = "not-an-ip";
  o.port = 0;
  Server server(o, router);
  const Status s = server.start();
  EXPECT_FALSE(s.is_ok());
  EXPECT_NE(s.message().find("not-an-ip"), std::string::npos) << s.message();
}

TEST(ServerStartTest, PortInUseIsAnError) {
  Router router;
  ServerOptions o;
  o.listen = "127.0.0.1";
  o.port = 0;
  Server first(o, router);
  ASSERT_TRUE(first.start().is_ok());
  o.port = first.port();
  Server second(o, router);
  EXPECT_FALSE(second.start().is_ok());
  EXPECT_EQ(first.stop(1s), 0U);
}

TEST(ServerStartTest, DestructorStopsARunningServer) {
  Router router;
  ServerOptions o;
  o.listen = "127.0.0.1";
  o.port = 0;
  std::uint16_t port = 0;
  {
    Server server(o, router);
    ASSERT_TRUE(server.start().is_ok());
    port = server.port();
    HttpClient client(port);
    EXPECT_EQ(client.get("/").status, 404U);
  }
  EXPECT_TRUE(ConnectionRefused(port));
}

}  // namespace
}  // namespace recod::http
