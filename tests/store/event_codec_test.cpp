#include "event_codec.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "store_test_util.hpp"

namespace recod::store {
namespace {

using tracking::Event;
using tracking::EventKind;
using tracking::Price;
using tracking::UserHash;

constexpr EventKind kAllKinds[] = {
    EventKind::kClick,     EventKind::kConsume,          EventKind::kBuy,
    EventKind::kBasket,    EventKind::kDeleteFromBasket, EventKind::kRate,
    EventKind::kBlacklist, EventKind::kRendered,         EventKind::kClickRecommended,
    EventKind::kLogin,
};

std::string encode(const Event& e) {
  std::string out;
  encode_event(e, out);
  return out;
}

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

UserHash counting_user() {
  UserHash user{};
  for (std::size_t i = 0; i < user.size(); ++i) user[i] = static_cast<std::uint8_t>(0xf0 + i);
  return user;
}

// An event with every field set to something other than its default, to decode into:
// decoding must overwrite (or reset) all of it but time_us.
Event dirty_event() {
  Event e;
  e.kind = EventKind::kRate;
  e.time_us = 424242;
  e.time_overridden = true;
  e.item_type = 77;
  e.item_id = std::string(300, 'z');
  e.percentage = 12;
  e.rating = 34;
  e.quantity = 56;
  e.price = Price{789, "JPY"};
  e.category_path = "Old/Path";
  e.scenario = "old-scenario";
  e.model_id = "old-model";
  e.token = "old-token";
  e.source_user = UserHash{};
  return e;
}

// Decodes `value` into a dirty event; nullopt if rejected. time_us is set to `time_us` (the
// codec leaves it alone: it lives in the key).
std::optional<Event> decode(std::string_view value, std::int64_t time_us = 0) {
  Event out = dirty_event();
  if (!decode_event(value, out)) return std::nullopt;
  EXPECT_EQ(out.time_us, 424242) << "decode_event must leave time_us unchanged";
  out.time_us = time_us;
  return out;
}

// Item ids that must come back exactly as they went in.
const std::vector<std::string>& item_ids() {
  static const std::vector<std::string> ids = {
      "1",
      "2147483647",
      "999999999999999999",       // 18 digits: the largest numeric form
      "1000000000000000000",      // 19 digits: kept as a string
      "18446744073709551615",     // 2^64-1
      "99999999999999999999999",  // beyond 64 bits
      "0123",                     // leading zero: not canonical, kept as a string
      "00",
      "0",
      "-1",
      "+1",
      "12a",
      " 1",
      "",
      "sku-\xc3\xbc\xc3\xb1\xc3\xaf\xe2\x98\x83",  // UTF-8: "sku-üñï☃"
      std::string("nul\0inside", 10),
      std::string(256, 'x'),
  };
  return ids;
}

// ---- golden encodings: the persisted format (schema 1) must not change by accident ----

TEST(EventCodecTest, EncodesAPlainClickCompactly) {
  Event e;
  e.kind = EventKind::kClick;
  e.time_us = 1700000000000000;
  e.item_type = 1;
  e.item_id = "123";
  // version, kind, flags (numeric id), type, id 123, quantity 1, four empty strings.
  EXPECT_EQ(encode(e), bytes({0x01, 0x01, 0x20, 0x01, 0x7b, 0x01, 0x00, 0x00, 0x00, 0x00}));
}

TEST(EventCodecTest, EncodesABuyWithPriceAndStringId) {
  Event e;
  e.kind = EventKind::kBuy;
  e.item_type = 2;
  e.item_id = "abc";
  e.quantity = 3;
  e.price = Price{1999, "EUR"};
  // price: zig-zag 1999 -> 3998 -> varint 9e 1f.
  EXPECT_EQ(encode(e), bytes({0x01, 0x03, 0x08, 0x02, 0x03, 'a', 'b', 'c', 0x03, 0x9e, 0x1f, 0x03,
                              'E', 'U', 'R', 0x00, 0x00, 0x00, 0x00}));
}

TEST(EventCodecTest, EncodeAppendsToOutput) {
  Event e;
  e.item_type = 1;
  e.item_id = "123";
  std::string out = "prefix";
  encode_event(e, out);
  EXPECT_EQ(out, "prefix" + encode(e));
}

// ---- round trips ----

TEST(EventCodecTest, RoundTripsEveryKindIdAndOptionalFieldCombination) {
  int checked = 0;
  for (EventKind kind : kAllKinds) {
    for (const std::string& id : item_ids()) {
      for (int mask = 0; mask < 64; ++mask) {
        Event e;
        e.kind = kind;
        e.time_us = 1700000000000000 + mask;
        e.time_overridden = (mask & 1) != 0;
        if ((mask & 2) != 0) e.percentage = static_cast<std::uint8_t>(mask % 3 == 0 ? 0 : 100);
        if ((mask & 4) != 0) e.rating = static_cast<std::uint8_t>(mask % 5 == 0 ? 0 : 77);
        if ((mask & 8) != 0) e.price = Price{mask * 1000, "EUR"};
        if ((mask & 16) != 0) e.source_user = counting_user();
        if ((mask & 32) != 0) {
          e.category_path = "Women/Shirts/\xc3\x9c";
          e.scenario = "also_clicked";
          e.model_id = "model-7";
          e.token = "5f0c3a8e-1b2c-4d5e-8f90-123456789abc";
        }
        e.item_type = kind == EventKind::kLogin ? 0 : static_cast<std::uint32_t>(1 + mask);
        e.item_id = kind == EventKind::kLogin ? "" : id;
        e.quantity = static_cast<std::uint32_t>(1 + (mask % 4));
        const auto decoded = decode(encode(e), e.time_us);
        ASSERT_TRUE(decoded.has_value()) << ::testing::PrintToString(e);
        ASSERT_EQ(*decoded, e);
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 10 * static_cast<int>(item_ids().size()) * 64);
}

TEST(EventCodecTest, NonCanonicalNumericIdsStayStrings) {
  for (const std::string id : {"0123", "00", "0", "007", "1000000000000000000"}) {
    Event e;
    e.item_type = 1;
    e.item_id = id;
    const auto decoded = decode(encode(e));
    ASSERT_TRUE(decoded.has_value()) << id;
    EXPECT_EQ(decoded->item_id, id);
    // Stored as a length-prefixed string, not as a number.
    EXPECT_EQ(encode(e).size(), 10 + id.size()) << id;
  }
}

TEST(EventCodecTest, RoundTripsExtremeNumbers) {
  Event e;
  e.kind = EventKind::kBuy;
  e.item_type = std::numeric_limits<std::uint32_t>::max();
  e.item_id = "2147483647";
  e.quantity = std::numeric_limits<std::uint32_t>::max();
  e.percentage = 255;
  e.rating = 255;
  for (std::int64_t amount : {std::int64_t{0}, std::int64_t{1}, std::int64_t{1999},
                              std::int64_t{100000000000},  // a billion EUR in cents
                              std::numeric_limits<std::int64_t>::max(), std::int64_t{-1},
                              std::numeric_limits<std::int64_t>::min()}) {
    e.price = Price{amount, "JPY"};
    const auto decoded = decode(encode(e));
    ASSERT_TRUE(decoded.has_value()) << amount;
    EXPECT_EQ(*decoded, e) << amount;
  }
}

TEST(EventCodecTest, RoundTripsAbsentOptionalsOverPresentOnes) {
  // A minimal event decoded into a fully populated one resets every optional field.
  Event e;
  e.kind = EventKind::kClick;
  e.item_type = 1;
  e.item_id = "5";
  const auto decoded = decode(encode(e));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, e);
  EXPECT_FALSE(decoded->percentage.has_value());
  EXPECT_FALSE(decoded->rating.has_value());
  EXPECT_FALSE(decoded->price.has_value());
  EXPECT_FALSE(decoded->source_user.has_value());
  EXPECT_FALSE(decoded->time_overridden);
}

// ---- rejections ----

// A valid encoding with every optional part present.
std::string full_encoding() {
  Event e;
  e.kind = EventKind::kConsume;
  e.time_overridden = true;
  e.item_type = 300;
  e.item_id = "item-\xe2\x98\x83";
  e.percentage = 50;
  e.rating = 60;
  e.quantity = 2;
  e.price = Price{123456, "USD"};
  e.category_path = "A/B";
  e.scenario = "s";
  e.model_id = "m";
  e.token = "t";
  e.source_user = counting_user();
  return encode(e);
}

TEST(EventCodecTest, FullEncodingIsValid) { ASSERT_TRUE(decode(full_encoding()).has_value()); }

TEST(EventCodecTest, RejectsEmpty) { EXPECT_FALSE(decode("").has_value()); }

TEST(EventCodecTest, RejectsWrongVersion) {
  for (int version : {0x00, 0x02, 0x7f, 0xff}) {
    std::string value = full_encoding();
    value[0] = static_cast<char>(version);
    EXPECT_FALSE(decode(value).has_value()) << version;
  }
}

TEST(EventCodecTest, RejectsUnknownKind) {
  for (int kind : {0, 11, 12, 0x80, 0xff}) {
    std::string value = full_encoding();
    value[1] = static_cast<char>(kind);
    EXPECT_FALSE(decode(value).has_value()) << kind;
  }
  // Control: every known kind is accepted in the same position.
  for (EventKind kind : kAllKinds) {
    std::string value = full_encoding();
    value[1] = static_cast<char>(kind);
    EXPECT_TRUE(decode(value).has_value()) << static_cast<int>(kind);
  }
}

TEST(EventCodecTest, RejectsUnknownFlagBits) {
  for (int bit : {0x40, 0x80}) {
    std::string value = full_encoding();
    value[2] = static_cast<char>(static_cast<std::uint8_t>(value[2]) | bit);
    EXPECT_FALSE(decode(value).has_value()) << bit;
  }
}

TEST(EventCodecTest, RejectsEveryTruncation) {
  const std::vector<std::string> valid = {
      full_encoding(),
      bytes({0x01, 0x01, 0x20, 0x01, 0x7b, 0x01, 0x00, 0x00, 0x00, 0x00}),
      bytes({0x01, 0x03, 0x08, 0x02, 0x03, 'a', 'b', 'c', 0x03, 0x9e, 0x1f, 0x03, 'E', 'U', 'R',
             0x00, 0x00, 0x00, 0x00}),
  };
  for (const std::string& value : valid) {
    ASSERT_TRUE(decode(value).has_value());
    for (std::size_t len = 0; len < value.size(); ++len) {
      EXPECT_FALSE(decode(std::string_view(value).substr(0, len)).has_value())
          << "prefix of " << len << " of " << value.size() << " bytes";
    }
  }
}

TEST(EventCodecTest, RejectsTrailingGarbage) {
  for (const std::string& tail :
       {std::string(1, '\0'), std::string("x"), std::string(16, '\xff')}) {
    EXPECT_FALSE(decode(full_encoding() + tail).has_value()) << tail.size();
  }
}

TEST(EventCodecTest, RejectsItemTypeBeyond32Bits) {
  // type = 2^32 (varint 80 80 80 80 10), id "1" as a string, quantity 1, empty strings.
  const std::string tail = bytes({0x01, '1', 0x01, 0x00, 0x00, 0x00, 0x00});
  EXPECT_FALSE(decode(bytes({0x01, 0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10}) + tail).has_value());
  // Control: 2^32-1 (ff ff ff ff 0f) is accepted.
  const auto ok = decode(bytes({0x01, 0x01, 0x00, 0xff, 0xff, 0xff, 0xff, 0x0f}) + tail);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->item_type, 0xffffffffu);
  EXPECT_EQ(ok->item_id, "1");
}

TEST(EventCodecTest, RejectsQuantityBeyond32Bits) {
  const std::string head = bytes({0x01, 0x03, 0x20, 0x01, 0x05});
  const std::string strings = bytes({0x00, 0x00, 0x00, 0x00});
  EXPECT_FALSE(decode(head + bytes({0x80, 0x80, 0x80, 0x80, 0x10}) + strings).has_value());
  const auto ok = decode(head + bytes({0xff, 0xff, 0xff, 0xff, 0x0f}) + strings);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->quantity, 0xffffffffu);
}

TEST(EventCodecTest, RejectsOverlongVarint) {
  // Numeric id as an 11-byte varint (continuation bits all the way).
  std::string value = bytes({0x01, 0x01, 0x20, 0x01});
  value += std::string(10, '\x80') + std::string(1, '\x01');
  value += bytes({0x01, 0x00, 0x00, 0x00, 0x00});
  EXPECT_FALSE(decode(value).has_value());
}

TEST(EventCodecTest, RejectsOverlongCurrency) {
  // Buy of item 5 with a price of 1 in a 4-letter currency.
  const std::string head = bytes({0x01, 0x03, 0x28, 0x01, 0x05, 0x01, 0x02});
  const std::string strings = bytes({0x00, 0x00, 0x00, 0x00});
  EXPECT_FALSE(decode(head + bytes({0x04, 'E', 'U', 'R', 'O'}) + strings).has_value());
  // Control: three letters are accepted.
  const auto ok = decode(head + bytes({0x03, 'E', 'U', 'R'}) + strings);
  ASSERT_TRUE(ok.has_value());
  ASSERT_TRUE(ok->price.has_value());
  EXPECT_EQ(ok->price->amount_minor, 1);
  EXPECT_EQ(ok->price->currency, "EUR");
}

TEST(EventCodecTest, RejectsStringLongerThanTheValue) {
  // Category path claims 2^63 bytes.
  std::string value = bytes({0x01, 0x01, 0x20, 0x01, 0x05, 0x01});
  value += std::string(8, '\xff') + std::string(1, '\x7f');
  value += bytes({0x00, 0x00, 0x00});
  EXPECT_FALSE(decode(value).has_value());
  // And one more byte than there is.
  EXPECT_FALSE(
      decode(bytes({0x01, 0x01, 0x20, 0x01, 0x05, 0x01, 0x04, 'a', 'b', 'c'})).has_value());
}

// ---- robustness: decode never crashes, and whatever it accepts round-trips ----

// Deterministic across standard libraries: only the raw engine output is used.
class Fuzzer {
 public:
  explicit Fuzzer(std::uint32_t seed) : rng_(seed) {}
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(rng_() % n); }
  char byte() { return static_cast<char>(rng_() & 0xff); }

