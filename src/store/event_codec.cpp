#include "event_codec.hpp"

#include "recod/util/byte_codec.hpp"

namespace recod::store {
namespace {

using util::put_string;
using util::put_varint;

// Flag bits of the third byte.
constexpr std::uint8_t kTimeOverridden = 1 << 0;
constexpr std::uint8_t kHasPercentage = 1 << 1;
constexpr std::uint8_t kHasRating = 1 << 2;
constexpr std::uint8_t kHasPrice = 1 << 3;
constexpr std::uint8_t kHasSourceUser = 1 << 4;
constexpr std::uint8_t kNumericItemId = 1 << 5;
constexpr std::uint8_t kKnownFlags = (1 << 6) - 1;

// Strings of an event (ids, category path, scenario, token) are at most this long; a longer
// one is corrupt.
constexpr std::size_t kMaxStringBytes = 1 << 16;

}  // namespace

void encode_event(const tracking::Event& e, std::string& out) {
  std::uint64_t numeric = 0;
  const bool is_numeric = util::canonical_numeric_id(e.item_id, numeric);
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
    util::put_signed_varint(out, e.price->amount_minor);
    put_string(out, e.price->currency);
  }
  put_string(out, e.category_path);
  put_string(out, e.scenario);
  put_string(out, e.model_id);
  put_string(out, e.token);
  if (e.source_user) out.append(reinterpret_cast<const char*>(e.source_user->data()), 16);
}

bool decode_event(std::string_view value, tracking::Event& out) {
  util::ByteReader r(value);
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
  } else if (!r.string(out.item_id, kMaxStringBytes)) {
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
    if (!r.signed_varint(price.amount_minor)) return false;
    if (!r.string(price.currency, 3)) return false;
    out.price = std::move(price);
  }
  if (!r.string(out.category_path, kMaxStringBytes) || !r.string(out.scenario, kMaxStringBytes) ||
      !r.string(out.model_id, kMaxStringBytes) || !r.string(out.token, kMaxStringBytes)) {
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
