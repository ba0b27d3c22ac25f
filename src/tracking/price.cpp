// Prices as the wire format writes them (fullprice=2.50EUR).
#include <array>

#include "recod/tracking/ids.hpp"
#include "recod/util/currency.hpp"

namespace recod::tracking {
namespace {

constexpr std::array<std::int64_t, 10> kPow10{1,      10,      100,      1000,      10000,
                                              100000, 1000000, 10000000, 100000000, 1000000000};
constexpr std::size_t kMaxPriceIntegerDigits = 14;  // fits int64 in minor units of 4 decimals

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Result<Price> parse_fullprice(std::string_view text) {
  const Status bad = Status::invalid(
      "fullprice must be a decimal amount with '.' followed by an ISO 4217 currency code, "
      "e.g. fullprice=2.50EUR");
  if (text.size() < 4) return bad;
  const std::string_view code = text.substr(text.size() - 3);
  const std::string_view amount = text.substr(0, text.size() - 3);

  const auto dot = amount.find('.');
  const std::string_view whole = amount.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : amount.substr(dot + 1);
  if (whole.empty() || whole.size() > kMaxPriceIntegerDigits) return bad;
  // Any number of decimals: JavaScript clients send float artefacts ("19.990000000000002").
  if (dot != std::string_view::npos && fraction.empty()) return bad;
  for (char c : whole) {
    if (!is_digit(c)) return bad;
  }
  for (char c : fraction) {
    if (!is_digit(c)) return bad;
  }
  for (char c : code) {
    if (c < 'A' || c > 'Z') return bad;
  }
  const auto exponent = util::currency_exponent(code);
  if (!exponent) {
    return Status::invalid("fullprice: '" + std::string(code) + "' is not an ISO 4217 currency");
  }

  std::int64_t minor = 0;
  for (char c : whole) minor = minor * 10 + (c - '0');
  minor *= kPow10[static_cast<std::size_t>(*exponent)];
  // The first `exponent` fraction digits are minor units; the next one rounds (half up).
  for (std::size_t i = 0; i < fraction.size(); ++i) {
    const int digit = fraction[i] - '0';
    const auto pos = static_cast<int>(i);
    if (pos < *exponent) {
      minor += digit * kPow10[static_cast<std::size_t>(*exponent - 1 - pos)];
    } else {
      if (pos == *exponent && digit >= 5) ++minor;
      break;
    }
  }
  return Price{minor, std::string(code)};
}

}  // namespace recod::tracking
