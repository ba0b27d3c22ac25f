// parse_tracking() against every rule of api-reference.md section 1 (Tracking).
#include "recod/tracking/parser.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "recod/config/config.hpp"
#include "recod/util/query.hpp"

namespace recod::tracking {
namespace {

constexpr std::string_view kLicenseKey = "8695-1828-92810-5535-4239";
constexpr std::int64_t kNowUs = 1'700'000'000'000'000;  // 2023-11-14T22:13:20Z

// "00000": numeric ids and the demo license key; "strings": string item ids enabled;
// "nokey": numeric ids and no license key (signed imports disabled).
const config::Config& test_config() {
  static const config::Config config = [] {
    const auto customer = [](std::string id, std::string key, bool string_ids) {
      config::CustomerConfig cc;
      cc.id = std::move(id);
      cc.license_key = std::move(key);
      cc.string_item_ids = string_ids;
      return cc;
    };
    config::Config c;
    c.customers["00000"] = customer("00000", std::string(kLicenseKey), false);
    c.customers["strings"] = customer("strings", "strings-key", true);
    c.customers["nokey"] = customer("nokey", "", false);
    return c;
  }();
  return config;
}

// Splits a raw path ("api/00000/click/u/1/2") on '/', keeping empty segments.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const auto slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      out.push_back(path.substr(start));
      return out;
    }
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
}

Result<TrackingRequest> parse(std::string_view path, std::string_view query = "",
                              std::int64_t now_us = kNowUs) {
  const auto segments = split_path(path);
  auto params = util::parse_query(query);
  if (!params) {
    ADD_FAILURE() << "malformed test query '" << query << "': " << params.status().message();
    return params.status();
  }
  return parse_tracking(segments, *params, test_config(), now_us);
}

// The one event of an accepted request; nullopt (and a test failure naming the request)
// when it is rejected or yields a different number of events.
std::optional<Event> parse_event(std::string_view path, std::string_view query = "",
                                 std::int64_t now_us = kNowUs) {
  auto r = parse(path, query, now_us);
  if (!r) {
    ADD_FAILURE() << path << "?" << query << " was rejected: " << r.status().message();
    return std::nullopt;
  }
  if (r->events.size() != 1) {
    ADD_FAILURE() << path << "?" << query << " gave " << r->events.size() << " events";
    return std::nullopt;
  }
  return r->events.front();
}

// Succeeds when the request is rejected with `code` and a non-empty message that contains
// `mention` (the field it names).
::testing::AssertionResult rejected(StatusCode code, std::string_view path, std::string_view query,
                                    std::string_view mention) {
  const auto r = parse(path, query);
  if (r.is_ok()) return ::testing::AssertionFailure() << path << "?" << query << " was accepted";
  const Status& s = r.status();
  if (s.code() != code) {
    return ::testing::AssertionFailure()
           << path << "?" << query << ": code " << static_cast<int>(s.code()) << " instead of "
           << static_cast<int>(code) << " (" << s.message() << ")";
  }
  if (s.message().empty()) return ::testing::AssertionFailure() << "empty error message";
  if (s.message().find(mention) == std::string::npos) {
    return ::testing::AssertionFailure() << path << "?" << query << ": message '" << s.message()
                                         << "' does not mention '" << mention << "'";
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult invalid(std::string_view path, std::string_view query,
                                   std::string_view mention) {
  return rejected(StatusCode::kInvalidArgument, path, query, mention);
}

::testing::AssertionResult not_found(std::string_view path, std::string_view query,
                                     std::string_view mention) {
  return rejected(StatusCode::kNotFound, path, query, mention);
}

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out.append(s);
  return out;
}

// A click path for user `uid` (raw, as it would appear in the URL).
std::string click_path(std::string_view uid) {
  return "api/00000/click/" + std::string(uid) + "/1/123";
}

std::string click_item(std::string_view type, std::string_view id) {
  return "api/00000/click/u/" + std::string(type) + "/" + std::string(id);
}

// ---------------------------------------------------------------------------------------
// URL shape: prefix, customer, event name, segment count.

TEST(TrackingPathTest, EveryEventNameMapsToItsKind) {
  struct Case {
    std::string_view name;
    EventKind kind;
    std::string_view query;  // the event's required parameters
  };
  const std::vector<Case> cases = {
      {"click", EventKind::kClick, ""},
      {"consume", EventKind::kConsume, ""},
      {"buy", EventKind::kBuy, "fullprice=2.50EUR"},
      {"basket", EventKind::kBasket, ""},
      {"deletefrombasket", EventKind::kDeleteFromBasket, ""},
      {"rate", EventKind::kRate, ""},
      {"blacklist", EventKind::kBlacklist, ""},
      {"rendered", EventKind::kRendered, ""},
      {"clickrecommended", EventKind::kClickRecommended, "scenario=also_clicked"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string path = "api/00000/" + std::string(c.name) + "/john.smith/1/123";
    const auto r = parse(path, c.query);
    ASSERT_TRUE(r.is_ok()) << r.status().message();
    EXPECT_EQ(r->customer, "00000");
    EXPECT_EQ(r->kind, c.kind);
    EXPECT_EQ(r->user_id, "john.smith");
    EXPECT_EQ(r->target_user_id, "");
    ASSERT_EQ(r->events.size(), 1U);
    EXPECT_EQ(r->events[0].kind, c.kind);
    EXPECT_EQ(r->events[0].item_type, 1U);
    EXPECT_EQ(r->events[0].item_id, "123");
  }
  for (std::string_view name : {"login", "transfer"}) {
    SCOPED_TRACE(name);
    const std::string path = "api/00000/" + std::string(name) + "/anon-1/john.smith";
    const auto r = parse(path);
    ASSERT_TRUE(r.is_ok()) << r.status().message();
    EXPECT_EQ(r->kind, EventKind::kLogin);
    ASSERT_EQ(r->events.size(), 1U);
    EXPECT_EQ(r->events[0].kind, EventKind::kLogin);
  }
}

TEST(TrackingPathTest, LegacySolutionPrefixesMeanTheSameAsApi) {
  const auto expected = parse("api/00000/click/john.smith/1/123", "categorypath=%2FA%2FB");
  ASSERT_TRUE(expected.is_ok()) << expected.status().message();
  for (std::string_view prefix : {"ebl", "ebl2", "ebh", "news"}) {
    SCOPED_TRACE(prefix);
    const std::string path = std::string(prefix) + "/00000/click/john.smith/1/123";
    const auto r = parse(path, "categorypath=%2FA%2FB");
    ASSERT_TRUE(r.is_ok()) << r.status().message();
    EXPECT_EQ(r->customer, expected->customer);
    EXPECT_EQ(r->kind, expected->kind);
    EXPECT_EQ(r->user_id, expected->user_id);
    EXPECT_EQ(r->events, expected->events);
  }
  const auto login = parse("news/00000/login/anon-1/john.smith");
  ASSERT_TRUE(login.is_ok()) << login.status().message();
  EXPECT_EQ(login->kind, EventKind::kLogin);
}

TEST(TrackingPathTest, IsSolutionPrefixKnowsApiAndTheLegacyIds) {
  for (std::string_view p : {"api", "ebl", "ebl2", "ebh", "news"}) {
    EXPECT_TRUE(is_solution_prefix(p)) << p;
  }
  for (std::string_view p : {"", "ap", "apix", "ebl3", "eb", "new", "v2", "00000"}) {
    EXPECT_FALSE(is_solution_prefix(p)) << p;
  }
}

TEST(TrackingPathTest, OtherPrefixIsNotFound) {
  EXPECT_TRUE(not_found("shop/00000/click/u/1/2", "", "tracking"));
  EXPECT_TRUE(not_found("ebl3/00000/click/u/1/2", "", "tracking"));
}

TEST(TrackingPathTest, UnknownCustomerIsNotFoundAndNamed) {
  EXPECT_TRUE(not_found("api/99999/click/u/1/2", "", "unknown customer id '99999'"));
  EXPECT_TRUE(not_found("ebl/12345/buy/u/1/2", "fullprice=1EUR", "'12345'"));
}

TEST(TrackingPathTest, UnknownCustomerIdIsNotEchoedWhenItCouldNotBeConfigured) {
  // An id with markup is never echoed back into the error body.
  EXPECT_TRUE(not_found("api/%3Cscript%3E/click/u/1/2", "", "unknown customer id"));
  const auto r = parse("api/%3Cscript%3E/click/u/1/2");
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().message().find('<'), std::string::npos) << r.status().message();
}

TEST(TrackingPathTest, UnknownEventIsNotFound) {
  EXPECT_TRUE(not_found("api/00000/view/u/1/2", "", "event"));
  EXPECT_TRUE(not_found("api/00000/purchase/u/1/2", "", "event"));
  EXPECT_TRUE(not_found("api/00000//u/1/2", "", "event"));
}

TEST(TrackingPathTest, EventNameIsPercentDecoded) {
  const auto e = parse_event("api/00000/cl%69ck/u/1/2");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, EventKind::kClick);
}

