#include "recod/reco/token.hpp"

#include <array>
#include <random>

namespace recod::reco {
namespace {

constexpr std::size_t kBytes = 16;
constexpr std::size_t kSigned = 12;  // time, scenario hash, nonce; the MAC covers these
constexpr char kHex[] = "0123456789abcdef";

void put32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

std::uint32_t get32(const std::uint8_t* p) {
  return (static_cast<std::uint32_t>(p[0]) << 24) | (static_cast<std::uint32_t>(p[1]) << 16) |
         (static_cast<std::uint32_t>(p[2]) << 8) | p[3];
}

std::uint32_t mac(const util::SipKey& key, std::string_view customer, const std::uint8_t* bytes) {
  std::string input(customer);
  input.push_back('\0');
  input.append(reinterpret_cast<const char*>(bytes), kSigned);
  const auto h = util::siphash128(key, input);
  return get32(h.data());
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

TokenIssuer::TokenIssuer(const util::SipKey& key)
    : key_(key), nonce_(static_cast<std::uint32_t>(std::random_device{}())) {}

std::uint32_t TokenIssuer::scenario_hash(std::string_view scenario) noexcept {
  std::uint32_t h = 2166136261U;  // FNV-1a: not secret, only tells scenarios apart
  for (char c : scenario) {
    h ^= static_cast<std::uint8_t>(c);
    h *= 16777619U;
  }
  return h;
}

std::string TokenIssuer::issue(std::string_view customer, std::string_view scenario,
                               std::int64_t now_us) {
  std::array<std::uint8_t, kBytes> b{};
  put32(b.data(), static_cast<std::uint32_t>(now_us / 1000000));
  put32(b.data() + 4, scenario_hash(scenario));
  put32(b.data() + 8, nonce_.fetch_add(1, std::memory_order_relaxed));
  put32(b.data() + 12, mac(key_, customer, b.data()));

  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < kBytes; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 0xf]);
  }
  return out;
}

std::optional<TokenInfo> TokenIssuer::verify(std::string_view customer,
                                             std::string_view token) const {
  std::array<std::uint8_t, kBytes> b{};
  std::size_t n = 0;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '-') continue;
    const int hi = hex_value(token[i]);
    if (hi < 0 || i + 1 >= token.size() || n >= kBytes) return std::nullopt;
    const int lo = hex_value(token[++i]);
    if (lo < 0) return std::nullopt;
    b[n++] = static_cast<std::uint8_t>((hi << 4) | lo);
  }
  if (n != kBytes || get32(b.data() + 12) != mac(key_, customer, b.data())) return std::nullopt;
  return TokenInfo{static_cast<std::int64_t>(get32(b.data())), get32(b.data() + 4)};
}

}  // namespace recod::reco
