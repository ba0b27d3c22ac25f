#pragma once
// A real HTTP/1.1 client for tests (Boost.Beast, synchronous), plus a raw TCP connection
// for sending bytes that no well-behaved client would send.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace recod::test {

struct HttpResponse {
  unsigned status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  ///< names lower-cased; last value wins
  bool keep_alive = true;

  [[nodiscard]] bool has_header(const std::string& lower_name) const {
    return headers.contains(lower_name);
  }
  [[nodiscard]] std::string header(const std::string& lower_name) const {
    const auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

/// One keep-alive connection to 127.0.0.1:port; reconnects when the server closed it.
class HttpClient final {
 public:
  explicit HttpClient(std::uint16_t port);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResponse get(const std::string& target,
                   const std::vector<std::pair<std::string, std::string>>& headers = {});
  HttpResponse post(const std::string& target, const std::string& body,
                    const std::string& content_type = "application/x-www-form-urlencoded",
                    const std::vector<std::pair<std::string, std::string>>& headers = {});
  HttpResponse request(const std::string& method, const std::string& target,
                       const std::string& body = {},
                       const std::vector<std::pair<std::string, std::string>>& headers = {},
                       int http_version = 11);

  /// How many TCP connections this client has opened so far.
  [[nodiscard]] int connections_opened() const noexcept { return connections_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int connections_ = 0;
};

/// A plain TCP connection: write any bytes, read whatever comes back.
class RawConnection final {
 public:
  explicit RawConnection(std::uint16_t port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  /// Sends `bytes`; false if the connection is broken.
  bool send(const std::string& bytes);
  /// Reads until the peer closes or `timeout` passes; returns what arrived.
  std::string read_until_close(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  /// True if the peer closed the connection within `timeout` (reads and discards data).
  bool closed_within(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
};

/// The status code of the first response in raw bytes ("HTTP/1.1 414 ..." -> 414), or 0.
[[nodiscard]] unsigned first_status(const std::string& raw);

/// Counts the responses in raw bytes (occurrences of "HTTP/1.1 " at a line start).
[[nodiscard]] int count_responses(const std::string& raw);

}  // namespace recod::test
