#pragma once
// Percent-decoding and -encoding of URL components (RFC 3986), tolerant of what real
// browsers send: any byte other than a malformed escape passes through unchanged.
// Pure functions; thread-safe.

#include <optional>
#include <string>
#include <string_view>

namespace recod::util {

/// Decodes %XX escapes once (hex digits of either case). With plus_as_space, '+' becomes a
/// space (query strings and form bodies); path segments keep '+'. Returns nullopt on a
/// malformed escape ('%' not followed by two hex digits). Decoded bytes are not validated
/// (a "%00" yields a NUL byte): callers check what they accept.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view in, bool plus_as_space);

/// Encodes every byte outside RFC 3986 "unreserved" (A-Z a-z 0-9 - . _ ~) as %XX with
/// upper-case hex digits. This is the encoding the tracking signature is computed over.
[[nodiscard]] std::string percent_encode(std::string_view in);

/// percent_encode(in) appended to `out`: for text built of many parts (links), without a
/// string for each part.
void percent_encode_into(std::string& out, std::string_view in);

}  // namespace recod::util
