// libFuzzer target: the small text parsers of util (HTTP dates, ISO times, percent
// decoding, query strings, UTF-8 validation, integers).
//
// Checks: a date that parses formats back (http_date, iso_utc_us) to text that parses to the
// same instant; percent_encode() of a decoded string decodes back to it; an integer that
// parses prints back as the same digits (less leading zeros).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "recod/util/numbers.hpp"
#include "recod/util/percent.hpp"
#include "recod/util/query.hpp"
#include "recod/util/time.hpp"
#include "recod/util/utf8.hpp"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace util = recod::util;
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  // Years 0000..9999, the range http_date() writes with four digits.
  if (const auto t = util::parse_http_date(s); t && *t >= -62167219200 && *t < 253402300800) {
    check(util::parse_http_date(util::http_date(*t)) == t);
  }
  if (const auto t = util::parse_iso_utc(s)) {
    check(*t >= 0 && *t < 253402300800);
    check(util::parse_iso_utc(util::iso_utc_us(*t * 1000000).substr(0, 19)) == t);
  }
  if (const auto d = util::percent_decode(s, true)) {
    const auto again = util::percent_decode(util::percent_encode(*d), false);
    check(again && *again == *d);
  }
  if (const auto params = util::parse_query(s)) {
    // Each pair encoded again and joined parses back to the same pairs.
    std::string query;
    for (const auto& p : params->all()) {
      if (!query.empty()) query += '&';
      query += util::percent_encode(p.name) + "=" + util::percent_encode(p.value);
    }
    const auto again = util::parse_query(query);
    check(again.is_ok() && again->all().size() == params->all().size());
    for (std::size_t i = 0; i < params->all().size(); ++i) {
      check(again->all()[i].name == params->all()[i].name &&
            again->all()[i].value == params->all()[i].value);
    }
  }
  (void)util::is_valid_utf8(s);
  (void)util::has_control_char(s);
  if (const auto n = util::parse_uint(s, 0, INT64_MAX)) {
    const auto digits = s.substr(std::min(s.find_first_not_of('0'), s.size() - 1));
    check(std::to_string(*n) == digits);
  }
  return 0;
}
