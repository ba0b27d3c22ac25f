#include "event_json.hpp"

#include "recod/util/hex.hpp"
#include "recod/util/numbers.hpp"
#include "recod/util/time.hpp"

namespace recod::cli {

nlohmann::ordered_json event_to_json(const store::StoredEvent& stored) {
  const auto& e = stored.event;
  nlohmann::ordered_json j;
  j["time"] = util::iso_utc_us(e.time_us);
  j["event"] = tracking::event_name(e.kind);
  if (e.kind != tracking::EventKind::kLogin) {
    j["itemType"] = e.item_type;
    // Numeric ids print as numbers, as in the recommendation documents.
    if (const auto n = util::parse_uint(e.item_id, 0, INT64_MAX);
        n && std::to_string(*n) == e.item_id) {
      j["itemId"] = *n;
    } else {
      j["itemId"] = e.item_id;
    }
  }
  nlohmann::ordered_json p = nlohmann::ordered_json::object();
  if (e.percentage) p["percentage"] = *e.percentage;
  if (e.rating) p["rating"] = *e.rating;
  if (e.kind == tracking::EventKind::kBuy) p["quantity"] = e.quantity;
  if (e.price) {
    p["price"] = e.price->amount_minor;
    p["currency"] = e.price->currency;
  }
  if (!e.category_path.empty()) p["categorypath"] = e.category_path;
  if (!e.scenario.empty()) p["scenario"] = e.scenario;
  if (!e.model_id.empty()) p["modelid"] = e.model_id;
  if (!e.token.empty()) p["recommendationtoken"] = e.token;
  if (e.time_overridden) p["overridetimestamp"] = true;
  if (e.source_user) p["sourceuser"] = util::to_hex(*e.source_user);
  j["parameters"] = std::move(p);
  return j;
}

}  // namespace recod::cli
