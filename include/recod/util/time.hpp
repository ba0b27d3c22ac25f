#pragma once
// Clocks and the date formats of the wire format. Pure except now_us() and RecentHttpDate;
// the functions are thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace recod::util {

/// Microseconds since the Unix epoch, wall clock.
[[nodiscard]] std::int64_t now_us() noexcept;

/// RFC 7231 IMF-fixdate, e.g. "Tue, 29 Oct 2013 19:43:31 GMT".
[[nodiscard]] std::string http_date(std::int64_t unix_seconds);

/// http_date() of the last value formatted, kept: a header whose date changes once a second
/// or less (Date, Expires, Last-Modified) is formatted once per change, not once per answer.
/// Not thread-safe: one per thread (thread_local).
class RecentHttpDate final {
 public:
  [[nodiscard]] const std::string& format(std::int64_t unix_seconds) {
    if (seconds_ != unix_seconds) {
      text_ = http_date(unix_seconds);
      seconds_ = unix_seconds;
    }
    return text_;
  }

 private:
  std::optional<std::int64_t> seconds_;  // none before the first format()
  std::string text_;
};

/// Parses an HTTP-date in any of the three RFC 7231 forms (IMF-fixdate, RFC 850, asctime)
/// into Unix seconds; nullopt if malformed.
[[nodiscard]] std::optional<std::int64_t> parse_http_date(std::string_view s) noexcept;

/// Parses "YYYY-MM-DDTHH:MM:SS" (UTC, no zone, as overridetimestamp sends it; an optional
/// trailing 'Z' is accepted) into Unix seconds; nullopt if malformed or out of range
/// (years 1970..9999, real calendar dates).
[[nodiscard]] std::optional<std::int64_t> parse_iso_utc(std::string_view s) noexcept;

/// "YYYY-MM-DDTHH:MM:SS.ffffffZ" for microseconds since the epoch.
[[nodiscard]] std::string iso_utc_us(std::int64_t unix_us);

}  // namespace recod::util
