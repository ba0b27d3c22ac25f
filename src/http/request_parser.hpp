#pragma once
// Reading a request with Beast's parser into storage a connection reuses. Private to http/.
//
// Beast's request_parser<string_body> keeps the header in basic_fields: one heap block and
// a tree insertion per field, freed with the parser after each request. A browser's
// tracking pixel carries a dozen fields (User-Agent, Accept, Cookie, Referer, the sec-*
// hints), and keeping them that way cost a click some 6k instructions, more than a tenth
// of it (docs/performance.md). recod looks up two or three of them per request, so
// ParsedRequest keeps the method, the target, the fields and the body as plain bytes whose
// buffers live as long as the connection; clearing them for the next request frees nothing.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/verb.hpp>

namespace recod::http::detail {

struct SimpleHead;

/// What a connection keeps of the request it is reading or handling.
class ParsedRequest final {
 public:
  /// Forgets the last request; keeps the buffers' capacity.
  void clear() noexcept;

  [[nodiscard]] boost::beast::http::verb method() const noexcept { return method_; }
  [[nodiscard]] std::string_view method_string() const noexcept { return method_string_; }
  [[nodiscard]] std::string_view target() const noexcept { return target_; }
  /// 10 for HTTP/1.0, 11 for HTTP/1.1.
  [[nodiscard]] int version() const noexcept { return version_; }
  [[nodiscard]] const std::string& body() const noexcept { return body_; }

  /// The value of the first field called `name` (case-insensitive); empty if none.
  [[nodiscard]] std::string_view field(std::string_view name) const noexcept;
  [[nodiscard]] std::size_t field_count() const noexcept { return fields_.size(); }

 private:
  // The two ways a request's head comes in: Beast's parser, and the fast path for a plain
  // GET (simple_head.hpp).
  friend class RequestParser;
  friend std::optional<SimpleHead> read_simple_head(std::string_view received,
                                                    std::size_t header_limit, ParsedRequest& into);

  // Where a field's name and value lie in field_bytes_: offsets, not views, because
  // field_bytes_ may move as it grows.
  struct Field {
    std::uint32_t name_at;
    std::uint32_t name_size;
    std::uint32_t value_at;
    std::uint32_t value_size;
  };

  boost::beast::http::verb method_ = boost::beast::http::verb::unknown;
  std::string method_string_;
  std::string target_;
  int version_ = 11;
  std::string field_bytes_;
  std::vector<Field> fields_;
  std::string body_;
};

/// Beast's parser of one request, writing into a ParsedRequest. Beast's parser cannot be
/// reset, so a connection makes one per request; the ParsedRequest outlives them.
class RequestParser final : public boost::beast::http::basic_parser<true> {
 public:
  /// Clears `into` and fills it as the request arrives.
  explicit RequestParser(ParsedRequest& into) noexcept;

 private:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

  void on_request_impl(boost::beast::http::verb method, string_view method_str, string_view target,
                       int version, error_code& ec) override;
  void on_response_impl(int code, string_view reason, int version, error_code& ec) override;
  void on_field_impl(boost::beast::http::field name, string_view name_string, string_view value,
                     error_code& ec) override;
  void on_header_impl(error_code& ec) override;
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                         error_code& ec) override;
  std::size_t on_body_impl(string_view body, error_code& ec) override;
  void on_chunk_header_impl(std::uint64_t size, string_view extensions, error_code& ec) override;
  std::size_t on_chunk_body_impl(std::uint64_t remain, string_view body, error_code& ec) override;
  void on_finish_impl(error_code& ec) override;

  ParsedRequest& into_;
};

}  // namespace recod::http::detail
