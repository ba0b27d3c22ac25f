#pragma once
// A stored event as one JSON object, the line format of `recod events`. Private to cli/.

#include <nlohmann/json.hpp>

#include "recod/store/store.hpp"

namespace recod::cli {

/// {"time":"2026-11-21T10:00:00.000000Z","event":"buy","itemType":1,"itemId":11,
///  "parameters":{"quantity":1,"price":1999,"currency":"EUR"}}
[[nodiscard]] nlohmann::ordered_json event_to_json(const store::StoredEvent& stored);

}  // namespace recod::cli