TEST(TrackingPathTest, WrongSegmentCountIsInvalid) {
  EXPECT_TRUE(invalid("api/00000/click/u/1", "", "click needs"));
  EXPECT_TRUE(invalid("api/00000/click/u", "", "click needs"));
  EXPECT_TRUE(invalid("api/00000/click", "", "click needs"));
  EXPECT_TRUE(invalid("api/00000/click/u/1/2/3", "", "click needs"));
  EXPECT_TRUE(invalid("api/00000/buy/u/1/2/", "fullprice=1EUR", "buy needs"));
  EXPECT_TRUE(invalid("api/00000/login/a", "", "login needs"));
  EXPECT_TRUE(invalid("api/00000/login/a/b/c", "", "login needs"));
  EXPECT_TRUE(invalid("api/00000/transfer/a/b/c", "", "login needs"));
}

// ---------------------------------------------------------------------------------------
// {uid}: non-empty, case-sensitive, at most 256 bytes after decoding, no backslash.

TEST(UserIdTest, KeptAsSentCaseSensitive) {
  const auto upper = parse("api/00000/click/John.Smith/1/123");
  ASSERT_TRUE(upper.is_ok()) << upper.status().message();
  EXPECT_EQ(upper->user_id, "John.Smith");
  const auto lower = parse("api/00000/click/john.smith/1/123");
  ASSERT_TRUE(lower.is_ok()) << lower.status().message();
  EXPECT_EQ(lower->user_id, "john.smith");
}

TEST(UserIdTest, EmptyIsRejected) { EXPECT_TRUE(invalid("api/00000/click//1/123", "", "user id")); }

TEST(UserIdTest, AtMost256BytesAfterDecoding) {
  const auto max = parse(click_path(std::string(256, 'a')));
  ASSERT_TRUE(max.is_ok()) << max.status().message();
  EXPECT_EQ(max->user_id, std::string(256, 'a'));
  EXPECT_TRUE(invalid(click_path(std::string(257, 'a')), "", "user id"));

  // 86 escapes are 258 characters on the wire but 86 bytes decoded: accepted.
  const auto escaped = parse(click_path(repeat("%41", 86)));
  ASSERT_TRUE(escaped.is_ok()) << escaped.status().message();
  EXPECT_EQ(escaped->user_id, std::string(86, 'A'));
  const auto escaped_max = parse(click_path(repeat("%41", 256)));
  ASSERT_TRUE(escaped_max.is_ok()) << escaped_max.status().message();
  EXPECT_EQ(escaped_max->user_id, std::string(256, 'A'));
  EXPECT_TRUE(invalid(click_path(repeat("%41", 257)), "", "user id"));

  // Bytes, not characters: 128 two-byte characters are 256 bytes.
  const auto utf8 = parse(click_path(repeat("%C3%BC", 128)));
  ASSERT_TRUE(utf8.is_ok()) << utf8.status().message();
  EXPECT_EQ(utf8->user_id.size(), 256U);
  EXPECT_TRUE(invalid(click_path(repeat("%C3%BC", 128) + "a"), "", "user id"));
}

