#include "recod/tracking/ids.hpp"

#include "recod/util/numbers.hpp"
#include "recod/util/utf8.hpp"

namespace recod::tracking {

Result<std::uint32_t> parse_item_type(std::string_view text) {
  const auto type = util::parse_uint(text, 1, kMaxId);
  if (!type) return Status::invalid("item type must be an integer from 1 to 2147483647");
  return static_cast<std::uint32_t>(*type);
}

Result<std::string> parse_item_id(std::string_view text, bool string_ids) {
  if (string_ids) {
    if (text.empty()) return Status::invalid("item id is empty");
    if (text.size() > kMaxStringItemIdBytes) {
      return Status::invalid("item id is longer than " + std::to_string(kMaxStringItemIdBytes) +
                             " bytes");
    }
    if (util::has_control_char(text) || !util::is_valid_utf8(text)) {
      return Status::invalid("item id must be UTF-8 text without control characters");
    }
    return std::string(text);
  }
  const auto numeric = util::parse_uint(text, 1, kMaxId);
  if (!numeric) return Status::invalid("item id must be an integer from 1 to 2147483647");
  return std::to_string(*numeric);
}

Result<std::string> normalize_category_path(std::string_view path) {
  if (path.size() > kMaxCategoryPathBytes) {
    return Status::invalid("categorypath is longer than " + std::to_string(kMaxCategoryPathBytes) +
                           " bytes");
  }
  if (path.find('\\') != std::string_view::npos) {
    return Status::invalid("categorypath must not contain a backslash");
  }
  if (util::has_control_char(path) || !util::is_valid_utf8(path)) {
    return Status::invalid("categorypath must be UTF-8 text without control characters");
  }
  std::string out;
  out.reserve(path.size());
  std::size_t i = 0;
  while (i < path.size()) {
    const auto slash = path.find('/', i);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    if (end > i) {
      if (!out.empty()) out.push_back('/');
      out.append(path.substr(i, end - i));
    }
    i = end + 1;
  }
  return out;
}

}  // namespace recod::tracking
