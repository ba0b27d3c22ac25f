#include "recod/util/time.hpp"

#include <array>
#include <chrono>
#include <cstddef>

namespace recod::util {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
// Indexed by days since the epoch + 4 (mod 7): 1970-01-01 was a Thursday.
constexpr std::array<std::string_view, 7> kShortDays = {"Sun", "Mon", "Tue", "Wed",
                                                        "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 7> kLongDays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                       "Thursday", "Friday", "Saturday"};

struct CivilDate {
  std::int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

// Howard Hinnant's days_from_civil / civil_from_days
// (https://howardhinnant.github.io/date_algorithms.html): pure arithmetic, so the result
// depends neither on the locale nor on the TZ environment variable, and it is exact over
// the whole proleptic Gregorian calendar.
constexpr std::int64_t days_from_civil(std::int64_t y, int m, int d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;                                    // [0, 399]
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468;
}

constexpr CivilDate civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;                                       // [0, 146096]
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const std::int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

constexpr bool is_leap_year(std::int64_t y) noexcept {
  return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

constexpr int days_in_month(std::int64_t y, int m) noexcept {
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

// Floor division, so that instants before the epoch land on the right day.
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t q = a / b;
  if (a % b < 0) --q;
  return q;
}

constexpr std::int64_t floor_mod(std::int64_t a, std::int64_t b) noexcept {
  const std::int64_t r = a % b;
  return r < 0 ? r + b : r;
}

// Validates the fields and converts them to Unix seconds. `max_second` is 60 where the
// format allows a leap second; 23:59:60 then counts as the next day's 00:00:00, as timegm
// does.
std::optional<std::int64_t> to_unix(std::int64_t year, int month, int day, int hour, int minute,
                                    int second, int max_second) noexcept {
  if (month < 1 || month > 12) return std::nullopt;
  if (day < 1 || day > days_in_month(year, month)) return std::nullopt;
  if (hour > 23 || minute > 59 || second > max_second) return std::nullopt;
  return days_from_civil(year, month, day) * kSecondsPerDay + std::int64_t{hour} * 3600 +
         std::int64_t{minute} * 60 + second;
}

void append_padded(std::string& out, std::int64_t v, int width) {
  if (v < 0) {
    out.push_back('-');
    v = -v;  // |v| is far from INT64_MIN: callers pass years and time fields only
  }
  char buf[20];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v > 0);
  for (int i = n; i < width; ++i) out.push_back('0');
  while (n > 0) out.push_back(buf[--n]);
}

// A forward-only reader over an HTTP-date; every accessor checks bounds first.
class Cursor {
 public:
  explicit Cursor(std::string_view s) noexcept : s_(s) {}

  bool at_end() const noexcept { return pos_ == s_.size(); }

  bool literal(std::string_view lit) noexcept {
    if (s_.substr(pos_, lit.size()) != lit) return false;
    pos_ += lit.size();
    return true;
  }

  // Exactly `n` ASCII digits.
  std::optional<int> digits(std::size_t n) noexcept {
    if (s_.size() - pos_ < n) return std::nullopt;
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const char c = s_[pos_ + i];
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    pos_ += n;
    return v;
  }

  // One of `names`; the longest match is not needed since no name prefixes another.
  template <std::size_t N>
  std::optional<int> one_of(const std::array<std::string_view, N>& names) noexcept {
    for (std::size_t i = 0; i < N; ++i) {
      if (literal(names[i])) return static_cast<int>(i);
    }
    return std::nullopt;
  }

  // "HH:MM:SS" into the three out-parameters.
  bool time_of_day(int& h, int& m, int& sec) noexcept {
    const auto hh = digits(2);
    if (!hh || !literal(":")) return false;
    const auto mm = digits(2);
    if (!mm || !literal(":")) return false;
    const auto ss = digits(2);
    if (!ss) return false;
    h = *hh;
    m = *mm;
    sec = *ss;
    return true;
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

// IMF-fixdate after the day name: ", 06 Nov 1994 08:49:37 GMT".
std::optional<std::int64_t> parse_imf_fixdate(Cursor& c) noexcept {
  if (!c.literal(", ")) return std::nullopt;
  const auto day = c.digits(2);
  if (!day || !c.literal(" ")) return std::nullopt;
  const auto month = c.one_of(kMonths);
  if (!month || !c.literal(" ")) return std::nullopt;
  const auto year = c.digits(4);
  if (!year || !c.literal(" ")) return std::nullopt;
  int h = 0;
  int m = 0;
  int s = 0;
  if (!c.time_of_day(h, m, s) || !c.literal(" GMT") || !c.at_end()) return std::nullopt;
  return to_unix(*year, *month + 1, *day, h, m, s, 60);
}

// RFC 850 after the day name: ", 06-Nov-94 08:49:37 GMT".
std::optional<std::int64_t> parse_rfc850(Cursor& c) noexcept {
  if (!c.literal(", ")) return std::nullopt;
  const auto day = c.digits(2);
  if (!day || !c.literal("-")) return std::nullopt;
  const auto month = c.one_of(kMonths);
  if (!month || !c.literal("-")) return std::nullopt;
  const auto yy = c.digits(2);
  if (!yy || !c.literal(" ")) return std::nullopt;
  int h = 0;
  int m = 0;
  int s = 0;
  if (!c.time_of_day(h, m, s) || !c.literal(" GMT") || !c.at_end()) return std::nullopt;
  // RFC 7231 7.1.1.1 wants "the most recent year in the past with these digits" relative to
  // now; a fixed pivot keeps this function pure and is right for any date it will see.
  const int year = *yy >= 70 ? 1900 + *yy : 2000 + *yy;
  return to_unix(year, *month + 1, *day, h, m, s, 60);
}

// asctime after the day name: " Nov  6 08:49:37 1994" (day as "06", " 6" or "16").
std::optional<std::int64_t> parse_asctime(Cursor& c) noexcept {
  if (!c.literal(" ")) return std::nullopt;
  const auto month = c.one_of(kMonths);
  if (!month || !c.literal(" ")) return std::nullopt;
  std::optional<int> day;
  if (c.literal(" ")) {
    day = c.digits(1);
  } else {
    day = c.digits(2);
  }
  if (!day || !c.literal(" ")) return std::nullopt;
  int h = 0;
  int m = 0;
  int s = 0;
  if (!c.time_of_day(h, m, s) || !c.literal(" ")) return std::nullopt;
  const auto year = c.digits(4);
  if (!year || !c.at_end()) return std::nullopt;
  return to_unix(*year, *month + 1, *day, h, m, s, 60);
}

}  // namespace

std::int64_t now_us() noexcept {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string http_date(std::int64_t unix_seconds) {
  const std::int64_t days = floor_div(unix_seconds, kSecondsPerDay);
  const std::int64_t secs = floor_mod(unix_seconds, kSecondsPerDay);
  const CivilDate date = civil_from_days(days);
  std::string out;
  out.reserve(29);
  out += kShortDays[static_cast<std::size_t>(floor_mod(days + 4, 7))];
  out += ", ";
  append_padded(out, date.day, 2);
  out += ' ';
  out += kMonths[static_cast<std::size_t>(date.month - 1)];
  out += ' ';
  append_padded(out, date.year, 4);
  out += ' ';
  append_padded(out, secs / 3600, 2);
  out += ':';
  append_padded(out, secs / 60 % 60, 2);
  out += ':';
  append_padded(out, secs % 60, 2);
  out += " GMT";
  return out;
}

std::optional<std::int64_t> parse_http_date(std::string_view s) noexcept {
  Cursor c(s);
  // The two forms with a short day name differ in the next char; the long day names are
  // tried first because each starts with its short name.
  if (c.one_of(kLongDays)) return parse_rfc850(c);
  if (!c.one_of(kShortDays)) return std::nullopt;
  if (s.size() > 3 && s[3] == ',') return parse_imf_fixdate(c);
  return parse_asctime(c);
}

std::optional<std::int64_t> parse_iso_utc(std::string_view s) noexcept {
  if (s.size() == 20 && s[19] == 'Z') s.remove_suffix(1);
  if (s.size() != 19) return std::nullopt;
  Cursor c(s);
  const auto year = c.digits(4);
  if (!year || !c.literal("-")) return std::nullopt;
  const auto month = c.digits(2);
  if (!month || !c.literal("-")) return std::nullopt;
  const auto day = c.digits(2);
  if (!day || !c.literal("T")) return std::nullopt;
  int h = 0;
  int m = 0;
  int sec = 0;
  if (!c.time_of_day(h, m, sec) || !c.at_end()) return std::nullopt;
  if (*year < 1970) return std::nullopt;
  return to_unix(*year, *month, *day, h, m, sec, 59);
}

std::string iso_utc_us(std::int64_t unix_us) {
  constexpr std::int64_t kUsPerSecond = 1'000'000;
  const std::int64_t seconds = floor_div(unix_us, kUsPerSecond);
  const std::int64_t micros = floor_mod(unix_us, kUsPerSecond);
  const std::int64_t days = floor_div(seconds, kSecondsPerDay);
  const std::int64_t secs = floor_mod(seconds, kSecondsPerDay);
  const CivilDate date = civil_from_days(days);
  std::string out;
  out.reserve(27);
  append_padded(out, date.year, 4);
  out += '-';
  append_padded(out, date.month, 2);
  out += '-';
  append_padded(out, date.day, 2);
  out += 'T';
  append_padded(out, secs / 3600, 2);
  out += ':';
  append_padded(out, secs / 60 % 60, 2);
  out += ':';
  append_padded(out, secs % 60, 2);
  out += '.';
  append_padded(out, micros, 6);
  out += 'Z';
  return out;
}

}  // namespace recod::util
