#include "recod/util/time.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <ctime>
#include <limits>
#include <string>

namespace recod::util {
namespace {

constexpr std::int64_t kDay = 86400;

// An independent, deliberately naive calendar for the round-trip tests: walks day by day.
struct Date {
  int year;
  int month;
  int day;
};

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int month_length(int y, int m) {
  static constexpr int kLengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kLengths[m - 1];
}

void next_day(Date& d) {
  if (++d.day > month_length(d.year, d.month)) {
    d.day = 1;
    if (++d.month > 12) {
      d.month = 1;
      ++d.year;
    }
  }
}

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::string iso(const Date& d, int h, int m, int s) {
  std::string y = std::to_string(d.year);
  while (y.size() < 4) y.insert(0, "0");
  return y + "-" + two(d.month) + "-" + two(d.day) + "T" + two(h) + ":" + two(m) + ":" + two(s);
}

// Days since 1970-01-01 of the first day of `year` (year >= 1970), by counting.
std::int64_t days_before_year(int year) {
  std::int64_t days = 0;
  for (int y = 1970; y < year; ++y) days += is_leap(y) ? 366 : 365;
  return days;
}

// --- http_date ---

TEST(HttpDateTest, FormatsImfFixdate) {
  EXPECT_EQ(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  // 2013-10-29 was a Tuesday (the "Sat" in time.hpp's example does not match the date).
  EXPECT_EQ(http_date(1383075811), "Tue, 29 Oct 2013 19:43:31 GMT");
  EXPECT_EQ(http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(http_date(951782400), "Tue, 29 Feb 2000 00:00:00 GMT");
  EXPECT_EQ(http_date(253402300799), "Fri, 31 Dec 9999 23:59:59 GMT");
}

TEST(HttpDateTest, FormatsBeforeEpoch) {
  EXPECT_EQ(http_date(-1), "Wed, 31 Dec 1969 23:59:59 GMT");
  EXPECT_EQ(http_date(-kDay), "Wed, 31 Dec 1969 00:00:00 GMT");
  EXPECT_EQ(http_date(-kDay - 1), "Tue, 30 Dec 1969 23:59:59 GMT");
}

TEST(HttpDateTest, ExtremeInputsDoNotOverflow) {
  // Not meaningful dates, but they must not trip UBSan.
  EXPECT_FALSE(http_date(std::numeric_limits<std::int64_t>::max()).empty());
  EXPECT_FALSE(http_date(std::numeric_limits<std::int64_t>::min()).empty());
}

// --- parse_http_date ---

TEST(RecentHttpDateTest, FormatsEachNewValueAndKeepsTheLast) {
  RecentHttpDate date;
  EXPECT_EQ(date.format(-1), "Wed, 31 Dec 1969 23:59:59 GMT");  // any first value
  EXPECT_EQ(date.format(1383075811), "Tue, 29 Oct 2013 19:43:31 GMT");
  EXPECT_EQ(date.format(1383075811), "Tue, 29 Oct 2013 19:43:31 GMT");
  EXPECT_EQ(date.format(1383075812), "Tue, 29 Oct 2013 19:43:32 GMT");
  EXPECT_EQ(date.format(1383075811), "Tue, 29 Oct 2013 19:43:31 GMT");  // back again
  EXPECT_EQ(date.format(0), http_date(0));
}

TEST(ParseHttpDateTest, ParsesTheThreeRfc7231Forms) {
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), 784111777);
  EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994"), 784111777);
}

TEST(ParseHttpDateTest, AsctimeDayForms) {
  EXPECT_EQ(parse_http_date("Sun Nov 06 08:49:37 1994"), 784111777);
  EXPECT_EQ(parse_http_date("Wed Nov 16 08:49:37 1994"), 784111777 + 10 * kDay);
  EXPECT_EQ(parse_http_date("Thu Jan  1 00:00:00 1970"), 0);
}

TEST(ParseHttpDateTest, Rfc850TwoDigitYears) {
  EXPECT_EQ(parse_http_date("Thursday, 01-Jan-70 00:00:00 GMT"), 0);
  EXPECT_EQ(parse_http_date("Friday, 31-Dec-99 23:59:59 GMT"), 946684799);
  EXPECT_EQ(parse_http_date("Saturday, 01-Jan-00 00:00:00 GMT"), 946684800);
  EXPECT_EQ(parse_http_date("Saturday, 31-Dec-69 00:00:00 GMT"),
            days_before_year(2069) * kDay + 364 * kDay);
}

TEST(ParseHttpDateTest, AllDayNames) {
  // The weekday must be a real name but is not checked against the date.
  for (const char* d : {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}) {
    EXPECT_EQ(parse_http_date(std::string(d) + ", 06 Nov 1994 08:49:37 GMT"), 784111777) << d;
    EXPECT_EQ(parse_http_date(std::string(d) + " Nov  6 08:49:37 1994"), 784111777) << d;
  }
  for (const char* d :
       {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}) {
    EXPECT_EQ(parse_http_date(std::string(d) + ", 06-Nov-94 08:49:37 GMT"), 784111777) << d;
  }
}

TEST(ParseHttpDateTest, IgnoresWeekdayMismatch) {
  EXPECT_EQ(parse_http_date("Sat, 29 Oct 2013 19:43:31 GMT"), 1383075811);
  EXPECT_EQ(parse_http_date("Tue, 29 Oct 2013 19:43:31 GMT"), 1383075811);
}

TEST(ParseHttpDateTest, AllMonthNames) {
  const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::int64_t expected = days_before_year(2001) * kDay;
  for (int m = 1; m <= 12; ++m) {
    EXPECT_EQ(parse_http_date(std::string("Mon, 01 ") + months[m - 1] + " 2001 00:00:00 GMT"),
              expected)
        << months[m - 1];
    expected += month_length(2001, m) * kDay;
  }
}

TEST(ParseHttpDateTest, LeapSecondCountsAsNextSecond) {
  EXPECT_EQ(parse_http_date("Sat, 31 Dec 2016 23:59:60 GMT"),
            parse_http_date("Sun, 01 Jan 2017 00:00:00 GMT"));
}

TEST(ParseHttpDateTest, RoundTripsWithHttpDate) {
  for (std::int64_t t = 0; t < 253402300800; t += 7777777 + (t % 13)) {
    const std::string s = http_date(t);
    EXPECT_EQ(parse_http_date(s), t) << s;
  }
}

TEST(ParseHttpDateTest, RejectsMalformed) {
  const char* bad[] = {
      "",
      "Sun",
      "Sun,",
      "Sun, 06 Nov 1994 08:49:37",
      "Sun, 06 Nov 1994 08:49:37 GMT ",
      " Sun, 06 Nov 1994 08:49:37 GMT",
      "Sun, 06 Nov 1994 08:49:37 UTC",
      "Sun, 06 Nov 1994 08:49:37 gmt",
      "Sun,06 Nov 1994 08:49:37 GMT",
      "Sun,  06 Nov 1994 08:49:37 GMT",
      "Sun, 6 Nov 1994 08:49:37 GMT",
      "Sun, 06 Nov 94 08:49:37 GMT",
      "Sun, 06 Nov 01994 08:49:37 GMT",
      "Sun, 06 nov 1994 08:49:37 GMT",
      "Sun, 06 NOV 1994 08:49:37 GMT",
      "Sun, 06 Now 1994 08:49:37 GMT",
      "sun, 06 Nov 1994 08:49:37 GMT",
      "Xyz, 06 Nov 1994 08:49:37 GMT",
      "Sunday, 06 Nov 1994 08:49:37 GMT",
      "Sun, 06-Nov-94 08:49:37 GMT",
      "Sunday, 06-Nov-1994 08:49:37 GMT",
      "Sunday, 06-Nov-94 08:49:37",
      "Sunday 06-Nov-94 08:49:37 GMT",
      "Sun Nov 6 08:49:37 1994",
      "Sun Nov   6 08:49:37 1994",
      "Sun Nov  6 08:49:37 94",
      "Sun Nov  6 08:49:37 1994 GMT",
      "Sun, Nov  6 08:49:37 1994",
      "Sun, 00 Nov 1994 08:49:37 GMT",
      "Sun, 31 Nov 1994 08:49:37 GMT",
      "Sun, 32 Dec 1994 08:49:37 GMT",
      "Sun, 29 Feb 1995 08:49:37 GMT",
      "Sun, 06 Nov 1994 24:00:00 GMT",
      "Sun, 06 Nov 1994 08:60:00 GMT",
      "Sun, 06 Nov 1994 08:49:61 GMT",
      "Sun, 06 Nov 1994 8:49:37 GMT",
      "Sun, 06 Nov 1994 08:49 GMT",
      "Sun, 06 Nov 1994 08-49-37 GMT",
      "Sun, 0a Nov 1994 08:49:37 GMT",
      "Sun, 06 Nov 19x4 08:49:37 GMT",
      "Sun, 06 Nov 1994 08:4\xff:37 GMT",
      "Sunday, 31-Feb-94 08:49:37 GMT",
      "Sun Feb 30 08:49:37 1994",
      "1994-11-06T08:49:37Z",
      "784111777",
  };
  for (const char* s : bad) EXPECT_EQ(parse_http_date(s), std::nullopt) << "'" << s << "'";
}

TEST(ParseHttpDateTest, RejectsEveryProperPrefix) {
  for (const std::string full : {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
                                 "Sun Nov  6 08:49:37 1994"}) {
    for (std::size_t n = 0; n < full.size(); ++n) {
      // A copy of exactly n bytes, so that ASan would catch a read past the end.
      const std::string prefix = full.substr(0, n);
      const std::string_view view(prefix.data(), prefix.size());
      EXPECT_EQ(parse_http_date(view), std::nullopt) << "'" << prefix << "'";
    }
  }
}

// --- parse_iso_utc ---

TEST(ParseIsoUtcTest, ParsesKnownValues) {
  EXPECT_EQ(parse_iso_utc("2012-01-01T11:00:00"), 1325415600);
  EXPECT_EQ(parse_iso_utc("2012-01-01T11:00:00Z"), 1325415600);
  EXPECT_EQ(parse_iso_utc("1970-01-01T00:00:00"), 0);
  EXPECT_EQ(parse_iso_utc("1994-11-06T08:49:37"), 784111777);
  EXPECT_EQ(parse_iso_utc("9999-12-31T23:59:59Z"), 253402300799);
}

TEST(ParseIsoUtcTest, LeapYears) {
  EXPECT_EQ(parse_iso_utc("2000-02-29T00:00:00"), 951782400);
  EXPECT_TRUE(parse_iso_utc("2024-02-29T12:00:00").has_value());
  EXPECT_TRUE(parse_iso_utc("2400-02-29T12:00:00").has_value());
  EXPECT_EQ(parse_iso_utc("2023-02-29T12:00:00"), std::nullopt);
  EXPECT_EQ(parse_iso_utc("2100-02-29T12:00:00"), std::nullopt);
  EXPECT_EQ(parse_iso_utc("2200-02-29T12:00:00"), std::nullopt);
}

TEST(ParseIsoUtcTest, EveryDayOfSeveralRangesRoundTrips) {
  // Day by day over 1970..2105 (covers 2000 and 2100), around 2400 and up to 9999,
  // checked against the naive calendar above.
  for (const auto& [first, last] : {std::pair{1970, 2105}, {2398, 2402}, {9997, 9999}}) {
    Date d{first, 1, 1};
    std::int64_t days = days_before_year(first);
    while (d.year <= last) {
      const int h = static_cast<int>(days % 24);
      const int m = static_cast<int>(days % 60);
      const int s = static_cast<int>((days * 7) % 60);
      const std::int64_t t = days * kDay + h * 3600 + m * 60 + s;
      const std::string text = iso(d, h, m, s);
      ASSERT_EQ(parse_iso_utc(text), t) << text;
      ASSERT_EQ(iso_utc_us(t * 1'000'000), text + ".000000Z");
      ASSERT_EQ(parse_iso_utc(text + "Z"), t) << text;
      next_day(d);
      ++days;
    }
  }
}

TEST(ParseIsoUtcTest, RejectsMalformed) {
  const char* bad[] = {
      "",
      "2012",
      "2012-01-01",
      "2012-01-01T",
      "2012-01-01T11:00",
      "2012-01-01T11:00:0",
      "2012-01-01T11:00:000",
      "2012-01-01T11:00:00ZZ",
      "2012-01-01T11:00:00z",
      "2012-01-01T11:00:00 ",
      " 2012-01-01T11:00:00",
      "2012-01-01 11:00:00",
      "2012-01-01t11:00:00",
      "2012-01-01T11:00:00+00:00",
      "2012-01-01T11:00:00.000",
      "2012-01-01T11:00:00.000Z",
      "2012/01/01T11:00:00",
      "2012-01-01T11.00.00",
      "2012-1-01T11:00:00",
      "2012-01-1T11:00:00",
      "12-01-01T11:00:00",
      "+2012-01-01T11:00:00",
      "-012-01-01T11:00:00",
      "20a2-01-01T11:00:00",
      "2012-0b-01T11:00:00",
      "2012-01-0cT11:00:00",
      "2012-01-01T1d:00:00",
      "2012-01-01T11:e0:00",
      "2012-01-01T11:00:0f",
      "2012-01-01T11:00:-1",
      "2012-01-01T 1:00:00",
      "1969-12-31T23:59:59",
      "0000-01-01T00:00:00",
      "2012-00-01T00:00:00",
      "2012-13-01T00:00:00",
      "2012-01-00T00:00:00",
      "2012-01-32T00:00:00",
      "2012-02-30T00:00:00",
      "2012-04-31T00:00:00",
      "2012-06-31T00:00:00",
      "2012-09-31T00:00:00",
      "2012-11-31T00:00:00",
      "2012-01-01T24:00:00",
      "2012-01-01T23:60:00",
      "2012-01-01T23:59:60",
      "2012-01-01T99:99:99",
      "Sun, 06 Nov 1994 08:49:37 GMT",
  };
  for (const char* s : bad) EXPECT_EQ(parse_iso_utc(s), std::nullopt) << "'" << s << "'";
  EXPECT_EQ(parse_iso_utc(std::string("2012-01-01T11:00:00\0", 20)), std::nullopt);
}

TEST(ParseIsoUtcTest, RejectsEveryProperPrefix) {
  const std::string full = "2012-01-01T11:00:00";
  for (std::size_t n = 0; n < full.size(); ++n) {
    const std::string prefix = full.substr(0, n);
    EXPECT_EQ(parse_iso_utc(std::string_view(prefix.data(), prefix.size())), std::nullopt)
        << prefix;
  }
}

// --- iso_utc_us ---

TEST(IsoUtcUsTest, FormatsMicroseconds) {
  EXPECT_EQ(iso_utc_us(0), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(iso_utc_us(1), "1970-01-01T00:00:00.000001Z");
  EXPECT_EQ(iso_utc_us(999'999), "1970-01-01T00:00:00.999999Z");
  EXPECT_EQ(iso_utc_us(1'325'415'600'123'456), "2012-01-01T11:00:00.123456Z");
  EXPECT_EQ(iso_utc_us(253'402'300'799'999'999), "9999-12-31T23:59:59.999999Z");
}

TEST(IsoUtcUsTest, FormatsBeforeEpoch) {
  EXPECT_EQ(iso_utc_us(-1), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(iso_utc_us(-1'000'000), "1969-12-31T23:59:59.000000Z");
}

TEST(IsoUtcUsTest, ExtremeInputsDoNotOverflow) {
  EXPECT_FALSE(iso_utc_us(std::numeric_limits<std::int64_t>::max()).empty());
  EXPECT_FALSE(iso_utc_us(std::numeric_limits<std::int64_t>::min()).empty());
}

// --- now_us ---

// The wall clock in microseconds, read with clock_gettime. std::time() would not do as a
// bound: it reads a coarse clock that lags the precise one by up to a tick (CI once saw
// now_us() 4 ms into a second that time() had not reached yet).
std::int64_t realtime_us() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
}

TEST(NowUsTest, IsWallClockMicroseconds) {
  const std::int64_t before = realtime_us();
  const std::int64_t now = now_us();
  const std::int64_t after = realtime_us();
  EXPECT_GE(now, before);
  EXPECT_LE(now, after);
}

}  // namespace
}  // namespace recod::util
