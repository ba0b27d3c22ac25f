// libFuzzer target: a tracking request target ("/api/00000/click/u/1/2?a=b") through the
// path split, the query parser and parse_tracking(), as the server does it.
//
// Checks: a refusal is a 400 or a 404 (never a 5xx-type status); whatever is accepted is a
// well-formed event by the rules of ids.hpp (canonical ids, normalised paths, bounded
// texts), and the store can persist it: encode_event() then decode_event() gives it back.
// A `signature=SIG` parameter is replaced by the right signature, so that the fuzzer gets
// past the signature check into overridetimestamp.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "event_codec.hpp"
#include "fuzz_support.hpp"
#include "recod/http/request.hpp"
#include "recod/tracking/ids.hpp"
#include "recod/tracking/parser.hpp"
#include "recod/util/percent.hpp"
#include "recod/util/query.hpp"
#include "recod/util/utf8.hpp"

namespace {

using recod::tracking::Event;
using recod::tracking::EventKind;

constexpr std::int64_t kNow = 1700000000000000;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

bool valid_text(std::string_view s, std::size_t max) {
  return s.size() <= max && recod::util::is_valid_utf8(s) && !recod::util::has_control_char(s);
}

void check_user(std::string_view user) {
  check(!user.empty() && user.size() <= recod::tracking::kMaxUserIdBytes);
  check(!recod::util::has_control_char(user) && user.find('\\') == std::string_view::npos);
}

void check_event(const Event& e, const recod::config::CustomerConfig& customer) {
  if (e.kind == EventKind::kLogin) {
    check(e.item_type == 0 && e.item_id.empty() && e.time_us == kNow);
    return;
  }
  check(e.item_type >= 1 && e.item_type <= recod::tracking::kMaxId);
  // Ids are canonical: parsing an accepted id again gives it back unchanged.
  const auto id = recod::tracking::parse_item_id(e.item_id, customer.string_item_ids);
  check(id.is_ok() && *id == e.item_id);
  if (!e.category_path.empty()) {
    const auto path = recod::tracking::normalize_category_path(e.category_path);
    check(path.is_ok() && *path == e.category_path);
  }
  check(valid_text(e.scenario, recod::tracking::kMaxShortTextBytes));
  check(valid_text(e.model_id, recod::tracking::kMaxShortTextBytes));
  check(valid_text(e.token, recod::tracking::kMaxShortTextBytes));
  check(!e.percentage || *e.percentage <= 100);
  check(!e.rating || *e.rating <= 100);
  check(e.quantity >= 1);
  check(!e.price || (e.price->amount_minor >= 0 && e.price->currency.size() == 3));
  check(e.kind != EventKind::kClickRecommended || !e.scenario.empty());
  check(e.time_overridden ? e.time_us <= kNow + 3600LL * 1000000 : e.time_us == kNow);

  std::string stored;
  recod::store::encode_event(e, stored);
  Event back;
  back.time_us = e.time_us;  // the time lives in the key, not in the value
  check(recod::store::decode_event(stored, back) && back == e);
}

// The parameters with every `signature=SIG` replaced by the signature parse_tracking expects.
recod::util::QueryParams sign(const recod::util::QueryParams& params,
                              std::span<const std::string_view> segments,
                              const recod::config::CustomerConfig& customer) {
  std::vector<recod::util::QueryParam> all = params.all();
  const auto type = recod::util::percent_decode(segments[4], false).value_or("");
  const auto id = recod::util::percent_decode(segments[5], false).value_or("");
  const std::string signature =
      recod::tracking::expected_signature(type, id, customer.license_key, params);
  for (auto& p : all) {
    if (p.name == "signature" && p.value == "SIG") p.value = signature;
  }
  return recod::util::QueryParams(std::move(all));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view target(reinterpret_cast<const char*>(data), size);
  const auto q = target.find('?');
  std::vector<std::string_view> segments;
  recod::http::split_path(target.substr(0, q), segments);
  if (segments.size() < 3 || !recod::tracking::is_solution_prefix(segments[0])) return 0;
  auto params = recod::util::parse_query(q == std::string_view::npos ? "" : target.substr(q + 1));
  if (!params) {
    check(params.status().code() == recod::StatusCode::kInvalidArgument);
    return 0;
  }
  const auto& config = recod::fuzz::config();
  const auto customer_id = recod::util::percent_decode(segments[1], false);
  const auto* customer = customer_id ? config.find_customer(*customer_id) : nullptr;
  if (customer != nullptr && segments.size() == 6) *params = sign(*params, segments, *customer);

  const auto parsed = recod::tracking::parse_tracking(segments, *params, config, kNow);
  if (!parsed) {
    const auto code = parsed.status().code();
    check(code == recod::StatusCode::kInvalidArgument || code == recod::StatusCode::kNotFound);
    return 0;
  }
  check(customer != nullptr && parsed->customer == customer->id);
  check(!parsed->events.empty());
  check_user(parsed->user_id);
  if (parsed->kind == EventKind::kLogin) {
    check_user(parsed->target_user_id);
    check(parsed->events.size() == 1);
  } else {
    check(parsed->events.size() == 1 || parsed->kind == EventKind::kRendered);
  }
  for (const auto& e : parsed->events) {
    check(e.kind == parsed->kind);
    check_event(e, *customer);
  }
  return 0;
}
