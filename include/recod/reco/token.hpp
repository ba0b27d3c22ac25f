#pragma once
// Recommendation tokens (the `requestuuid` of links, `recommendationToken` of documents).
//
// A token says which response an event follows from, as Google Recommendations AI's tokens
// do. recod's tokens carry their own proof: 16 bytes = issue time (4, seconds), a hash of
// the scenario id (4), a nonce (4) and a MAC (4) over the rest and the customer id, under
// a key derived from the store's secret, written as a UUID. So attribution needs no table
// of issued tokens, and a token recod did not issue is recognised as such.
//
// Thread safety: issue() and verify() may be called concurrently.

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "recod/util/siphash.hpp"

namespace recod::reco {

struct TokenInfo {
  std::int64_t issued_at_s = 0;
  std::uint32_t scenario_hash = 0;  ///< compare with scenario_hash(id)
};

class TokenIssuer final {
 public:
  explicit TokenIssuer(const util::SipKey& key);

  /// A fresh token for a response of `scenario` to `customer`:
  /// "5f0c1e2a-0b3c-4d5e-8f60-718293a4b5c6".
  [[nodiscard]] std::string issue(std::string_view customer, std::string_view scenario,
                                  std::int64_t now_us);

  /// What the token says, if recod issued it for `customer`; nullopt otherwise.
  [[nodiscard]] std::optional<TokenInfo> verify(std::string_view customer,
                                                std::string_view token) const;

  /// The scenario hash carried in tokens.
  [[nodiscard]] static std::uint32_t scenario_hash(std::string_view scenario) noexcept;

 private:
  util::SipKey key_;
  std::atomic<std::uint32_t> nonce_;
};

}  // namespace recod::reco
