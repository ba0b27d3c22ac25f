#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "recod/catalog/xml.hpp"
#include "recod/util/time.hpp"

namespace recod::catalog {
namespace {

// The range parse_iso_utc accepts (1970-01-01T00:00:00 .. 9999-12-31T23:59:59); a stored
// value outside it (never produced by the reader) is clamped rather than overflowing.
constexpr std::int64_t kMinDate = 0;
constexpr std::int64_t kMaxDate = 253402300799;

// Escapes text for an attribute value or element content. Tab, newline and carriage return
// become character references: in an attribute value a parser would turn them into spaces,
// and in text a bare "\r" would become "\n".
void append_escaped(std::string& out, std::string_view s) {
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\t':
        out += "&#9;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        out += c;
    }
  }
}

// Writes `s` as CDATA so that content-data stays readable. "]]>" cannot appear inside a
// section, so it is split across two; "\r" would be read back as "\n" (end-of-line
// handling applies inside CDATA too), so it goes between sections as a reference.
void append_cdata(std::string& out, std::string_view s) {
  out += "<![CDATA[";
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '\r') {
      out += "]]>&#13;<![CDATA[";
      ++i;
    } else if (s.substr(i, 3) == "]]>") {
      out += "]]]]><![CDATA[>";
      i += 3;
    } else {
      out += s[i];
      ++i;
    }
  }
  out += "]]>";
}

void append_date(std::string& out, std::string_view name, std::int64_t seconds) {
  constexpr std::int64_t kUsPerSecond = 1'000'000;
  const std::int64_t clamped = std::clamp(seconds, kMinDate, kMaxDate);
  out += "  <";
  out += name;
  out += '>';
  out += util::iso_utc_us(clamped * kUsPerSecond).substr(0, 19);
  out += "</";
  out += name;
  out += ">\n";
}

// The reader trims the text of <categorypath> and drops leading and trailing '/'; a
// leading '/' (as in the reference, "/8/4/5") and, if the path ends in a space, a
// trailing one keep the spaces at either end.
void append_category_path(std::string& out, std::string_view path) {
  out += "    <categorypath>/";
  append_escaped(out, path);
  if (!path.empty() && path.back() == ' ') out += '/';
  out += "</categorypath>\n";
}

}  // namespace

std::string item_to_xml(const Item& item) {
  std::string out;
  out += "<item id=\"";
  append_escaped(out, item.id);
  out += "\" type=\"";
  out += std::to_string(item.type);
  out += "\">\n";
  if (item.price) {
    out += "  <price currency=\"";
    append_escaped(out, item.price->currency);
    out += "\">";
    out += std::to_string(item.price->amount_minor);
    out += "</price>\n";
  }
  if (item.valid_from_s) append_date(out, "validfrom", *item.valid_from_s);
  if (item.valid_to_s) append_date(out, "validto", *item.valid_to_s);
  if (!item.category_paths.empty()) {
    out += "  <categorypaths>\n";
    for (const std::string& path : item.category_paths) append_category_path(out, path);
    out += "  </categorypaths>\n";
  }
  if (!item.content.empty()) {
    out += "  <content>\n";
    for (const ContentData& c : item.content) {
      out += "    <content-data key=\"";
      append_escaped(out, c.key);
      out += "\">";
      append_cdata(out, c.value);
      out += "</content-data>\n";
    }
    out += "  </content>\n";
  }
  if (!item.attributes.empty()) {
    out += "  <attributes>\n";
    for (const Attribute& a : item.attributes) {
      out += "    <attribute key=\"";
      append_escaped(out, a.key);
      out += "\" value=\"";
      append_escaped(out, a.value);
      out += "\" type=\"";
      out += attribute_type_name(a.type);
      out += "\"/>\n";
    }
    out += "  </attributes>\n";
  }
  out += "</item>";
  return out;
}

}  // namespace recod::catalog
