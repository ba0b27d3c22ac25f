#pragma once
// Parsing and validation of tracking requests (api-reference.md section 1) into Event
// values. Pure: no I/O, no storage, no clock (the caller passes `now_us`). Every error
// names what was wrong, in words a shop developer understands.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "recod/config/config.hpp"
#include "recod/tracking/event.hpp"
#include "recod/tracking/ids.hpp"
#include "recod/util/query.hpp"
#include "recod/util/status.hpp"

namespace recod::tracking {

/// Longest user id and short texts accepted, in bytes after decoding (ids.hpp has the
/// limits of item ids and category paths).
inline constexpr std::size_t kMaxUserIdBytes = 256;
inline constexpr std::size_t kMaxShortTextBytes = 256;  ///< scenario, modelid, token

/// A validated tracking request.
struct TrackingRequest {
  std::string customer;
  EventKind kind = EventKind::kClick;
  std::string user_id;         ///< decoded; the source user of a login
  std::string target_user_id;  ///< login only
  std::vector<Event> events;   ///< one per item; a login has one event without an item
};

/// True for the first path segment of tracking URLs: "api" or a legacy solution id
/// ("ebl", "ebl2", "ebh", "news").
[[nodiscard]] bool is_solution_prefix(std::string_view segment) noexcept;

/// Parses a tracking request from its raw (still percent-encoded) path segments, starting
/// with the solution prefix (`api`, `cid`, `click`, `uid`, `type`, `id`), and its parameters
/// (query string and form body, decoded). Fails with NotFound for an unknown customer or
/// event name and InvalidArgument for everything else that is malformed.
[[nodiscard]] Result<TrackingRequest> parse_tracking(std::span<const std::string_view> segments,
                                                     const util::QueryParams& params,
                                                     const config::Config& config,
                                                     std::int64_t now_us);

/// The signature a historical import must carry (api-reference.md, "Signature"): md5 hex of
/// "{type}&{id}&{license_key}&" + the parameters other than `signature`, sorted by name, as
/// name=value with values percent-encoded (upper-case escapes), joined by '&'.
[[nodiscard]] std::string expected_signature(std::string_view item_type, std::string_view item_id,
                                             std::string_view license_key,
                                             const util::QueryParams& params);

}  // namespace recod::tracking
