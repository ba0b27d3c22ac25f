#pragma once
// UTF-8 validation: stored strings must be valid UTF-8 so that they can be rendered into
// JSON later. Pure; thread-safe.

#include <string_view>

namespace recod::util {

/// True if `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
/// above U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view s) noexcept;

/// True if `s` contains an ASCII control character (0x00-0x1F or 0x7F).
[[nodiscard]] bool has_control_char(std::string_view s) noexcept;

}  // namespace recod::util
