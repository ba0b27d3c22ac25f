#include <expat.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "recod/catalog/xml.hpp"
#include "recod/tracking/ids.hpp"
#include "recod/util/currency.hpp"
#include "recod/util/numbers.hpp"
#include "recod/util/time.hpp"
#include "recod/util/utf8.hpp"

namespace recod::catalog {
namespace {

// The elements of the format; anything else is rejected where it appears.
enum class Element : std::uint8_t {
  kDocument,  // outside the root: not an element, the parent of <items>
  kItems,
  kItem,
  kPrice,
  kValidFrom,
  kValidTo,
  kCategoryPaths,
  kCategoryPath,
  kContent,
  kContentData,
  kAttributes,
  kAttribute,
};

constexpr std::array<std::pair<std::string_view, Element>, 11> kElementNames{{
    {"items", Element::kItems},
    {"item", Element::kItem},
    {"price", Element::kPrice},
    {"validfrom", Element::kValidFrom},
    {"validto", Element::kValidTo},
    {"categorypaths", Element::kCategoryPaths},
    {"categorypath", Element::kCategoryPath},
    {"content", Element::kContent},
    {"content-data", Element::kContentData},
    {"attributes", Element::kAttributes},
    {"attribute", Element::kAttribute},
}};

constexpr std::size_t kMaxKeyBytes = 128;
// Price, dates and category paths are short; this bounds what is buffered for them.
constexpr std::size_t kMaxShortTextBytes = 4096;
// Bounds one item's memory against a hostile document: no real item comes close.
constexpr std::size_t kMaxEntriesPerList = 10000;
// Quoted input in error messages is cut to this length.
constexpr std::size_t kMaxQuotedBytes = 64;

std::optional<Element> element_from_name(std::string_view name) noexcept {
  for (const auto& [n, e] : kElementNames) {
    if (n == name) return e;
  }
  return std::nullopt;
}

std::string_view element_name(Element e) noexcept {
  for (const auto& [n, element] : kElementNames) {
    if (element == e) return n;
  }
  return "";
}

bool may_contain(Element parent, Element child) noexcept {
  switch (parent) {
    case Element::kDocument:
      return child == Element::kItems;
    case Element::kItems:
      return child == Element::kItem;
    case Element::kItem:
      return child == Element::kPrice || child == Element::kValidFrom ||
             child == Element::kValidTo || child == Element::kCategoryPaths ||
             child == Element::kContent || child == Element::kAttributes;
    case Element::kCategoryPaths:
      return child == Element::kCategoryPath;
    case Element::kContent:
      return child == Element::kContentData;
    case Element::kAttributes:
      return child == Element::kAttribute;
    default:
      return false;
  }
}

// Elements whose text is their value; the others may only hold whitespace between children.
bool holds_text(Element e) noexcept {
  return e == Element::kPrice || e == Element::kValidFrom || e == Element::kValidTo ||
         e == Element::kCategoryPath || e == Element::kContentData;
}

std::span<const std::string_view> allowed_attributes(Element e) noexcept {
  static constexpr std::array<std::string_view, 1> kItems = {"version"};
  static constexpr std::array<std::string_view, 2> kItem = {"id", "type"};
  static constexpr std::array<std::string_view, 1> kPrice = {"currency"};
  static constexpr std::array<std::string_view, 1> kContentData = {"key"};
  static constexpr std::array<std::string_view, 3> kAttribute = {"key", "value", "type"};
  switch (e) {
    case Element::kItems:
      return kItems;
    case Element::kItem:
      return kItem;
    case Element::kPrice:
      return kPrice;
    case Element::kContentData:
      return kContentData;
    case Element::kAttribute:
      return kAttribute;
    default:
      return {};
  }
}

// Namespace declarations and prefixed attributes (xsi:schemaLocation) are not ours to judge.
bool is_foreign_attribute(std::string_view name) noexcept {
  return name == "xmlns" || name.find(':') != std::string_view::npos;
}

bool is_xml_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_xml_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_xml_space(s.back())) s.remove_suffix(1);
  return s;
}

