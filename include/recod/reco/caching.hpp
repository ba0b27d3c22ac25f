#pragma once
// HTTP caching of recommendation answers (api-reference.md 2.2): Last-Modified, Expires,
// Cache-Control and If-Modified-Since. Pure.

#include <chrono>
#include <cstdint>
#include <string_view>

namespace recod::reco {

struct CachePolicy {
  std::int64_t last_modified_s = 0;  ///< Last-Modified
  std::int64_t expires_s = 0;        ///< Expires
  bool private_answer = false;       ///< Cache-Control: private (depends on the user)
};

/// Expires: 24 h for models rebuilt daily or less often; half the rebuild interval for
/// models rebuilt more often, never less than 5 minutes; now (and private) when the answer
/// depends on the user's own data.
[[nodiscard]] CachePolicy cache_policy(std::int64_t last_modified_us, bool user_dependent,
                                       std::chrono::seconds rebuild_interval,
                                       std::int64_t now_us) noexcept;

/// True if the request's If-Modified-Since (an HTTP-date) is not older than
/// `last_modified_s`, so that 304 Not Modified may be answered.
[[nodiscard]] bool not_modified_since(std::string_view if_modified_since,
                                      std::int64_t last_modified_s) noexcept;

}  // namespace recod::reco
