#pragma once
// The head of a plain GET or HEAD request, read without Beast's parser. Private to http/.
//
// Nearly every request recod answers is a GET without a body: tracking pixels from
// browsers, recommendation calls from shop back ends. Beast's parser hands such a head over
// field by field, looking each name up in its table of known fields and each value through
// a virtual call; with a browser's dozen fields that was the largest part of a tracked
// click that recod could still do without (docs/performance.md). read_simple_head reads a
// whole head in one pass into the same ParsedRequest, and only a head it can read exactly
// as Beast would: anything else (another method, a body, a head cut short, an obsolete line
// fold, a Connection list, a byte out of place) it declines, and the connection hands the
// bytes to RequestParser, which reads or rejects them as before.
// fuzz/fuzz_http_request.cpp checks that whatever it reads, Beast reads alike.

#include <cstddef>
#include <optional>
#include <string_view>

#include "request_parser.hpp"

namespace recod::http::detail {

/// What read_simple_head found besides the request itself.
struct SimpleHead {
  std::size_t size;  // bytes of the head: request line, fields and the blank line
  bool keep_alive;   // as Beast's parser would say: HTTP/1.1 unless "close", 1.0 if "keep-alive"
};

/// Reads the head at the front of `received` into `into` if `received` holds all of it, its
/// request line and its fields are each at most `header_limit` bytes (Beast's parser limits
/// a head it is given whole so), and it is simple: "GET" or "HEAD", HTTP/1.0 or 1.1, no
/// Content-Length, Transfer-Encoding or Upgrade field, a Connection field (if any) of just
/// "close" or "keep-alive". Otherwise nullopt, and `into` holds nothing of use (the
/// RequestParser that takes over clears it).
std::optional<SimpleHead> read_simple_head(std::string_view received, std::size_t header_limit,
                                           ParsedRequest& into);

}  // namespace recod::http::detail
