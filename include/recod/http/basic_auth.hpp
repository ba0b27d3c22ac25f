#pragma once
// HTTP Basic authentication (RFC 7617) for the routes that need a customer's credentials:
// user name = customer id, password = license key.

#include <string_view>

#include "recod/http/request.hpp"
#include "recod/http/response.hpp"

namespace recod::http {

/// True if the request's Authorization header carries exactly these credentials. The
/// comparison takes the same time wherever the first difference is, so that timing does
/// not reveal how much of a guess was right. An empty password never matches.
[[nodiscard]] bool has_basic_auth(const Request& request, std::string_view user,
                                  std::string_view password);

/// 401 with WWW-Authenticate: Basic realm="recod".
[[nodiscard]] Response unauthorized();

/// Compares two strings in time that depends only on their lengths.
[[nodiscard]] bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace recod::http
