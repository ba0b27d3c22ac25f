#include "simple_head.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <limits>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/verb.hpp>

namespace recod::http::detail {
namespace {

namespace bhttp = boost::beast::http;
using ByteSet = std::array<bool, 256>;

// The bytes Beast's parser allows where each part of a head stands
// (boost/beast/http/detail/basic_parser.ipp).
constexpr ByteSet kTargetBytes = [] {  // is_pathchar: no control byte, no space
  ByteSet set{};
  for (int c = 0x21; c <= 0xff; ++c) set.at(c) = c != 0x7f;
  return set;
}();

constexpr ByteSet kNameBytes = [] {  // a token's tchar
  ByteSet set{};
  for (int c = '0'; c <= '9'; ++c) set.at(c) = true;
  for (int c = 'A'; c <= 'Z'; ++c) set.at(c) = true;
  for (int c = 'a'; c <= 'z'; ++c) set.at(c) = true;
  for (const char c : std::string_view("!#$%&'*+-.^_`|~"))
    set.at(static_cast<unsigned char>(c)) = true;
  return set;
}();

constexpr ByteSet kValueBytes = [] {  // parse_token_to_eol: HTAB, SP, VCHAR, obs-text
  ByteSet set{};
  set.at('\t') = true;
  for (int c = 0x20; c <= 0xff; ++c) set.at(c) = c != 0x7f;
  return set;
}();

bool in(const ByteSet& set, char c) { return set[static_cast<unsigned char>(c)]; }

/// True if every byte of [first, last) is in `set`, which holds no byte below `floor` but
/// HTAB, none of DEL, and every other byte. Targets and values are most of a head's bytes:
/// this looks at eight at a time, and byte by byte only at a word with a byte below `floor`
/// or a DEL in it (usually a value's HTAB).
bool all_in(const ByteSet& set, unsigned char floor, const char* first, const char* last) {
  constexpr std::uint64_t kOnes = 0x0101010101010101;
  constexpr std::uint64_t kHighBits = 0x8080808080808080;
  constexpr std::uint64_t kDels = kOnes * 0x7f;
  for (; last - first >= 8; first += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, first, sizeof word);
    // Nonzero if and only if a byte is below `floor` (with floor <= 0x80) or is DEL.
    const std::uint64_t below = (word - kOnes * floor) & ~word & kHighBits;
    const std::uint64_t dels = ((word ^ kDels) - kOnes) & ~(word ^ kDels) & kHighBits;
    if ((below | dels) != 0 && !std::all_of(first, first + 8, [&](char c) { return in(set, c); })) {
      return false;
    }
  }
  return std::all_of(first, last, [&](char c) { return in(set, c); });
}

/// The first `c` in [first, last), or nullptr.
const char* find(const char* first, const char* last, char c) {
  return static_cast<const char*>(std::memchr(first, c, static_cast<std::size_t>(last - first)));
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

/// Beast's parser acts on a few fields (do_field in boost/beast/http/impl/basic_parser.ipp).
/// False for one whose effect read_simple_head does not reproduce: a body's framing, an
/// upgrade, a Connection value other than one "close" or "keep-alive".
bool take_field(std::string_view name, std::string_view value, bool& close, bool& keep_alive) {
  using boost::beast::iequals;
  switch (name.size()) {
    case 7:
      return !iequals(name, "Upgrade");
    case 14:
      return !iequals(name, "Content-Length");
    case 17:
      return !iequals(name, "Transfer-Encoding");
    case 10:
    case 16:
      if (!iequals(name, "Connection") && !iequals(name, "Proxy-Connection")) return true;
      break;
    default:
      return true;
  }
  if (iequals(value, "close")) {
    close = true;
  } else if (iequals(value, "keep-alive")) {
    keep_alive = true;
  } else {
    return false;
  }
  return true;
}

}  // namespace

std::optional<SimpleHead> read_simple_head(std::string_view received, std::size_t header_limit,
                                           ParsedRequest& into) {
  // Given a whole head at once, Beast's parser reads its request line within header_limit
  // bytes, then its fields within header_limit bytes of their own. Offsets are 32 bits.
  const std::size_t limit =
      std::min<std::size_t>(header_limit, std::numeric_limits<std::uint32_t>::max());
  const char* p = received.data();
  const char* const received_end = p + received.size();
  const auto window_from = [&](const char* from) {
    return from + std::min(static_cast<std::size_t>(received_end - from), limit);
  };
  const char* end = window_from(p);
  const auto left = [&] { return static_cast<std::size_t>(end - p); };

  // The request line: method SP target SP version CRLF.
  bhttp::verb method = bhttp::verb::get;
  std::string_view method_string;
  const std::string_view head(p, left());
  if (head.starts_with("GET ")) {
    method_string = head.substr(0, 3);
  } else if (head.starts_with("HEAD ")) {
    method = bhttp::verb::head;
    method_string = head.substr(0, 4);
  } else {
    return std::nullopt;
  }
  p += method_string.size() + 1;
  const char* const target_begin = p;
  p = find(p, end, ' ');
  if (p == nullptr || !all_in(kTargetBytes, 0x21, target_begin, p)) return std::nullopt;
  const std::string_view target(target_begin, static_cast<std::size_t>(p - target_begin));
  constexpr std::string_view kVersion = " HTTP/1.";
  if (target.empty() || left() < kVersion.size() + 3 ||
      std::string_view(p, kVersion.size()) != kVersion) {
    return std::nullopt;
  }
  p += kVersion.size();
  if ((*p != '0' && *p != '1') || p[1] != '\r' || p[2] != '\n') return std::nullopt;
  const int version = *p == '1' ? 11 : 10;
  p += 3;

  into.clear();
  // The fields, up to the blank line: name ":" OWS value OWS CRLF.
  const char* const fields_begin = p;
  end = window_from(p);
  const auto offset = [fields_begin](const char* at) {
    return static_cast<std::uint32_t>(at - fields_begin);
  };
  bool close = false;
  bool keep_alive = false;
  for (;;) {
    if (left() < 2) return std::nullopt;
    if (*p == '\r') {
      if (p[1] != '\n') return std::nullopt;
      p += 2;
      break;
    }
    const char* const name_begin = p;
    while (p != end && in(kNameBytes, *p)) ++p;
    if (p == name_begin || p == end || *p != ':') return std::nullopt;
    const std::string_view name(name_begin, static_cast<std::size_t>(p - name_begin));
    ++p;
    while (p != end && is_blank(*p)) ++p;
    const char* const value_begin = p;
    p = find(p, end, '\r');
    if (p == nullptr || !all_in(kValueBytes, 0x20, value_begin, p)) return std::nullopt;
    // CRLF, and a next line that does not start with a blank: an obsolete line fold, which
    // Beast joins to this value.
    if (left() < 3 || p[1] != '\n' || is_blank(p[2])) return std::nullopt;
    const char* value_end = p;
    while (value_end != value_begin && is_blank(value_end[-1])) --value_end;
    p += 2;
    const std::string_view value(value_begin, static_cast<std::size_t>(value_end - value_begin));
    if (!take_field(name, value, close, keep_alive)) return std::nullopt;
    into.fields_.push_back({offset(name_begin), static_cast<std::uint32_t>(name.size()),
                            offset(value_begin), static_cast<std::uint32_t>(value.size())});
  }

  into.method_ = method;
  into.method_string_.assign(method_string);
  into.target_.assign(target);
  into.version_ = version;
  into.field_bytes_.assign(fields_begin, p);
  return SimpleHead{static_cast<std::size_t>(p - received.data()),
                    version == 11 ? !close : keep_alive};
}

}  // namespace recod::http::detail