 private:
  std::mt19937 rng_;
};

// Checks one input; returns whether it was accepted.
bool check_decode(std::string_view input) {
  Event out = dirty_event();
  if (!decode_event(input, out)) return false;
  // Anything accepted is a representable event: encoding it again gives the same event.
  Event again = dirty_event();
  EXPECT_TRUE(decode_event(encode(out), again)) << ::testing::PrintToString(out);
  again.time_us = out.time_us;
  EXPECT_EQ(again, out);
  return true;
}

TEST(EventCodecTest, RandomBytesNeverCrashTheDecoder) {
  Fuzzer fuzz(20240601);
  int accepted = 0;
  for (int i = 0; i < 200000; ++i) {
    std::string input(fuzz.below(48), '\0');
    for (char& c : input) c = fuzz.byte();
    if (i % 2 == 0 && input.size() >= 3) {
      // Half the inputs get a plausible header, so that the decoder goes past it.
      input[0] = static_cast<char>(kEventFormatVersion);
      input[1] = static_cast<char>(1 + fuzz.below(10));
      input[2] = static_cast<char>(fuzz.below(64));
    }
    if (check_decode(input)) ++accepted;
    if (::testing::Test::HasFailure()) FAIL() << "at input " << i;
  }
  // Random bytes are almost never a valid encoding; the header-seeded half sometimes are.
  EXPECT_LT(accepted, 200000 / 10);
}

