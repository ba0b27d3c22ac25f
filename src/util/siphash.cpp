#include "recod/util/siphash.hpp"

#include <cstddef>
#include <cstring>

namespace recod::util {
namespace {

// Little-endian load that is independent of host byte order and alignment (memcpy of
// single bytes keeps it free of unaligned access under UBSan).
std::uint64_t load_le64(const unsigned char* p) noexcept {
  std::uint8_t b[8];
  std::memcpy(b, p, 8);
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | b[i];
  return v;
}

void store_le64(std::uint64_t v, std::uint8_t* out) noexcept {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

constexpr std::uint64_t rotl(std::uint64_t x, int b) noexcept { return (x << b) | (x >> (64 - b)); }

struct SipState {
  std::uint64_t v0, v1, v2, v3;

  void round() noexcept {
    v0 += v1;
    v1 = rotl(v1, 13);
    v1 ^= v0;
    v0 = rotl(v0, 32);
    v2 += v3;
    v3 = rotl(v3, 16);
    v3 ^= v2;
    v0 += v3;
    v3 = rotl(v3, 21);
    v3 ^= v0;
    v2 += v1;
    v1 = rotl(v1, 17);
    v1 ^= v2;
    v2 = rotl(v2, 32);
  }

  void compress(std::uint64_t m) noexcept {
    v3 ^= m;
    round();
    round();  // c = 2
    v0 ^= m;
  }

  std::uint64_t finalize(std::uint64_t marker) noexcept {
    v2 ^= marker;
    for (int i = 0; i < 4; ++i) round();  // d = 4
    return v0 ^ v1 ^ v2 ^ v3;
  }
};

}  // namespace

Hash128 siphash128(const SipKey& key, std::string_view data) noexcept {
  const std::uint64_t k0 = load_le64(key.data());
  const std::uint64_t k1 = load_le64(key.data() + 8);
  SipState s{0x736f6d6570736575ULL ^ k0, 0x646f72616e646f6dULL ^ k1, 0x6c7967656e657261ULL ^ k0,
             0x7465646279746573ULL ^ k1};
  s.v1 ^= 0xee;  // 128-bit output mode

  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  const std::size_t len = data.size();
  const std::size_t full = len - len % 8;
  for (std::size_t i = 0; i < full; i += 8) s.compress(load_le64(p + i));

  // Last block: the remaining 0..7 bytes, with the length's low byte on top.
  std::uint64_t last = static_cast<std::uint64_t>(len & 0xff) << 56;
  for (std::size_t i = 0; i < len % 8; ++i) {
    last |= static_cast<std::uint64_t>(p[full + i]) << (8 * i);
  }
  s.compress(last);

  Hash128 out{};
  store_le64(s.finalize(0xee), out.data());
  s.v1 ^= 0xdd;
  store_le64(s.finalize(0), out.data() + 8);
  return out;
}

}  // namespace recod::util
