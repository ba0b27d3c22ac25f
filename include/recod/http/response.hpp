#pragma once
// Response: what a handler answers, as a plain value. The connection adds Date, Server,
// Content-Length (never on 204 or 304) and Connection, and serialises it.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace recod::http {

struct Response {
  unsigned status = 200;
  std::string content_type;  ///< "" = no Content-Type header (and normally no body)
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  ///< extra headers, in order
  bool cors = false;                                         ///< add Access-Control-Allow-Origin: *
  bool close = false;  ///< close the connection after this response

  /// 204 No Content, no body.
  [[nodiscard]] static Response no_content();
  /// A short text/plain message (a newline is appended), e.g. an error.
  [[nodiscard]] static Response text(unsigned status, std::string message);
  /// application/json with `body` as is.
  [[nodiscard]] static Response json(unsigned status, std::string body);

  Response& with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  Response& with_cors() {
    cors = true;
    return *this;
  }
};

}  // namespace recod::http
