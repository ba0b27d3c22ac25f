#include "recod/http/response.hpp"

namespace recod::http {
namespace {

// Error messages may quote client input (a parameter name, say). Keep them one short line
// of printable text, so that they cannot forge headers, log lines or markup.
constexpr std::size_t kMaxMessageBytes = 300;

std::string printable_line(std::string message) {
  if (message.size() > kMaxMessageBytes) {
    message.resize(kMaxMessageBytes);
    message += "...";
  }
  for (auto& c : message) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = '?';
  }
  return message;
}

}  // namespace

Response Response::no_content() {
  Response r;
  r.status = 204;
  return r;
}

Response Response::text(unsigned status, std::string message) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = printable_line(std::move(message));
  r.body.push_back('\n');
  return r;
}

Response Response::json(unsigned status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body);
  return r;
}

}  // namespace recod::http
