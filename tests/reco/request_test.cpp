// Recommendation request grammar (api-reference.md 2 and 2.1): paths, formats and every
// parameter.
#include "recod/reco/request.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "recod/config/config.hpp"
#include "recod/util/query.hpp"

namespace recod::reco {
namespace {

config::Config make_config() {
  config::Config c;
  config::CustomerConfig numeric;
  numeric.id = "c1";
  numeric.license_key = "key1";
  numeric.scenarios = config::default_scenarios();
  c.customers.emplace(numeric.id, numeric);
  config::CustomerConfig strings;
  strings.id = "s1";
  strings.string_item_ids = true;
  strings.scenarios = config::default_scenarios();
  c.customers.emplace(strings.id, strings);
  return c;
}

const config::Config& test_config() {
  static const config::Config config = make_config();
  return config;
}

// Parses a request for `segments` (still encoded) and the query string `query`.
Result<RecoRequest> parse(std::vector<std::string_view> segments, std::string_view query = "") {
  auto params = util::parse_query(query);
  EXPECT_TRUE(params.is_ok()) << params.status().message();
  if (!params) return params.status();
  return parse_reco_request(segments, *params, test_config());
}

// A v2 JSON request of customer c1, user u1, scenario also_clicked.
Result<RecoRequest> parse_v2(std::string_view query) {
  return parse({"api", "v2", "c1", "u1", "also_clicked.json"}, query);
}

// Expects a 400 (InvalidArgument) whose message names `param`.
void expect_invalid(const Result<RecoRequest>& r, std::string_view param) {
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find(param), std::string::npos) << r.status().message();
}

bool is_reco_path(std::vector<std::string_view> segments) {
  return is_recommendation_path(segments);
}

// --- paths and formats ---------------------------------------------------------------

TEST(RecoPath, V2PathsWithAndWithoutExtension) {
  EXPECT_TRUE(is_reco_path({"api", "v2", "c1", "u1", "also_clicked.json"}));
  EXPECT_TRUE(is_reco_path({"api", "v2", "c1", "u1", "also_clicked.jsonp"}));
  EXPECT_TRUE(is_reco_path({"api", "v2", "c1", "u1", "also_clicked"}));
  EXPECT_FALSE(is_reco_path({"api", "v2", "c1", "u1"}));
  EXPECT_FALSE(is_reco_path({"api", "v2", "c1", "u1", "s.json", "extra"}));
}

TEST(RecoPath, LegacyPathsNeedAnExtension) {
  EXPECT_TRUE(is_reco_path({"api", "c1", "u1", "also_clicked.json"}));
  EXPECT_TRUE(is_reco_path({"api", "c1", "u1", "also_clicked.jsonp"}));
  EXPECT_TRUE(is_reco_path({"ebl", "c1", "u1", "also_clicked.json"}));
  EXPECT_TRUE(is_reco_path({"ebl2", "c1", "u1", "also_clicked.json"}));
  // Without an extension the path is a tracking URL, not a recommendation request.
  EXPECT_FALSE(is_reco_path({"api", "c1", "u1", "also_clicked"}));
  EXPECT_FALSE(is_reco_path({"ebl", "c1", "u1", "also_clicked"}));
  EXPECT_FALSE(is_reco_path({"shop", "c1", "u1", "also_clicked.json"}));
  EXPECT_FALSE(is_reco_path({"api", "v3", "c1", "s.json"}));
}

TEST(RecoRequestPath, V2JsonIsParsed) {
  const auto r = parse({"api", "v2", "c1", "u1", "also_clicked.json"});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->customer, "c1");
  EXPECT_EQ(r->user_id, "u1");
  EXPECT_EQ(r->scenario, "also_clicked");
  EXPECT_EQ(r->version, DocumentVersion::kV2);
  EXPECT_EQ(r->format, Format::kJson);
}

