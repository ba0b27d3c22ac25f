#include "recod/util/json_writer.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace recod::util {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// The bytes append_json_string copies as they are: not a control character, not '"', '\\',
// '<' or '>', and not 0xe2 (which may start U+2028 or U+2029).
constexpr std::array<bool, 256> plain_bytes() {
  std::array<bool, 256> plain{};
  for (unsigned b = 0x20; b < 256; ++b) plain[b] = true;
  for (const unsigned b : {0x22U, 0x5cU, 0x3cU, 0x3eU, 0x7fU, 0xe2U}) plain[b] = false;
  return plain;
}
constexpr std::array<bool, 256> kPlain = plain_bytes();

bool is_canonical_number(std::string_view id) {
  if (id.empty() || id.size() > 18 || id[0] == '0') return false;
  for (char c : id) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Escaping makes at most six bytes of one ("\u001f" of 0x1f; "\u2028" of its three).
constexpr std::size_t kMaxEscapedPerByte = 6;

std::size_t escaped_room(std::string_view s) {
  if (s.size() > std::numeric_limits<std::size_t>::max() / kMaxEscapedPerByte - 2) {
    throw std::length_error("JSON string too long");
  }
  return s.size() * kMaxEscapedPerByte;
}

// Writes `s` escaped as in a JSON string literal at `out`, which has escaped_room(s)
// bytes; returns the end of what it wrote.
char* escape_to(char* out, std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    // Most of a document is plain text (ids, links): copy each run of it at once.
    std::size_t end = i;
    while (end < s.size() && kPlain[static_cast<unsigned char>(s[end])]) ++end;
    if (end > i) {
      std::memcpy(out, s.data() + i, end - i);
      out += end - i;
    }
    if (end == s.size()) break;
    i = end;
    const auto u = static_cast<unsigned char>(s[i]);
    const auto put = [&out](std::string_view text) {
      std::memcpy(out, text.data(), text.size());
      out += text.size();
    };
    // U+2028 and U+2029 end a line inside a JavaScript string literal before ES2019: a
    // JSONP document that carries them raw is a syntax error in older browsers.
    if (u == 0xe2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0xa8 ||
         static_cast<unsigned char>(s[i + 2]) == 0xa9)) {
      put(static_cast<unsigned char>(s[i + 2]) == 0xa8 ? "\\u2028" : "\\u2029");
      i += 3;
      continue;
    }
    switch (u) {
      case '"':
        put("\\\"");
        break;
      case '\\':
        put("\\\\");
        break;
      case '\n':
        put("\\n");
        break;
      case '\r':
        put("\\r");
        break;
      case '\t':
        put("\\t");
        break;
      default:
        if (u == 0xe2) {
          *out++ = s[i];  // 0xe2 that does not start U+2028 or U+2029
        } else {
          // Control characters, DEL, and '<' and '>': "</script>" or "<!--" must not change
          // a JSONP <script> inlined in HTML.
          put("\\u00");
          *out++ = kHex[u >> 4];
          *out++ = kHex[u & 0xf];
        }
    }
    ++i;
  }
  return out;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  append_json_escaped(out, s);
  out.push_back('"');
}

void append_json_escaped(std::string& out, std::string_view s) {
  const std::size_t used = out.size();
  out.resize(used + escaped_room(s));
  char* const end = escape_to(out.data() + used, s);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

JsonWriter::JsonWriter(std::string& out, std::size_t expected_size) : out_(out) {
  const std::size_t used = out_.size();
  resize(used + expected_size, used);
}

void JsonWriter::finish() {
  const std::size_t used = written();
  resize(used, used);
}

void JsonWriter::grow(std::size_t n) {
  const std::size_t used = written();
  resize(std::max(used + n, 2 * out_.size()), used);
}

void JsonWriter::resize(std::size_t size, std::size_t used) {
  out_.resize(size);
  cursor_ = out_.data() + used;
  room_end_ = out_.data() + out_.size();
}

void JsonWriter::quoted(std::string_view s) {
  make_room(escaped_room(s) + 2);
  *cursor_++ = '"';
  cursor_ = escape_to(cursor_, s);
  *cursor_++ = '"';
}

JsonWriter& JsonWriter::key(std::string_view name) {
  if (need_comma_) put(',');
  quoted(name);
  put(':');
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view value) {
  separate();
  quoted(value);
  return *this;
}

JsonWriter& JsonWriter::number(double value) {
  separate();
  if (!std::isfinite(value)) {
    put('0');
    return *this;
  }
  char buf[64];
  const int n = std::snprintf(buf, sizeof buf, "%.6g", value);
  put(std::string_view(buf, static_cast<std::size_t>(n)));
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  separate();
  put(value ? std::string_view("true") : std::string_view("false"));
  return *this;
}

JsonWriter& JsonWriter::null() {
  separate();
  put(std::string_view("null"));
  return *this;
}

JsonWriter& JsonWriter::item_id(std::string_view id) {
  separate();
  if (is_canonical_number(id)) {
    put(id);
  } else {
    quoted(id);
  }
  return *this;
}

}  // namespace recod::util
