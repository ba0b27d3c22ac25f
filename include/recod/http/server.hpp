#pragma once
// Server: the HTTP/1.1 listener and its connections (Boost.Beast), run by N I/O threads.
//
// Each connection reads one request at a time, hands it to the Router, and writes the
// answer before reading the next one, so pipelined requests are answered in order with one
// write in flight. Limits (target, header, body size, timeouts, connection count) are
// answered with 414, 431, 413, a closed connection, or 503 respectively, never a crash.
// stop() drains: no new connections, idle keep-alive connections closed, in-flight
// requests answered (with Connection: close) until the grace period ends.
//
// Thread safety: start() and stop() from one controlling thread; stats() and post() from any
// thread.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "recod/http/router.hpp"
#include "recod/util/status.hpp"
#include "recod/util/unique_function.hpp"

namespace recod::http {

struct ServerOptions {
  std::string listen = "0.0.0.0";
  std::uint16_t port = 8080;  ///< 0 = any free port; port() tells which
  unsigned threads = 1;
  std::uint32_t max_connections = 10000;
  std::uint32_t max_target_bytes = 8192;
  std::uint32_t max_header_bytes = 16384;
  std::uint32_t max_body_bytes = 1048576;
  std::chrono::milliseconds read_timeout{15000};
  std::chrono::milliseconds write_timeout{15000};
};

/// Counters for /metrics.
struct ServerStats {
  std::uint64_t connections_accepted = 0;
  std::uint64_t connections_rejected = 0;  ///< over max_connections
  std::uint64_t connections_active = 0;
  std::uint64_t requests = 0;
  /// Responses by status code: (code, count) for every code answered at least once.
  std::vector<std::pair<unsigned, std::uint64_t>> responses_by_status;
};

class Server final {
 public:
  /// `router` must outlive the server.
  Server(ServerOptions options, const Router& router);
  /// Stops (without grace) if still running.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds, listens and starts the I/O threads.
  [[nodiscard]] Status start();

  /// The bound port (after start()).
  [[nodiscard]] std::uint16_t port() const noexcept;

  /// Stops accepting, lets in-flight requests finish for up to `grace`, then stops the I/O
  /// threads. Returns the number of connections that were still open when grace ran out.
  std::size_t stop(std::chrono::milliseconds grace);

  [[nodiscard]] ServerStats stats() const;

  /// Runs `task` on an I/O thread, after the handlers that are ready to run already (so
  /// that work they hand over, such as writes to batch, is there when it runs). From any
  /// thread; a task still queued when the server stops is destroyed without running.
  void post(util::UniqueFunction<void()> task);

  class Core;  ///< the implementation (src/http/server_core.hpp); opaque to users

 private:
  std::unique_ptr<Core> core_;
};

}  // namespace recod::http
