// libFuzzer target: the two request parsers of http/ against Beast's own
// request_parser<string_body>.
//
// RequestParser (Beast's basic_parser writing into the ParsedRequest a connection reuses):
// the first byte picks where the input is cut in two, as if it arrived in two reads; the
// rest is the request. Both parsers run on the same pieces (the parsing is Beast's in both;
// what differs is where the request is kept). Checks: the same verdict; for a complete
// request, the same method, target, version, keep-alive, body and fields (in order, and
// found by name as the first of that name); a request after it on the same ParsedRequest
// starts empty. Beast's verdict itself may depend on the cut (an incomplete header with a
// bad field is "bad field" whole and "need more" cut short), so whole and cut are not
// compared with each other.
//
// read_simple_head (the fast path for a plain GET, simple_head.hpp), on the whole input:
// whatever head it reads, Beast's parser reads alike and to the same byte, with the same
// keep-alive and no body; both read it at the least header limit Beast reads it with, and
// neither one byte below that.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "request_parser.hpp"
#include "simple_head.hpp"

namespace {

namespace bhttp = boost::beast::http;
using recod::http::detail::ParsedRequest;
using recod::http::detail::read_simple_head;
using recod::http::detail::RequestParser;
using BeastParser = bhttp::request_parser<bhttp::string_body>;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

std::string_view view(boost::beast::string_view s) { return {s.data(), s.size()}; }

// Feeds the pieces the way a connection does; returns the error, need_more if unfinished.
template <class Parser>
boost::beast::error_code parse(Parser& parser, std::string_view first, std::string_view second) {
  parser.header_limit(8 * 1024);
  parser.body_limit(64 * 1024);
  std::string buffer;
  boost::beast::error_code ec;
  for (const auto piece : {first, second}) {
    buffer.append(piece);
    while (!buffer.empty() && !parser.is_done()) {
      const std::size_t used = parser.put(boost::asio::buffer(buffer), ec);
      buffer.erase(0, used);
      if (ec == bhttp::error::need_more) {
        ec = {};
        break;
      }
      if (ec) return ec;
      if (used == 0) break;
    }
  }
  return parser.is_done() ? ec : boost::beast::error_code(bhttp::error::need_more);
}

// The request in `ours` is the one `beast_parser` holds.
void check_same_request(const ParsedRequest& ours, const BeastParser& beast_parser) {
  const auto& theirs = beast_parser.get();
  check(ours.method() == theirs.method());
  check(ours.method_string() == view(theirs.method_string()));
  check(ours.target() == view(theirs.target()));
  check(ours.version() == static_cast<int>(theirs.version()));
  check(ours.body() == theirs.body());
  std::size_t fields = 0;
  for (const auto& f : theirs) {
    ++fields;
    const auto first_of_name = theirs.find(f.name_string());
    check(ours.field(view(f.name_string())) == view(first_of_name->value()));
  }
  check(ours.field_count() == fields);
}

void compare(std::string_view first, std::string_view second) {
  ParsedRequest ours;
  RequestParser our_parser(ours);
  const auto our_ec = parse(our_parser, first, second);
  BeastParser beast_parser;
  const auto beast_ec = parse(beast_parser, first, second);

  check(our_ec == beast_ec);
  if (our_ec) return;
  check_same_request(ours, beast_parser);
  check(our_parser.keep_alive() == beast_parser.keep_alive());

  RequestParser next(ours);
  check(ours.target().empty() && ours.field_count() == 0 && ours.body().empty());
}

// What Beast's parser makes of the head at the front of `input`, given all of it at once as
// a connection would: the bytes it took, or 0 if it did not finish a request without a body.
std::size_t beast_head(std::string_view input, std::uint32_t header_limit, BeastParser& parser) {
  parser.header_limit(header_limit);
  boost::beast::error_code ec;
  const std::size_t used = parser.put(boost::asio::buffer(input.data(), input.size()), ec);
  return !ec && parser.is_done() ? used : 0;
}

void compare_simple_head(std::string_view input) {
  constexpr std::uint32_t kHeaderLimit = 8 * 1024;
  ParsedRequest ours;
  const auto head = read_simple_head(input, kHeaderLimit, ours);
  if (!head) return;
  BeastParser beast_parser;
  check(beast_head(input, kHeaderLimit, beast_parser) == head->size);
  check(head->keep_alive == beast_parser.keep_alive());
  check_same_request(ours, beast_parser);

  // Given a head whole, Beast limits its request line and its fields each to header_limit.
  const auto request_line = static_cast<std::uint32_t>(input.find("\r\n") + 2);
  const auto fields = static_cast<std::uint32_t>(head->size) - request_line;
  const std::uint32_t least_limit = std::max(request_line, fields);
  check(read_simple_head(input, least_limit, ours).has_value());
  check(!read_simple_head(input, least_limit - 1, ours));
  BeastParser at_least_limit;
  check(beast_head(input, least_limit, at_least_limit) == head->size);
  BeastParser below_least_limit;
  check(beast_head(input, least_limit - 1, below_least_limit) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t cut = data[0] % (input.size() + 1);
  compare(input, {});
  compare_simple_head(input);
  compare(input.substr(0, cut), input.substr(cut));
  return 0;
}
