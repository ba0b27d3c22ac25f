#include "recod/reco/caching.hpp"

#include <algorithm>

#include "recod/util/time.hpp"

namespace recod::reco {
namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kMinExpiry = 300;

}  // namespace

CachePolicy cache_policy(std::int64_t last_modified_us, bool user_dependent,
                         std::chrono::seconds rebuild_interval, std::int64_t now_us) noexcept {
  CachePolicy p;
  const std::int64_t now_s = now_us / 1000000;
  // Last-Modified cannot be in the future (a signed import may carry a time ahead of ours).
  p.last_modified_s = std::min(last_modified_us / 1000000, now_s);
  if (user_dependent) {
    p.expires_s = now_s;
    p.private_answer = true;
    return p;
  }
  const std::int64_t interval = rebuild_interval.count();
  const std::int64_t lifetime = interval >= kDay ? kDay : std::max(kMinExpiry, interval / 2);
  p.expires_s = now_s + lifetime;
  return p;
}

bool not_modified_since(std::string_view if_modified_since, std::int64_t last_modified_s) noexcept {
  if (if_modified_since.empty()) return false;
  const auto since = util::parse_http_date(if_modified_since);
  return since && last_modified_s <= *since;
}

}  // namespace recod::reco
