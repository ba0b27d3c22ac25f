#pragma once
// The building blocks of recod's stored binary values (events, catalog items): LEB128
// varints, zig-zag signed varints, length-prefixed strings, and a reader that checks every
// read against what is left, because a stored value is untrusted input to its decoder.
// Header-only and pure; a ByteReader is not shared between threads.

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>

namespace recod::util {

inline void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

/// Zig-zag, so that small negative numbers (never expected, but representable) stay short.
inline void put_signed_varint(std::string& out, std::int64_t v) {
  put_varint(out, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
}

inline void put_string(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s);
}

/// Ids are stored as varints when they are canonical decimals ("123" -> 1 byte): no leading
/// zero, at most 18 digits (always fits 63 bits), so that decoding gives back the same text.
inline bool canonical_numeric_id(std::string_view id, std::uint64_t& value) {
  if (id.empty() || id.size() > 18 || id[0] == '0') return false;
  value = 0;
  for (const char c : id) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

/// A cursor over an untrusted value; every read checks the remaining length and returns
/// false rather than reading past the end.
class ByteReader final {
 public:
  explicit ByteReader(std::string_view in) noexcept : in_(in) {}

  bool byte(std::uint8_t& out) {
    if (in_.empty()) return false;
    out = static_cast<std::uint8_t>(in_[0]);
    in_.remove_prefix(1);
    return true;
  }

  bool varint(std::uint64_t& out) {
    out = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      std::uint8_t b = 0;
      if (!byte(b)) return false;
      out |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return true;
    }
    return false;  // more than 10 bytes: not a varint we wrote
  }

  bool signed_varint(std::int64_t& out) {
    std::uint64_t v = 0;
    if (!varint(v)) return false;
    out = static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
    return true;
  }

  /// A length-prefixed string of at most `max_len` bytes.
  bool string(std::string& out, std::size_t max_len = std::numeric_limits<std::size_t>::max()) {
    std::uint64_t len = 0;
    if (!varint(len) || len > in_.size() || len > max_len) return false;
    out.assign(in_.data(), len);
    in_.remove_prefix(len);
    return true;
  }

  bool bytes(void* out, std::size_t n) {
    if (in_.size() < n) return false;
    std::memcpy(out, in_.data(), n);
    in_.remove_prefix(n);
    return true;
  }

  /// A list length; every entry takes at least `min_entry_bytes`, so a count larger than
  /// what is left is corrupt (and must not drive a huge reserve()).
  bool count(std::uint64_t& out, std::size_t min_entry_bytes) {
    return varint(out) && out <= in_.size() / min_entry_bytes;
  }

  [[nodiscard]] bool done() const noexcept { return in_.empty(); }

 private:
  std::string_view in_;
};

}  // namespace recod::util