TEST(RecoRequestPath, V2JsonpIsParsed) {
  const auto r = parse({"api", "v2", "c1", "u1", "also_clicked.jsonp"});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->scenario, "also_clicked");
  EXPECT_EQ(r->version, DocumentVersion::kV2);
  EXPECT_EQ(r->format, Format::kJsonp);
}

TEST(RecoRequestPath, V2WithoutExtensionIsJson) {
  const auto r = parse({"api", "v2", "c1", "u1", "also_clicked"});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->scenario, "also_clicked");
  EXPECT_EQ(r->format, Format::kJson);
  EXPECT_EQ(r->version, DocumentVersion::kV2);
}

TEST(RecoRequestPath, LegacyApiPathGivesTheLegacyDocument) {
  const auto r = parse({"api", "c1", "u1", "bestseller.json"});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->version, DocumentVersion::kLegacy);
  EXPECT_EQ(r->format, Format::kJson);
  EXPECT_EQ(r->customer, "c1");
  EXPECT_EQ(r->user_id, "u1");
  EXPECT_EQ(r->scenario, "bestseller");
}

TEST(RecoRequestPath, LegacySolutionPathGivesTheLegacyDocument) {
  const auto r = parse({"ebl", "c1", "u2", "bestseller.jsonp"});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->version, DocumentVersion::kLegacy);
  EXPECT_EQ(r->format, Format::kJsonp);
  EXPECT_EQ(r->user_id, "u2");
  EXPECT_EQ(r->scenario, "bestseller");
}

TEST(RecoRequestPath, LegacyPathWithoutExtensionIsNotARecommendation) {
  const auto r = parse({"api", "c1", "u1", "bestseller"});
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

TEST(RecoRequestPath, XmlAndOtherExtensionsAreRejected) {
  for (const auto& segments :
       std::vector<std::vector<std::string_view>>{{"api", "v2", "c1", "u1", "also_clicked.xml"},
                                                  {"api", "c1", "u1", "also_clicked.xml"},
                                                  {"ebl", "c1", "u1", "also_clicked.xml"},
                                                  {"api", "v2", "c1", "u1", "also_clicked.csv"},
                                                  {"api", "v2", "c1", "u1", "also_clicked."}}) {
    const auto r = parse(segments);
    ASSERT_FALSE(r.is_ok()) << segments.back();
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << segments.back();
  }
}

TEST(RecoRequestPath, UnknownCustomerIsNotFound) {
  const auto r = parse({"api", "v2", "nobody", "u1", "also_clicked.json"});
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  const auto legacy = parse({"api", "nobody", "u1", "also_clicked.json"});
  ASSERT_FALSE(legacy.is_ok());
  EXPECT_EQ(legacy.status().code(), StatusCode::kNotFound);
}

TEST(RecoRequestPath, MalformedScenarioIsNotFound) {
  const auto r = parse({"api", "v2", "c1", "u1", "also%20clicked.json"});
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

// --- user id --------------------------------------------------------------------------

TEST(RecoRequestUser, UserIdIsPercentDecoded) {
  const auto r = parse({"api", "v2", "c1", "a%20b%2Fc+d", "also_clicked.json"});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->user_id, "a b/c+d");  // a path segment keeps '+'
}

TEST(RecoRequestUser, EmptyUserIdIsRejected) {
  const auto r = parse({"api", "v2", "c1", "", "also_clicked.json"});
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST(RecoRequestUser, UserIdOf256BytesIsAcceptedAnd257Rejected) {
  const std::string ok(256, 'u');
  const auto r = parse({"api", "v2", "c1", ok, "also_clicked.json"});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->user_id, ok);
  const std::string too_long(257, 'u');
  const auto bad = parse({"api", "v2", "c1", too_long, "also_clicked.json"});
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

TEST(RecoRequestUser, BackslashInUserIdIsRejected) {
  const auto r = parse({"api", "v2", "c1", "a%5Cb", "also_clicked.json"});
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST(RecoRequestUser, MalformedEscapeInUserIdIsRejected) {
  const auto r = parse({"api", "v2", "c1", "a%zz", "also_clicked.json"});
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

// --- numrecs --------------------------------------------------------------------------

TEST(RecoRequestNumrecs, DefaultIsTen) {
  const auto r = parse_v2("");
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->numrecs, 10U);
}

TEST(RecoRequestNumrecs, OneToFiftyAreAccepted) {
  for (const auto& [query, expected] : std::vector<std::pair<std::string, std::size_t>>{
           {"numrecs=1", 1}, {"numrecs=7", 7}, {"numrecs=50", 50}, {"numrecs=007", 7}}) {
    const auto r = parse_v2(query);
    ASSERT_TRUE(r.is_ok()) << query << ": " << r.status().message();
    EXPECT_EQ(r->numrecs, expected) << query;
  }
}

TEST(RecoRequestNumrecs, OutsideOneToFiftyIsRejected) {
  for (const std::string query :
       {"numrecs=0", "numrecs=51", "numrecs=x", "numrecs=-1", "numrecs=5.0", "numrecs=1e1"}) {
    SCOPED_TRACE(query);
    expect_invalid(parse_v2(query), "numrecs");
  }
}

// --- contextitems ---------------------------------------------------------------------

TEST(RecoRequestContext, NoContextByDefault) {
  const auto r = parse_v2("");
  ASSERT_TRUE(r.is_ok());
  EXPECT_TRUE(r->context_items.empty());
  EXPECT_TRUE(r->history_sources.empty());
}

TEST(RecoRequestContext, CommaListInOrder) {
  const auto r = parse_v2("contextitems=3,1,2");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->context_items, (std::vector<std::string>{"3", "1", "2"}));
}

TEST(RecoRequestContext, EncodedCommasAndRepeatedParametersAreJoined) {
  const auto r = parse_v2("contextitems=3%2C1&contextitems=2");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->context_items, (std::vector<std::string>{"3", "1", "2"}));
}

TEST(RecoRequestContext, DuplicatesAreDropped) {
  const auto r = parse_v2("contextitems=1,2,1,01,,2&contextitems=2");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->context_items, (std::vector<std::string>{"1", "2"}));
}

