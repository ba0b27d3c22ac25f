#include <spdlog/spdlog.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/read_size.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>

#include "server_core.hpp"
#include "simple_head.hpp"
#include "wire.hpp"

namespace recod::http {
namespace {

namespace bhttp = beast::http;

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// After an error answer, how long to drain what the client still sends before closing, so
// that a reset does not destroy the answer before the client has read it.
constexpr auto kLingerTime = std::chrono::seconds(1);
// Added to the parser's header limit beyond max_target_bytes + max_header_bytes.
constexpr std::uint32_t kHeaderSlack = 256;
// The most one read of a request header asks the socket for (Beast's choice too).
constexpr std::size_t kReadSize = 65536;
// What a connection's read buffer holds from the start: a browser's head (a dozen fields
// and a cookie, 0.5-2 KB) then comes in one read. Beast's read_size starts at 512 bytes,
// and cut such a head in two reads; a head cut in two goes to Beast's parser rather than
// the fast path (simple_head.hpp). 40 MB at the default 10000 connections.
constexpr std::size_t kReadBufferBytes = 4096;

Method to_method(bhttp::verb v) {
  switch (v) {
    case bhttp::verb::get:
      return Method::kGet;
    case bhttp::verb::head:
      return Method::kHead;
    case bhttp::verb::post:
      return Method::kPost;
    case bhttp::verb::put:
      return Method::kPut;
    case bhttp::verb::delete_:
      return Method::kDelete;
    case bhttp::verb::options:
      return Method::kOptions;
    case bhttp::verb::patch:
      return Method::kPatch;
    default:
      return Method::kOther;
  }
}

bool is_http_parse_error(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category();
}

// Drains a closing connection until EOF or for kLingerTime in all, whichever comes first.
struct Linger : std::enable_shared_from_this<Linger> {
  explicit Linger(tcp::socket&& s) : socket(std::move(s)), timer(socket.get_executor()) {}
  void start() {
    timer.expires_after(kLingerTime);
    timer.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->close();  // a pending read ends with operation_aborted
    });
    read();
  }
  void read() {
    socket.async_read_some(net::buffer(scratch),
                           [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             if (ec) {
                               self->timer.cancel();
                               self->close();
                               return;
                             }
                             self->read();
                           });
  }
  void close() {
    beast::error_code ignored;
    socket.close(ignored);
  }
  tcp::socket socket;
  net::steady_timer timer;
  std::array<char, 4096> scratch{};
};

}  // namespace

Session::Session(tcp::socket&& socket, Server::Core& core)
    : socket_(std::move(socket)), core_(core), timer_(socket_.get_executor()) {
  beast::error_code ec;
  socket_.set_option(tcp::no_delay(true), ec);  // small answers must leave at once
  buffer_.reserve(kReadBufferBytes);
  core_.active.fetch_add(1, std::memory_order_relaxed);
}

Session::~Session() {
  core_.unregister_session(this);
  core_.active.fetch_sub(1, std::memory_order_relaxed);
}

void Session::start(bool reject_connection) {
  core_.register_session(this, weak_from_this());
  net::dispatch(socket_.get_executor(), [self = shared_from_this(), reject_connection] {
    if (reject_connection) {
      self->reject(503, "too many connections; retry later");
      return;
    }
    self->do_read();
  });
}

std::string_view Session::get(std::string_view name) const { return request_.field(name); }

void Session::do_read() {
  if (core_.draining.load(std::memory_order_relaxed)) {
    close();
    return;
  }
  parser_.reset();  // parse_header starts with the fast path (simple_head.hpp)
  waiting_for_request_ = buffer_.size() == 0;
  header_bytes_ = 0;
  // One deadline for the whole request, the wait for it included (slow clients).
  expire_after(core_.options.read_timeout);
  parse_header();
}

std::uint32_t Session::header_limit() const {
  // One limit for the whole header section; on_read_header tells which part was too long.
  // The slack covers the method, the version, the CRLFs and the blank line, so that a
  // request with both the target and the fields at their limits is still read; the exact
  // limits are checked once the header is parsed.
  return core_.options.max_target_bytes + core_.options.max_header_bytes + kHeaderSlack;
}

void Session::start_beast_parser() {
  parser_.emplace(request_);
  parser_->header_limit(header_limit());
  parser_->body_limit(core_.options.max_body_bytes);
  parser_->eager(false);  // the header alone; on_read_header decides how to read a body
}

bool Session::read_simple_head() {
  const auto data = buffer_.data();
  const std::string_view received(static_cast<const char*>(data.data()), data.size());
  const auto head = detail::read_simple_head(received, header_limit(), request_);
  if (!head) return false;
  header_bytes_ = head->size;
  keep_alive_ = head->keep_alive;
  buffer_.consume(head->size);
  return true;
}

