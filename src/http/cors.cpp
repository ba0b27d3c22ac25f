#include "recod/http/cors.hpp"

#include <string>

namespace recod::http {
namespace {

// Echoing Access-Control-Request-Headers lets any header through a preflight; it is only
// echoed if it is a plain list of header names, so nothing can be smuggled into the answer.
bool is_header_name_list(std::string_view s) {
  if (s.size() > 512) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == ',' || c == ' ';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Response preflight(const Request& request, std::string_view allowed_methods) {
  Response r = Response::no_content();
  r.cors = true;
  r.with_header("Access-Control-Allow-Methods", std::string(allowed_methods));
  const auto asked = request.header("Access-Control-Request-Headers");
  r.with_header("Access-Control-Allow-Headers", !asked.empty() && is_header_name_list(asked)
                                                    ? std::string(asked)
                                                    : "Authorization, Content-Type");
  r.with_header("Access-Control-Max-Age", "86400");
  return r;
}

Response method_not_allowed(std::string_view allowed_methods) {
  Response r = Response::text(405, "method not allowed; use " + std::string(allowed_methods));
  r.cors = true;
  r.with_header("Allow", std::string(allowed_methods));
  return r;
}

}  // namespace recod::http