TEST(RecoRequestContext, IdsAreCanonical) {
  const auto r = parse_v2("contextitems=007,2147483647");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->context_items, (std::vector<std::string>{"7", "2147483647"}));
}

TEST(RecoRequestContext, ItemIdAloneIsTheContext) {
  const auto r = parse_v2("itemid=42");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->context_items, (std::vector<std::string>{"42"}));
}

// api-reference 2.1: itemid is "the same as contextitems={id}", so both count.
TEST(RecoRequestContext, ItemIdIsAddedToContextItems) {
  const auto r = parse_v2("itemid=42&contextitems=5");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->context_items, (std::vector<std::string>{"5", "42"}));
}

TEST(RecoRequestContext, BadItemIdIsRejected) {
  expect_invalid(parse_v2("itemid=x"), "contextitems");
}

TEST(RecoRequestContext, HistoryCodesInBothSpellings) {
  const std::vector<std::pair<std::string, ItemSource>> cases{
      {"CLICKED", ItemSource::kClick},    {"CLICK", ItemSource::kClick},
      {"CONSUMED", ItemSource::kConsume}, {"CONSUME", ItemSource::kConsume},
      {"OWNS", ItemSource::kBuy},         {"BUY", ItemSource::kBuy},
      {"RATED", ItemSource::kRate},       {"RATE", ItemSource::kRate},
      {"BASKET", ItemSource::kBasket}};
  for (const auto& [code, source] : cases) {
    const auto r = parse_v2("contextitems=" + code);
    ASSERT_TRUE(r.is_ok()) << code << ": " << r.status().message();
    EXPECT_EQ(r->history_sources, std::vector<ItemSource>{source}) << code;
    EXPECT_TRUE(r->context_items.empty()) << code;
  }
}