TEST(EventCodecTest, MutatedEncodingsNeverCrashTheDecoder) {
  std::vector<std::string> corpus = {full_encoding()};
  for (EventKind kind : kAllKinds) {
    for (const std::string& id : item_ids()) {
      Event e;
      e.kind = kind;
      e.item_type = 9;
      e.item_id = id;
      e.scenario = "sc";
      corpus.push_back(encode(e));
    }
  }
  Fuzzer fuzz(7);
  int accepted = 0;
  int rejected = 0;
  for (int i = 0; i < 100000; ++i) {
    std::string input = corpus[fuzz.below(static_cast<std::uint32_t>(corpus.size()))];
    const std::uint32_t mutations = 1 + fuzz.below(4);
    for (std::uint32_t m = 0; m < mutations; ++m) {
      const std::uint32_t pos = fuzz.below(static_cast<std::uint32_t>(input.size() + 1));
      switch (fuzz.below(5)) {
        case 0:  // flip a bit
          if (pos < input.size()) input[pos] = static_cast<char>(input[pos] ^ (1 << fuzz.below(8)));
          break;
        case 1:  // overwrite a byte
          if (pos < input.size()) input[pos] = fuzz.byte();
          break;
        case 2:  // insert a byte
          input.insert(input.begin() + pos, fuzz.byte());
          break;
        case 3:  // delete a byte
          if (pos < input.size()) input.erase(pos, 1);
          break;
        default:  // truncate
          input.resize(pos);
          break;
      }
    }
    if (check_decode(input)) {
      ++accepted;
    } else {
      ++rejected;
    }
    if (::testing::Test::HasFailure()) FAIL() << "at mutation " << i;
  }
  // The mutations reach both outcomes (otherwise the loop tests nothing).
  EXPECT_GT(accepted, 1000);
  EXPECT_GT(rejected, 1000);
}

}  // namespace
}  // namespace recod::store
