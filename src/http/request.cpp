#include "recod/http/request.hpp"

namespace recod::http {

Request::Request(Method method, std::string_view method_name, std::string_view target,
                 std::span<const std::string_view> segments, std::string_view body,
                 const HeaderSource& headers, bool keep_alive) noexcept
    : method_(method),
      method_name_(method_name),
      target_(target),
      segments_(segments),
      body_(body),
      headers_(headers),
      keep_alive_(keep_alive) {
  const auto q = target.find('?');
  path_ = target.substr(0, q);
  query_ = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
}

}  // namespace recod::http