TEST(UserIdTest, BackslashRejectedRawAndEncoded) {
  EXPECT_TRUE(invalid(click_path("john\\smith"), "", "backslash"));
  EXPECT_TRUE(invalid(click_path("john%5Csmith"), "", "backslash"));
  EXPECT_TRUE(invalid(click_path("john%5csmith"), "", "backslash"));
  EXPECT_TRUE(invalid(click_path("%5C"), "", "backslash"));
}

TEST(UserIdTest, DecodedExactlyOnce) {
  const auto r = parse(click_path("%2541"));
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->user_id, "%41");
  const auto spaces = parse(click_path("john%20smith+x%40example.com"));
  ASSERT_TRUE(spaces.is_ok()) << spaces.status().message();
  EXPECT_EQ(spaces->user_id, "john smith+x@example.com");  // '+' is not a space in a path
}

TEST(UserIdTest, MalformedEscapeRejected) {
  EXPECT_TRUE(invalid(click_path("john%"), "", "user id"));
  EXPECT_TRUE(invalid(click_path("john%4"), "", "user id"));
  EXPECT_TRUE(invalid(click_path("john%zz"), "", "user id"));
}

TEST(UserIdTest, ControlCharactersRejected) {
  EXPECT_TRUE(invalid(click_path("a%00b"), "", "user id"));
  EXPECT_TRUE(invalid(click_path("a%0Ab"), "", "user id"));
  EXPECT_TRUE(invalid(click_path("a%09b"), "", "user id"));
  EXPECT_TRUE(invalid(click_path("a%1Fb"), "", "user id"));
  EXPECT_TRUE(invalid(click_path("a%7Fb"), "", "user id"));
}

// ---------------------------------------------------------------------------------------
// {type} and {id}: integer 1 .. 2147483647; string ids only when the customer enables them.

TEST(ItemTypeTest, AcceptsOneToMaxInt32) {
  const auto one = parse_event(click_item("1", "5"));
  ASSERT_TRUE(one);
  EXPECT_EQ(one->item_type, 1U);
  const auto max = parse_event(click_item("2147483647", "5"));
  ASSERT_TRUE(max);
  EXPECT_EQ(max->item_type, 2147483647U);
}

TEST(ItemTypeTest, RejectsEverythingElse) {
  for (std::string_view bad : {"0", "2147483648", "4294967297", "99999999999999999999", "-1", "1.5",
                               "abc", "", "+1", " 1", "1 ", "0x1", "1e3", "%2B1", "%"}) {
    EXPECT_TRUE(invalid(click_item(bad, "5"), "", "item type")) << "type '" << bad << "'";
  }
}

TEST(ItemTypeTest, LeadingZerosAndEscapesAreCanonicalised) {
  const auto zeros = parse_event(click_item("007", "5"));
  ASSERT_TRUE(zeros);
  EXPECT_EQ(zeros->item_type, 7U);
  const auto escaped = parse_event(click_item("%31", "5"));
  ASSERT_TRUE(escaped);
  EXPECT_EQ(escaped->item_type, 1U);
}

TEST(ItemIdTest, AcceptsOneToMaxInt32) {
  const auto one = parse_event(click_item("1", "1"));
  ASSERT_TRUE(one);
  EXPECT_EQ(one->item_id, "1");
  const auto max = parse_event(click_item("1", "2147483647"));
  ASSERT_TRUE(max);
  EXPECT_EQ(max->item_id, "2147483647");
}

TEST(ItemIdTest, RejectsEverythingElse) {
  for (std::string_view bad : {"0", "2147483648", "99999999999999999999", "-1", "1.5", "abc", "",
                               "+1", "1%20", "1,2", "%", "12a"}) {
    EXPECT_TRUE(invalid(click_item("1", bad), "", "item id")) << "id '" << bad << "'";
  }
}

TEST(ItemIdTest, LeadingZerosAreCanonicalised) {
  const auto e = parse_event(click_item("1", "007"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->item_id, "7");
  const auto escaped = parse_event(click_item("1", "%30%34%32"));
  ASSERT_TRUE(escaped);
  EXPECT_EQ(escaped->item_id, "42");
}

TEST(ItemIdTest, StringIdsOnlyWhenTheCustomerEnablesThem) {
  EXPECT_TRUE(invalid("api/00000/click/u/1/SKU-42", "", "item id"));
  const auto e = parse_event("api/strings/click/u/1/SKU-42");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->item_id, "SKU-42");
}

TEST(ItemIdTest, StringIdsAreDecodedOnceAndKeptVerbatim) {
  const auto e = parse_event("api/strings/click/u/1/Red%20Shirt%2FXL%2541");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->item_id, "Red Shirt/XL%41");
  const auto zeros = parse_event("api/strings/click/u/1/007");
  ASSERT_TRUE(zeros);
  EXPECT_EQ(zeros->item_id, "007");  // a string id is opaque: no canonicalisation
  const auto utf8 = parse_event("api/strings/click/u/1/B%C3%BCcher");
  ASSERT_TRUE(utf8);
  EXPECT_EQ(utf8->item_id, "B\303\274cher");  // "Bücher" in UTF-8
}