// 's', cut short (on a UTF-8 character boundary) so that a message stays readable.
std::string quote(std::string_view s) {
  if (s.size() <= kMaxQuotedBytes) return "'" + std::string(s) + "'";
  std::size_t n = kMaxQuotedBytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return "'" + std::string(s.substr(0, n)) + "...'";
}

std::string tag(std::string_view name) {
  std::string out = "<";
  out += name.size() <= kMaxQuotedBytes ? name : quote(name);
  out += '>';
  return out;
}

std::string tag(Element e) { return tag(element_name(e)); }

// NUMERIC attribute values: an optional sign, digits, an optional fraction ("-12", "3.5").
bool is_decimal_number(std::string_view s) noexcept {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (!digits()) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

std::optional<std::string_view> find_attribute(const XML_Char** atts, std::string_view name) {
  for (std::size_t i = 0; atts[i] != nullptr; i += 2) {
    if (name == atts[i]) return std::string_view(atts[i + 1]);
  }
  return std::nullopt;
}

std::optional<std::string_view> first_unknown_attribute(const XML_Char** atts,
                                                        std::span<const std::string_view> allowed) {
  for (std::size_t i = 0; atts[i] != nullptr; i += 2) {
    const std::string_view name(atts[i]);
    if (is_foreign_attribute(name)) continue;
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) return name;
  }
  return std::nullopt;
}

}  // namespace

