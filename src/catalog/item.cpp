#include "recod/catalog/item.hpp"

#include <array>
#include <utility>

namespace recod::catalog {
namespace {

constexpr std::array<std::pair<std::string_view, AttributeType>, 3> kTypeNames{{
    {"NOMINAL", AttributeType::kNominal},
    {"NUMERIC", AttributeType::kNumeric},
    {"TEXT", AttributeType::kText},
}};

// ASCII-only case folding: the names are ASCII, and a locale must not change the answer.
constexpr char to_upper(char c) noexcept {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c;
}

bool equals_ignoring_case(std::string_view upper, std::string_view s) noexcept {
  if (upper.size() != s.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (to_upper(s[i]) != upper[i]) return false;
  }
  return true;
}

}  // namespace

std::string_view attribute_type_name(AttributeType t) noexcept {
  for (const auto& [name, type] : kTypeNames) {
    if (type == t) return name;
  }
  return "UNKNOWN";
}

std::optional<AttributeType> attribute_type_from_name(std::string_view s) noexcept {
  for (const auto& [name, type] : kTypeNames) {
    if (equals_ignoring_case(name, s)) return type;
  }
  return std::nullopt;
}

std::vector<std::string_view> Item::values_of(std::string_view key) const {
  std::vector<std::string_view> values;
  for (const ContentData& c : content) {
    if (c.key == key) values.emplace_back(c.value);
  }
  for (const Attribute& a : attributes) {
    if (a.key == key) values.emplace_back(a.value);
  }
  return values;
}

}  // namespace recod::catalog
