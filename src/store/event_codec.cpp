#include "event_codec.hpp"

#include <cstring>

namespace recod::store {
namespace {

// Flag bits of the third byte.
constexpr std::uint8_t kTimeOverridden = 1 << 0;
constexpr std::uint8_t kHasPercentage = 1 << 1;
constexpr std::uint8_t kHasRating = 1 << 2;
constexpr std::uint8_t kHasPrice = 1 << 3;
constexpr std::uint8_t kHasSourceUser = 1 << 4;
constexpr std::uint8_t kNumericItemId = 1 << 5;
constexpr std::uint8_t kKnownFlags = (1 << 6) - 1;

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_string(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s);
}

// Numeric ids are stored as varints: "123" -> 1 byte instead of 4. Only canonical decimals
// (no leading zero, fits 63 bits) qualify, so that decoding gives back the same string.
bool numeric_id(std::string_view id, std::uint64_t& value) {
  if (id.empty() || id.size() > 18 || (id[0] == '0')) return false;
  value = 0;
  for (char c : id) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

// A cursor over an untrusted value; every read checks the remaining length.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

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

  bool string(std::string& out, std::size_t max_len = 1 << 16) {
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

  [[nodiscard]] bool done() const { return in_.empty(); }

 private:
  std::string_view in_;
};

}  // namespace

void encode_event(const tracking::Event& e, std::string& out) {
  std::uint64_t numeric = 0;
  const bool is_numeric = numeric_id(e.item_id, numeric);
  std::uint8_t flags = 0;
  if (e.time_overridden) flags |= kTimeOverridden;
  if (e.percentage) flags |= kHasPercentage;
  if (e.rating) flags |= kHasRating;
  if (e.price) flags |= kHasPrice;
  if (e.source_user) flags |= kHasSourceUser;
  if (is_numeric) flags |= kNumericItemId;

  out.push_back(static_cast<char>(kEventFormatVersion));
  out.push_back(static_cast<char>(e.kind));
  out.push_back(static_cast<char>(flags));
  put_varint(out, e.item_type);
  if (is_numeric) {
    put_varint(out, numeric);
  } else {
    put_string(out, e.item_id);
  }
  if (e.percentage) out.push_back(static_cast<char>(*e.percentage));
  if (e.rating) out.push_back(static_cast<char>(*e.rating));
  put_varint(out, e.quantity);
  if (e.price) {
    // Zig-zag so that a (never expected) negative amount still round-trips.
    const auto a = e.price->amount_minor;
    put_varint(out, (static_cast<std::uint64_t>(a) << 1) ^ static_cast<std::uint64_t>(a >> 63));
    put_string(out, e.price->currency);
  }
  put_string(out, e.category_path);
  put_string(out, e.scenario);
  put_string(out, e.model_id);
  put_string(out, e.token);
  if (e.source_user) out.append(reinterpret_cast<const char*>(e.source_user->data()), 16);
}

bool decode_event(std::string_view value, tracking::Event& out) {
  Reader r(value);
  std::uint8_t version = 0;
  std::uint8_t kind = 0;
  std::uint8_t flags = 0;
  if (!r.byte(version) || version != kEventFormatVersion) return false;
  if (!r.byte(kind) || !tracking::is_known_kind(kind)) return false;
  if (!r.byte(flags) || (flags & ~kKnownFlags) != 0) return false;
  out.kind = static_cast<tracking::EventKind>(kind);
  out.time_overridden = (flags & kTimeOverridden) != 0;

  std::uint64_t v = 0;
  if (!r.varint(v) || v > 0xffffffffULL) return false;
  out.item_type = static_cast<std::uint32_t>(v);
  if ((flags & kNumericItemId) != 0) {
    if (!r.varint(v)) return false;
    out.item_id = std::to_string(v);
  } else if (!r.string(out.item_id)) {
    return false;
  }

  std::uint8_t b = 0;
  out.percentage.reset();
  if ((flags & kHasPercentage) != 0) {
    if (!r.byte(b)) return false;
    out.percentage = b;
  }
  out.rating.reset();
  if ((flags & kHasRating) != 0) {
    if (!r.byte(b)) return false;
    out.rating = b;
  }
  if (!r.varint(v) || v > 0xffffffffULL) return false;
  out.quantity = static_cast<std::uint32_t>(v);

  out.price.reset();
  if ((flags & kHasPrice) != 0) {
    tracking::Price price;
    if (!r.varint(v)) return false;
    price.amount_minor = static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
    if (!r.string(price.currency, 3)) return false;
    out.price = std::move(price);
  }
  if (!r.string(out.category_path) || !r.string(out.scenario) || !r.string(out.model_id) ||
      !r.string(out.token)) {
    return false;
  }
  out.source_user.reset();
  if ((flags & kHasSourceUser) != 0) {
    tracking::UserHash user{};
    if (!r.bytes(user.data(), user.size())) return false;
    out.source_user = user;
  }
  return r.done();
}

}  // namespace recod::store
