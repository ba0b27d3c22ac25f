#pragma once
// JsonWriter: appends JSON to a string without building a DOM, for documents rendered on
// the request path (a DOM costs an allocation per node). The caller keeps the nesting
// right; the writer handles commas and escaping. Strings must be valid UTF-8 (recod
// validates everything it stores); control characters, quotes, backslashes, and also
// '<', '>', U+2028 and U+2029 are escaped, so that a document is safe inside an inline
// <script> (JSONP) in every browser.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace recod::util {

/// A member name known at compile time, kept as the text `,"name":` so that writing it is
/// one append. A recommendation document has some ten names per item: checking and quoting
/// each at run time took two fifths of the instructions of rendering it (callgrind). Made
/// by `"name"_key`; a name that would need escaping does not compile.
class JsonKey final {
 public:
  /// `with_comma` is `,"name":`.
  explicit constexpr JsonKey(std::string_view with_comma) noexcept : with_comma_(with_comma) {}
  [[nodiscard]] constexpr std::string_view text(bool comma) const noexcept {
    return comma ? with_comma_ : with_comma_.substr(1);
  }

 private:
  std::string_view with_comma_;
};

namespace detail {

/// `,"name":` for a name of N - 1 bytes, built at compile time.
template <std::size_t N>
struct JsonKeyText {
  char text[N + 3]{};
  // Implicit: "name"_key deduces this from the literal.
  consteval JsonKeyText(const char (&name)[N]) {
    text[0] = ',';
    text[1] = '"';
    for (std::size_t i = 0; i + 1 < N; ++i) {
      const auto c = static_cast<unsigned char>(name[i]);
      // The bytes append_json_escaped would change, and any non-ASCII byte.
      if (c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c >= 0x7f) {
        throw "a JSON key literal must be plain ASCII that needs no escaping";
      }
      text[i + 2] = name[i];
    }
    text[N + 1] = '"';
    text[N + 2] = ':';
  }
};

}  // namespace detail

namespace json_literals {

/// `"itemId"_key`: the name as a JsonKey. The text lives in the template parameter object,
/// which has static storage duration.
template <detail::JsonKeyText Name>
constexpr JsonKey operator""_key() noexcept {
  return JsonKey(std::string_view(Name.text, sizeof Name.text));
}

}  // namespace json_literals

/// Writes one JSON document at the end of a string. The text is in the string once
/// finish() has been called; until then the string also holds spare bytes the writer fills.
///
/// Why not plain `std::string::append`: a recommendation document is some 250 small pieces,
/// and each append was a call into the library with its checks (~60 instructions for a
/// member name of a dozen bytes, callgrind). The writer keeps a cursor into room it made
/// ahead instead, so that a piece is a bounds check and a copy the compiler can inline.
class JsonWriter final {
 public:
  /// Appends to what `out` holds. `expected_size`: the room made up front.
  explicit JsonWriter(std::string& out, std::size_t expected_size = 256);
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  /// Cuts `out` to what was written. Call it once, when the document is complete.
  void finish();

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  /// The name of the next member (inside an object).
  JsonWriter& key(std::string_view name);
  /// The same for a name known at compile time: `w.key("itemId"_key)`.
  JsonWriter& key(JsonKey name) {
    put(name.text(need_comma_));
    need_comma_ = false;
    return *this;
  }
  JsonWriter& string(std::string_view value);
  JsonWriter& number(std::int64_t value) {
    separate();
    make_room(kMaxIntegerChars);
    cursor_ = std::to_chars(cursor_, cursor_ + kMaxIntegerChars, value).ptr;
    return *this;
  }
  JsonWriter& number(double value);  ///< finite values only; written with up to 6 decimals
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  /// A numeric item id as a number, anything else as a string ("123" -> 123, "A-1" -> "A-1").
  JsonWriter& item_id(std::string_view id);
  /// `json` as it is, as the next value: a complete JSON value the caller made, escaping
  /// included (e.g. a string literal assembled from parts escaped once, see
  /// append_json_escaped).
  JsonWriter& raw(std::string_view json) {
    separate();
    put(json);
    return *this;
  }
  /// The same for a value the caller keeps in two parts, written one after the other.
  JsonWriter& raw(std::string_view first, std::string_view second) {
    separate();
    put(first);
    put(second);
    return *this;
  }

 private:
  static constexpr std::size_t kMaxIntegerChars = 20;  // the 19 digits and the sign of INT64_MIN

  JsonWriter& open(char bracket) {
    separate();
    put(bracket);
    need_comma_ = false;
    return *this;
  }
  JsonWriter& close(char bracket) {
    put(bracket);
    need_comma_ = true;
    return *this;
  }
  void separate() {
    if (need_comma_) put(',');
    need_comma_ = true;
  }
  void put(char c) {
    make_room(1);
    *cursor_++ = c;
  }
  void put(std::string_view s) {
    if (s.empty()) return;  // an empty view may have no data, which memcpy must not get
    make_room(s.size());
    std::memcpy(cursor_, s.data(), s.size());
    cursor_ += s.size();
  }
  /// At least `n` bytes between the cursor and the end of `out_`.
  void make_room(std::size_t n) {
    if (static_cast<std::size_t>(room_end_ - cursor_) < n) [[unlikely]]
      grow(n);
  }
  void grow(std::size_t n);
  /// Bytes of out_ before the cursor.
  [[nodiscard]] std::size_t written() const noexcept {
    return static_cast<std::size_t>(cursor_ - out_.data());
  }
  /// Resizes out_ to `size` bytes and puts the cursor after the first `used` (the string may
  /// move: both pointers are made again).
  void resize(std::size_t size, std::size_t used);
  /// Writes `s` as a string literal, quotes included (and a comma before it if due).
  void quoted(std::string_view s);

  std::string& out_;
  char* cursor_ = nullptr;    // where the next byte goes, inside out_
  char* room_end_ = nullptr;  // out_'s end: the bytes from cursor_ on are spare
  bool need_comma_ = false;
};

/// Appends `s` as a JSON string literal (with quotes) to `out`.
void append_json_string(std::string& out, std::string_view s);

/// Appends `s` escaped as in a JSON string literal, without the quotes. Escaping works on
/// whole characters, so parts escaped one by one make the same literal as the whole text
/// escaped at once, as long as no part ends inside a character (a UTF-8 sequence).
void append_json_escaped(std::string& out, std::string_view s);

}  // namespace recod::util
