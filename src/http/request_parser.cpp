#include "request_parser.hpp"

#include <limits>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>

namespace recod::http::detail {
namespace {

// A body up to this size keeps its buffer for the connection's next request; a larger one
// (a catalog import) gives its memory back.
constexpr std::size_t kKeptBodyBytes = std::size_t{64} * 1024;

}  // namespace

void ParsedRequest::clear() noexcept {
  method_ = boost::beast::http::verb::unknown;
  method_string_.clear();
  target_.clear();
  version_ = 11;
  field_bytes_.clear();
  fields_.clear();
  if (body_.capacity() > kKeptBodyBytes) {
    std::string().swap(body_);
  } else {
    body_.clear();
  }
}

std::string_view ParsedRequest::field(std::string_view name) const noexcept {
  const std::string_view bytes = field_bytes_;
  for (const Field& f : fields_) {
    if (boost::beast::iequals(bytes.substr(f.name_at, f.name_size), name)) {
      return bytes.substr(f.value_at, f.value_size);
    }
  }
  return {};
}

RequestParser::RequestParser(ParsedRequest& into) noexcept : into_(into) { into_.clear(); }

void RequestParser::on_request_impl(boost::beast::http::verb method, string_view method_str,
                                    string_view target, int version, error_code& /*ec*/) {
  // Copied: Beast hands the request line over before the fields have arrived, and the
  // connection's read buffer may move before they do.
  into_.method_ = method;
  into_.method_string_.assign(method_str.data(), method_str.size());
  into_.target_.assign(target.data(), target.size());
  into_.version_ = version;
}

void RequestParser::on_response_impl(int /*code*/, string_view /*reason*/, int /*version*/,
                                     error_code& ec) {
  ec = boost::beast::http::error::bad_version;  // never called: this parser reads requests
}

void RequestParser::on_field_impl(boost::beast::http::field /*name*/, string_view name_string,
                                  string_view value, error_code& ec) {
  std::string& bytes = into_.field_bytes_;
  // The header limit (at most a few tens of kilobytes) keeps offsets far below 2^32.
  if (bytes.size() + name_string.size() + value.size() >
      std::numeric_limits<std::uint32_t>::max()) {
    ec = boost::beast::http::error::header_limit;
    return;
  }
  ParsedRequest::Field f{};
  f.name_at = static_cast<std::uint32_t>(bytes.size());
  f.name_size = static_cast<std::uint32_t>(name_string.size());
  bytes.append(name_string.data(), name_string.size());
  f.value_at = static_cast<std::uint32_t>(bytes.size());
  f.value_size = static_cast<std::uint32_t>(value.size());
  bytes.append(value.data(), value.size());
  into_.fields_.push_back(f);
}

void RequestParser::on_header_impl(error_code& /*ec*/) {}

void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                                      error_code& /*ec*/) {
  // The parser has checked the length against its body limit already.
  if (content_length) into_.body_.reserve(static_cast<std::size_t>(*content_length));
}

std::size_t RequestParser::on_body_impl(string_view body, error_code& /*ec*/) {
  into_.body_.append(body.data(), body.size());
  return body.size();
}

void RequestParser::on_chunk_header_impl(std::uint64_t /*size*/, string_view /*extensions*/,
                                         error_code& /*ec*/) {}

std::size_t RequestParser::on_chunk_body_impl(std::uint64_t /*remain*/, string_view body,
                                              error_code& /*ec*/) {
  into_.body_.append(body.data(), body.size());
  return body.size();
}

void RequestParser::on_finish_impl(error_code& /*ec*/) {}

}  // namespace recod::http::detail
