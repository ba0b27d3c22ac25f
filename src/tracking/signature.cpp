// Signature of historical imports (api-reference.md, "Signature").
#include <algorithm>

#include "recod/tracking/parser.hpp"
#include "recod/util/md5.hpp"
#include "recod/util/percent.hpp"

namespace recod::tracking {

std::string expected_signature(std::string_view item_type, std::string_view item_id,
                               std::string_view license_key, const util::QueryParams& params) {
  std::vector<const util::QueryParam*> signed_params;
  for (const auto& p : params.all()) {
    if (p.name != "signature") signed_params.push_back(&p);
  }
  // Stable: a repeated name keeps the order it was sent in.
  std::stable_sort(signed_params.begin(), signed_params.end(),
                   [](const auto* a, const auto* b) { return a->name < b->name; });

  std::string input;
  input.append(item_type).append("&").append(item_id).append("&").append(license_key);
  input.append("&");
  for (std::size_t i = 0; i < signed_params.size(); ++i) {
    if (i > 0) input.push_back('&');
    input.append(signed_params[i]->name).append("=");
    input.append(util::percent_encode(signed_params[i]->value));
  }
  return util::md5_hex(input);
}

}  // namespace recod::tracking
