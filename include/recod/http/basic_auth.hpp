#pragma once
// HTTP Basic authentication (RFC 7617) for the routes that need a customer's credentials:
// user name = customer id, password = license key.

#include <string_view>

#include "recod/http/request.hpp"
#include "recod/http/responder.hpp"
#include "recod/http/response.hpp"
#include "recod/util/percent.hpp"

namespace recod::http {

/// True if the request's Authorization header carries exactly these credentials. The
/// comparison takes the same time wherever the first difference is, so that timing does
/// not reveal how much of a guess was right. An empty password never matches.
[[nodiscard]] bool has_basic_auth(const Request& request, std::string_view user,
                                  std::string_view password);

/// 401 with WWW-Authenticate: Basic realm="recod".
[[nodiscard]] Response unauthorized();

/// The customer a route acts for, named by the percent-encoded path segment `encoded_id`,
/// once the request carries its credentials. `find(id)` returns the customer (anything with
/// `id` and `license_key`) or nullptr. Otherwise answers 404 (no such customer) or 401
/// through `out` and returns nullptr.
template <typename Find>
[[nodiscard]] auto authorized_customer(const Request& request, std::string_view encoded_id,
                                       const Find& find, Responder& out)
    -> decltype(find(std::string_view{})) {
  const auto id = util::percent_decode(encoded_id, false);
  const auto* customer = id ? find(std::string_view(*id)) : nullptr;
  if (customer == nullptr) {
    out.send(Response::text(404, "unknown customer id"));
    return nullptr;
  }
  if (!has_basic_auth(request, customer->id, customer->license_key)) {
    out.send(unauthorized());
    return nullptr;
  }
  return customer;
}

/// Compares two strings in time that depends only on their lengths.
[[nodiscard]] bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace recod::http
