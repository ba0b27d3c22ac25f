#include "recod/util/json_writer.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace recod::util {
namespace {

using nlohmann::json;

std::string json_literal(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

TEST(JsonWriterTest, EmptyContainers) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().end_object();
  w.finish();
  EXPECT_EQ(out, "{}");
  out.clear();
  JsonWriter a(out);
  a.begin_array().end_array();
  a.finish();
  EXPECT_EQ(out, "[]");
}

TEST(JsonWriterTest, NestingAndCommas) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("a").number(std::int64_t{1});
  w.key("b").begin_array();
  w.number(std::int64_t{2}).string("x").begin_object().end_object().begin_array().end_array();
  w.begin_object().key("c").boolean(true).key("d").boolean(false).end_object();
  w.end_array();
  w.key("e").null();
  w.key("f").begin_object().key("g").begin_array().null().end_array().end_object();
  w.end_object();
  w.finish();
  EXPECT_EQ(out, R"({"a":1,"b":[2,"x",{},[],{"c":true,"d":false}],"e":null,"f":{"g":[null]}})");
  EXPECT_TRUE(json::accept(out));
}

TEST(JsonWriterTest, CompileTimeKeysWriteWhatRunTimeKeysWrite) {
  using json_literals::operator""_key;
  std::string literal;
  JsonWriter l(literal);
  l.begin_object().key("itemId"_key).number(std::int64_t{1}).key("a"_key).begin_object();
  l.key("recommendationItems"_key).begin_array().end_array().key("b"_key).null().end_object();
  l.key("c_d-e.f"_key).string("x").end_object();

  std::string run_time;
  JsonWriter r(run_time);
  r.begin_object().key("itemId").number(std::int64_t{1}).key("a").begin_object();
  r.key("recommendationItems").begin_array().end_array().key("b").null().end_object();
  r.key("c_d-e.f").string("x").end_object();

  l.finish();
  r.finish();
  EXPECT_EQ(literal, run_time);
  EXPECT_EQ(literal, R"({"itemId":1,"a":{"recommendationItems":[],"b":null},"c_d-e.f":"x"})");
}

TEST(JsonWriterTest, CompileTimeKeyText) {
  using json_literals::operator""_key;
  static_assert("ab"_key.text(true) == R"(,"ab":)");
  static_assert("ab"_key.text(false) == R"("ab":)");
  static_assert(""_key.text(false) == R"("":)");
  // "a\"b"_key, "<x>"_key or "\n"_key would not compile: they need escaping.
}

TEST(JsonWriterTest, ArrayOfObjects) {
  std::string out;
  JsonWriter w(out);
  w.begin_array();
  for (int i = 0; i < 3; ++i) {
    w.begin_object().key("i").number(std::int64_t{i}).end_object();
  }
  w.end_array();
  w.finish();
  EXPECT_EQ(out, R"([{"i":0},{"i":1},{"i":2}])");
}

TEST(JsonWriterTest, AppendsToWhatIsThere) {
  std::string out = "cb(";
  JsonWriter w(out);
  w.begin_array().number(std::int64_t{1}).end_array();
  w.finish();
  EXPECT_EQ(out, "cb([1]");
}

TEST(JsonWriterTest, QuotesAndBackslashesAreEscaped) {
  EXPECT_EQ(json_literal(R"(a"b\c)"), R"("a\"b\\c")");
  EXPECT_EQ(json_literal(""), R"("")");
}

TEST(JsonWriterTest, ControlCharactersAreEscaped) {
  EXPECT_EQ(json_literal("\n\r\t"), R"("\n\r\t")");
  EXPECT_EQ(json_literal("\x01"), R"("\u0001")");
  EXPECT_EQ(json_literal("\x1f"), R"("\u001f")");
  EXPECT_EQ(json_literal("\x7f"), R"("\u007f")");
  EXPECT_EQ(json_literal("\b\f"), R"("\u0008\u000c")");
  EXPECT_EQ(json_literal(std::string_view("a\0b", 3)), R"("a\u0000b")");
}

TEST(JsonWriterTest, AngleBracketsAreEscaped) {
  EXPECT_EQ(json_literal("<"), R"("\u003c")");
  EXPECT_EQ(json_literal(">"), R"("\u003e")");
  EXPECT_EQ(json_literal("</script><!--"), R"("\u003c/script\u003e\u003c!--")");
}

TEST(JsonWriterTest, KeysAreEscapedToo) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("a\"<b>").string("v").end_object();
  w.finish();
  EXPECT_EQ(out, R"({"a\"\u003cb\u003e":"v"})");
}

