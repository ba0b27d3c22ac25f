// The documents of api-reference.md 2.3 (v2) and 2.5 (legacy), JSONP, and the link host.
#include "recod/reco/document.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "recod/util/json_writer.hpp"
#include "recod/util/percent.hpp"

namespace recod::reco {
namespace {

using nlohmann::json;

constexpr std::string_view kToken = "5f0c1e2a-0b3c-4d5e-8f60-718293a4b5c6";
constexpr std::string_view kHost = "shop.example:8080";

RecoRequest make_request() {
  RecoRequest req;
  req.customer = "c1";
  req.user_id = "u1";
  req.scenario = "also_clicked";
  return req;
}

Recommendation make_item(std::uint32_t type, std::string id, int relevance, config::ModelId model) {
  Recommendation r;
  r.type = type;
  r.id = std::move(id);
  r.relevance = relevance;
  r.score = relevance / 10.0;
  r.model = model;
  return r;
}

// Context 10 (REQUEST, 134 viewers) and A-7 (REQUEST and CLICK); items 100175717 from
// also_clicked with an origin and a category, and "007" of type 2 from bestseller.
RecoResult make_result() {
  RecoResult result;
  result.context.push_back({1, "10", {ItemSource::kRequest}, 134});
  result.context.push_back({1, "A-7", {ItemSource::kRequest, ItemSource::kClick}, 0});
  Recommendation first = make_item(1, "100175717", 100, config::ModelId::kAlsoClicked);
  first.origin_source = ItemSource::kRequest;
  first.origin_ids = {"10", "A-7"};
  first.origin_type = 1;
  first.category = "Women/Shirts";
  result.items.push_back(first);
  result.items.push_back(make_item(2, "007", 40, config::ModelId::kBestseller));
  return result;
}

json render(const RecoResult& result, const RecoRequest& req) {
  const std::string text = render_v2(result, req, {kHost, kToken});
  return json::parse(text);
}

// A link split at its first '?': {path, query}.
std::pair<std::string, std::string> split_link(const std::string& link) {
  const auto q = link.find('?');
  if (q == std::string::npos) return {link, ""};
  return {link.substr(0, q), link.substr(q + 1)};
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto end = s.find(sep, start);
    out.emplace_back(s.substr(start, end == std::string_view::npos ? s.npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

// --- v2: top level and context -------------------------------------------------------

TEST(RenderV2, TopLevelMembers) {
  const json doc = render(make_result(), make_request());
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc.size(), 3U);
  EXPECT_TRUE(doc.at("contextItems").is_array());
  EXPECT_TRUE(doc.at("recommendationItems").is_array());
  EXPECT_EQ(doc.at("recommendationToken"), kToken);
}

TEST(RenderV2, EmptyResult) {
  const std::string text = render_v2(RecoResult{}, make_request(), {kHost, kToken});
  EXPECT_EQ(text, R"({"contextItems":[],"recommendationItems":[],"recommendationToken":")" +
                      std::string(kToken) + "\"}");
}

TEST(RenderV2, ContextItems) {
  const json doc = render(make_result(), make_request());
  const json& context = doc.at("contextItems");
  ASSERT_EQ(context.size(), 2U);
  EXPECT_EQ(context[0], json::parse(R"({"itemType":1,"itemId":10,"sources":["REQUEST"],
                                        "viewers":134})"));
  EXPECT_TRUE(context[0].at("itemId").is_number_integer());
  EXPECT_EQ(context[1], json::parse(R"({"itemType":1,"itemId":"A-7",
                                        "sources":["REQUEST","CLICK"],"viewers":0})"));
}

// --- v2: recommendation items --------------------------------------------------------

TEST(RenderV2, ItemTypeIdAndIntegerRelevance) {
  const json doc = render(make_result(), make_request());
  const json& items = doc.at("recommendationItems");
  ASSERT_EQ(items.size(), 2U);
  EXPECT_EQ(items[0].at("itemType"), 1);
  EXPECT_TRUE(items[0].at("itemId").is_number_integer());
  EXPECT_EQ(items[0].at("itemId"), 100175717);
  EXPECT_TRUE(items[0].at("relevance").is_number_integer());
  EXPECT_EQ(items[0].at("relevance"), 100);
  EXPECT_EQ(items[1].at("itemType"), 2);
  EXPECT_TRUE(items[1].at("itemId").is_string());  // "007" is not a canonical number
  EXPECT_EQ(items[1].at("itemId"), "007");
  EXPECT_TRUE(items[1].at("relevance").is_number_integer());
  EXPECT_EQ(items[1].at("relevance"), 40);
}

TEST(RenderV2, OriginOnlyWhenTheModelHadAnInput) {
  const json doc = render(make_result(), make_request());
  const json& items = doc.at("recommendationItems");
  EXPECT_EQ(items[0].at("origin"),
            json::parse(R"({"itemIds":[10,"A-7"],"itemType":1,"source":"REQUEST"})"));
  EXPECT_FALSE(items[1].contains("origin"));
}

TEST(RenderV2, OriginSourceIsTheHistoryCode) {
  RecoResult result;
  Recommendation r = make_item(1, "5", 100, config::ModelId::kPersonalized);
  r.origin_source = ItemSource::kBuy;
  r.origin_ids = {"77"};
  r.origin_type = 3;
  result.items.push_back(r);
  const json doc = render(result, make_request());
  EXPECT_EQ(doc.at("recommendationItems")[0].at("origin"),
            json::parse(R"({"itemIds":[77],"itemType":3,"source":"BUY"})"));
}

TEST(RenderV2, CategoryOnlyWithRecommendCategory) {
  const json without = render(make_result(), make_request());
  for (const auto& item : without.at("recommendationItems")) {
    EXPECT_FALSE(item.contains("category")) << item;
  }
  RecoRequest req = make_request();
  req.recommend_category = true;
  const json with = render(make_result(), req);
  const json& items = with.at("recommendationItems");
  EXPECT_EQ(items[0].at("category"), "Women/Shirts");
  EXPECT_FALSE(items[1].contains("category"));  // no category known for it
}

TEST(RenderV2, AttributesOnlyWhenAskedWithValuesArrays) {
  const json without = render(make_result(), make_request());
  for (const auto& item : without.at("recommendationItems")) {
    EXPECT_FALSE(item.contains("attributes")) << item;
  }
  RecoRequest req = make_request();
  req.attributes = {"title", "deeplink"};
  const json with = render(make_result(), req);
  for (const auto& item : with.at("recommendationItems")) {
    const json& attributes = item.at("attributes");
    ASSERT_EQ(attributes.size(), 2U);
    EXPECT_EQ(attributes[0].at("key"), "title");
    EXPECT_TRUE(attributes[0].at("values").is_array());
    EXPECT_EQ(attributes[1].at("key"), "deeplink");
    EXPECT_TRUE(attributes[1].at("values").is_array());
    EXPECT_FALSE(attributes[0].contains("value"));
  }
}

TEST(RenderV2, MemberNamesOfAnItem) {
  RecoRequest req = make_request();
  req.recommend_category = true;
  req.attributes = {"title"};
  const json doc = render(make_result(), req);
  std::vector<std::string> keys;
  for (const auto& [key, value] : doc.at("recommendationItems")[0].items()) keys.push_back(key);
  // nlohmann::json sorts object members by name.
  EXPECT_EQ(keys, (std::vector<std::string>{"attributes", "category", "itemId", "itemType", "links",
                                            "origin", "relevance"}));
}

// --- v2: links and token -------------------------------------------------------------

TEST(RenderV2, LinksAreProtocolRelativeWithScenarioModelAndToken) {
  const json doc = render(make_result(), make_request());
  const json& items = doc.at("recommendationItems");
  EXPECT_EQ(items[0].at("links").at("clickRecommended"),
            "//shop.example:8080/api/c1/clickrecommended/u1/1/100175717?scenario=also_clicked&"
            "modelid=also_clicked&categorypath=&requestuuid=" +
                std::string(kToken));
  EXPECT_EQ(items[0].at("links").at("rendered"),
            "//shop.example:8080/api/c1/rendered/u1/1/100175717?scenario=also_clicked&"
            "modelid=also_clicked&categorypath=&requestuuid=" +
                std::string(kToken));
  EXPECT_EQ(items[1].at("links").at("clickRecommended"),
            "//shop.example:8080/api/c1/clickrecommended/u1/2/007?scenario=also_clicked&"
            "modelid=bestseller&categorypath=&requestuuid=" +
                std::string(kToken));
  EXPECT_EQ(items[0].at("links").size(), 2U);
}

TEST(RenderV2, LinksCarryTheRequestCategoryPath) {
  RecoRequest req = make_request();
  req.category_paths = {"Women/Shirts & Tops"};
  const json doc = render(make_result(), req);
  const std::string link = doc.at("recommendationItems")[0].at("links").at("rendered");
  EXPECT_NE(link.find("&categorypath=Women%2FShirts%20%26%20Tops&"), std::string::npos) << link;
}

TEST(RenderV2, EveryLinkContainsAQuestionMarkAndTheToken) {
  const json doc = render(make_result(), make_request());
  EXPECT_EQ(doc.at("recommendationToken"), kToken);
  for (const auto& item : doc.at("recommendationItems")) {
    for (const auto& [name, value] : item.at("links").items()) {
      const std::string link = value;
      EXPECT_TRUE(link.starts_with("//")) << link;
      const auto [path, query] = split_link(link);
      ASSERT_FALSE(query.empty()) << link;
      std::string uuid;
      for (const auto& pair : split(query, '&')) {
        if (pair.starts_with("requestuuid=")) uuid = pair.substr(12);
      }
      EXPECT_EQ(uuid, doc.at("recommendationToken").get<std::string>()) << link;
    }
  }
}

TEST(RenderV2, UserAndItemIdsArePercentEncodedInLinks) {
  RecoRequest req = make_request();
  req.user_id = "a b&c/d\"e\r\nf\xc3\xa9?#%";
  RecoResult result;
  result.items.push_back(make_item(1, "A 1/2?x=y", 100, config::ModelId::kAlsoClicked));
  const json doc = render(result, req);
  const std::string link = doc.at("recommendationItems")[0].at("links").at("clickRecommended");
  EXPECT_EQ(link,
            "//shop.example:8080/api/c1/clickrecommended/"
            "a%20b%26c%2Fd%22e%0D%0Af%C3%A9%3F%23%25/1/A%201%2F2%3Fx%3Dy?scenario=also_clicked&"
            "modelid=also_clicked&categorypath=&requestuuid=" +
                std::string(kToken));
  // The path has exactly the segments of a tracking URL, which decode to the ids.
  const auto [path, query] = split_link(link);
  const auto segments = split(std::string_view(path).substr(2), '/');
  ASSERT_EQ(segments.size(), 7U);
  EXPECT_EQ(util::percent_decode(segments[4], false), req.user_id);
  EXPECT_EQ(util::percent_decode(segments[6], false), "A 1/2?x=y");
  EXPECT_EQ(path.find_first_of(" \r\n\"&?#"), std::string::npos) << path;
}

// The parts of a link that are the same for every item are escaped once per document; the
// link must still be the literal of the whole link escaped (a configured host is not checked).
TEST(RenderV2, EveryPartOfALinkIsEscaped) {
  RecoRequest req = make_request();
  req.category_paths = {"A/B"};
  RecoResult result;
  result.items.push_back(make_item(4294967295U, "x\"<", 100, config::ModelId::kAlsoClicked));
  result.items.push_back(make_item(1, "2", 50, config::ModelId::kBestseller));
  const std::string host = "h\"<\\\xe2\x80\xa8";
  const std::string token = "t\">\xe2\x80\xa9";
  const std::string text = render_v2(result, req, {host, token});
  const json doc = json::parse(text);
  const std::string query = "&categorypath=A%2FB&requestuuid=" + token;
  const std::vector<std::string> expected = {
      "//" + host + "/api/c1/rendered/u1/4294967295/x%22%3C?scenario=also_clicked&modelid=" +
          "also_clicked" + query,
      "//" + host + "/api/c1/rendered/u1/1/2?scenario=also_clicked&modelid=bestseller" + query};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(doc.at("recommendationItems")[i].at("links").at("rendered"), expected[i]);
    std::string literal;
    util::append_json_string(literal, expected[i]);
    EXPECT_NE(text.find(literal), std::string::npos) << literal;
  }
}

TEST(RenderV2, StringItemIdsStayStringsEverywhere) {
  RecoResult result;
  result.context.push_back({1, "X1", {ItemSource::kRequest}, 3});
  Recommendation r = make_item(1, "123", 100, config::ModelId::kAlsoClicked);
  r.origin_source = ItemSource::kRequest;
  r.origin_ids = {"X1", "0"};
  r.origin_type = 1;
  result.items.push_back(r);
  const json doc = render(result, make_request());
  EXPECT_EQ(doc.at("contextItems")[0].at("itemId"), "X1");
  EXPECT_EQ(doc.at("recommendationItems")[0].at("itemId"), 123);
  EXPECT_EQ(doc.at("recommendationItems")[0].at("origin").at("itemIds"),
            json::parse(R"(["X1","0"])"));
}

TEST(RenderV2, AngleBracketsAreEscaped) {
  RecoRequest req = make_request();
  req.recommend_category = true;
  req.attributes = {"</script>"};
  RecoResult result;
  result.context.push_back({1, "<b>", {ItemSource::kRequest}, 0});
  Recommendation r = make_item(1, "1", 100, config::ModelId::kAlsoClicked);
  r.category = "<script>alert(1)</script>";
  result.items.push_back(r);
  const std::string text = render_v2(result, req, {kHost, kToken});
  EXPECT_EQ(text.find('<'), std::string::npos) << text;
  EXPECT_EQ(text.find('>'), std::string::npos) << text;
  EXPECT_NE(text.find(R"("\u003cscript\u003ealert(1)\u003c/script\u003e")"), std::string::npos)
      << text;
  const json doc = json::parse(text);
  EXPECT_EQ(doc.at("recommendationItems")[0].at("category"), "<script>alert(1)</script>");
  EXPECT_EQ(doc.at("recommendationItems")[0].at("attributes")[0].at("key"), "</script>");
  EXPECT_EQ(doc.at("contextItems")[0].at("itemId"), "<b>");
}

// --- legacy --------------------------------------------------------------------------

TEST(RenderLegacy, ListWithReason) {
  const json doc = json::parse(render_legacy(make_result(), make_request()));
  EXPECT_EQ(doc, json::parse(R"({"recommendationResponseList":[
      {"reason":"also_clicked","itemType":1,"itemId":100175717,"relevance":100},
      {"reason":"bestseller","itemType":2,"itemId":"007","relevance":40}]})"));
}

TEST(RenderLegacy, CategoryOnlyWithRecommendCategory) {
  RecoRequest req = make_request();
  req.recommend_category = true;
  const json doc = json::parse(render_legacy(make_result(), req));
  const json& list = doc.at("recommendationResponseList");
  ASSERT_EQ(list.size(), 2U);
  EXPECT_EQ(list[0].at("category"), "Women/Shirts");
  EXPECT_FALSE(list[1].contains("category"));
}

TEST(RenderLegacy, EmptyResult) {
  EXPECT_EQ(render_legacy(RecoResult{}, make_request()), R"({"recommendationResponseList":[]})");
}

// --- JSONP ---------------------------------------------------------------------------

TEST(WrapJsonp, CallbackParenthesesAndSemicolon) {
  EXPECT_EQ(wrap_jsonp("cb", R"({"a":1})"), R"(cb({"a":1});)");
  EXPECT_EQ(wrap_jsonp("obj.fn", "[]"), "obj.fn([]);");
}

TEST(WrapJsonp, WrapsTheWholeDocument) {
  const std::string doc = render_v2(make_result(), make_request(), {kHost, kToken});
  const std::string wrapped = wrap_jsonp("jsonpCallback", doc);
  ASSERT_TRUE(wrapped.starts_with("jsonpCallback("));
  ASSERT_TRUE(wrapped.ends_with(");"));
  const std::string inner = wrapped.substr(14, wrapped.size() - 16);
  EXPECT_EQ(inner, doc);
  EXPECT_EQ(json::parse(inner).at("recommendationToken"), kToken);
}

// --- event host ----------------------------------------------------------------------

TEST(EventHost, ConfiguredHostWins) {
  EXPECT_EQ(event_host("events.example.com", "shop.example"), "events.example.com");
  EXPECT_EQ(event_host("events.example.com", "a b"), "events.example.com");
}

TEST(EventHost, PlainHostHeaderIsUsed) {
  EXPECT_EQ(event_host("", "shop.example"), "shop.example");
  EXPECT_EQ(event_host("", "shop.example:8080"), "shop.example:8080");
  EXPECT_EQ(event_host("", "127.0.0.1:80"), "127.0.0.1:80");
  EXPECT_EQ(event_host("", "[::1]:8080"), "[::1]:8080");
  EXPECT_EQ(event_host("", "my-shop.Example.COM"), "my-shop.Example.COM");
}

TEST(EventHost, SuspiciousHostHeaderFallsBackToLocalhost) {
  for (const std::string& host : std::vector<std::string>{
           "", "a b", "a\"b", "a'b", "a/b", "evil.com/x", "a\r\nX-Injected: 1", "a\\b", "a<b",
           "a?b", "a#b", "a@b", "user:pw@host", "h\xc3\xa9st", std::string(256, 'a')}) {
    EXPECT_EQ(event_host("", host), "localhost") << host;
  }
}

TEST(EventHost, HostOf255CharactersIsKept) {
  const std::string host(255, 'a');
  EXPECT_EQ(event_host("", host), host);
}

TEST(EventHost, LinksUseTheHost) {
  const std::string host(event_host("", "shop.example"));
  const json doc = json::parse(render_v2(make_result(), make_request(), {host, kToken}));
  const std::string link = doc.at("recommendationItems")[0].at("links").at("rendered");
  EXPECT_TRUE(link.starts_with("//shop.example/api/c1/rendered/")) << link;
}

}  // namespace
}  // namespace recod::reco