TEST(ItemIdTest, StringIdsAtMost256Bytes) {
  const auto max = parse_event("api/strings/click/u/1/" + std::string(256, 'x'));
  ASSERT_TRUE(max);
  EXPECT_EQ(max->item_id, std::string(256, 'x'));
  EXPECT_TRUE(invalid("api/strings/click/u/1/" + std::string(257, 'x'), "", "item id"));
  EXPECT_TRUE(invalid("api/strings/click/u/1/" + repeat("%78", 257), "", "item id"));
}

TEST(ItemIdTest, StringIdsRejectEmptyControlBackslashAndBadUtf8) {
  EXPECT_TRUE(invalid("api/strings/click/u/1/", "", "item id"));
  EXPECT_TRUE(invalid("api/strings/click/u/1/a%0Ab", "", "item id"));
  EXPECT_TRUE(invalid("api/strings/click/u/1/a%00b", "", "item id"));
  EXPECT_TRUE(invalid("api/strings/click/u/1/a%FFb", "", "item id"));
  EXPECT_TRUE(invalid("api/strings/click/u/1/a%5Cb", "", "backslash"));
  EXPECT_TRUE(invalid("api/strings/click/u/1/a\\b", "", "backslash"));
}

TEST(ItemIdTest, StringIdsStillNeedANumericType) {
  EXPECT_TRUE(invalid("api/strings/click/u/shirts/SKU-42", "", "item type"));
}

// ---------------------------------------------------------------------------------------
// rendered: several ids in one request.

TEST(RenderedTest, SeveralIdsGiveOneEventEachWithTheSameParameters) {
  const auto r = parse("api/00000/rendered/u/3/1,2,3",
                       "scenario=also_clicked&modelid=m7&requestuuid=tok-1&categorypath=%2FA%2F");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->kind, EventKind::kRendered);
  ASSERT_EQ(r->events.size(), 3U);
  const std::vector<std::string> ids = {"1", "2", "3"};
  for (std::size_t i = 0; i < ids.size(); ++i) {
    SCOPED_TRACE(i);
    const Event& e = r->events[i];
    EXPECT_EQ(e.kind, EventKind::kRendered);
    EXPECT_EQ(e.item_type, 3U);
    EXPECT_EQ(e.item_id, ids[i]);
    EXPECT_EQ(e.scenario, "also_clicked");
    EXPECT_EQ(e.model_id, "m7");
    EXPECT_EQ(e.token, "tok-1");
    EXPECT_EQ(e.category_path, "A");
    EXPECT_EQ(e.time_us, kNowUs);
  }
}

TEST(RenderedTest, SingleIdGivesOneEvent) {
  const auto e = parse_event("api/00000/rendered/u/1/0042");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->item_id, "42");
}

TEST(RenderedTest, EmptyOrBadIdInTheListRejectsTheWholeRequest) {
  EXPECT_TRUE(invalid("api/00000/rendered/u/1/1,,2", "", "item id"));
  EXPECT_TRUE(invalid("api/00000/rendered/u/1/1,", "", "item id"));
  EXPECT_TRUE(invalid("api/00000/rendered/u/1/,1", "", "item id"));
  EXPECT_TRUE(invalid("api/00000/rendered/u/1/,", "", "item id"));
  EXPECT_TRUE(invalid("api/00000/rendered/u/1/1,0,2", "", "item id"));
  EXPECT_TRUE(invalid("api/00000/rendered/u/1/1,x,2", "", "item id"));
}

TEST(RenderedTest, EncodedCommaStaysInsideAStringId) {
  const auto r = parse("api/strings/rendered/u/1/a%2Cb,c");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  ASSERT_EQ(r->events.size(), 2U);
  EXPECT_EQ(r->events[0].item_id, "a,b");
  EXPECT_EQ(r->events[1].item_id, "c");
}

TEST(RenderedTest, OnlyRenderedTakesAList) {
  EXPECT_TRUE(invalid("api/00000/click/u/1/1,2", "", "item id"));
  // For other events a comma is part of a string id.
  const auto e = parse_event("api/strings/click/u/1/a,b");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->item_id, "a,b");
}

// ---------------------------------------------------------------------------------------
// categorypath

std::optional<std::string> category_of(std::string_view query,
                                       std::string_view path = "api/00000/click/u/1/2") {
  const auto e = parse_event(path, query);
  if (!e) return std::nullopt;
  return e->category_path;
}

TEST(CategoryPathTest, LeadingAndTrailingSlashesIgnored) {
  EXPECT_EQ(category_of("categorypath=/Cameras/"), "Cameras");
  EXPECT_EQ(category_of("categorypath=%2FCameras%2F"), "Cameras");
  EXPECT_EQ(category_of("categorypath=Cameras"), "Cameras");
}

TEST(CategoryPathTest, EncodedSlashesSeparateLevels) {
  EXPECT_EQ(category_of("categorypath=%2FFoto%2FCameras%2FCompact%2FCanon"),
            "Foto/Cameras/Compact/Canon");
  EXPECT_EQ(
      category_of("categorypath=%2FFoto%2FCameras%2FCompact%2FCanon", "api/00000/basket/u/1/2"),
      "Foto/Cameras/Compact/Canon");
}

TEST(CategoryPathTest, RepeatedSlashesCollapsed) {
  EXPECT_EQ(category_of("categorypath=Foto//Cameras///Compact"), "Foto/Cameras/Compact");
  EXPECT_EQ(category_of("categorypath=%2F%2FFoto%2F%2F"), "Foto");
}

TEST(CategoryPathTest, EmptyNullOrOnlySlashesMeansNone) {
  EXPECT_EQ(category_of(""), "");
  EXPECT_EQ(category_of("categorypath="), "");
  EXPECT_EQ(category_of("categorypath=null"), "");
  EXPECT_EQ(category_of("categorypath=undefined"), "");
  EXPECT_EQ(category_of("categorypath=%2F"), "");
}

