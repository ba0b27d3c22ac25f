#pragma once
// Request: a read-only view of one HTTP request as handlers see it.
//
// Everything is a view into the connection's buffers: valid from the moment the router calls
// a handler until that handler's Responder::send() is called, and not after. A handler that
// answers asynchronously must copy what it needs before it returns. No Beast types here, so
// that handlers compile without Beast's headers.

#include <cstdint>
#include <span>
#include <string_view>

namespace recod::http {

enum class Method : std::uint8_t { kGet, kHead, kPost, kPut, kDelete, kOptions, kPatch, kOther };

/// Looks up request header values; implemented by the connection.
class HeaderSource {
 public:
  virtual ~HeaderSource() = default;
  /// The first value of header `name` (case-insensitive), or "" if absent.
  [[nodiscard]] virtual std::string_view get(std::string_view name) const = 0;
};

class Request final {
 public:
  Request(Method method, std::string_view method_name, std::string_view target,
          std::span<const std::string_view> segments, std::string_view body,
          const HeaderSource& headers, bool keep_alive) noexcept;

  [[nodiscard]] Method method() const noexcept { return method_; }
  [[nodiscard]] std::string_view method_name() const noexcept { return method_name_; }
  /// The request target as sent ("/api/00000/click/u/1/2?categorypath=%2FA").
  [[nodiscard]] std::string_view target() const noexcept { return target_; }
  /// The target before '?', still percent-encoded.
  [[nodiscard]] std::string_view path() const noexcept { return path_; }
  /// The target after '?' (without it), still encoded; "" if none.
  [[nodiscard]] std::string_view query() const noexcept { return query_; }
  /// The path split on '/', still encoded; a trailing slash adds no empty segment
  /// ("/api/x/" -> {"api", "x"}), inner empty segments are kept ("/a//b" -> {"a", "", "b"}).
  [[nodiscard]] std::span<const std::string_view> segments() const noexcept { return segments_; }
  [[nodiscard]] std::string_view body() const noexcept { return body_; }
  /// The first value of header `name` (case-insensitive), or "" if absent.
  [[nodiscard]] std::string_view header(std::string_view name) const { return headers_.get(name); }
  [[nodiscard]] bool keep_alive() const noexcept { return keep_alive_; }

 private:
  Method method_;
  std::string_view method_name_;
  std::string_view target_;
  std::string_view path_;
  std::string_view query_;
  std::span<const std::string_view> segments_;
  std::string_view body_;
  const HeaderSource& headers_;
  bool keep_alive_;
};

/// Splits `path` ("/a/b/") into `out` as Request::segments() describes; clears `out` first.
template <typename Vector>
void split_path(std::string_view path, Vector& out) {
  out.clear();
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return;
  std::size_t start = 0;
  for (;;) {
    const auto slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      out.push_back(path.substr(start));
      return;
    }
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
}

}  // namespace recod::http
