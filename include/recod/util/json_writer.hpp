#pragma once
// JsonWriter: appends JSON to a string without building a DOM, for documents rendered on
// the request path (a DOM costs an allocation per node). The caller keeps the nesting
// right; the writer handles commas and escaping. Strings must be valid UTF-8 (recod
// validates everything it stores); control characters, quotes, backslashes, and also
// '<', '>', U+2028 and U+2029 are escaped, so that a document is safe inside an inline
// <script> (JSONP) in every browser.

#include <cstdint>
#include <string>
#include <string_view>

namespace recod::util {

class JsonWriter final {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  /// The name of the next member (inside an object).
  JsonWriter& key(std::string_view name);
  JsonWriter& string(std::string_view value);
  JsonWriter& number(std::int64_t value);
  JsonWriter& number(double value);  ///< finite values only; written with up to 6 decimals
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  /// A numeric item id as a number, anything else as a string ("123" -> 123, "A-1" -> "A-1").
  JsonWriter& item_id(std::string_view id);
  /// `json` as it is, as the next value: a complete JSON value the caller made, escaping
  /// included (e.g. a string literal assembled from parts escaped once, see
  /// append_json_escaped).
  JsonWriter& raw(std::string_view json);

 private:
  void separate();

  std::string& out_;
  bool need_comma_ = false;
};

/// Appends `s` as a JSON string literal (with quotes) to `out`.
void append_json_string(std::string& out, std::string_view s);

/// Appends `s` escaped as in a JSON string literal, without the quotes. Escaping works on
/// whole characters, so parts escaped one by one make the same literal as the whole text
/// escaped at once, as long as no part ends inside a character (a UTF-8 sequence).
void append_json_escaped(std::string& out, std::string_view s);

}  // namespace recod::util
