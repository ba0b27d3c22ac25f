#pragma once
// The config the request-parser fuzz targets run against: customers "00000" (numeric ids,
// a license key, the default scenarios) and "s" (string ids).

#include "recod/config/config.hpp"

namespace recod::fuzz {

inline const config::Config& config() {
  static const config::Config c = config::parse_config(
      R"({"customers": {"00000": {"license_key": "8695-1828-92810-5535-4239"},
                        "s": {"license_key": "k", "string_item_ids": true}}})",
      "fuzz");
  return c;
}

}  // namespace recod::fuzz
