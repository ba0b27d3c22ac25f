#include "recod/util/json_writer.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

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

// Strings up to this length that need no escaping (member names, enum values) are written
// with one append: a document has some fifteen of them per item, and four appends each
// cost more than the bytes.
constexpr std::size_t kShortString = 32;

// Appends `,"s":` (comma and colon only if asked) in one go, and returns true, if `s` is
// short and copied as it is by append_json_escaped; else appends nothing and returns false.
bool append_short_plain(std::string& out, bool comma, std::string_view s, bool colon) {
  if (s.size() > kShortString) return false;
  for (const char c : s) {
    if (!kPlain[static_cast<unsigned char>(c)]) return false;
  }
  char buf[kShortString + 4];
  std::size_t n = 0;
  if (comma) buf[n++] = ',';
  buf[n++] = '"';
  std::memcpy(buf + n, s.data(), s.size());
  n += s.size();
  buf[n++] = '"';
  if (colon) buf[n++] = ':';
  out.append(buf, n);
  return true;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  out.reserve(out.size() + s.size() + 2);
  out.push_back('"');
  append_json_escaped(out, s);
  out.push_back('"');
}

void append_json_escaped(std::string& out, std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    // Most of a document is plain text (ids, links): copy each run of it at once.
    std::size_t end = i;
    while (end < s.size() && kPlain[static_cast<unsigned char>(s[end])]) ++end;
    out.append(s.data() + i, end - i);
    if (end == s.size()) break;
    i = end;
    const char c = s[i];
    const auto u = static_cast<unsigned char>(c);
    // U+2028 and U+2029 end a line inside a JavaScript string literal before ES2019: a
    // JSONP document that carries them raw is a syntax error in older browsers.
    if (u == 0xe2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0xa8 ||
         static_cast<unsigned char>(s[i + 2]) == 0xa9)) {
      out.append(static_cast<unsigned char>(s[i + 2]) == 0xa8 ? "\\u2028" : "\\u2029");
      i += 3;
      continue;
    }
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '<':  // "</script>" or "<!--" must not change a JSONP <script> inlined in HTML
      case '>':
        out.append("\\u00");
        out.push_back(kHex[u >> 4]);
        out.push_back(kHex[u & 0xf]);
        break;
      default:
        if (u < 0x20 || u == 0x7f) {
          out.append("\\u00");
          out.push_back(kHex[u >> 4]);
          out.push_back(kHex[u & 0xf]);
        } else {
          out.push_back(c);  // 0xe2 that does not start U+2028 or U+2029
        }
    }
    ++i;
  }
}

void JsonWriter::separate() {
  if (need_comma_) out_.push_back(',');
  need_comma_ = true;
}

JsonWriter& JsonWriter::begin_object() {
  separate();
  out_.push_back('{');
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  out_.push_back('}');
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  separate();
  out_.push_back('[');
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  out_.push_back(']');
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  if (!append_short_plain(out_, need_comma_, name, true)) {
    separate();
    append_json_string(out_, name);
    out_.push_back(':');
  }
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view value) {
  if (!append_short_plain(out_, need_comma_, value, false)) {
    separate();
    append_json_string(out_, value);
  }
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::number(std::int64_t value) {
  separate();
  char buf[20];  // the 19 digits and the sign of INT64_MIN
  auto* const end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  out_.append(buf, static_cast<std::size_t>(end - buf));
  return *this;
}

JsonWriter& JsonWriter::number(double value) {
  separate();
  if (!std::isfinite(value)) {
    out_.append("0");
    return *this;
  }
  char buf[64];
  const int n = std::snprintf(buf, sizeof buf, "%.6g", value);
  out_.append(buf, static_cast<std::size_t>(n));
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  separate();
  out_.append(value ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::null() {
  separate();
  out_.append("null");
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  separate();
  out_.append(json);
  return *this;
}

JsonWriter& JsonWriter::item_id(std::string_view id) {
  if (is_canonical_number(id)) {
    separate();
    out_.append(id);
    return *this;
  }
  return string(id);
}

}  // namespace recod::util
