// libFuzzer target: the historical-import signature over arbitrary parameters, from input
// "type|id|key|query". Checks: the expected signature is always 32 lower-case hex digits,
// computing it twice agrees, and a `signature` parameter is not part of what is signed.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "recod/tracking/parser.hpp"
#include "recod/util/query.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // "type|id|key|query"
  const auto a = input.find('|');
  const auto b = a == std::string_view::npos ? a : input.find('|', a + 1);
  const auto c = b == std::string_view::npos ? b : input.find('|', b + 1);
  if (c == std::string_view::npos) return 0;
  auto params = recod::util::parse_query(input.substr(c + 1));
  if (!params) return 0;
  const auto type = input.substr(0, a);
  const auto id = input.substr(a + 1, b - a - 1);
  const auto key = input.substr(b + 1, c - b - 1);
  const std::string s1 = recod::tracking::expected_signature(type, id, key, *params);
  const std::string s2 = recod::tracking::expected_signature(type, id, key, *params);
  if (s1 != s2 || s1.size() != 32) __builtin_trap();
  params->append({"signature", s1});
  if (recod::tracking::expected_signature(type, id, key, *params) != s1) __builtin_trap();
  for (char ch : s1) {
    if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) __builtin_trap();
  }
  return 0;
}