TEST(JsonWriterTest, Utf8PassesThrough) {
  const std::string text = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80";  // café € 😀
  EXPECT_EQ(json_literal(text), "\"" + text + "\"");
  EXPECT_EQ(json::parse(json_literal(text)).get<std::string>(), text);
}

TEST(JsonWriterTest, LineAndParagraphSeparatorsAreEscaped) {
  // Raw, they end a JavaScript string literal in JSONP before ES2019.
  EXPECT_EQ(json_literal("a\xe2\x80\xa8"
                         "b\xe2\x80\xa9"
                         "c"),
            R"("a\u2028b\u2029c")");
  EXPECT_EQ(json::parse(json_literal("\xe2\x80\xa8\xe2\x80\xa9")).get<std::string>(),
            "\xe2\x80\xa8\xe2\x80\xa9");
  // Their neighbours and a cut sequence pass through.
  EXPECT_EQ(json_literal("\xe2\x80\xa7\xe2\x80\xaa"), "\"\xe2\x80\xa7\xe2\x80\xaa\"");
  EXPECT_EQ(json_literal("x\xe2\x80"), "\"x\xe2\x80\"");
}

TEST(JsonWriterTest, EscapedStringsRoundTrip) {
  std::string all;
  for (int c = 0; c < 0x80; ++c) all.push_back(static_cast<char>(c));
  all += "\xc3\xa9";
  EXPECT_EQ(json::parse(json_literal(all)).get<std::string>(), all);
}

TEST(JsonWriterTest, NumericItemIdIsANumber) {
  std::string out;
  JsonWriter w(out);
  w.begin_array().item_id("123").item_id("2147483647").item_id("123456789012345678").end_array();
  w.finish();
  EXPECT_EQ(out, "[123,2147483647,123456789012345678]");
  const json doc = json::parse(out);
  EXPECT_TRUE(doc[0].is_number_integer());
  EXPECT_EQ(doc[0], 123);
}

TEST(JsonWriterTest, OtherItemIdsAreStrings) {
  std::string out;
  JsonWriter w(out);
  w.begin_array();
  for (const char* id :
       {"007", "0", "A-1", "12a", "-5", "1.5", "", " 1", "1234567890123456789", "<x>"}) {
    w.item_id(id);
  }
  w.end_array();
  w.finish();
  EXPECT_EQ(out,
            R"(["007","0","A-1","12a","-5","1.5",""," 1","1234567890123456789","\u003cx\u003e"])");
  const json doc = json::parse(out);
  for (const auto& v : doc) EXPECT_TRUE(v.is_string()) << v;
}

TEST(JsonWriterTest, ItemIdAsAMemberValue) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("itemId").item_id("42").key("other").item_id("X").end_object();
  w.finish();
  EXPECT_EQ(out, R"({"itemId":42,"other":"X"})");
}

TEST(JsonWriterTest, IntegerNumbers) {
  std::string out;
  JsonWriter w(out);
  w.begin_array();
  w.number(std::int64_t{0}).number(std::int64_t{-42});
  w.number(std::numeric_limits<std::int64_t>::max());
  w.number(std::numeric_limits<std::int64_t>::min());
  w.end_array();
  w.finish();
  EXPECT_EQ(out, "[0,-42,9223372036854775807,-9223372036854775808]");
  const json doc = json::parse(out);
  EXPECT_EQ(doc[3].get<std::int64_t>(), std::numeric_limits<std::int64_t>::min());
}

TEST(JsonWriterTest, DoubleNumbers) {
  std::string out;
  JsonWriter w(out);
  w.begin_array();
  w.number(1.5).number(2.0).number(0.1).number(-0.25).number(1.0 / 3).number(1e20);
  w.end_array();
  w.finish();
  EXPECT_EQ(out, "[1.5,2,0.1,-0.25,0.333333,1e+20]");
  const json doc = json::parse(out);
  EXPECT_DOUBLE_EQ(doc[0].get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(doc[5].get<double>(), 1e20);
}

TEST(JsonWriterTest, NonFiniteDoublesAreWrittenAsZero) {
  std::string out;
  JsonWriter w(out);
  w.begin_array();
  w.number(std::numeric_limits<double>::quiet_NaN());
  w.number(std::numeric_limits<double>::infinity());
  w.number(-std::numeric_limits<double>::infinity());
  w.end_array();
  w.finish();
  EXPECT_EQ(out, "[0,0,0]");
}

TEST(JsonWriterTest, BooleansAndNull) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("t").boolean(true).key("f").boolean(false).key("n").null().end_object();
  w.finish();
  EXPECT_EQ(out, R"({"t":true,"f":false,"n":null})");
  const json doc = json::parse(out);
  EXPECT_EQ(doc.at("t"), true);
  EXPECT_EQ(doc.at("f"), false);
  EXPECT_TRUE(doc.at("n").is_null());
}