// "%C3%BC" and "\303\274" are "ü" in UTF-8.
TEST(CategoryPathTest, DecodedOnceWithPlusAsSpace) {
  EXPECT_EQ(category_of("categorypath=%2FFoto+%26+Video%2FB%C3%BCcher%2541"),
            "Foto & Video/B\303\274cher%41");
}

TEST(CategoryPathTest, BackslashRejected) {
  EXPECT_TRUE(invalid("api/00000/click/u/1/2", "categorypath=Foto%5CCameras", "categorypath"));
  EXPECT_TRUE(invalid("api/00000/click/u/1/2", "categorypath=%5C", "categorypath"));
}

TEST(CategoryPathTest, ControlCharactersAndBadUtf8Rejected) {
  EXPECT_TRUE(invalid("api/00000/click/u/1/2", "categorypath=A%0AB", "categorypath"));
  EXPECT_TRUE(invalid("api/00000/click/u/1/2", "categorypath=A%FFB", "categorypath"));
}

// ---------------------------------------------------------------------------------------
// consume percentage, rate rating

TEST(ConsumeTest, PercentageFromZeroToHundred) {
  for (int pct : {0, 1, 50, 100}) {
    const auto e = parse_event("api/00000/consume/u/1/2", "percentage=" + std::to_string(pct));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->percentage, std::optional<std::uint8_t>(static_cast<std::uint8_t>(pct)));
  }
  const auto zeros = parse_event("api/00000/consume/u/1/2", "percentage=050");
  ASSERT_TRUE(zeros);
  EXPECT_EQ(zeros->percentage, std::optional<std::uint8_t>(50));
}

TEST(ConsumeTest, PercentageMayBeAbsent) {
  for (std::string_view q : {"", "percentage=", "percentage=undefined", "percentage=null"}) {
    const auto e = parse_event("api/00000/consume/u/1/2", q);
    ASSERT_TRUE(e) << q;
    EXPECT_EQ(e->percentage, std::nullopt) << q;
  }
}

TEST(ConsumeTest, PercentageOutOfRangeOrMalformedRejected) {
  for (std::string_view bad :
       {"101", "-1", "50%25", "5.5", "abc", "1000", "99999999999999999999", "+5", "50+"}) {
    EXPECT_TRUE(invalid("api/00000/consume/u/1/2", "percentage=" + std::string(bad), "percentage"))
        << bad;
  }
}

TEST(RateTest, RatingFromZeroToHundred) {
  for (int rating : {0, 3, 100}) {
    const auto e = parse_event("api/00000/rate/u/1/2", "rating=" + std::to_string(rating));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->rating, std::optional<std::uint8_t>(static_cast<std::uint8_t>(rating)));
  }
}

TEST(RateTest, RatingOutOfRangeOrMalformedRejected) {
  for (std::string_view bad : {"101", "-1", "4.5", "five", "256"}) {
    EXPECT_TRUE(invalid("api/00000/rate/u/1/2", "rating=" + std::string(bad), "rating")) << bad;
  }
}

TEST(RateTest, RatingMayBeAbsent) {
  // A comment without a rating.
  const auto e = parse_event("api/00000/rate/u/1/2");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->rating, std::nullopt);
}

// ---------------------------------------------------------------------------------------
// buy: quantity, fullprice, deprecated price/currency

std::optional<Event> buy(std::string_view query) {
  return parse_event("api/00000/buy/u/1/11", query);
}

TEST(BuyTest, FullpriceInMinorUnitsOfItsCurrency) {
  const auto eur = buy("fullprice=2.50EUR&quantity=4");
  ASSERT_TRUE(eur);
  EXPECT_EQ(eur->kind, EventKind::kBuy);
  EXPECT_EQ(eur->price, (Price{250, "EUR"}));
  EXPECT_EQ(eur->quantity, 4U);
  const auto jpy = buy("fullprice=456JPY");
  ASSERT_TRUE(jpy);
  EXPECT_EQ(jpy->price, (Price{456, "JPY"}));
  const auto usd = buy("fullprice=12.45USD");
  ASSERT_TRUE(usd);
  EXPECT_EQ(usd->price, (Price{1245, "USD"}));
}

TEST(BuyTest, FullpriceWithManyDecimalsIsRoundedNotRejected) {
  const auto e = buy("fullprice=19.990000000000002EUR");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->price, (Price{1999, "EUR"}));
  const auto jpy = buy("fullprice=455.5JPY");
  ASSERT_TRUE(jpy);
  EXPECT_EQ(jpy->price, (Price{456, "JPY"}));
}

TEST(BuyTest, QuantityDefaultsToOne) {
  for (std::string_view q : {"fullprice=1EUR", "fullprice=1EUR&quantity=",
                             "fullprice=1EUR&quantity=undefined", "fullprice=1EUR&quantity=null"}) {
    const auto e = buy(q);
    ASSERT_TRUE(e) << q;
    EXPECT_EQ(e->quantity, 1U) << q;
  }
}

TEST(BuyTest, QuantityAtLeastOne) {
  const auto one = buy("fullprice=1EUR&quantity=1");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->quantity, 1U);
  const auto many = buy("fullprice=1EUR&quantity=2147483647");
  ASSERT_TRUE(many);
  EXPECT_EQ(many->quantity, 2147483647U);
  for (std::string_view bad : {"0", "-1", "1.5", "two", "2147483648"}) {
    EXPECT_TRUE(
        invalid("api/00000/buy/u/1/11", "fullprice=1EUR&quantity=" + std::string(bad), "quantity"))
        << bad;
  }
}

TEST(BuyTest, JunkFullpriceRejected) {
  for (std::string_view bad :
       {"undefinedEUR", "2%2C50EUR", "2.50+EUR", "2.50%20EUR", "2.50eur", "2.50Eur", "EUR", "2.50",
        ".50EUR", "2.EUR", "-2.50EUR", "NaNEUR", "2.50EURO", "2.50%E2%82%AC"}) {
    EXPECT_TRUE(invalid("api/00000/buy/u/1/11", "fullprice=" + std::string(bad), "fullprice"))
        << bad;
  }
}

