#include "recod/tracking/handler.hpp"

#include <spdlog/spdlog.h>

#include "recod/http/cors.hpp"
#include "recod/tracking/parser.hpp"
#include "recod/util/percent.hpp"
#include "recod/util/time.hpp"

namespace recod::tracking {
namespace {

constexpr std::string_view kAllowedMethods = "GET, POST, OPTIONS";
// Events read back to attribute a buy that carries no token (a few sessions' worth).
constexpr std::size_t kAttributionHistory = 200;

http::Response error_response(const Status& s) {
  const unsigned code = s.code() == StatusCode::kNotFound      ? 404
                        : s.code() == StatusCode::kUnavailable ? 503
                        : s.code() == StatusCode::kIoError     ? 503
                                                               : 400;
  auto r = http::Response::text(code, s.message());
  r.cors = true;
  if (code == 503) r.with_header("Retry-After", "1");
  return r;
}

// POST bodies carry the same parameters as a query string. sendBeacon() posts text/plain,
// forms post x-www-form-urlencoded; anything else is not a tracking body.
bool is_form_body(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  auto media = content_type.substr(0, semicolon);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  return media.empty() || media == "application/x-www-form-urlencoded" || media == "text/plain";
}

Result<util::QueryParams> request_params(const http::Request& request) {
  auto params = util::parse_query(request.query());
  if (!params) return params;
  if (request.method() == http::Method::kPost && !request.body().empty()) {
    if (!is_form_body(request.header("Content-Type"))) {
      return Status::invalid("a POST body must be application/x-www-form-urlencoded");
    }
    if (auto s = util::parse_query_into(request.body(), *params); !s.is_ok()) return s;
  }
  return params;
}

bool is_event_segment(std::string_view raw) {
  const auto decoded = util::percent_decode(raw, false);
  return decoded && event_kind_from_name(*decoded).has_value();
}

}  // namespace

bool TrackingHandler::matches(const http::Request& request) {
  const auto seg = request.segments();
  if (seg.size() < 3 || !is_solution_prefix(seg[0])) return false;
  if (seg[0] == "api" && (seg[1] == "v2" || seg[1] == "v3")) return false;
  return seg.size() >= 5 || is_event_segment(seg[2]);
}

void TrackingHandler::add_routes(http::Router& router) const {
  router.add("tracking", &TrackingHandler::matches,
             [this](const http::Request& r, http::Responder out) { handle(r, std::move(out)); });
}

void TrackingHandler::handle(const http::Request& request, http::Responder responder) const {
  if (request.method() == http::Method::kOptions) {
    responder.send(http::preflight(request, kAllowedMethods));
    return;
  }
  if (request.method() != http::Method::kGet && request.method() != http::Method::kPost) {
    responder.send(http::method_not_allowed(kAllowedMethods));
    return;
  }

  auto params = request_params(request);
  auto parsed = params ? parse_tracking(request.segments(), *params, config_, util::now_us())
                       : Result<TrackingRequest>(params.status());
  if (!parsed) {
    // Debug only: the path holds the user id in clear.
    spdlog::debug("tracking rejected ({}): {} {}", parsed.status().message(), request.method_name(),
                  request.path());
    responder.send(error_response(parsed.status()));
    return;
  }

  auto& req = *parsed;
  const auto user = store_.hash_user(req.customer, req.user_id);
  store::WriteOp op;
  if (req.kind == EventKind::kLogin) {
    store::MergeUsers merge;
    merge.customer = req.customer;
    merge.source = user;
    merge.target = store_.hash_user(req.customer, req.target_user_id);
    merge.login = std::move(req.events.front());
    merge.login.source_user = user;
    op = std::move(merge);
  } else {
    const auto now = util::now_us();
    std::vector<store::StoredEvent> history;
    if (stats::Attribution::needs_history(req.events)) {
      // A buy may follow a recommendation click without carrying its token.
      auto recent = store_.user_events(req.customer, user, kAttributionHistory);
      if (recent) history = std::move(*recent);
    }
    auto counters = attribution_.count(req.customer, req.events, history, now);
    op = store::AppendEvents{req.customer, user, std::move(req.events), std::move(counters)};
  }

  writer_.submit(std::move(op), [out = std::move(responder)](const Status& s) mutable {
    if (s.is_ok()) {
      out.send(http::Response::no_content().with_cors());
      return;
    }
    // The writer logs why storage refuses (once per episode, not per request).
    spdlog::debug("tracking event not stored: {}", s.message());
    out.send(error_response(s));
  });
}

}  // namespace recod::tracking
