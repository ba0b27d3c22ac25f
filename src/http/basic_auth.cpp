#include "recod/http/basic_auth.hpp"

#include <optional>
#include <string>

namespace recod::http {
namespace {

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::optional<std::string> base64_decode(std::string_view in) {
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  std::string out;
  out.reserve(in.size() * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    const int v = base64_value(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return out;
}

}  // namespace

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  unsigned diff = a.size() == b.size() ? 0 : 1;
  const std::size_t n = a.size() < b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i) {
    diff |=
        static_cast<unsigned>(static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]));
  }
  return diff == 0;
}

bool has_basic_auth(const Request& request, std::string_view user, std::string_view password) {
  if (password.empty()) return false;
  auto header = request.header("Authorization");
  constexpr std::string_view kScheme = "Basic ";
  if (header.size() <= kScheme.size() || header.size() > 1024) return false;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {  // the scheme is case-insensitive
    if (std::tolower(static_cast<unsigned char>(header[i])) !=
        std::tolower(static_cast<unsigned char>(kScheme[i]))) {
      return false;
    }
  }
  header.remove_prefix(kScheme.size());
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  const auto decoded = base64_decode(header);
  if (!decoded) return false;
  const auto colon = decoded->find(':');
  if (colon == std::string::npos) return false;
  // Both halves are always compared, so that the time does not tell which one was wrong.
  const bool user_ok = constant_time_equal(std::string_view(*decoded).substr(0, colon), user);
  const bool password_ok =
      constant_time_equal(std::string_view(*decoded).substr(colon + 1), password);
  return user_ok && password_ok;
}

Response unauthorized() {
  Response r = Response::text(401,
                              "unauthorized: use Basic auth with the customer id and its "
                              "license key");
  r.with_header("WWW-Authenticate", R"(Basic realm="recod", charset="UTF-8")");
  return r;
}

}  // namespace recod::http