TEST(BuyTest, UnknownCurrencyRejectedAndNamed) {
  EXPECT_TRUE(invalid("api/00000/buy/u/1/11", "fullprice=2.50ABC", "ABC"));
  EXPECT_TRUE(invalid("api/00000/buy/u/1/11", "fullprice=2.50ABC", "fullprice"));
}

TEST(BuyTest, MissingFullpriceAndPriceRejected) {
  EXPECT_TRUE(invalid("api/00000/buy/u/1/11", "", "fullprice"));
  EXPECT_TRUE(invalid("api/00000/buy/u/1/11", "quantity=2", "fullprice"));
  EXPECT_TRUE(invalid("api/00000/buy/u/1/11", "fullprice=undefined", "fullprice"));
  EXPECT_TRUE(invalid("api/00000/buy/u/1/11", "fullprice=&price=", "fullprice"));
  EXPECT_TRUE(invalid("api/00000/buy/u/1/11", "currency=EUR", "fullprice"));
}

TEST(BuyTest, DeprecatedPriceInCentsWithDefaultCurrencyEur) {
  const auto eur = buy("price=225");
  ASSERT_TRUE(eur);
  EXPECT_EQ(eur->price, (Price{225, "EUR"}));
  const auto usd = buy("price=225&currency=USD");
  ASSERT_TRUE(usd);
  EXPECT_EQ(usd->price, (Price{225, "USD"}));
  const auto jpy = buy("price=456&currency=JPY&quantity=3");
  ASSERT_TRUE(jpy);
  EXPECT_EQ(jpy->price, (Price{456, "JPY"}));
  EXPECT_EQ(jpy->quantity, 3U);
  const auto absent_currency = buy("price=225&currency=undefined");
  ASSERT_TRUE(absent_currency);
  EXPECT_EQ(absent_currency->price, (Price{225, "EUR"}));
}

TEST(BuyTest, DeprecatedPriceUsedOnlyWhenFullpriceIsAbsent) {
  const auto both = buy("price=225&currency=USD&fullprice=19.99EUR");
  ASSERT_TRUE(both);
  EXPECT_EQ(both->price, (Price{1999, "EUR"}));
  const auto empty_full = buy("fullprice=&price=225");
  ASSERT_TRUE(empty_full);
  EXPECT_EQ(empty_full->price, (Price{225, "EUR"}));
  // A junk fullprice is an error even when a valid price is there too.
  EXPECT_TRUE(invalid("api/00000/buy/u/1/11", "fullprice=undefinedEUR&price=225", "fullprice"));
}

TEST(BuyTest, DeprecatedPriceMustBeIntegerCentsAndCurrencyKnown) {
  EXPECT_TRUE(invalid("api/00000/buy/u/1/11", "price=2.25", "price"));
  EXPECT_TRUE(invalid("api/00000/buy/u/1/11", "price=-1", "price"));
  EXPECT_TRUE(invalid("api/00000/buy/u/1/11", "price=abc", "price"));
  EXPECT_TRUE(invalid("api/00000/buy/u/1/11", "price=225&currency=ABC", "currency"));
  EXPECT_TRUE(invalid("api/00000/buy/u/1/11", "price=225&currency=usd", "currency"));
  EXPECT_TRUE(invalid("api/00000/buy/u/1/11", "price=225&currency=EURO", "currency"));
}

TEST(BuyTest, PriceParametersIgnoredOnOtherEvents) {
  const auto click = parse_event("api/00000/click/u/1/2", "fullprice=junk&quantity=0");
  ASSERT_TRUE(click);
  EXPECT_EQ(click->price, std::nullopt);
  EXPECT_EQ(click->quantity, 1U);
  const auto basket = parse_event("api/00000/basket/u/1/2", "price=abc");
  ASSERT_TRUE(basket);
  EXPECT_EQ(basket->price, std::nullopt);
}

// ---------------------------------------------------------------------------------------
// clickrecommended, modelid, tokens

TEST(ClickRecommendedTest, ScenarioRequired) {
  const auto e = parse_event("api/00000/clickrecommended/u/1/2", "scenario=also_clicked");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, EventKind::kClickRecommended);
  EXPECT_EQ(e->scenario, "also_clicked");
  EXPECT_TRUE(invalid("api/00000/clickrecommended/u/1/2", "", "scenario"));
  EXPECT_TRUE(invalid("api/00000/clickrecommended/u/1/2", "scenario=", "scenario"));
  EXPECT_TRUE(invalid("api/00000/clickrecommended/u/1/2", "scenario=undefined", "scenario"));
  EXPECT_TRUE(invalid("api/00000/clickrecommended/u/1/2", "modelid=m", "scenario"));
}

TEST(ClickRecommendedTest, ScenarioKeptOnOtherEventsWhenSent) {
  const auto e = parse_event("api/00000/click/u/1/2", "scenario=landing_page");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->scenario, "landing_page");
}

TEST(TokenTest, RequestuuidIsTheToken) {
  const auto e = parse_event("api/00000/clickrecommended/u/1/2",
                             "scenario=also_clicked&modelid=also_clicked_v2&requestuuid=5f0c-77");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->token, "5f0c-77");
  EXPECT_EQ(e->model_id, "also_clicked_v2");
}

TEST(TokenTest, RecommendationtokenIsTheToken) {
  const auto e = parse_event("api/00000/buy/u/1/2", "fullprice=1EUR&recommendationtoken=abc-123");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->token, "abc-123");
}

TEST(TokenTest, NoTokenNoModelByDefault) {
  const auto e = parse_event("api/00000/click/u/1/2", "requestuuid=&modelid=null");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->token, "");
  EXPECT_EQ(e->model_id, "");
  EXPECT_EQ(e->scenario, "");
}

