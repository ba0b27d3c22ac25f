#pragma once
// SipHash-2-4 with 128-bit output (Aumasson & Bernstein), the keyed hash recod uses to
// pseudonymise user ids: without the 16-byte key the hash cannot be linked back to an id.
// Pure; thread-safe.

#include <array>
#include <cstdint>
#include <string_view>

namespace recod::util {

using SipKey = std::array<std::uint8_t, 16>;
using Hash128 = std::array<std::uint8_t, 16>;

/// SipHash-2-4-128 of `data` under `key`; output bytes in the order of the reference
/// implementation's test vectors (veorq/SipHash vectors.h, vectors_sip128).
[[nodiscard]] Hash128 siphash128(const SipKey& key, std::string_view data) noexcept;

}  // namespace recod::util
