// libFuzzer target: a recommendation request target ("/api/v2/00000/u/also_clicked.json?...")
// through the path split, the query parser and parse_reco_request(), as the server does it.
//
// Checks: a refusal is a 400 or a 404 (never a 5xx-type status); an accepted request stays
// inside its documented bounds (numrecs, context items, callback) and holds only values
// that are valid by the rules they were checked with (canonical item ids, normalised
// category paths, scenario ids, no duplicates).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "recod/http/request.hpp"
#include "recod/reco/request.hpp"
#include "recod/tracking/ids.hpp"
#include "recod/tracking/parser.hpp"
#include "recod/util/query.hpp"
#include "recod/util/utf8.hpp"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

template <typename T>
bool unique(std::vector<T> v) {
  std::sort(v.begin(), v.end());
  return std::adjacent_find(v.begin(), v.end()) == v.end();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace reco = recod::reco;
  const std::string_view target(reinterpret_cast<const char*>(data), size);
  const auto q = target.find('?');
  std::vector<std::string_view> segments;
  recod::http::split_path(target.substr(0, q), segments);
  if (!reco::is_recommendation_path(segments)) return 0;
  auto params = recod::util::parse_query(q == std::string_view::npos ? "" : target.substr(q + 1));
  if (!params) return 0;
  const auto& config = recod::fuzz::config();
  const auto parsed = reco::parse_reco_request(segments, *params, config);
  if (!parsed) {
    const auto code = parsed.status().code();
    check(code == recod::StatusCode::kInvalidArgument || code == recod::StatusCode::kNotFound);
    return 0;
  }
  const auto* customer = config.find_customer(parsed->customer);
  check(customer != nullptr);
  check(!parsed->user_id.empty() && parsed->user_id.size() <= recod::tracking::kMaxUserIdBytes);
  check(recod::config::is_valid_scenario_id(parsed->scenario));
  check(parsed->numrecs >= 1 && parsed->numrecs <= reco::kMaxNumrecs);
  check(reco::is_valid_jsonp_callback(parsed->jsonp_callback));
  check(!parsed->output_type ||
        (*parsed->output_type >= 1 && *parsed->output_type <= recod::tracking::kMaxId));
  check(parsed->context_items.size() <= reco::kMaxContextItems && unique(parsed->context_items));
  for (const auto& id : parsed->context_items) {
    const auto again = recod::tracking::parse_item_id(id, customer->string_item_ids);
    check(again.is_ok() && *again == id);
  }
  check(unique(parsed->history_sources));
  check(unique(parsed->category_paths));
  for (const auto& path : parsed->category_paths) {
    const auto again = recod::tracking::normalize_category_path(path);
    check(!path.empty() && again.is_ok() && *again == path);
  }
  check(unique(parsed->attributes));
  for (const auto& a : parsed->attributes) {
    check(!a.empty() && a.size() <= 128 && recod::util::is_valid_utf8(a) &&
          !recod::util::has_control_char(a));
  }
  return 0;
}