TEST(JsonWriterTest, EscapedIsTheLiteralWithoutQuotes) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  for (const std::string& text : {all, std::string("a\xe2\x80\xa8</b>\"\\"), std::string()}) {
    const std::string literal = json_literal(text);
    std::string out = "[";
    append_json_escaped(out, text);
    EXPECT_EQ(out, "[" + literal.substr(1, literal.size() - 2));
  }
}

TEST(JsonWriterTest, RawValuesAreSeparatedLikeOthers) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("a").raw(R"("x\u003cy")").key("b").begin_array();
  w.raw("1").raw(R"({"c":null})").end_array().end_object();
  w.finish();
  EXPECT_EQ(out, R"({"a":"x\u003cy","b":[1,{"c":null}]})");
  EXPECT_EQ(json::parse(out).at("a"), "x<y");
}

// Short strings that need no escaping take a shorter way out: every length, either way.
TEST(JsonWriterTest, StringsAndKeysOfEveryLength) {
  for (std::size_t n = 0; n <= 40; ++n) {
    for (const std::string& text : {std::string(n, 'k'), std::string(n, 'k') + "<"}) {
      std::string out;
      JsonWriter w(out);
      w.begin_object().key(text).string(text).key("b").string(text).end_object();
      const std::string literal = json_literal(text);
      w.finish();
      EXPECT_EQ(out, "{" + literal + ":" + literal + "," + R"("b":)" + literal + "}");
    }
  }
}

// The writer makes room ahead and grows it: a document far larger than the room made up
// front, built of pieces of every kind, is the one nlohmann::json writes for the same data.
TEST(JsonWriterTest, GrowsPastTheRoomMadeUpFront) {
  for (const std::size_t expected_size : {std::size_t{0}, std::size_t{1}, std::size_t{7}}) {
    std::string out = "x";
    JsonWriter w(out, expected_size);
    json expected = json::array();
    w.begin_array();
    for (int i = 0; i < 500; ++i) {
      const std::string text(static_cast<std::size_t>(i % 70), static_cast<char>('a' + i % 26));
      w.begin_object().key("n").number(std::int64_t{i} * 1000003).key("s").string(text);
      w.key(text + "\n").item_id(std::to_string(i + 1)).end_object();
      expected.push_back({{"n", std::int64_t{i} * 1000003}, {"s", text}, {text + "\n", i + 1}});
    }
    w.end_array();
    w.finish();
    ASSERT_EQ(out.substr(0, 1), "x");
    EXPECT_EQ(json::parse(out.substr(1)), expected) << "expected_size " << expected_size;
  }
}

TEST(JsonWriterTest, FinishLeavesOnlyTheText) {
  std::string out;
  JsonWriter w(out, 4096);
  w.begin_array().number(std::int64_t{7}).end_array();
  w.finish();
  EXPECT_EQ(out, "[7]");
  EXPECT_EQ(out.size(), 3U);
}

TEST(JsonWriterTest, RawInTwoPartsIsOneValue) {
  std::string out;
  JsonWriter w(out);
  w.begin_array().raw(R"("a)", R"(b")").raw("1", "2").raw("", "3").end_array();
  w.finish();
  EXPECT_EQ(out, R"(["ab",12,3])");
}

TEST(JsonWriterTest, DocumentParsesBack) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("name").string("quote \" slash \\ tab \t nul " + std::string(1, '\0') + " <b>");
  w.key("ids").begin_array().item_id("1").item_id("007").end_array();
  w.key("score").number(0.5);
  w.end_object();
  w.finish();
  const json doc = json::parse(out);
  EXPECT_EQ(doc.at("name").get<std::string>(),
            "quote \" slash \\ tab \t nul " + std::string(1, '\0') + " <b>");
  EXPECT_EQ(doc.at("ids"), json::parse(R"([1,"007"])"));
  EXPECT_DOUBLE_EQ(doc.at("score").get<double>(), 0.5);
}

}  // namespace
}  // namespace recod::util