// What bhttp::async_read_header does, without its two composed operations around the
// socket's read: starting them and completing through the type-erased executor cost ~1.4k
// instructions per request, 7 % of a tracked click. Errors and the bytes counted are
// the same; a header already in buffer_ (a pipelined request) is handled at once.
//
// A head that has arrived whole and is simple is read by the fast path; anything else from
// the first byte on goes to Beast's parser, so a head cut short or wrong is read and
// answered as Beast would.
void Session::parse_header() {
  if (!parser_) {
    if (buffer_.size() == 0) {
      read_more_header();
      return;
    }
    if (read_simple_head()) {
      on_read_header({});
      return;
    }
    start_beast_parser();
  }
  beast::error_code ec;
  while (!parser_->is_header_done()) {
    if (buffer_.size() == 0) {
      read_more_header();
      return;
    }
    const std::size_t used = parser_->put(buffer_.data(), ec);
    header_bytes_ += used;
    buffer_.consume(used);
    if (ec == bhttp::error::need_more || (!ec && used == 0)) {
      read_more_header();  // what is left in buffer_ is parsed again with what comes next
      return;
    }
    if (ec) break;
  }
  on_read_header(ec);
}

void Session::read_more_header() {
  const std::size_t size = beast::read_size(buffer_, kReadSize);
  if (size == 0) {
    on_read_header(bhttp::error::buffer_overflow);
    return;
  }
  socket_.async_read_some(buffer_.prepare(size), with_own_memory(beast::bind_front_handler(
                                                     &Session::on_read_some, shared_from_this())));
}

void Session::on_read_some(beast::error_code ec, std::size_t bytes) {
  buffer_.commit(bytes);
  if (ec == net::error::eof) {
    if (!parser_ || !parser_->got_some()) {  // without parser_, nothing had arrived
      on_read_header(bhttp::error::end_of_stream);
      return;
    }
    ec = {};
    parser_->put_eof(ec);  // a request cut short: partial_message
    on_read_header(ec);
    return;
  }
  if (ec) {
    on_read_header(ec);
    return;
  }
  parse_header();
}

void Session::on_read_header(beast::error_code ec) {
  waiting_for_request_ = false;
  if (timed_out_) {
    spdlog::debug("closing a connection that sent no complete request in time");
    close();
    return;
  }
  if (ec == bhttp::error::end_of_stream || ec == net::error::operation_aborted) {
    close();
    return;
  }
  if (ec == bhttp::error::header_limit) {
    // The parser consumes the request line as soon as it has all of it: then the target is
    // known. Otherwise nothing was consumed and the request line is at the front of buffer_.
    const std::string_view target = request_.target();
    const auto data = buffer_.data();
    const std::string_view received(static_cast<const char*>(data.data()), data.size());
    const auto eol = received.find("\r\n");
    // The request line is the method, the target and "HTTP/1.1": allow some slack.
    bool target_too_long =
        eol == std::string_view::npos || eol > core_.options.max_target_bytes + 32;
    if (!target.empty()) target_too_long = target.size() > core_.options.max_target_bytes;
    if (target_too_long) {
      reject(414, "request target too long");
    } else {
      reject(431, "request header fields too large");
    }
    return;
  }
  if (ec == bhttp::error::body_limit) {
    reject(413, "request body too large");
    return;
  }
  if (ec) {
    if (is_http_parse_error(ec) && ec != bhttp::error::partial_message) {
      reject(400, "malformed HTTP request: " + ec.message());
    } else {
      close();  // the peer went away or the network failed: nobody to answer
    }
    return;
  }

  const auto& req = request_;
  if (req.target().size() > core_.options.max_target_bytes) {
    reject(414, "request target too long");
    return;
  }
  // header_bytes_ is the request line ("GET /x HTTP/1.1\r\n"), the fields and the blank line.
  const std::size_t request_line = req.method_string().size() + req.target().size() + 12;
  if (header_bytes_ > request_line + 2 &&
      header_bytes_ - request_line - 2 > core_.options.max_header_bytes) {
    reject(431, "request header fields too large");
    return;
  }
  if (!parser_ || parser_->is_done()) {  // the fast path reads only requests without a body
    handle_request();
    return;
  }
  const auto read_body = [self = shared_from_this()] {
    bhttp::async_read(
        self->socket_, self->buffer_, *self->parser_,
        self->with_own_memory(beast::bind_front_handler(&Session::on_read_body, self)));
  };
  if (beast::iequals(req.field("Expect"), "100-continue")) {
    // curl and others wait for this before they send a larger body.
    net::async_write(socket_, net::buffer(kContinue.data(), kContinue.size()),
                     [self = shared_from_this(), read_body](beast::error_code wec, std::size_t) {
                       if (wec) {
                         self->close();
                         return;
                       }
                       read_body();
                     });
    return;
  }
  read_body();
}

void Session::on_read_body(beast::error_code ec, std::size_t /*bytes*/) {
  if (timed_out_) {
    spdlog::debug("closing a connection whose request body did not arrive in time");
    close();
    return;
  }
  if (ec == bhttp::error::body_limit) {
    reject(413, "request body too large");
    return;
  }
  if (ec) {
    if (is_http_parse_error(ec) && ec != bhttp::error::partial_message) {
      reject(400, "malformed HTTP request body: " + ec.message());
    } else {
      close();
    }
    return;
  }
  handle_request();
}

