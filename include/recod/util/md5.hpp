#pragma once
// MD5 (RFC 1321). Used only to verify the historical-import signature that the YOOCHOOSE
// wire format defines; never for anything that needs collision resistance. Pure.

#include <string>
#include <string_view>

namespace recod::util {

/// Lower-case hex MD5 digest of `data` (32 characters).
[[nodiscard]] std::string md5_hex(std::string_view data);

}  // namespace recod::util
