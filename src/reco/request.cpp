// Recommendation request grammar (api-reference.md section 2):
//   /api/v2/{cid}/{uid}/{scenario}[.json|.jsonp]        v2 document
//   /{solution}/{cid}/{uid}/{scenario}.json|.jsonp      legacy document
#include "recod/reco/request.hpp"

#include <algorithm>
#include <array>

#include "recod/tracking/ids.hpp"
#include "recod/tracking/parser.hpp"
#include "recod/util/numbers.hpp"
#include "recod/util/percent.hpp"
#include "recod/util/strings.hpp"
#include "recod/util/utf8.hpp"

namespace recod::reco {
namespace {

struct HistoryCode {
  std::string_view code;
  ItemSource source;
};
// Both spellings are sent by real clients (api-reference.md 2.1).
constexpr std::array<HistoryCode, 10> kHistoryCodes{{
    {"CLICKED", ItemSource::kClick},
    {"CLICK", ItemSource::kClick},
    {"CONSUMED", ItemSource::kConsume},
    {"CONSUME", ItemSource::kConsume},
    {"OWNS", ItemSource::kBuy},
    {"BUY", ItemSource::kBuy},
    {"RATED", ItemSource::kRate},
    {"RATE", ItemSource::kRate},
    {"BASKET", ItemSource::kBasket},
    {"BASKETED", ItemSource::kBasket},
}};

std::optional<ItemSource> history_code(std::string_view s) {
  for (const auto& h : kHistoryCodes) {
    if (h.code == s) return h.source;
  }
  return std::nullopt;
}

bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}
bool is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }

Result<bool> parse_bool(const util::QueryParams& params, std::string_view name) {
  const std::string* v = params.get(name);
  if (v == nullptr) return false;
  std::string lower(*v);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "true" || lower == "1") return true;
  if (lower == "false" || lower == "0") return false;
  return Status::invalid(std::string(name) + " must be true or false");
}

Result<std::string> decode(std::string_view raw, std::string_view what) {
  auto d = util::percent_decode(raw, false);
  if (!d) return Status::invalid("malformed percent-escape in " + std::string(what));
  return std::move(*d);
}

// One context item id, validated like a tracking item id.
Result<std::string> parse_context_item(std::string_view id,
                                       const config::CustomerConfig& customer) {
  auto parsed = tracking::parse_item_id(id, customer.string_item_ids);
  if (parsed) return parsed;
  return Status::invalid("contextitems: '" + std::string(id.substr(0, 40)) +
                         "' is neither an item id (" + parsed.status().message() +
                         ") nor a history code (CLICKED, CONSUMED, OWNS, RATED, BASKET)");
}

Status parse_context(const util::QueryParams& params, const config::CustomerConfig& customer,
                     RecoRequest& req) {
  std::vector<std::string_view> lists = params.get_all("contextitems");
  // The deprecated itemid is the same as contextitems={id}.
  if (const auto* itemid = params.get("itemid")) lists.emplace_back(*itemid);
  for (auto list : lists) {
    for (const auto part : util::split(list, ',')) {
      if (part.empty()) continue;
      if (const auto code = history_code(part)) {
        if (std::find(req.history_sources.begin(), req.history_sources.end(), *code) ==
            req.history_sources.end()) {
          req.history_sources.push_back(*code);
        }
        continue;
      }
      auto id = parse_context_item(part, customer);
      if (!id) return id.status();
      if (std::find(req.context_items.begin(), req.context_items.end(), *id) ==
          req.context_items.end()) {
        req.context_items.push_back(std::move(*id));
      }
      if (req.context_items.size() > kMaxContextItems) {
        return Status::invalid("contextitems: at most 100 items");
      }
    }
  }
  return Status::ok();
}

Status parse_options(const util::QueryParams& params, RecoRequest& req) {
  if (const auto* n = params.get("numrecs")) {
    const auto v = util::parse_uint(*n, 1, kMaxNumrecs);
    if (!v) return Status::invalid("numrecs must be an integer from 1 to 50");
    req.numrecs = static_cast<std::size_t>(*v);
  }
  if (const auto* t = params.get("outputtypeid")) {
    const auto v = util::parse_uint(*t, 1, tracking::kMaxId);
    if (!v) return Status::invalid("outputtypeid must be an integer from 1 to 2147483647");
    req.output_type = static_cast<std::uint32_t>(*v);
  }
  for (auto path : params.get_all("categorypath")) {
    auto normalized = tracking::normalize_category_path(path);
    if (!normalized) return normalized.status();
    if (std::find(req.category_paths.begin(), req.category_paths.end(), *normalized) ==
        req.category_paths.end()) {
      req.category_paths.push_back(std::move(*normalized));
    }
  }
  // "%2F" means the whole site: a filter that includes "" filters nothing.
  if (std::find(req.category_paths.begin(), req.category_paths.end(), "") !=
      req.category_paths.end()) {
    req.category_paths.clear();
  }
  auto cross = parse_bool(params, "crosscontenttype");
  if (!cross) return cross.status();
  req.cross_content_type = *cross;
  auto use_context = parse_bool(params, "usecontextcategorypath");
  if (!use_context) return use_context.status();
  req.use_context_category_path = *use_context;
  auto recommend = parse_bool(params, "recommendCategory");
  if (!recommend) return recommend.status();
  req.recommend_category = *recommend;

  for (auto list : params.get_all("attribute")) {
    for (const auto key : util::split(list, ',')) {
      if (key.empty()) continue;
      if (key.size() > 128 || !util::is_valid_utf8(key) || util::has_control_char(key)) {
        return Status::invalid("attribute names are 1 to 128 bytes of text");
      }
      if (std::find(req.attributes.begin(), req.attributes.end(), key) == req.attributes.end()) {
        req.attributes.emplace_back(key);
      }
    }
  }

  const std::string* callback = params.get("jsonpCallback");
  if (callback == nullptr) callback = params.get("jsonpcallback");
  if (callback != nullptr) {
    if (!is_valid_jsonp_callback(*callback)) {
      return Status::invalid(
          "jsonpCallback must be a JavaScript function name such as cb or obj.fn (letters, "
          "digits, _ and $, at most 128 characters)");
    }
    req.jsonp_callback = *callback;
  }
  return Status::ok();
}

