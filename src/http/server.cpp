#include "recod/http/server.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>

#include <string>

#include "recod/util/thread_name.hpp"
#include "server_core.hpp"

namespace recod::http {
namespace {

// When accept() fails for lack of descriptors or memory, wait this long before trying
// again instead of spinning.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);

bool is_resource_exhaustion(const beast::error_code& ec) {
  return ec == net::error::no_descriptors || ec == net::error::no_buffer_space ||
         ec == net::error::no_memory || ec.value() == ENFILE;
}

// The number of threads that run the io_context, as Asio's concurrency hint. With one, a
// handler that queues more work from that thread (every completion of a request does)
// skips the scheduler's lock; other threads' posts still take it.
int concurrency_hint(const ServerOptions& options) {
  return static_cast<int>(std::max(1U, options.threads));
}

}  // namespace

Server::Core::Core(ServerOptions opts, const Router& r)
    : options(std::move(opts)),
      router(r),
      ioc(concurrency_hint(options)),
      acceptor(net::make_strand(ioc)),
      accept_retry(acceptor.get_executor()) {}

void Server::Core::do_accept() {
  // A connection's handlers must not run concurrently: with several I/O threads each
  // connection gets a strand; with one, the thread itself serialises them, and a strand
  // would only add a queue and a type-erased executor copy to every completion.
  if (std::max(1U, options.threads) == 1) {
    acceptor.async_accept(ioc.get_executor(), beast::bind_front_handler(&Core::on_accept, this));
  } else {
    acceptor.async_accept(net::make_strand(ioc), beast::bind_front_handler(&Core::on_accept, this));
  }
}

void Server::Core::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
  if (ec) {
    if (is_resource_exhaustion(ec)) {
      spdlog::warn("accept failed ({}); retrying in {} ms", ec.message(),
                   kAcceptRetryDelay.count());
      accept_retry.expires_after(kAcceptRetryDelay);
      accept_retry.async_wait([this](beast::error_code wec) {
        if (!wec && !draining) do_accept();
      });
      return;
    }
    spdlog::debug("accept failed: {}", ec.message());
    do_accept();
    return;
  }
  accepted.fetch_add(1, std::memory_order_relaxed);
  const bool over_limit = active.load(std::memory_order_relaxed) >= options.max_connections;
  if (over_limit) rejected.fetch_add(1, std::memory_order_relaxed);
  std::make_shared<Session>(std::move(socket), *this)->start(over_limit);
  do_accept();
}

void Server::Core::count_response(unsigned status) noexcept {
  if (status < by_status.size()) by_status[status].fetch_add(1, std::memory_order_relaxed);
}

void Server::Core::register_session(Session* s, std::weak_ptr<Session> w) {
  std::lock_guard lock(sessions_mutex);
  sessions.emplace(s, std::move(w));
}

void Server::Core::unregister_session(Session* s) {
  std::lock_guard lock(sessions_mutex);
  sessions.erase(s);
}

void Server::Core::close_idle_sessions() {
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(sessions_mutex);
    live.reserve(sessions.size());
    for (auto& [ptr, weak] : sessions) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) {
    auto* raw = s.get();
    net::post(raw->strand(), [s = std::move(s)] { s->close_if_idle(); });
  }
}

Server::Server(ServerOptions options, const Router& router)
    : core_(std::make_unique<Core>(std::move(options), router)) {}

Server::~Server() {
  if (!core_->threads.empty()) stop(std::chrono::milliseconds(0));
}

Status Server::start() {
  auto& c = *core_;
  beast::error_code ec;
  const auto address = net::ip::make_address(c.options.listen, ec);
  if (ec) return Status::invalid("server.listen: '" + c.options.listen + "' is not an IP address");
  const tcp::endpoint endpoint(address, c.options.port);
  c.acceptor.open(endpoint.protocol(), ec);
  if (!ec) c.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) c.acceptor.bind(endpoint, ec);
  if (!ec) c.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::io_error("cannot listen on " + c.options.listen + ":" +
                            std::to_string(c.options.port) + ": " + ec.message());
  }
  c.port = c.acceptor.local_endpoint().port();
  c.work.emplace(c.ioc.get_executor());
  c.do_accept();

  const unsigned n = std::max(1U, c.options.threads);
  for (unsigned i = 0; i < n; ++i) {
    c.threads.emplace_back([&c, i] {
      util::name_this_thread("recod-io-" + std::to_string(i));
      // Handlers must not throw; if one does anyway, log it and keep the thread serving.
      for (;;) {
        try {
          c.ioc.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("uncaught exception on an I/O thread: {}", e.what());
        }
      }
    });
  }
  return Status::ok();
}

std::uint16_t Server::port() const noexcept { return core_->port; }

std::size_t Server::stop(std::chrono::milliseconds grace) {
  auto& c = *core_;
  c.draining = true;
  net::post(c.acceptor.get_executor(), [&c] {
    beast::error_code ec;
    c.acceptor.close(ec);
    c.accept_retry.cancel();
  });

  // Idle connections close at once; busy ones close after their answer (draining). A
  // request that was half-received when we started is still read and answered.
  const auto deadline = std::chrono::steady_clock::now() + grace;
  auto next_sweep = std::chrono::steady_clock::now();
  while (c.active.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    if (std::chrono::steady_clock::now() >= next_sweep) {
      c.close_idle_sessions();  // again now and then: a busy one may have become idle
      next_sweep += std::chrono::milliseconds(100);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const auto remaining = static_cast<std::size_t>(c.active.load());
  c.work.reset();
  c.ioc.stop();
  for (auto& t : c.threads) t.join();
  c.threads.clear();
  // The close posted above may not have run before the threads stopped (with no open
  // connection the loop above does not wait at all); the threads are gone, so close it here.
  beast::error_code ec;
  c.acceptor.close(ec);
  return remaining;
}

void Server::post(util::UniqueFunction<void()> task) { net::post(core_->ioc, std::move(task)); }

ServerStats Server::stats() const {
  const auto& c = *core_;
  ServerStats s;
  s.connections_accepted = c.accepted.load(std::memory_order_relaxed);
  s.connections_rejected = c.rejected.load(std::memory_order_relaxed);
  s.connections_active = c.active.load(std::memory_order_relaxed);
  s.requests = c.requests.load(std::memory_order_relaxed);
  for (unsigned code = 0; code < c.by_status.size(); ++code) {
    const auto n = c.by_status[code].load(std::memory_order_relaxed);
    if (n > 0) s.responses_by_status.emplace_back(code, n);
  }
  return s;
}

}  // namespace recod::http