TEST(TokenTest, ShortTextLimitedTo256BytesOfCleanUtf8) {
  const std::string max(kMaxShortTextBytes, 't');
  const auto e = parse_event("api/00000/click/u/1/2", "requestuuid=" + max);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->token, max);
  EXPECT_TRUE(invalid("api/00000/click/u/1/2", "requestuuid=" + max + "t", "requestuuid"));
  EXPECT_TRUE(invalid("api/00000/click/u/1/2", "recommendationtoken=a%0Ab", "recommendationtoken"));
  EXPECT_TRUE(invalid("api/00000/click/u/1/2", "modelid=a%FFb", "modelid"));
  EXPECT_TRUE(invalid("api/00000/clickrecommended/u/1/2", "scenario=a%00b", "scenario"));
}

// ---------------------------------------------------------------------------------------
// Quirks real clients rely on.

TEST(QuirksTest, UnknownAndAbsentParametersIgnored) {
  const auto e =
      parse_event("api/00000/click/u/1/2",
                  "lang=undefined&storeViewId=1&title=Canon+EOS&url=https%3A%2F%2Fshop%2Fx&image=&"
                  "pricebefore=3.00EUR&unitprice=junk&categorypath=null");
  ASSERT_TRUE(e);
  Event expected;
  expected.kind = EventKind::kClick;
  expected.time_us = kNowUs;
  expected.item_type = 1;
  expected.item_id = "2";
  EXPECT_EQ(*e, expected);
}

TEST(QuirksTest, ParameterNamesAreCaseSensitive) {
  // "Percentage" is an unknown parameter, not percentage.
  const auto e = parse_event("api/00000/consume/u/1/2", "Percentage=500");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->percentage, std::nullopt);
}

TEST(QuirksTest, FirstPresentValueOfARepeatedParameterWins) {
  const auto e = parse_event("api/00000/consume/u/1/2", "percentage=&percentage=30");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->percentage, std::optional<std::uint8_t>(30));
}

// ---------------------------------------------------------------------------------------
// Event time and overridetimestamp (historical import, signed).

constexpr std::string_view kReferencePath = "api/00000/buy/johndoe/1/11";
constexpr std::string_view kReferenceQuery =
    "fullprice=19.99EUR&overridetimestamp=2012-01-01T11%3A00%3A00&quantity=1&"
    "signature=d0026f017ae823f19530d93318c5a2f6";
constexpr std::int64_t kReferenceTimeUs = 1325415600LL * 1000000;  // 2012-01-01T11:00:00Z

TEST(EventTimeTest, IsNowWhenNotOverridden) {
  const auto e = parse_event("api/00000/click/u/1/2");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->time_us, kNowUs);
  EXPECT_FALSE(e->time_overridden);
  const auto other = parse_event("api/00000/click/u/1/2", "", 42);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->time_us, 42);
}

TEST(EventTimeTest, StraySignatureWithoutOverrideChangesNothing) {
  const auto e = parse_event("api/00000/click/u/1/2", "signature=0123");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->time_us, kNowUs);
  EXPECT_FALSE(e->time_overridden);
  const auto absent = parse_event("api/00000/click/u/1/2", "overridetimestamp=undefined");
  ASSERT_TRUE(absent);
  EXPECT_EQ(absent->time_us, kNowUs);
  EXPECT_FALSE(absent->time_overridden);
}

TEST(OverrideTimestampTest, ReferenceExampleSetsTheEventTime) {
  const auto r = parse(kReferencePath, kReferenceQuery);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->user_id, "johndoe");
  ASSERT_EQ(r->events.size(), 1U);
  const Event& e = r->events[0];
  EXPECT_EQ(e.kind, EventKind::kBuy);
  EXPECT_EQ(e.time_us, 1325415600000000);
  EXPECT_EQ(e.time_us, kReferenceTimeUs);
  EXPECT_TRUE(e.time_overridden);
  EXPECT_EQ(e.item_type, 1U);
  EXPECT_EQ(e.item_id, "11");
  EXPECT_EQ(e.price, (Price{1999, "EUR"}));
  EXPECT_EQ(e.quantity, 1U);
}

TEST(OverrideTimestampTest, ParameterOrderDoesNotMatter) {
  const auto e = parse_event(kReferencePath,
                             "signature=d0026f017ae823f19530d93318c5a2f6&quantity=1&"
                             "overridetimestamp=2012-01-01T11%3A00%3A00&fullprice=19.99EUR");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->time_us, kReferenceTimeUs);
  EXPECT_TRUE(e->time_overridden);
}

TEST(OverrideTimestampTest, UpperCaseSignatureAccepted) {
  const auto e = parse_event(kReferencePath,
                             "fullprice=19.99EUR&overridetimestamp=2012-01-01T11%3A00%3A00&"
                             "quantity=1&signature=D0026F017AE823F19530D93318C5A2F6");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->time_us, kReferenceTimeUs);
}

TEST(OverrideTimestampTest, MissingSignatureRejected) {
  EXPECT_TRUE(invalid(kReferencePath,
                      "fullprice=19.99EUR&overridetimestamp=2012-01-01T11%3A00%3A00&quantity=1",
                      "signature"));
  EXPECT_TRUE(invalid(kReferencePath,
                      "fullprice=19.99EUR&overridetimestamp=2012-01-01T11%3A00%3A00&quantity=1&"
                      "signature=",
                      "signature"));
}

TEST(OverrideTimestampTest, WrongSignatureRejected) {
  const std::string base =
      "fullprice=19.99EUR&overridetimestamp=2012-01-01T11%3A00%3A00&quantity=1&signature=";
  // One hex digit off, truncated, too long, not hex.
  for (std::string_view sig :
       {"d0026f017ae823f19530d93318c5a2f7", "d0026f017ae823f19530d93318c5a2f",
        "d0026f017ae823f19530d93318c5a2f60", "x0026f017ae823f19530d93318c5a2f6", "0"}) {
    EXPECT_TRUE(invalid(kReferencePath, base + std::string(sig), "signature")) << sig;
  }
}

