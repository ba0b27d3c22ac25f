#pragma once
// Parsing of URL query strings and application/x-www-form-urlencoded bodies into
// name/value pairs, decoded once. Empty, "null" and "undefined" values are kept here (the
// signature check needs every parameter as sent); QueryParams::get() treats them as absent.

#include <string>
#include <string_view>
#include <vector>

#include "recod/util/status.hpp"

namespace recod::util {

struct QueryParam {
  std::string name;   ///< decoded name
  std::string value;  ///< decoded value; "" when the pair had no '='
};

/// The parameters of one request in the order they were sent.
class QueryParams final {
 public:
  QueryParams() = default;
  explicit QueryParams(std::vector<QueryParam> params) : params_(std::move(params)) {}

  /// The first value of `name` that is present: not empty, not "null", not "undefined".
  /// Returns nullptr when there is none. Names match exactly (case-sensitive).
  [[nodiscard]] const std::string* get(std::string_view name) const;

  /// Every present value of `name`, in request order (for repeatable parameters).
  [[nodiscard]] std::vector<std::string_view> get_all(std::string_view name) const;

  /// True when `value` counts as absent: empty, "null" or "undefined".
  [[nodiscard]] static bool is_absent_value(std::string_view value) noexcept;

  [[nodiscard]] const std::vector<QueryParam>& all() const noexcept { return params_; }
  void append(QueryParam p) { params_.push_back(std::move(p)); }
  /// Keeps the first `count` parameters (no-op if there are fewer).
  void truncate(std::size_t count) {
    if (count < params_.size()) params_.resize(count);
  }

 private:
  std::vector<QueryParam> params_;
};

/// Splits `query` (without the leading '?') on '&' (and ';' is NOT a separator), each pair
/// on the first '=', and percent-decodes names and values with '+' as space. Empty pairs
/// ("a=1&&b=2") are skipped. Fails with InvalidArgument naming the parameter whose name or
/// value has a malformed escape.
[[nodiscard]] Result<QueryParams> parse_query(std::string_view query);

/// Like parse_query, appending to `into` (a POST body's form parameters after the URL's).
[[nodiscard]] Status parse_query_into(std::string_view query, QueryParams& into);

}  // namespace recod::util