// Splits "scenario.json" into the scenario and the format.
Status parse_scenario_segment(std::string_view raw, bool extension_required, RecoRequest& req) {
  auto segment = decode(raw, "the scenario");
  if (!segment) return segment.status();
  std::string_view s = *segment;
  const auto dot = s.rfind('.');
  if (dot == std::string_view::npos) {
    if (extension_required) {
      return Status::invalid("the scenario needs an extension: .json or .jsonp");
    }
  } else {
    const auto ext = s.substr(dot + 1);
    if (ext == "json") {
      req.format = Format::kJson;
    } else if (ext == "jsonp") {
      req.format = Format::kJsonp;
    } else {
      return Status::invalid("unsupported format '." + std::string(ext.substr(0, 16)) +
                             "'; use .json or .jsonp");
    }
    s = s.substr(0, dot);
  }
  if (!config::is_valid_scenario_id(s)) return Status::not_found("unknown scenario");
  req.scenario = std::string(s);
  return Status::ok();
}

}  // namespace

std::string_view source_name(ItemSource s) noexcept {
  switch (s) {
    case ItemSource::kRequest:
      return "REQUEST";
    case ItemSource::kClick:
      return "CLICK";
    case ItemSource::kConsume:
      return "CONSUME";
    case ItemSource::kBuy:
      return "BUY";
    case ItemSource::kRate:
      return "RATE";
    case ItemSource::kBasket:
      return "BASKET";
  }
  return "REQUEST";
}

bool is_valid_jsonp_callback(std::string_view name) noexcept {
  if (name.empty() || name.size() > kMaxCallbackLength) return false;
  bool at_start = true;
  for (char c : name) {
    if (c == '.') {
      if (at_start) return false;  // empty part: "a..b", ".a"
      at_start = true;
      continue;
    }
    if (at_start ? !is_ident_start(c) : !is_ident_char(c)) return false;
    at_start = false;
  }
  return !at_start;  // not ending in '.'
}

bool is_recommendation_path(std::span<const std::string_view> seg) noexcept {
  if (seg.size() == 5 && seg[0] == "api" && seg[1] == "v2") return true;
  if (seg.size() != 4 || !tracking::is_solution_prefix(seg[0])) return false;
  if (seg[0] == "api" && (seg[1] == "v2" || seg[1] == "v3")) return false;
  // Legacy documents always carry an extension; without one the path is a tracking URL.
  return seg[3].find('.') != std::string_view::npos;
}

Result<RecoRequest> parse_reco_request(std::span<const std::string_view> segments,
                                       const util::QueryParams& params,
                                       const config::Config& config) {
  if (!is_recommendation_path(segments)) return Status::not_found("not a recommendation URL");
  RecoRequest req;
  const bool v2 = segments.size() == 5;
  req.version = v2 ? DocumentVersion::kV2 : DocumentVersion::kLegacy;
  const auto rest = segments.subspan(v2 ? 2 : 1);  // cid, uid, scenario

  auto customer_id = decode(rest[0], "the customer id");
  if (!customer_id) return customer_id.status();
  const auto* customer = config.find_customer(*customer_id);
  if (customer == nullptr) return Status::not_found("unknown customer id");
  req.customer = customer->id;

  auto user = decode(rest[1], "the user id");
  if (!user) return user.status();
  // The tracking API's rule (tracking/parser.cpp): an answer for a user id it refuses would
  // carry links whose events are all refused (tests/integration/hostile_input_test.cpp).
  if (user->empty() || user->size() > tracking::kMaxUserIdBytes ||
      user->find('\\') != std::string::npos || util::has_control_char(*user)) {
    return Status::invalid(
        "the user id must be 1 to 256 bytes without a backslash or control characters");
  }
  req.user_id = std::move(*user);

  if (auto s = parse_scenario_segment(rest[2], !v2, req); !s.is_ok()) return s;
  if (auto s = parse_context(params, *customer, req); !s.is_ok()) return s;
  if (auto s = parse_options(params, req); !s.is_ok()) return s;
  return req;
}

}  // namespace recod::reco
