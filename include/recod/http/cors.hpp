#pragma once
// Helpers shared by the handlers of browser-facing routes (tracking, recommendations).

#include <string_view>

#include "recod/http/request.hpp"
#include "recod/http/response.hpp"

namespace recod::http {

/// The answer to a CORS preflight (OPTIONS): 204 allowing any origin, `allowed_methods`
/// ("GET, POST, OPTIONS"), and the request headers the browser asked for.
[[nodiscard]] Response preflight(const Request& request, std::string_view allowed_methods);

/// 405 with an Allow header and CORS, for a method a route does not take.
[[nodiscard]] Response method_not_allowed(std::string_view allowed_methods);

}  // namespace recod::http