TEST(OverrideTimestampTest, SignatureCoversParametersItemAndKey) {
  // The reference signature with a changed quantity, item id, item type or customer.
  EXPECT_TRUE(invalid(kReferencePath,
                      "fullprice=19.99EUR&overridetimestamp=2012-01-01T11%3A00%3A00&quantity=2&"
                      "signature=d0026f017ae823f19530d93318c5a2f6",
                      "signature"));
  EXPECT_TRUE(invalid(kReferencePath, std::string(kReferenceQuery) + "&lang=de", "signature"));
  EXPECT_TRUE(invalid("api/00000/buy/johndoe/1/12", kReferenceQuery, "signature"));
  EXPECT_TRUE(invalid("api/00000/buy/johndoe/2/11", kReferenceQuery, "signature"));
  EXPECT_TRUE(invalid("api/strings/buy/johndoe/1/11", kReferenceQuery, "signature"));
}

TEST(OverrideTimestampTest, UserIdIsNotSigned) {
  const auto e = parse_event("api/00000/buy/someone-else/1/11", kReferenceQuery);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->time_us, kReferenceTimeUs);
}

TEST(OverrideTimestampTest, MalformedTimestampWithValidSignatureRejected) {
  // md5("1&11&<key>&fullprice=19.99EUR&overridetimestamp=2012-13-01T11%3A00%3A00&quantity=1")
  EXPECT_TRUE(invalid(kReferencePath,
                      "fullprice=19.99EUR&overridetimestamp=2012-13-01T11%3A00%3A00&quantity=1&"
                      "signature=a8d12fc5e6be016da6dc0678cf3dbb32",
                      "overridetimestamp"));
}

TEST(OverrideTimestampTest, FutureTimestampRejected) {
  constexpr std::int64_t kDayBeforeUs = 1325329200LL * 1000000;  // 2011-12-31T11:00:00Z
  const auto r = parse(kReferencePath, kReferenceQuery, kDayBeforeUs);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("overridetimestamp"), std::string::npos)
      << r.status().message();
}

TEST(OverrideTimestampTest, TimestampEqualToNowAccepted) {
  const auto e = parse_event(kReferencePath, kReferenceQuery, kReferenceTimeUs);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->time_us, kReferenceTimeUs);
  EXPECT_TRUE(e->time_overridden);
}

TEST(OverrideTimestampTest, WorksOnEveryItemEvent) {
  // md5("1&11&<key>&overridetimestamp=2012-01-01T11%3A00%3A00")
  const auto e = parse_event("api/00000/click/johndoe/1/11",
                             "overridetimestamp=2012-01-01T11%3A00%3A00&"
                             "signature=a9e0ee522ac39fdd44c79d0ceddde518");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, EventKind::kClick);
  EXPECT_EQ(e->time_us, kReferenceTimeUs);
  EXPECT_TRUE(e->time_overridden);
}

TEST(OverrideTimestampTest, CustomerWithoutLicenseKeyCannotImport) {
  // An empty key would make the signature computable by anyone.
  EXPECT_TRUE(invalid("api/nokey/buy/johndoe/1/11", kReferenceQuery, "license key"));
}

// ---------------------------------------------------------------------------------------
// login / transfer

TEST(LoginTest, SourceAndTargetUsersInOneLoginEvent) {
  const auto r = parse("api/00000/login/anon-4711/John.Smith");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->customer, "00000");
  EXPECT_EQ(r->kind, EventKind::kLogin);
  EXPECT_EQ(r->user_id, "anon-4711");
  EXPECT_EQ(r->target_user_id, "John.Smith");
  ASSERT_EQ(r->events.size(), 1U);
  Event expected;
  expected.kind = EventKind::kLogin;
  expected.time_us = kNowUs;
  EXPECT_EQ(r->events[0], expected);  // no item, no price, not overridden
}

TEST(LoginTest, TransferIsTheDeprecatedAliasOfLogin) {
  const auto login = parse("api/00000/login/a%40b/c");
  const auto transfer = parse("api/00000/transfer/a%40b/c");
  ASSERT_TRUE(login.is_ok()) << login.status().message();
  ASSERT_TRUE(transfer.is_ok()) << transfer.status().message();
  EXPECT_EQ(transfer->kind, EventKind::kLogin);
  EXPECT_EQ(transfer->user_id, "a@b");
  EXPECT_EQ(transfer->target_user_id, "c");
  EXPECT_EQ(transfer->events, login->events);
}

TEST(LoginTest, BothUserIdsFollowTheUserIdRules) {
  EXPECT_TRUE(invalid("api/00000/login//b", "", "source user id"));
  EXPECT_TRUE(invalid("api/00000/login/a/", "", "target user id"));
  EXPECT_TRUE(invalid("api/00000/login/" + std::string(257, 's') + "/b", "", "source user id"));
  EXPECT_TRUE(invalid("api/00000/login/a/" + std::string(257, 't'), "", "target user id"));
  EXPECT_TRUE(invalid("api/00000/login/a%5Cb/c", "", "backslash"));
  EXPECT_TRUE(invalid("api/00000/login/a/b%5Cc", "", "backslash"));
  EXPECT_TRUE(invalid("api/00000/login/a/b%0A", "", "target user id"));
  const auto max = parse("api/00000/login/" + std::string(256, 's') + "/" + repeat("%54", 256));
  ASSERT_TRUE(max.is_ok()) << max.status().message();
  EXPECT_EQ(max->user_id, std::string(256, 's'));
  EXPECT_EQ(max->target_user_id, std::string(256, 'T'));
}

}  // namespace
}  // namespace recod::tracking