TEST(RecoRequestContext, HistoryCodesKeepRequestOrderWithoutDuplicates) {
  const auto r = parse_v2("contextitems=OWNS,CLICKED,CLICK,BUY&contextitems=BASKET");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->history_sources,
            (std::vector<ItemSource>{ItemSource::kBuy, ItemSource::kClick, ItemSource::kBasket}));
}

TEST(RecoRequestContext, HistoryCodesMixWithItemIds) {
  const auto r = parse_v2("contextitems=10,CLICKED,11");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->context_items, (std::vector<std::string>{"10", "11"}));
  EXPECT_EQ(r->history_sources, std::vector<ItemSource>{ItemSource::kClick});
}

TEST(RecoRequestContext, HistoryCodesAreCaseSensitive) {
  expect_invalid(parse_v2("contextitems=clicked"), "contextitems");
}

TEST(RecoRequestContext, BadNumericIdsAreRejected) {
  for (const std::string query : {"contextitems=abc", "contextitems=0", "contextitems=2147483648",
                                  "contextitems=1,-2", "contextitems=1.5", "contextitems=1%202"}) {
    SCOPED_TRACE(query);
    expect_invalid(parse_v2(query), "contextitems");
  }
}

TEST(RecoRequestContext, AtMostOneHundredItems) {
  std::string hundred = "contextitems=";
  for (int i = 1; i <= 100; ++i) hundred += std::to_string(i) + ",";
  const auto ok = parse_v2(hundred);
  ASSERT_TRUE(ok.is_ok()) << ok.status().message();
  EXPECT_EQ(ok->context_items.size(), 100U);
  expect_invalid(parse_v2(hundred + "101"), "contextitems");
}

TEST(RecoRequestContext, StringIdsForAStringIdCustomer) {
  const auto r =
      parse({"api", "v2", "s1", "u1", "also_clicked.json"}, "contextitems=A-1,b%202,007,CLICKED");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->context_items, (std::vector<std::string>{"A-1", "b 2", "007"}));
  EXPECT_EQ(r->history_sources, std::vector<ItemSource>{ItemSource::kClick});
}

TEST(RecoRequestContext, StringIdsAreAtMost256Bytes) {
  const std::string ok(256, 'x');
  const auto r = parse({"api", "v2", "s1", "u1", "also_clicked.json"}, "contextitems=" + ok);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->context_items, std::vector<std::string>{ok});
  expect_invalid(parse({"api", "v2", "s1", "u1", "also_clicked.json"},
                       "contextitems=" + std::string(257, 'x')),
                 "contextitems");
}

TEST(RecoRequestContext, StringIdsAreRejectedForANumericCustomer) {
  expect_invalid(parse_v2("contextitems=A-1"), "contextitems");
}

// --- outputtypeid, crosscontenttype ---------------------------------------------------

TEST(RecoRequestOutputType, AbsentByDefault) {
  const auto r = parse_v2("");
  ASSERT_TRUE(r.is_ok());
  EXPECT_FALSE(r->output_type.has_value());
}

TEST(RecoRequestOutputType, IsParsed) {
  const auto r = parse_v2("outputtypeid=2");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  ASSERT_TRUE(r->output_type.has_value());
  EXPECT_EQ(*r->output_type, 2U);
}

TEST(RecoRequestOutputType, MalformedIsRejected) {
  for (const std::string query : {"outputtypeid=0", "outputtypeid=x", "outputtypeid=2147483648"}) {
    SCOPED_TRACE(query);
    expect_invalid(parse_v2(query), "outputtypeid");
  }
}

