// libFuzzer target: a catalog document through the streaming ItemXmlReader, fed in chunks
// whose sizes the first byte chooses (its top bit turns string item ids on).
//
// Checks: a refusal is a 400 (InvalidArgument, never a 5xx-type status); chunking does not
// change the outcome (the same items, or an error, as parsing the whole document at once);
// every accepted item is valid by the format's rules, survives item_to_xml() and reads back
// equal, and survives the store's encode_item()/decode_item() equal.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "recod/catalog/codec.hpp"
#include "recod/catalog/xml.hpp"
#include "recod/tracking/ids.hpp"

namespace {

using recod::catalog::Item;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

void check_item(const Item& item, bool string_ids) {
  check(item.type >= 1 && item.type <= recod::tracking::kMaxId);
  const auto id = recod::tracking::parse_item_id(item.id, string_ids);
  check(id.is_ok() && *id == item.id);
  check(!item.valid_from_s || !item.valid_to_s || *item.valid_from_s <= *item.valid_to_s);
  for (const auto& path : item.category_paths) {
    const auto again = recod::tracking::normalize_category_path(path);
    check(!path.empty() && again.is_ok() && *again == path);
  }

  const std::string xml = "<items>" + recod::catalog::item_to_xml(item) + "</items>";
  const auto parsed = recod::catalog::parse_items_xml(xml, {.string_item_ids = true});
  check(parsed.is_ok() && parsed->size() == 1 && (*parsed)[0] == item);

  std::string stored;
  recod::catalog::encode_item(item, stored);
  Item back;
  check(recod::catalog::decode_item(stored, back) && back == item);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 64;
  const recod::catalog::XmlOptions options{.string_item_ids = (data[0] & 0x80) != 0};
  const std::string_view doc(reinterpret_cast<const char*>(data + 1), size - 1);

  std::vector<Item> items;
  recod::catalog::ItemXmlReader reader(options, [&](Item&& item) {
    check_item(item, options.string_item_ids);
    items.push_back(std::move(item));
    return recod::Status::ok();
  });
  recod::Status status;
  for (std::string_view rest = doc; status.is_ok() && !rest.empty();) {
    const auto n = std::min(chunk, rest.size());
    status = reader.feed(rest.substr(0, n));
    rest.remove_prefix(n);
  }
  if (status.is_ok()) status = reader.finish();
  check(status.is_ok() || status.code() == recod::StatusCode::kInvalidArgument);
  check(reader.items() == items.size());

  // The whole document at once: the same verdict and, if accepted, the same items.
  const auto whole = recod::catalog::parse_items_xml(doc, options);
  check(whole.is_ok() == status.is_ok());
  if (whole.is_ok()) check(*whole == items);
  return 0;
}
