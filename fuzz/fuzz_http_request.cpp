// libFuzzer target: the request parser of http/ (Beast's basic_parser writing into the
// ParsedRequest a connection reuses), against Beast's own request_parser<string_body>.
//
// The first byte picks where the input is cut in two, as if it arrived in two reads; the
// rest is the request. Both parsers run on the same pieces (the parsing is Beast's in both;
// what differs is where the request is kept). Checks: the same verdict; for a complete
// request, the same method, target, version, keep-alive, body and fields (in order, and
// found by name as the first of that name); a request after it on the same ParsedRequest
// starts empty. Beast's verdict itself may depend on the cut (an incomplete header with a
// bad field is "bad field" whole and "need more" cut short), so whole and cut are not
// compared with each other.
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

namespace {

namespace bhttp = boost::beast::http;
using recod::http::detail::ParsedRequest;
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

void compare(std::string_view first, std::string_view second) {
  ParsedRequest ours;
  RequestParser our_parser(ours);
  const auto our_ec = parse(our_parser, first, second);
  BeastParser beast_parser;
  const auto beast_ec = parse(beast_parser, first, second);

  check(our_ec == beast_ec);
  if (our_ec) return;
  const auto& theirs = beast_parser.get();
  check(ours.method() == theirs.method());
  check(ours.method_string() == view(theirs.method_string()));
  check(ours.target() == view(theirs.target()));
  check(ours.version() == static_cast<int>(theirs.version()));
  check(our_parser.keep_alive() == beast_parser.keep_alive());
  check(ours.body() == theirs.body());
  std::size_t fields = 0;
  for (const auto& f : theirs) {
    ++fields;
    const auto first_of_name = theirs.find(f.name_string());
    check(ours.field(view(f.name_string())) == view(first_of_name->value()));
  }
  check(ours.field_count() == fields);

  RequestParser next(ours);
  check(ours.target().empty() && ours.field_count() == 0 && ours.body().empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t cut = data[0] % (input.size() + 1);
  compare(input, {});
  compare(input.substr(0, cut), input.substr(cut));
  return 0;
}
