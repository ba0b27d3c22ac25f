// Tracking URL grammar (api-reference.md section 1):
//   /{solution}/{cid}/{event}/{uid}/{type}/{id}[,{id}...]
//   /{solution}/{cid}/login|transfer/{sourceuid}/{targetuid}
#include <algorithm>
#include <array>

#include "recod/tracking/parser.hpp"
#include "recod/util/currency.hpp"
#include "recod/util/numbers.hpp"
#include "recod/util/percent.hpp"
#include "recod/util/strings.hpp"
#include "recod/util/time.hpp"
#include "recod/util/utf8.hpp"

namespace recod::tracking {
namespace {

constexpr std::array<std::string_view, 5> kSolutionPrefixes{"api", "ebl", "ebl2", "ebh", "news"};
// Historical imports may carry times up to this far ahead of the server clock (clock skew).
constexpr std::int64_t kMaxFutureSkewUs = 3600LL * 1000 * 1000;
constexpr std::int64_t kMaxMinorAmount = 99999999999999LL;

// Everything parse_tracking works with, so that the steps below stay small.
struct Context {
  std::span<const std::string_view> segments;
  const util::QueryParams& params;
  const config::CustomerConfig& customer;
  std::int64_t now_us;
};

// A path segment's text: `raw` itself when it holds no escape, as most do, else its
// decoding, kept in `storage`. `what` names the segment in errors ("the user id").
Result<std::string_view> segment_text(std::string_view raw, std::string_view what,
                                      std::string& storage) {
  std::string_view text = raw;
  if (raw.find('%') != std::string_view::npos) {
    auto decoded = util::percent_decode(raw, /*plus_as_space=*/false);
    if (!decoded) return Status::invalid("malformed percent-escape in " + std::string(what));
    storage = std::move(*decoded);
    text = storage;
  }
  if (text.find('\\') != std::string_view::npos) {
    return Status::invalid("backslash is not allowed in " + std::string(what));
  }
  return text;
}

Status parse_user_id(std::string_view raw, std::string_view what, std::string& out) {
  auto user = segment_text(raw, what, out);
  if (!user) return user.status();
  if (user->empty()) return Status::invalid(std::string(what) + " is empty");
  if (user->size() > kMaxUserIdBytes) {
    return Status::invalid(std::string(what) + " is longer than " +
                           std::to_string(kMaxUserIdBytes) + " bytes");
  }
  if (util::has_control_char(*user)) {
    return Status::invalid(std::string(what) + " must not contain control characters");
  }
  if (user->data() != out.data()) out.assign(*user);
  return Status::ok();
}

// One item id from the path, numeric or, if the customer enabled them, a string.
Result<std::string> parse_path_item_id(std::string_view raw,
                                       const config::CustomerConfig& customer) {
  std::string storage;
  auto id = segment_text(raw, "the item id", storage);
  if (!id) return id.status();
  return parse_item_id(*id, customer.string_item_ids);
}

// One event per item id, with only its id set: rendered takes a comma list (an encoded
// comma, %2C, stays inside a string id), the other kinds one id.
Status add_item_events(std::string_view raw, EventKind kind, const config::CustomerConfig& customer,
                       std::vector<Event>& events) {
  const auto add = [&](std::string_view part) {
    auto id = parse_path_item_id(part, customer);
    if (!id) return id.status();
    events.emplace_back().item_id = std::move(*id);
    return Status::ok();
  };
  if (kind != EventKind::kRendered) return add(raw);
  for (const auto part : util::split(raw, ',')) {
    if (part.empty()) return Status::invalid("empty item id in the comma-separated list");
    if (auto s = add(part); !s.is_ok()) return s;
  }
  return Status::ok();
}

// `e` becomes `event_template` with its own item id kept.
void become_template(Event& e, Event event_template) {
  std::string id = std::move(e.item_id);
  e = std::move(event_template);
  e.item_id = std::move(id);
}

Result<std::uint8_t> parse_percent_param(const util::QueryParams& params, std::string_view name,
                                         bool& present) {
  const std::string* value = params.get(name);
  present = value != nullptr;
  if (!present) return std::uint8_t{0};
  const auto v = util::parse_uint(*value, 0, 100);
  if (!v) return Status::invalid(std::string(name) + " must be an integer from 0 to 100");
  return static_cast<std::uint8_t>(*v);
}

// scenario, modelid and the token: short UTF-8 text that ends up in statistics and links.
Status read_short_text(const util::QueryParams& params, std::string_view name, std::string& out) {
  const std::string* value = params.get(name);
  if (value == nullptr) return Status::ok();
  if (value->size() > kMaxShortTextBytes || util::has_control_char(*value) ||
      !util::is_valid_utf8(*value)) {
    return Status::invalid(std::string(name) + " must be UTF-8 text of at most " +
                           std::to_string(kMaxShortTextBytes) +
                           " bytes without control characters");
  }
  out = *value;
  return Status::ok();
}

// Sets the fields that come from query parameters on the event template.
Status read_parameters(const Context& ctx, Event& e) {
  const auto& params = ctx.params;
  if (const auto* path = params.get("categorypath")) {
    auto normalized = normalize_category_path(*path);
    if (!normalized) return normalized.status();
    e.category_path = std::move(*normalized);
  }
  if (auto s = read_short_text(params, "scenario", e.scenario); !s.is_ok()) return s;
  if (auto s = read_short_text(params, "modelid", e.model_id); !s.is_ok()) return s;
  if (auto s = read_short_text(params, "requestuuid", e.token); !s.is_ok()) return s;
  if (e.token.empty()) {
    if (auto s = read_short_text(params, "recommendationtoken", e.token); !s.is_ok()) return s;
  }

  bool present = false;
  switch (e.kind) {
    case EventKind::kConsume: {
      auto pct = parse_percent_param(params, "percentage", present);
      if (!pct) return pct.status();
      if (present) e.percentage = *pct;
      break;
    }
    case EventKind::kRate: {
      auto rating = parse_percent_param(params, "rating", present);
      if (!rating) return rating.status();
      if (present) e.rating = *rating;
      break;
    }
    case EventKind::kBuy: {
      if (const auto* q = params.get("quantity")) {
        const auto v = util::parse_uint(*q, 1, kMaxId);
        if (!v) return Status::invalid("quantity must be an integer from 1 to 2147483647");
        e.quantity = static_cast<std::uint32_t>(*v);
      }
      if (const auto* full = params.get("fullprice")) {
        auto price = parse_fullprice(*full);
        if (!price) return price.status();
        e.price = std::move(*price);
      } else if (const auto* cents = params.get("price")) {
        // Deprecated form: integer minor units, with currency (default EUR) beside it.
        const auto amount = util::parse_uint(*cents, 0, kMaxMinorAmount);
        if (!amount) {
          return Status::invalid("price must be an integer amount in minor units, e.g. price=225");
        }
        const auto* currency = params.get("currency");
        const std::string code = currency != nullptr ? *currency : "EUR";
        if (!util::currency_exponent(code)) {
          return Status::invalid("currency must be an ISO 4217 code, e.g. currency=EUR");
        }
        e.price = Price{*amount, code};
      } else {
        return Status::invalid("buy needs fullprice, e.g. fullprice=2.50EUR");
      }
      break;
    }
    case EventKind::kClickRecommended:
      if (e.scenario.empty()) return Status::invalid("clickrecommended needs scenario");
      break;
    default:
      break;
  }
  return Status::ok();
}

// overridetimestamp is honoured only with a valid signature (a license-key holder's import).
Status apply_time_override(const Context& ctx, std::string_view raw_type, std::string_view raw_id,
                           Event& e) {
  const std::string* stamp = ctx.params.get("overridetimestamp");
  if (stamp == nullptr) return Status::ok();
  const std::string* signature = ctx.params.get("signature");
  if (signature == nullptr) return Status::invalid("overridetimestamp needs a signature");
  if (ctx.customer.license_key.empty()) {
    return Status::invalid("overridetimestamp is disabled: the customer has no license key");
  }
  // The signature covers the type and id as the client wrote them, decoded.
  const auto type = util::percent_decode(raw_type, false);
  const auto id = util::percent_decode(raw_id, false);
  const std::string expected =
      expected_signature(type.value_or(""), id.value_or(""), ctx.customer.license_key, ctx.params);
  // Compare without an early exit, and accept upper-case hex too.
  bool same = signature->size() == expected.size();
  unsigned diff = 0;
  for (std::size_t i = 0; same && i < expected.size(); ++i) {
    const char c = (*signature)[i];
    const char lower = (c >= 'A' && c <= 'F') ? static_cast<char>(c - 'A' + 'a') : c;
    diff |= static_cast<unsigned>(lower ^ expected[i]);
  }
  if (!same || diff != 0) return Status::invalid("signature does not match");

  const auto seconds = util::parse_iso_utc(*stamp);
  if (!seconds) {
    return Status::invalid("overridetimestamp must look like 2012-01-01T11:00:00 (UTC)");
  }
  const std::int64_t time_us = *seconds * 1000000;
  if (time_us > ctx.now_us + kMaxFutureSkewUs) {
    return Status::invalid("overridetimestamp is in the future");
  }
  e.time_us = time_us;
  e.time_overridden = true;
  return Status::ok();
}

Result<TrackingRequest> parse_login(const Context& ctx, TrackingRequest req) {
  const auto& seg = ctx.segments;
  if (seg.size() != 5) {
    return Status::invalid("login needs /{sourceuserid}/{targetuserid}");
  }
  if (auto s = parse_user_id(seg[3], "the source user id", req.user_id); !s.is_ok()) return s;
  if (auto s = parse_user_id(seg[4], "the target user id", req.target_user_id); !s.is_ok()) {
    return s;
  }
  if (ctx.params.get("overridetimestamp") != nullptr) {
    return Status::invalid("overridetimestamp is not supported on login");
  }
  Event login;
  login.kind = EventKind::kLogin;
  login.time_us = ctx.now_us;
  req.events.push_back(std::move(login));
  return req;
}

Result<TrackingRequest> parse_item_event(const Context& ctx, TrackingRequest req) {
  const auto& seg = ctx.segments;
  if (seg.size() != 6) {
    return Status::invalid(std::string(event_name(req.kind)) +
                           " needs /{userid}/{itemtypeid}/{itemid}");
  }
  if (auto s = parse_user_id(seg[3], "the user id", req.user_id); !s.is_ok()) return s;
  std::string type_storage;
  auto raw_type = segment_text(seg[4], "the item type", type_storage);
  if (!raw_type) return raw_type.status();
  auto type = parse_item_type(*raw_type);
  if (!type) return type.status();
  if (auto s = add_item_events(seg[5], req.kind, ctx.customer, req.events); !s.is_ok()) return s;

  Event base;
  base.kind = req.kind;
  base.time_us = ctx.now_us;
  base.item_type = *type;
  if (auto s = read_parameters(ctx, base); !s.is_ok()) return s;
  if (auto s = apply_time_override(ctx, seg[4], seg[5], base); !s.is_ok()) return s;

  // Every event is the template with its own item id; the last one takes the template.
  auto& events = req.events;
  for (std::size_t i = 0; i + 1 < events.size(); ++i) become_template(events[i], base);
  if (!events.empty()) become_template(events.back(), std::move(base));
  return req;
}

}  // namespace

bool is_solution_prefix(std::string_view segment) noexcept {
  return std::find(kSolutionPrefixes.begin(), kSolutionPrefixes.end(), segment) !=
         kSolutionPrefixes.end();
}

Result<TrackingRequest> parse_tracking(std::span<const std::string_view> segments,
                                       const util::QueryParams& params,
                                       const config::Config& config, std::int64_t now_us) {
  if (segments.size() < 3 || !is_solution_prefix(segments[0])) {
    return Status::not_found("not a tracking URL");
  }
  for (auto s : segments) {
    // Checked on the raw segment too: "%5C" and "\" are both refused (api-reference.md).
    if (s.find('\\') != std::string_view::npos) {
      return Status::invalid("backslash is not allowed in the path");
    }
  }
  std::string customer_storage;
  auto customer_id = segment_text(segments[1], "the customer id", customer_storage);
  if (!customer_id) return customer_id.status();
  const auto* customer = config.find_customer(*customer_id);
  if (customer == nullptr) {
    // Echo the id only when it is one that could be configured (no markup, no control bytes).
    return Status::not_found(config::is_valid_customer_id(*customer_id)
                                 ? "unknown customer id '" + std::string(*customer_id) + "'"
                                 : std::string("unknown customer id"));
  }
  std::string event_storage;
  auto event = segment_text(segments[2], "the event name", event_storage);
  if (!event) return event.status();
  const auto kind = event_kind_from_name(*event);
  if (!kind)
    return Status::not_found(
        "unknown event type; expected one of click, consume, buy, basket, deletefrombasket, rate, "
        "blacklist, rendered, clickrecommended, login, transfer");

  TrackingRequest req;
  req.customer = customer->id;
  req.kind = *kind;
  const Context ctx{segments, params, *customer, now_us};
  return *kind == EventKind::kLogin ? parse_login(ctx, std::move(req))
                                    : parse_item_event(ctx, std::move(req));
}

}  // namespace recod::tracking
