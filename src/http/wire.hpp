#pragma once
// Serialising a Response into HTTP/1.1 bytes, and the cached Date header. Private to http/.

#include <string>
#include <string_view>

#include "recod/http/response.hpp"

namespace recod::http::detail {

/// The current time as an IMF-fixdate, formatted at most once a second per thread.
[[nodiscard]] std::string_view cached_http_date();

struct WireOptions {
  bool keep_alive = true;  ///< false: add "Connection: close"
  bool http10 = false;     ///< HTTP/1.0 client: keep-alive must be announced
  bool head = false;       ///< HEAD request: headers only
};

/// Appends the status line, headers and body of `response` to `out`. Content-Length is
/// omitted for 1xx, 204 and 304 (whose bodies are dropped). CR and LF in header values
/// are replaced by spaces, so that no handler can split the response.
void serialize_response(const Response& response, const WireOptions& options, std::string& out);

}  // namespace recod::http::detail