TEST(RecoRequestCrossContentType, TrueAndFalse) {
  const auto absent = parse_v2("");
  ASSERT_TRUE(absent.is_ok());
  EXPECT_FALSE(absent->cross_content_type);
  const auto yes = parse_v2("crosscontenttype=true");
  ASSERT_TRUE(yes.is_ok());
  EXPECT_TRUE(yes->cross_content_type);
  const auto no = parse_v2("crosscontenttype=false");
  ASSERT_TRUE(no.is_ok());
  EXPECT_FALSE(no->cross_content_type);
}

TEST(RecoRequestCrossContentType, GarbageIsRejected) {
  expect_invalid(parse_v2("crosscontenttype=maybe"), "crosscontenttype");
  expect_invalid(parse_v2("crosscontenttype=yes"), "crosscontenttype");
}

// --- categories -----------------------------------------------------------------------

TEST(RecoRequestCategory, WholeSiteByDefault) {
  const auto r = parse_v2("");
  ASSERT_TRUE(r.is_ok());
  EXPECT_TRUE(r->category_paths.empty());
  EXPECT_FALSE(r->use_context_category_path);
  EXPECT_FALSE(r->recommend_category);
}

TEST(RecoRequestCategory, RepeatedPathsAreNormalisedAndDeduplicated) {
  const auto r =
      parse_v2("categorypath=%2FWomen%2FShirts%2F&categorypath=Men&categorypath=Women//Shirts");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->category_paths, (std::vector<std::string>{"Women/Shirts", "Men"}));
}

TEST(RecoRequestCategory, SlashMeansTheWholeSite) {
  const auto alone = parse_v2("categorypath=%2F");
  ASSERT_TRUE(alone.is_ok()) << alone.status().message();
  EXPECT_TRUE(alone->category_paths.empty());
  const auto mixed = parse_v2("categorypath=Women&categorypath=%2F");
  ASSERT_TRUE(mixed.is_ok()) << mixed.status().message();
  EXPECT_TRUE(mixed->category_paths.empty());
}

TEST(RecoRequestCategory, BackslashIsRejected) {
  expect_invalid(parse_v2("categorypath=A%5CB"), "categorypath");
}

TEST(RecoRequestCategory, UseContextCategoryPath) {
  const auto r = parse_v2("usecontextcategorypath=true");
  ASSERT_TRUE(r.is_ok());
  EXPECT_TRUE(r->use_context_category_path);
  expect_invalid(parse_v2("usecontextcategorypath=sometimes"), "usecontextcategorypath");
}

TEST(RecoRequestCategory, RecommendCategory) {
  const auto r = parse_v2("recommendCategory=true");
  ASSERT_TRUE(r.is_ok());
  EXPECT_TRUE(r->recommend_category);
  const auto off = parse_v2("recommendCategory=false");
  ASSERT_TRUE(off.is_ok());
  EXPECT_FALSE(off->recommend_category);
  expect_invalid(parse_v2("recommendCategory=2"), "recommendCategory");
}

// --- attributes -----------------------------------------------------------------------

TEST(RecoRequestAttribute, RepeatedAndCommaListsInOrderWithoutDuplicates) {
  const auto r = parse_v2("attribute=title&attribute=deeplink,description&attribute=title");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->attributes, (std::vector<std::string>{"title", "deeplink", "description"}));
}

TEST(RecoRequestAttribute, NoneByDefault) {
  const auto r = parse_v2("");
  ASSERT_TRUE(r.is_ok());
  EXPECT_TRUE(r->attributes.empty());
}

TEST(RecoRequestAttribute, ControlCharactersAndOverlongNamesAreRejected) {
  expect_invalid(parse_v2("attribute=ti%01tle"), "attribute");
  expect_invalid(parse_v2("attribute=" + std::string(129, 'a')), "attribute");
}

// --- JSONP callback -------------------------------------------------------------------

TEST(RecoRequestCallback, DefaultIsJsonpCallback) {
  const auto r = parse_v2("");
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->jsonp_callback, "jsonpCallback");
}