// The parser's state: the open elements and the one item being read. Expat calls the
// static trampolines below; after the first problem every later callback is ignored.
struct ItemXmlReader::Impl {
  Impl(XmlOptions opts, ItemHandler handler)
      : options(opts), on_item(std::move(handler)), parser(XML_ParserCreate(nullptr)) {
    if (parser == nullptr) {
      failed = true;
      status = Status::internal("cannot create an XML parser");
      return;
    }
    XML_SetUserData(parser, this);
    XML_SetElementHandler(parser, &Impl::start_element, &Impl::end_element);
    XML_SetCharacterDataHandler(parser, &Impl::character_data);
    // No DTDs at all: no external entities, and no internal ones to expand ("billion laughs").
    XML_SetStartDoctypeDeclHandler(parser, &Impl::start_doctype);
    XML_SetParamEntityParsing(parser, XML_PARAM_ENTITY_PARSING_NEVER);
  }
  ~Impl() {
    if (parser != nullptr) XML_ParserFree(parser);
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  XmlOptions options;
  ItemHandler on_item;
  XML_Parser parser;
  Status status;  // the first problem; every later call returns it
  bool failed = false;
  bool finished = false;
  bool root_seen = false;
  std::uint64_t items = 0;

  std::vector<Element> open;  // the open elements, innermost last (at most 4 deep)

  Item item;                                   // the item being read
  std::uint32_t item_children = 0;             // bit per Element already seen in this <item>
  std::size_t item_line = 0;                   // where <item> starts
  std::unordered_set<std::string> item_paths;  // its category paths, to drop duplicates

  std::string text;        // the text of the open leaf element
  std::string leaf_value;  // <price currency> or <content-data key>
  std::size_t leaf_line = 0;

  [[nodiscard]] std::size_t line() const { return XML_GetCurrentLineNumber(parser); }

  // Records the first problem found by a callback and stops the parser.
  void fail(Status s) {
    if (failed) return;
    failed = true;
    status = std::move(s);
    XML_StopParser(parser, XML_FALSE);
  }

  void fail_at(std::size_t at, std::string_view what) {
    fail(Status::invalid("line " + std::to_string(at) + ": " + std::string(what)));
  }

  void fail_at(std::size_t at, Element e, std::string_view what) {
    fail_at(at, tag(e) + ": " + std::string(what));
  }

  // The status after XML_Parse failed: ours if a handler stopped it, else Expat's error.
  Status parse_failed(bool final) {
    if (failed) return status;
    const XML_Error code = XML_GetErrorCode(parser);
    std::string what;
    if (final && code == XML_ERROR_NO_ELEMENTS && root_seen) {
      what = "the document ends before </items>";
    } else {
      const XML_LChar* message = XML_ErrorString(code);
      what = message != nullptr ? message : "invalid XML";
    }
    failed = true;  // Expat has stopped already: only remember why
    status = Status::invalid("line " + std::to_string(line()) + ": " + what);
    return status;
  }

  // ---- Expat callbacks ----

  template <typename F>
  static void guarded(void* data, F&& f) noexcept {
    auto* self = static_cast<Impl*>(data);
    if (self->failed) return;
    // Nothing may unwind through Expat's C frames; a throwing handler becomes a Status.
    try {
      std::forward<F>(f)(*self);
    } catch (const std::exception& e) {
      self->fail(Status::internal(std::string("catalog XML reader: ") + e.what()));
    } catch (...) {
      self->fail(Status::internal("catalog XML reader: unknown exception"));
    }
  }

  static void XMLCALL start_element(void* data, const XML_Char* name, const XML_Char** atts) {
    guarded(data, [&](Impl& self) { self.on_start(name, atts); });
  }

  static void XMLCALL end_element(void* data, const XML_Char* /*name*/) {
    guarded(data, [](Impl& self) { self.on_end(); });
  }

  static void XMLCALL character_data(void* data, const XML_Char* s, int len) {
    guarded(data, [&](Impl& self) {
      self.on_text(std::string_view(s, static_cast<std::size_t>(std::max(len, 0))));
    });
  }

  static void XMLCALL start_doctype(void* data, const XML_Char* /*name*/, const XML_Char* /*sysid*/,
                                    const XML_Char* /*pubid*/, int /*has_internal_subset*/) {
    guarded(data, [](Impl& self) { self.fail_at(self.line(), "DOCTYPE is not allowed"); });
  }

  // ---- start tags ----

  void on_start(std::string_view name, const XML_Char** atts) {
    const Element parent = open.empty() ? Element::kDocument : open.back();
    const auto e = element_from_name(name);
    if (parent == Element::kDocument && e != Element::kItems) {
      fail_at(line(), tag(name) + ": the root element must be <items>");
      return;
    }
    if (!e || !may_contain(parent, *e)) {
      fail_at(line(), std::string(e ? "unexpected" : "unknown") + " element " + tag(name) + " in " +
                          tag(parent));
      return;
    }
    if (const auto unknown = first_unknown_attribute(atts, allowed_attributes(*e))) {
      fail_at(line(), *e, "unknown attribute " + quote(*unknown));
      return;
    }
    open.push_back(*e);
    if (parent == Element::kItem) {
      const std::uint32_t bit = 1U << static_cast<unsigned>(*e);
      if ((item_children & bit) != 0) {
        fail_at(line(), *e, "more than one " + tag(*e) + " in <item>");
        return;
      }
      item_children |= bit;
    }
    if (holds_text(*e)) {
      text.clear();
      leaf_value.clear();
      leaf_line = line();
    }
    switch (*e) {
      case Element::kItems:
        start_items(atts);
        break;
      case Element::kItem:
        start_item(atts);
        break;
      case Element::kPrice:
        start_price(atts);
        break;
      case Element::kContentData:
        start_content_data(atts);
        break;
      case Element::kAttribute:
        start_attribute(atts);
        break;
      default:
        break;
    }
  }

  void start_items(const XML_Char** atts) {
    root_seen = true;
    const auto version = find_attribute(atts, "version");
    if (version && *version != "1") {
      fail_at(line(), Element::kItems, "version " + quote(*version) + " is not supported (only 1)");
    }
  }

  void start_item(const XML_Char** atts) {
    item = Item{};
    item_children = 0;
    item_line = line();
    item_paths.clear();
    const auto id = find_attribute(atts, "id");
    if (!id) {
      fail_at(line(), Element::kItem, "attribute id is required");
      return;
    }
    auto parsed_id = tracking::parse_item_id(*id, options.string_item_ids);
    if (!parsed_id) {
      fail_at(line(), Element::kItem, "attribute id: " + parsed_id.status().message());
      return;
    }
    const auto type = find_attribute(atts, "type");
    if (!type) {
      fail_at(line(), Element::kItem, "attribute type is required");
      return;
    }
    const auto parsed_type = tracking::parse_item_type(*type);
    if (!parsed_type) {
      fail_at(line(), Element::kItem, "attribute type: " + parsed_type.status().message());
      return;
    }
    item.id = std::move(parsed_id).value();
    item.type = *parsed_type;
  }

  void start_price(const XML_Char** atts) {
    const auto currency = find_attribute(atts, "currency");
    if (!currency) {
      fail_at(line(), Element::kPrice, "attribute currency is required");
    } else if (!util::currency_exponent(*currency)) {
      fail_at(line(), Element::kPrice, "currency " + quote(*currency) + " is not an ISO 4217 code");
    } else {
      leaf_value = *currency;
    }
  }

  // Keys name what a value means ("title", "vendor"): short, printable.
  bool check_key(Element e, std::optional<std::string_view> key) {
    if (!key) {
      fail_at(line(), e, "attribute key is required");
    } else if (key->empty() || key->size() > kMaxKeyBytes) {
      fail_at(line(), e, "key must be 1 to " + std::to_string(kMaxKeyBytes) + " bytes");
    } else if (util::has_control_char(*key)) {
      fail_at(line(), e, "key must not contain control characters");
    } else {
      return true;
    }
    return false;
  }

  bool check_room(std::size_t at, Element e, std::size_t size) {
    if (size < kMaxEntriesPerList) return true;
    fail_at(at, e,
            "more than " + std::to_string(kMaxEntriesPerList) + " " + tag(e) + " in one <item>");
    return false;
  }

  void start_content_data(const XML_Char** atts) {
    const auto key = find_attribute(atts, "key");
    if (!check_key(Element::kContentData, key)) return;
    if (!check_room(line(), Element::kContentData, item.content.size())) return;
    leaf_value = *key;
  }

  void start_attribute(const XML_Char** atts) {
    const auto key = find_attribute(atts, "key");
    if (!check_key(Element::kAttribute, key)) return;
    const auto value = find_attribute(atts, "value");
    if (!value) {
      fail_at(line(), Element::kAttribute, "attribute value is required");
      return;
    }
    if (value->size() > options.max_value_bytes) {
      fail_at(line(), Element::kAttribute,
              "value is longer than " + std::to_string(options.max_value_bytes) + " bytes");
      return;
    }
    AttributeType type = AttributeType::kNominal;
    if (const auto type_name = find_attribute(atts, "type")) {
      const auto parsed = attribute_type_from_name(*type_name);
      if (!parsed) {
        fail_at(line(), Element::kAttribute,
                "type " + quote(*type_name) + " is not NOMINAL, NUMERIC or TEXT");
        return;
      }
      type = *parsed;
    }
    if (type == AttributeType::kNumeric && !is_decimal_number(*value)) {
      fail_at(line(), Element::kAttribute,
              "value " + quote(*value) + " of a NUMERIC attribute is not a decimal number");
      return;
    }
    if (!check_room(line(), Element::kAttribute, item.attributes.size())) return;
    item.attributes.push_back(Attribute{std::string(*key), std::string(*value), type});
  }

  // ---- text ----

  void on_text(std::string_view s) {
    if (open.empty()) return;  // Expat reports no text outside the root
    const Element e = open.back();
    if (!holds_text(e)) {
      const std::string_view trimmed = trim(s);
      if (!trimmed.empty()) fail_at(line(), e, "unexpected text " + quote(trimmed));
      return;
    }
    const std::size_t limit =
        e == Element::kContentData ? options.max_value_bytes : kMaxShortTextBytes;
    if (s.size() > limit - std::min(limit, text.size())) {
      fail_at(leaf_line, e,
              std::string(e == Element::kContentData ? "value" : "text") + " is longer than " +
                  std::to_string(limit) + " bytes");
      return;
    }
    text.append(s);
  }

  // ---- end tags ----

  void on_end() {
    if (open.empty()) return;
    const Element e = open.back();
    open.pop_back();
    switch (e) {
      case Element::kItem:
        end_item();
        break;
      case Element::kPrice:
        end_price();
        break;
      case Element::kValidFrom:
        end_date(e, item.valid_from_s);
        break;
      case Element::kValidTo:
        end_date(e, item.valid_to_s);
        break;
      case Element::kCategoryPath:
        end_category_path();
        break;
      case Element::kContentData:
        item.content.push_back(ContentData{std::move(leaf_value), std::move(text)});
        text.clear();
        leaf_value.clear();
        break;
      default:
        break;
    }
  }

  void end_price() {
    const std::string_view amount_text = trim(text);
    const auto amount = util::parse_uint(amount_text, 0, std::numeric_limits<std::int64_t>::max());
    if (!amount) {
      fail_at(leaf_line, Element::kPrice,
              "price " + quote(amount_text) + " is not an integer >= 0 (minor units)");
      return;
    }
    item.price = tracking::Price{*amount, std::move(leaf_value)};
  }

  void end_date(Element e, std::optional<std::int64_t>& out) {
    const std::string_view date = trim(text);
    const auto seconds = util::parse_iso_utc(date);
    if (!seconds) {
      fail_at(leaf_line, e, quote(date) + " is not a UTC date like 2026-01-31T23:59:59");
      return;
    }
    out = *seconds;
  }

  void end_category_path() {
    auto path = tracking::normalize_category_path(trim(text));
    if (!path) {
      fail_at(leaf_line, Element::kCategoryPath, path.status().message());
      return;
    }
    if (path->empty()) {
      fail_at(leaf_line, Element::kCategoryPath, "category path is empty");
      return;
    }
    if (item_paths.contains(*path)) return;
    if (!check_room(leaf_line, Element::kCategoryPath, item.category_paths.size())) return;
    item_paths.insert(*path);
    item.category_paths.push_back(std::move(path).value());
  }

  void end_item() {
    if (item.valid_from_s && item.valid_to_s && *item.valid_from_s > *item.valid_to_s) {
      fail_at(item_line, Element::kItem, "validfrom is after validto");
      return;
    }
    Status handled = on_item(std::move(item));
    item = Item{};
    if (!handled.is_ok()) {
      fail(std::move(handled));
      return;
    }
    ++items;
  }
};

ItemXmlReader::ItemXmlReader(XmlOptions options, ItemHandler on_item)
    : impl_(std::make_unique<Impl>(options, std::move(on_item))) {}

ItemXmlReader::~ItemXmlReader() = default;

Status ItemXmlReader::feed(std::string_view chunk) {
  Impl& impl = *impl_;
  if (impl.failed) return impl.status;
  // XML_Parse takes an int length: feed huge chunks in pieces.
  constexpr std::size_t kMaxPiece = 1U << 30;
  while (!chunk.empty()) {
    const std::size_t n = std::min(chunk.size(), kMaxPiece);
    if (XML_Parse(impl.parser, chunk.data(), static_cast<int>(n), XML_FALSE) != XML_STATUS_OK ||
        impl.failed) {
      return impl.parse_failed(false);
    }
    chunk.remove_prefix(n);
  }
  return Status::ok();
}

Status ItemXmlReader::finish() {
  Impl& impl = *impl_;
  if (impl.failed) return impl.status;
  if (impl.finished) return Status::ok();
  if (XML_Parse(impl.parser, nullptr, 0, XML_TRUE) != XML_STATUS_OK || impl.failed) {
    return impl.parse_failed(true);
  }
  impl.finished = true;
  return Status::ok();
}

std::uint64_t ItemXmlReader::items() const noexcept { return impl_->items; }

Result<std::vector<Item>> parse_items_xml(std::string_view document, const XmlOptions& options) {
  std::vector<Item> items;
  ItemXmlReader reader(options, [&items](Item&& item) {
    items.push_back(std::move(item));
    return Status::ok();
  });
  if (Status s = reader.feed(document); !s.is_ok()) return s;
  if (Status s = reader.finish(); !s.is_ok()) return s;
  return items;
}

}  // namespace recod::catalog
