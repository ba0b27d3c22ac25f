// The catalog and privacy routes of api-reference.md section 3, end to end: XML import and
// read-back, validity windows and deletions taking effect at once, attributes in the
// recommendation documents, erasing a user, and the bulk import command.
#include <csignal>
#include <fstream>

#include <nlohmann/json.hpp>

#include "recod_fixture.hpp"

namespace recod::test {
namespace {

using nlohmann::json;

const std::pair<std::string, std::string> kAuth{
    "Authorization", "Basic MDAwMDA6ODY5NS0xODI4LTkyODEwLTU1MzUtNDIzOQ=="};  // 00000:8695-...
const std::pair<std::string, std::string> kWrongAuth{"Authorization",
                                                     "Basic MDAwMDA6d3Jvbmc="};  // 00000:wrong

std::string items_doc(const std::string& items) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<items version=\"1\">\n" + items +
         "</items>\n";
}

std::string item_xml(int id, const std::string& inner) {
  return "  <item id=\"" + std::to_string(id) + "\" type=\"1\">\n" + inner + "  </item>\n";
}

class Catalog : public RecodFixture {
 protected:
  HttpResponse import(const std::string& document) {
    return client().request("POST", "/api/00000/item", document,
                            {kAuth, {"Content-Type", "application/xml"}});
  }
  HttpResponse get_item(int id) {
    return client().get("/api/00000/item/1/" + std::to_string(id), {kAuth});
  }
  void track(const std::string& target) {
    const auto r = client().get(target);
    ASSERT_EQ(r.status, 204u) << target << ": " << r.body;
  }
  void rebuild() {
    ASSERT_EQ(client().request("POST", "/api/00000/model/rebuild", "", {kAuth}).status, 200u);
  }
  // Items 1..n bought n+1-i times each, so bestseller order is 1, 2, ..., n.
  void sell(int n) {
    for (int i = 1; i <= n; ++i) {
      track("/api/00000/buy/buyer" + std::to_string(i) + "/1/" + std::to_string(i) +
            "?fullprice=1EUR&quantity=" + std::to_string(n + 1 - i));
    }
    rebuild();
  }
  std::vector<long long> bestsellers(const std::string& extra = "") {
    const auto r = client().get("/api/v2/00000/shopper/bestseller.json?numrecs=50" + extra);
    if (r.status == 409) return {};
    EXPECT_EQ(r.status, 200u) << r.body;
    std::vector<long long> ids;
    const auto doc = json::parse(r.body);
    for (const auto& item : doc["recommendationItems"]) ids.push_back(item["itemId"]);
    return ids;
  }
};

const std::string kFullItem = R"(    <price currency="EUR">122</price>
    <validfrom>2020-01-01T00:00:00</validfrom>
    <validto>2099-12-31T23:59:59</validto>
    <categorypaths><categorypath>/8/4/5</categorypath><categorypath>/9/1</categorypath></categorypaths>
    <content>
      <content-data key="title"><![CDATA[French Cuff Cotton Twill Oxford]]></content-data>
      <content-data key="deeplink"><![CDATA[https://shop.example/p/102?a=1&b=2]]></content-data>
    </content>
    <attributes>
      <attribute key="vendor" value="BOSCH" type="NOMINAL"/>
      <attribute key="weight" value="1.5" type="NUMERIC"/>
    </attributes>
)";

TEST_F(Catalog, MultiItemImportRoundTrips) {
  const auto r = import(items_doc(item_xml(102, kFullItem) + item_xml(103, "") +
                                  item_xml(104, "    <price currency=\"JPY\">456</price>\n")));
  ASSERT_EQ(r.status, 202u) << r.body;
  EXPECT_EQ(json::parse(r.body)["imported"], 3);

  auto got = get_item(102);
  ASSERT_EQ(got.status, 200u);
  EXPECT_EQ(got.header("content-type"), "application/xml; charset=utf-8");
  for (const std::string part :
       {"id=\"102\"", "type=\"1\"", "<price currency=\"EUR\">122</price>",
        "<validfrom>2020-01-01T00:00:00</validfrom>", "<categorypath>/8/4/5</categorypath>",
        "<categorypath>/9/1</categorypath>", "French Cuff Cotton Twill Oxford",
        "https://shop.example/p/102?a=1&b=2", "key=\"vendor\"", "value=\"BOSCH\"",
        "type=\"NUMERIC\""}) {
    EXPECT_NE(got.body.find(part), std::string::npos) << part << " in " << got.body;
  }
  // What GET answers can be imported again unchanged.
  ASSERT_EQ(import(got.body).status, 202u);
  EXPECT_EQ(get_item(102).body, got.body);
  EXPECT_EQ(get_item(103).status, 200u);
  EXPECT_NE(get_item(104).body.find("<price currency=\"JPY\">456</price>"), std::string::npos);
  EXPECT_EQ(get_item(105).status, 404u);
}

TEST_F(Catalog, InvalidXmlIsRejectedWithTheLineAndStoresNothing) {
  const std::string doc =
      items_doc(item_xml(201, "") + item_xml(202, "    <price currency=\"EU\">1</price>\n"));
  const auto r = import(doc);
  EXPECT_EQ(r.status, 400u);
  EXPECT_NE(r.body.find("line 6"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("price"), std::string::npos) << r.body;
  EXPECT_EQ(get_item(201).status, 404u);  // the valid item before the error is not stored

  EXPECT_EQ(import("<items><item id=\"1\" type=\"1\"></items>").status, 400u);  // not well-formed
  EXPECT_EQ(import("").status, 400u);
  EXPECT_EQ(import(items_doc(item_xml(0, ""))).status, 400u);  // id 0
}

TEST_F(Catalog, EveryRouteNeedsTheCustomersCredentials) {
  const std::vector<std::pair<std::string, std::string>> routes{
      {"POST", "/api/00000/item"},
      {"GET", "/api/00000/item/1/1"},
      {"DELETE", "/api/00000/item/1/1"},
      {"DELETE", "/api/00000/user/someone"}};
  for (const auto& [method, path] : routes) {
    auto r = client().request(method, path, method == "POST" ? items_doc("") : "");
    EXPECT_EQ(r.status, 401u) << method << " " << path;
    EXPECT_NE(r.header("www-authenticate").find("Basic"), std::string::npos);
    r = client().request(method, path, "", {kWrongAuth});
    EXPECT_EQ(r.status, 401u) << method << " " << path;
  }
  EXPECT_EQ(client().get("/api/99999/item/1/1", {kAuth}).status, 404u);
}

TEST_F(Catalog, AttributesAppearInBothDocuments) {
  track("/api/00000/buy/b/1/102?fullprice=1EUR");
  track("/api/00000/buy/b/1/103?fullprice=1EUR");
  rebuild();
  ASSERT_EQ(import(items_doc(item_xml(102, kFullItem))).status, 202u);

  auto r = client().get("/api/v2/00000/u/bestseller.json?attribute=title,vendor&attribute=none");
  ASSERT_EQ(r.status, 200u) << r.body;
  auto doc = json::parse(r.body);
  for (const auto& item : doc["recommendationItems"]) {
    const auto& a = item["attributes"];
    ASSERT_EQ(a.size(), 3u);
    EXPECT_EQ(a[0]["key"], "title");
    EXPECT_EQ(a[1]["key"], "vendor");
    EXPECT_EQ(a[2]["values"], json::array());
    if (item["itemId"] == 102) {
      EXPECT_EQ(a[0]["values"], json::array({"French Cuff Cotton Twill Oxford"}));
      EXPECT_EQ(a[1]["values"], json::array({"BOSCH"}));
    } else {
      EXPECT_EQ(a[0]["values"], json::array());  // 103 has no catalog record
    }
  }
  r = client().get("/api/00000/u/bestseller.json?attribute=title");
  ASSERT_EQ(r.status, 200u);
  doc = json::parse(r.body);
  bool seen = false;
  for (const auto& item : doc["recommendationResponseList"]) {
    if (item["itemId"] != 102) continue;
    seen = true;
    EXPECT_EQ(item["attributes"][0]["values"], json::array({"French Cuff Cotton Twill Oxford"}));
  }
  EXPECT_TRUE(seen);
}

TEST_F(Catalog, ValidityWindowsCountAtOnce) {
  sell(4);
  ASSERT_EQ(bestsellers(), (std::vector<long long>{1, 2, 3, 4}));
  ASSERT_EQ(import(items_doc(item_xml(1, "    <validto>2001-01-01T00:00:00</validto>\n") +
                             item_xml(3, "    <validfrom>2099-01-01T00:00:00Z</validfrom>\n") +
                             item_xml(4, "    <validfrom>2001-01-01T00:00:00</validfrom>\n")))
                .status,
            202u);
  EXPECT_EQ(bestsellers(), (std::vector<long long>{2, 4}));    // no rebuild in between
  ASSERT_EQ(import(items_doc(item_xml(1, ""))).status, 202u);  // a new version without window
  EXPECT_EQ(bestsellers(), (std::vector<long long>{1, 2, 4}));
}

TEST_F(Catalog, DeleteTakesTheItemOutAtOnce) {
  sell(3);
  ASSERT_EQ(import(items_doc(item_xml(2, kFullItem))).status, 202u);
  auto r = client().request("DELETE", "/api/00000/item/1/2", "", {kAuth});
  EXPECT_EQ(r.status, 202u) << r.body;
  EXPECT_EQ(bestsellers(), (std::vector<long long>{1, 3}));
  EXPECT_EQ(get_item(2).status, 404u);
  // An item only known from events can be deleted too; one nobody knows is a 404.
  EXPECT_EQ(client().request("DELETE", "/api/00000/item/1/3", "", {kAuth}).status, 202u);
  EXPECT_EQ(bestsellers(), (std::vector<long long>{1}));
  EXPECT_EQ(client().request("DELETE", "/api/00000/item/1/777", "", {kAuth}).status, 404u);
  // Nor through a personalised path or after a rebuild, until imported again.
  rebuild();
  EXPECT_EQ(bestsellers(), (std::vector<long long>{1}));
  ASSERT_EQ(import(items_doc(item_xml(3, ""))).status, 202u);
  EXPECT_EQ(bestsellers(), (std::vector<long long>{1, 3}));
  // And it stays deleted across a restart.
  stop_server();
  start();
  EXPECT_EQ(bestsellers(), (std::vector<long long>{1, 3}));
}

TEST_F(Catalog, ImportedCategoriesReplaceClickedOnesAndServeTheCategoryParameters) {
  track("/api/00000/click/c1/1/10?categorypath=Old%2FPlace");
  track("/api/00000/click/c1/1/11?categorypath=Shoes");
  track("/api/00000/click/c2/1/10");
  track("/api/00000/click/c2/1/11");
  track("/api/00000/click/c3/1/12");
  ASSERT_EQ(
      import(items_doc(item_xml(10,
                                "    <categorypaths><categorypath>Sport/Football</categorypath>"
                                "<categorypath>America/USA</categorypath></categorypaths>\n") +
                       item_xml(11,
                                "    <categorypaths><categorypath>Sport/Cricket</categorypath>"
                                "</categorypaths>\n")))
          .status,
      202u);
  rebuild();
  // 10 is multi-homed: in "Sport/Cricket" its closest category is Sport/Football.
  auto r = client().get(
      "/api/v2/00000/v/landing_page.json?categorypath=Sport%2FCricket"
      "&recommendCategory=true");
  ASSERT_EQ(r.status, 200u) << r.body;
  auto doc = json::parse(r.body);
  std::map<long long, std::string> category;
  for (const auto& item : doc["recommendationItems"]) category[item["itemId"]] = item["category"];
  EXPECT_EQ(category.size(), 1u);  // only 11 is in Sport/Cricket
  EXPECT_EQ(category[11], "Sport/Cricket");
  r = client().get("/api/v2/00000/v/landing_page.json?categorypath=Sport&recommendCategory=true");
  doc = json::parse(r.body);
  category.clear();
  for (const auto& item : doc["recommendationItems"]) category[item["itemId"]] = item["category"];
  EXPECT_EQ(category[10], "Sport/Football");
  r = client().get("/api/v2/00000/v/landing_page.json?categorypath=America&recommendCategory=true");
  doc = json::parse(r.body);
  EXPECT_EQ(doc["recommendationItems"][0]["category"], "America/USA");
  // The clicked "Old/Place" was replaced by the import.
  EXPECT_EQ(client().get("/api/v2/00000/v/landing_page.json?categorypath=Old").status, 409u);
  // usecontextcategorypath: 11's categories (Sport/Cricket) restrict also_clicked of 11.
  r = client().get("/api/v2/00000/v/also_clicked.json?contextitems=11&usecontextcategorypath=true");
  EXPECT_EQ(r.status, 409u) << r.body;  // 10 is not in Sport/Cricket
}

TEST_F(Catalog, ErasingAUserRemovesEveryRecord) {
  track("/api/00000/click/anon/1/1");
  track("/api/00000/click/erase-me/1/2");
  track("/api/00000/blacklist/erase-me/1/3");
  track("/api/00000/login/anon/erase-me");  // moves 1 event, adds a login event and 2 links
  track("/api/00000/click/anon/1/4");       // the anonymous id, used again afterwards
  ASSERT_EQ(events_of("erase-me").size(), 4u);

  const auto r = client().request("DELETE", "/api/00000/user/erase-me", "", {kAuth});
  ASSERT_EQ(r.status, 200u) << r.body;
  // 4 events, 1 blacklist record, the login link under erase-me, and anon's side of it.
  EXPECT_EQ(json::parse(r.body)["deleted"], 7);
  EXPECT_TRUE(events_of("erase-me").empty());
  EXPECT_EQ(events_of("anon").size(), 1u);  // anon's own later event is not erase-me's
  EXPECT_EQ(
      json::parse(
          client().request("DELETE", "/api/00000/user/erase-me", "", {kAuth}).body)["deleted"],
      0);

  // Answers as for a new user: no private history, the blacklist is gone too.
  sell(3);
  const auto personal = client().get("/api/v2/00000/erase-me/personalized.json");
  ASSERT_EQ(personal.status, 200u);
  EXPECT_FALSE(personal.has_header("cache-control"));
}

TEST_F(Catalog, ImportItemsStreamsABigFileWhenTheServerIsStopped) {
  const std::string file = dir().file("catalog.xml");
  {
    std::ofstream out(file);
    out << "<items version=\"1\">\n";
    for (int i = 1; i <= 5000; ++i) {
      out << item_xml(i, "    <content><content-data key=\"title\">Item " + std::to_string(i) +
                             "</content-data></content>\n");
    }
    out << "</items>\n";
  }
  // While the server runs, the store is locked: a clear error, nothing imported.
  auto r = run_recod({"import-items", "--config", config_path(), "--customer", "00000", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("recod serve"), std::string::npos) << r.err;

  stop_server();
  r = run_recod({"import-items", "--config", config_path(), "--customer", "00000", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("imported 5000 items"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("checking: 100%"), std::string::npos) << r.err;  // not a terminal

  const std::string bad = dir().file("bad.xml");
  write_file(bad, items_doc(item_xml(9001, "") + item_xml(9002, "    <bogus/>\n")));
  r = run_recod({"import-items", "--config", config_path(), "--customer", "00000", bad});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bogus"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing imported"), std::string::npos) << r.err;

  start();
  const auto item = get_item(4711);
  ASSERT_EQ(item.status, 200u);
  EXPECT_NE(item.body.find("Item 4711"), std::string::npos);
  EXPECT_EQ(get_item(9001).status, 404u);
}

}  // namespace
}  // namespace recod::test