TEST(RecoRequestCallback, BothSpellingsAreRead) {
  const auto camel = parse_v2("jsonpCallback=cb");
  ASSERT_TRUE(camel.is_ok());
  EXPECT_EQ(camel->jsonp_callback, "cb");
  const auto lower = parse_v2("jsonpcallback=obj.fn");
  ASSERT_TRUE(lower.is_ok());
  EXPECT_EQ(lower->jsonp_callback, "obj.fn");
}

TEST(RecoRequestCallback, InvalidCallbackIsRejected) {
  expect_invalid(parse_v2("jsonpCallback=alert(1)"), "jsonpCallback");
  expect_invalid(parse_v2("jsonpcallback=%3Cscript%3E"), "jsonpCallback");
}

TEST(JsonpCallback, IdentifierPathsAreValid) {
  EXPECT_TRUE(is_valid_jsonp_callback("cb"));
  EXPECT_TRUE(is_valid_jsonp_callback("obj.fn"));
  EXPECT_TRUE(is_valid_jsonp_callback("$x_1"));
  EXPECT_TRUE(is_valid_jsonp_callback("_"));
  EXPECT_TRUE(is_valid_jsonp_callback("a.b.c$"));
  EXPECT_TRUE(is_valid_jsonp_callback("jQuery123_456"));
}

TEST(JsonpCallback, AnythingElseIsInvalid) {
  for (const std::string name : {"", "a..b", ".a", "a.", "1a", "a.1b", "alert(1)", "a b", "a-b",
                                 "<script>", "a;b", "a\"", "a\nb", "a[0]", "\xc3\xa9"}) {
    EXPECT_FALSE(is_valid_jsonp_callback(name)) << name;
  }
}

TEST(JsonpCallback, AtMost128Characters) {
  EXPECT_TRUE(is_valid_jsonp_callback(std::string(128, 'a')));
  EXPECT_FALSE(is_valid_jsonp_callback(std::string(129, 'a')));
}

// --- absent values --------------------------------------------------------------------

TEST(RecoRequestAbsentValues, UndefinedAndNullCountAsAbsent) {
  const auto r = parse_v2(
      "numrecs=undefined&contextitems=null&itemid=undefined&outputtypeid=null&"
      "crosscontenttype=undefined&categorypath=null&attribute=undefined&jsonpCallback=null&"
      "recommendCategory=undefined&usecontextcategorypath=null");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->numrecs, 10U);
  EXPECT_TRUE(r->context_items.empty());
  EXPECT_TRUE(r->history_sources.empty());
  EXPECT_FALSE(r->output_type.has_value());
  EXPECT_FALSE(r->cross_content_type);
  EXPECT_TRUE(r->category_paths.empty());
  EXPECT_TRUE(r->attributes.empty());
  EXPECT_EQ(r->jsonp_callback, "jsonpCallback");
  EXPECT_FALSE(r->recommend_category);
  EXPECT_FALSE(r->use_context_category_path);
}

TEST(RecoRequestAbsentValues, AbsentValueFallsThroughToTheNextOne) {
  const auto r = parse_v2("numrecs=undefined&numrecs=5&contextitems=null&itemid=9");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->numrecs, 5U);
  EXPECT_EQ(r->context_items, std::vector<std::string>{"9"});
}

TEST(SourceName, NamesOfTheDocuments) {
  EXPECT_EQ(source_name(ItemSource::kRequest), "REQUEST");
  EXPECT_EQ(source_name(ItemSource::kClick), "CLICK");
  EXPECT_EQ(source_name(ItemSource::kConsume), "CONSUME");
  EXPECT_EQ(source_name(ItemSource::kBuy), "BUY");
  EXPECT_EQ(source_name(ItemSource::kRate), "RATE");
  EXPECT_EQ(source_name(ItemSource::kBasket), "BASKET");
}

}  // namespace
}  // namespace recod::reco
