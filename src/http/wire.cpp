#include "wire.hpp"

#include <chrono>

#include <boost/beast/http/status.hpp>

#include "recod/util/time.hpp"

namespace recod::http::detail {
namespace {

bool has_no_body(unsigned status) { return status < 200 || status == 204 || status == 304; }

// A CR or LF in a value would end the header early (response splitting): each becomes a
// space. Values rarely have one, so the text between them is copied in runs.
void append_header_value(std::string& out, std::string_view value) {
  for (;;) {
    std::size_t run = 0;
    while (run < value.size() && value[run] != '\r' && value[run] != '\n') ++run;
    out.append(value.data(), run);
    if (run == value.size()) return;
    out.push_back(' ');
    value.remove_prefix(run + 1);
  }
}

}  // namespace

std::string_view cached_http_date() {
  thread_local util::RecentHttpDate date;
  return date.format(std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count());
}

void serialize_response(const Response& r, const WireOptions& options, std::string& out) {
  out.append("HTTP/1.1 ");
  out.append(std::to_string(r.status));
  out.push_back(' ');
  out.append(
      boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(r.status)));
  out.append("\r\nDate: ");
  out.append(cached_http_date());
  out.append("\r\nServer: recod\r\n");
  if (!r.content_type.empty()) {
    out.append("Content-Type: ");
    append_header_value(out, r.content_type);
    out.append("\r\n");
  }
  const bool bodyless = has_no_body(r.status);
  if (!bodyless) {
    out.append("Content-Length: ");
    out.append(std::to_string(r.body.size()));
    out.append("\r\n");
  }
  if (r.cors) out.append("Access-Control-Allow-Origin: *\r\n");
  for (const auto& [name, value] : r.headers) {
    append_header_value(out, name);
    out.append(": ");
    append_header_value(out, value);
    out.append("\r\n");
  }
  if (!options.keep_alive) {
    out.append("Connection: close\r\n");
  } else if (options.http10) {
    out.append("Connection: keep-alive\r\n");
  }
  out.append("\r\n");
  if (!bodyless && !options.head) out.append(r.body);
}

}  // namespace recod::http::detail
