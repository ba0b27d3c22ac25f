#include "recod/util/percent.hpp"

#include <array>

namespace recod::util {
namespace {

constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr bool is_unreserved(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// is_unreserved() of every byte: one load per byte in the encoder's loop.
constexpr std::array<bool, 256> unreserved_bytes() {
  std::array<bool, 256> table{};
  for (unsigned b = 0; b < 256; ++b) table[b] = is_unreserved(static_cast<char>(b));
  return table;
}
constexpr std::array<bool, 256> kUnreserved = unreserved_bytes();

}  // namespace

std::optional<std::string> percent_decode(std::string_view in, bool plus_as_space) {
  std::string out;
  out.reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    // Ids and query values are mostly plain: copy each run of bytes that stand for
    // themselves at once rather than byte by byte.
    std::size_t end = i;
    while (end < in.size() && in[end] != '%' && (in[end] != '+' || !plus_as_space)) ++end;
    out.append(in.data() + i, end - i);
    if (end == in.size()) break;
    if (in[end] == '+') {
      out.push_back(' ');
      i = end + 1;
      continue;
    }
    if (in.size() - end < 3) return std::nullopt;
    const int hi = hex_value(in[end + 1]);
    const int lo = hex_value(in[end + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>((hi << 4) | lo));
    i = end + 3;
  }
  return out;
}

void percent_encode_into(std::string& out, std::string_view in) {
  // Written by hand: the signature must be computed over exactly this byte sequence, so the
  // rule is kept here rather than depending on a URL library's notion of a safe set.
  constexpr char kHexUpper[] = "0123456789ABCDEF";
  std::size_t i = 0;
  while (i < in.size()) {
    // Ids and names are mostly unreserved: copy each run of them at once.
    std::size_t end = i;
    while (end < in.size() && kUnreserved[static_cast<unsigned char>(in[end])]) ++end;
    out.append(in.data() + i, end - i);
    if (end == in.size()) break;
    const auto b = static_cast<unsigned char>(in[end]);
    const char escaped[3] = {'%', kHexUpper[b >> 4], kHexUpper[b & 0x0f]};
    out.append(escaped, sizeof escaped);
    i = end + 1;
  }
}

std::string percent_encode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  percent_encode_into(out, in);
  return out;
}

}  // namespace recod::util
