#pragma once
// The server's shared state and the connection class. Private to http/.
//
// Core owns the io_context and everything the connections share; a Session is one
// connection (Beast's idiom: do_x / on_x pairs on the connection's strand).

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include "handler_memory.hpp"
#include "recod/http/request.hpp"
#include "recod/http/responder.hpp"
#include "recod/http/server.hpp"
#include "request_parser.hpp"

namespace recod::http {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

class Session;

class Server::Core final {
 public:
  Core(ServerOptions opts, const Router& r);

  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);
  void count_response(unsigned status) noexcept;
  void register_session(Session* s, std::weak_ptr<Session> w);
  void unregister_session(Session* s);
  /// Asks every connection that is waiting for a request to close.
  void close_idle_sessions();

  // Declaration order matters: the io_context is destroyed before the state its pending
  // sessions touch in their destructors, and the acceptor before the io_context.
  const ServerOptions options;
  const Router& router;
  std::atomic<bool> draining{false};
  std::atomic<std::uint64_t> accepted{0};
  std::atomic<std::uint64_t> rejected{0};
  std::atomic<std::uint64_t> active{0};
  std::atomic<std::uint64_t> requests{0};
  std::array<std::atomic<std::uint64_t>, 600> by_status{};

  std::mutex sessions_mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;

  net::io_context ioc;
  // Keeps the I/O threads running while no operation is pending, e.g. during stop() when the
  // acceptor is closed and every busy connection waits for its handler's answer.
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  tcp::acceptor acceptor;
  net::steady_timer accept_retry;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
};

/// One client connection.
class Session final : public ResponseSink,
                      public HeaderSource,
                      public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Server::Core& core);
  ~Session() override;

  /// Starts reading requests; `reject` = over the connection limit: answer 503 and close.
  void start(bool reject);

  void deliver(Response&& response) override;
  [[nodiscard]] std::string_view get(std::string_view name) const override;

  /// On the session's strand: closes the connection if it is waiting for a new request.
  void close_if_idle();

  /// The strand all of this connection's work runs on.
  [[nodiscard]] auto strand() { return socket_.get_executor(); }

 private:
  using Clock = std::chrono::steady_clock;

  void do_read();
  /// The header limit both parsers read with; on_read_header checks the exact limits after.
  [[nodiscard]] std::uint32_t header_limit() const;
  /// Hands the request being read to Beast's parser, from its first byte.
  void start_beast_parser();
  /// Reads a whole, simple head at the front of buffer_ (simple_head.hpp); false if there is
  /// none, and then nothing is consumed.
  bool read_simple_head();
  /// Parses the header from buffer_, reading more until it is complete or wrong, then
  /// calls on_read_header.
  void parse_header();
  void read_more_header();
  void on_read_some(beast::error_code ec, std::size_t bytes);
  void on_read_header(beast::error_code ec);  // the header's size is header_bytes_
  void on_read_body(beast::error_code ec, std::size_t bytes);
  void handle_request();
  /// Answers a protocol-level error (no handler involved) and closes afterwards.
  void reject(unsigned status, std::string message);
  void write(Response&& response);
  /// True on a thread that runs this connection's handlers, where it may write at once.
  [[nodiscard]] bool runs_on_own_executor();
  void on_write(beast::error_code ec, std::size_t bytes);
  void close();

  // The read or write in progress must end by a deadline. Setting one is a clock read and a
  // store: the timer behind it is re-armed only when it fires early (the deadline has moved
  // on since) or when a deadline comes before its expiry. Beast's basic_stream armed and
  // cancelled a timer around every read and write instead, and wrapped each in layers of
  // its own: a fifth of a tracked click's instructions (docs/performance.md).
  void expire_after(std::chrono::milliseconds timeout);
  void clear_deadline() { deadline_ = Clock::time_point::max(); }
  void arm_timer(Clock::time_point at);
  void on_timer(beast::error_code ec, std::uint64_t generation);
  /// `handler`, with the connection's operation memory as its allocator (handler_memory.hpp).
  template <typename Handler>
  auto with_own_memory(Handler&& handler) {
    return net::bind_allocator(detail::HandlerAllocator<std::byte>(operation_memory_),
                               std::forward<Handler>(handler));
  }

  detail::HandlerMemory operation_memory_;  // before socket_: its operations use it
  tcp::socket socket_;
  Server::Core& core_;
  net::steady_timer timer_;
  Clock::time_point deadline_ = Clock::time_point::max();      // max: no read or write pending
  Clock::time_point timer_expiry_ = Clock::time_point::max();  // max: timer not armed
  std::uint64_t timer_generation_ = 0;  // tells a wait that was re-armed from the current one
  bool timed_out_ = false;              // the socket's operations were cancelled at the deadline
  beast::flat_buffer buffer_;
  detail::ParsedRequest request_;  // kept from one request to the next
  // Beast's parser, for a request the fast path declined; empty while the fast path reads.
  std::optional<detail::RequestParser> parser_;
  std::size_t header_bytes_ = 0;  // of the request being read: what the parser took so far
  bool keep_alive_ = true;        // of the request being handled
  std::vector<std::string_view> segments_;
  std::string out_;
  bool waiting_for_request_ = false;  // reading, no byte of a new request seen yet
  bool close_after_write_ = false;
  bool head_request_ = false;
  bool http10_ = false;
};

}  // namespace recod::http
