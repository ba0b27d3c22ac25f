#include "recod/util/query.hpp"

#include <optional>
#include <utility>

#include "recod/util/percent.hpp"

namespace recod::util {

const std::string* QueryParams::get(std::string_view name) const {
  for (const QueryParam& p : params_) {
    if (p.name == name && !is_absent_value(p.value)) return &p.value;
  }
  return nullptr;
}

std::vector<std::string_view> QueryParams::get_all(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const QueryParam& p : params_) {
    if (p.name == name && !is_absent_value(p.value)) out.emplace_back(p.value);
  }
  return out;
}

bool QueryParams::is_absent_value(std::string_view value) noexcept {
  // Tracking snippets send unset JavaScript variables as "null" or "undefined".
  return value.empty() || value == "null" || value == "undefined";
}

Status parse_query_into(std::string_view query, QueryParams& into) {
  // On error, `into` is cut back to what it held before.
  const std::size_t held = into.all().size();
  while (true) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (!pair.empty()) {
      const std::size_t eq = pair.find('=');
      const std::string_view raw_name = pair.substr(0, eq);
      const std::string_view raw_value =
          eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
      std::optional<std::string> name = percent_decode(raw_name, /*plus_as_space=*/true);
      if (!name) {
        into.truncate(held);
        return Status::invalid("malformed percent-escape in parameter '" + std::string(raw_name) +
                               "'");
      }
      std::optional<std::string> value = percent_decode(raw_value, /*plus_as_space=*/true);
      if (!value) {
        into.truncate(held);
        return Status::invalid("malformed percent-escape in parameter '" + *name + "'");
      }
      into.append(QueryParam{std::move(*name), std::move(*value)});
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return Status::ok();
}

Result<QueryParams> parse_query(std::string_view query) {
  QueryParams params;
  Status s = parse_query_into(query, params);
  if (!s.is_ok()) return s;
  return params;
}

}  // namespace recod::util
