#pragma once
// Binary encoding of a catalog Item for the store (versioned; decode never trusts input).

#include <string>
#include <string_view>

#include "recod/catalog/item.hpp"

namespace recod::catalog {

/// Appends the encoding of `item` (all fields) to `out`.
void encode_item(const Item& item, std::string& out);

/// Decodes what encode_item wrote; false if `value` is malformed.
[[nodiscard]] bool decode_item(std::string_view value, Item& out);

}  // namespace recod::catalog
