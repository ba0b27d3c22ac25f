#pragma once
// Binary encoding of an event's value in the events column family. Private to store/.
//
// Compact (a click is about 8 bytes) because the model builder decodes every stored event
// on each rebuild. The first byte is a format version so that the layout can evolve; the
// event's time and user live in the key, not here. decode_event() never trusts its input:
// a truncated or garbled value yields false, not a crash.

#include <string>
#include <string_view>

#include "recod/tracking/event.hpp"

namespace recod::store {

inline constexpr std::uint8_t kEventFormatVersion = 1;

/// Appends the encoding of `event` (all fields but time_us) to `out`.
void encode_event(const tracking::Event& event, std::string& out);

/// Decodes a value written by encode_event into `out` (reusing its string capacity);
/// out.time_us is left unchanged. False if the value is malformed.
[[nodiscard]] bool decode_event(std::string_view value, tracking::Event& out);

}  // namespace recod::store
