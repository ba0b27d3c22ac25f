// libFuzzer target: the store's value decoders (events and catalog items) on arbitrary
// bytes, as they would meet a corrupt or foreign database.
//
// Checks: whatever decodes re-encodes to something that decodes to the same value; decoding
// into a reused value (the model builder reuses one Event for every stored event) gives the
// same result as decoding into a fresh one, so no field of the previous event leaks through.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "event_codec.hpp"
#include "recod/catalog/codec.hpp"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

// An event with every field set, as left behind by the previous decode.
recod::tracking::Event used_event() {
  recod::tracking::Event e;
  e.kind = recod::tracking::EventKind::kBuy;
  e.time_us = 42;
  e.time_overridden = true;
  e.item_type = 7;
  e.item_id = "previous-item";
  e.percentage = 50;
  e.rating = 60;
  e.quantity = 3;
  e.price = recod::tracking::Price{199, "EUR"};
  e.category_path = "a/b";
  e.scenario = "s";
  e.model_id = "m";
  e.token = "t";
  e.source_user = recod::tracking::UserHash{1, 2, 3};
  return e;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view value(reinterpret_cast<const char*>(data), size);

  recod::tracking::Event event;
  const bool decoded = recod::store::decode_event(value, event);
  recod::tracking::Event reused = used_event();
  check(recod::store::decode_event(value, reused) == decoded);
  if (decoded) {
    reused.time_us = event.time_us;  // decode_event leaves the time alone: it is in the key
    check(reused == event);
    std::string again;
    recod::store::encode_event(event, again);
    recod::tracking::Event back;
    check(recod::store::decode_event(again, back) && back == event);
  }

  recod::catalog::Item item;
  if (recod::catalog::decode_item(value, item)) {
    std::string again;
    recod::catalog::encode_item(item, again);
    recod::catalog::Item back;
    check(recod::catalog::decode_item(again, back) && back == item);
  }
  return 0;
}