void Session::handle_request() {
  clear_deadline();  // a slow handler is not the client's fault
  const auto& req = request_;
  core_.requests.fetch_add(1, std::memory_order_relaxed);
  http10_ = req.version() == 10;
  head_request_ = req.method() == bhttp::verb::head;
  if (parser_) keep_alive_ = parser_->keep_alive();  // else read_simple_head has set it
  close_after_write_ = !keep_alive_;

  const std::string_view target = req.target();
  const auto q = target.find('?');
  split_path(target.substr(0, q), segments_);
  const Request request(to_method(req.method()), req.method_string(), target, segments_, req.body(),
                        *this, keep_alive_);
  try {
    core_.router.dispatch(request, Responder(shared_from_this()));
  } catch (const std::exception& e) {
    // The Responder, destroyed unsent during unwinding, has answered 500.
    spdlog::error("handler failed on {} {}: {}", request.method_name(), request.path(), e.what());
  }
}

void Session::reject(unsigned status, std::string message) {
  spdlog::debug("{} {}", status, message);
  close_after_write_ = true;
  head_request_ = false;
  http10_ = false;
  write(Response::text(status, std::move(message)));
}

void Session::deliver(Response&& response) {
  // Most answers come on the thread and strand that handed out the request (a tracking
  // write's completion, a recommendation): write at once. net::dispatch would do the same
  // after wrapping the answer in a function object for the type-erased executor (~700
  // instructions per request).
  if (runs_on_own_executor()) {
    write(std::move(response));
    return;
  }
  // From any other thread: continue on this connection's strand.
  net::dispatch(socket_.get_executor(),
                [self = shared_from_this(), r = std::move(response)]() mutable {
                  self->write(std::move(r));
                });
}

bool Session::runs_on_own_executor() {
  // The executor is the io_context's with one I/O thread, a strand with several (do_accept).
  const auto& executor = socket_.get_executor();
  if (const auto* io = executor.target<net::io_context::executor_type>()) {
    return io->running_in_this_thread();
  }
  if (const auto* strand = executor.target<net::strand<net::io_context::executor_type>>()) {
    return strand->running_in_this_thread();
  }
  return false;
}

void Session::write(Response&& response) {
  core_.count_response(response.status);
  if (response.close || core_.draining.load(std::memory_order_relaxed)) close_after_write_ = true;
  out_.clear();
  detail::serialize_response(response, {!close_after_write_, http10_, head_request_}, out_);
  expire_after(core_.options.write_timeout);
  net::async_write(
      socket_, net::buffer(out_),
      with_own_memory(beast::bind_front_handler(&Session::on_write, shared_from_this())));
}

void Session::on_write(beast::error_code ec, std::size_t /*bytes*/) {
  if (timed_out_) spdlog::debug("closing a connection that did not take its answer in time");
  if (ec || close_after_write_) {
    close();
    return;
  }
  do_read();
}

void Session::close_if_idle() {
  // buffer_ is also empty when the parser has consumed all that arrived (say, a complete
  // request line): that request is half-received, not idle.
  if (waiting_for_request_ && buffer_.size() == 0 && (!parser_ || !parser_->got_some())) {
    beast::error_code ignored;
    socket_.cancel(ignored);
  }
}

void Session::close() {
  // The timer's pending wait holds this session: let it go now.
  clear_deadline();
  ++timer_generation_;
  timer_.cancel();
  beast::error_code ec;
  socket_.shutdown(tcp::socket::shutdown_send, ec);
  if (ec) {
    socket_.close(ec);
    return;
  }
  // Hand the socket to a small drainer; this session ends now.
  std::make_shared<Linger>(std::move(socket_))->start();
}

void Session::expire_after(std::chrono::milliseconds timeout) {
  deadline_ = Clock::now() + timeout;
  if (deadline_ < timer_expiry_) arm_timer(deadline_);
}

void Session::arm_timer(Clock::time_point at) {
  timer_expiry_ = at;
  timer_.expires_at(at);  // cancels a pending wait: its handler sees an old generation
  timer_.async_wait([self = shared_from_this(), generation = ++timer_generation_](
                        beast::error_code ec) { self->on_timer(ec, generation); });
}

void Session::on_timer(beast::error_code ec, std::uint64_t generation) {
  if (generation != timer_generation_) return;  // re-armed or closed since
  timer_expiry_ = Clock::time_point::max();
  if (ec) return;
  if (deadline_ == Clock::time_point::max()) return;  // nothing pending; the next op re-arms
  if (Clock::now() < deadline_) {
    arm_timer(deadline_);  // the deadline moved on since the timer was armed
    return;
  }
  // Cancelled, the pending read or write completes with operation_aborted; its handler sees
  // timed_out_ and closes the connection.
  timed_out_ = true;
  beast::error_code ignored;
  socket_.cancel(ignored);
}

}  // namespace recod::http
