#include "recod/http/response.hpp"

#include "recod/util/utf8.hpp"

namespace recod::http {
namespace {

// Error messages may quote client input (a parameter name, say). Keep them one short line
// of printable text, so that they cannot forge headers, log lines or markup.
constexpr std::size_t kMaxMessageBytes = 300;

// The length of the well-formed UTF-8 sequence at the front of `s`, 0 if there is none.
std::size_t utf8_sequence_length(std::string_view s) {
  for (std::size_t len = 2; len <= 4 && len <= s.size(); ++len) {
    if (util::is_valid_utf8(s.substr(0, len))) return len;
  }
  return 0;
}

std::string printable_line(std::string message) {
  if (message.size() > kMaxMessageBytes) {
    message.resize(kMaxMessageBytes);
    message += "...";
  }
  // The body is declared UTF-8: a quoted byte that is not part of well-formed UTF-8 (a
  // "%FF" or an overlong sent by a client, or a sequence cut by the limit above) becomes
  // '?' like a control byte (tests/integration/hostile_input_test.cpp).
  for (std::size_t i = 0; i < message.size();) {
    const auto u = static_cast<unsigned char>(message[i]);
    if (u >= 0x80) {
      const std::size_t len = utf8_sequence_length(std::string_view(message).substr(i));
      if (len > 0) {
        i += len;
        continue;
      }
      message[i] = '?';
    } else if (u < 0x20 || u == 0x7f) {
      message[i] = '?';
    }
    ++i;
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
