#include "recod/reco/handler.hpp"

#include <spdlog/spdlog.h>

#include "recod/http/basic_auth.hpp"
#include "recod/http/cors.hpp"
#include "recod/reco/caching.hpp"
#include "recod/reco/document.hpp"
#include "recod/reco/request.hpp"
#include "recod/util/time.hpp"

namespace recod::reco {
namespace {

constexpr std::string_view kAllowedMethods = "GET, HEAD, OPTIONS";

http::Response error(unsigned status, std::string message) {
  auto r = http::Response::text(status, std::move(message));
  r.cors = true;
  return r;
}

unsigned status_of(const Status& s) {
  switch (s.code()) {
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kInvalidArgument:
      return 400;
    default:
      return 503;
  }
}

void add_cache_headers(http::Response& r, const CachePolicy& p) {
  // Formatting the two dates was ~2,000 instructions per answer (2 % of it); they change
  // once a second (Expires) or once a model build (Last-Modified).
  thread_local util::RecentHttpDate last_modified;
  thread_local util::RecentHttpDate expires;
  r.with_header("Last-Modified", last_modified.format(p.last_modified_s));
  r.with_header("Expires", expires.format(p.expires_s));
  if (p.private_answer) r.with_header("Cache-Control", "private");
}

}  // namespace

void RecommendationHandler::add_routes(http::Router& router) const {
  router.add(
      "recommendations",
      [](const http::Request& r) { return is_recommendation_path(r.segments()); },
      [this](const http::Request& r, http::Responder out) { handle(r, std::move(out)); });
}

void RecommendationHandler::handle(const http::Request& request, http::Responder out) const {
  if (request.method() == http::Method::kOptions) {
    out.send(http::preflight(request, kAllowedMethods));
    return;
  }
  if (request.method() != http::Method::kGet && request.method() != http::Method::kHead) {
    out.send(http::method_not_allowed(kAllowedMethods));
    return;
  }
  auto params = util::parse_query(request.query());
  auto parsed = params ? parse_reco_request(request.segments(), *params, config_)
                       : Result<RecoRequest>(params.status());
  if (!parsed) {
    spdlog::debug("recommendation rejected ({}): {}", parsed.status().message(), request.path());
    out.send(error(status_of(parsed.status()), parsed.status().message()));
    return;
  }
  const RecoRequest& req = *parsed;
  const auto& customer = *config_.find_customer(req.customer);
  const auto* scenario = customer.find_scenario(req.scenario);
  if (scenario == nullptr) {
    out.send(error(404, "unknown scenario '" + req.scenario + "'"));
    return;
  }
  if (customer.recommendation_auth) {
    if (req.format == Format::kJsonp) {
      out.send(error(400,
                     "JSONP cannot be used: recommendations of this customer need "
                     "authentication"));
      return;
    }
    if (!http::has_basic_auth(request, customer.id, customer.license_key)) {
      out.send(http::unauthorized().with_cors());
      return;
    }
  }

  const std::int64_t now = util::now_us();
  auto result = engine_.recommend(req, *scenario, now);
  if (!result) {
    if (status_of(result.status()) == 503) {
      spdlog::warn("recommendation failed: {}", result.status().message());
    }
    out.send(error(status_of(result.status()), result.status().message()));
    return;
  }
  if (result->items.empty()) {
    out.send(error(409, "scenario '" + req.scenario +
                            "' has nothing to recommend for this request (no context, history "
                            "or fallback that yields items)"));
    return;
  }

  const auto policy = cache_policy(result->last_modified_us, result->user_dependent,
                                   models_.rebuild_interval(), now);
  http::Response r;
  r.cors = true;
  add_cache_headers(r, policy);
  if (not_modified_since(request.header("If-Modified-Since"), policy.last_modified_s)) {
    r.status = 304;
    out.send(std::move(r));
    return;
  }

  // Every answer counts its items as delivered, per model.
  std::vector<std::string_view> models;
  models.reserve(result->items.size());
  for (const auto& item : result->items) models.push_back(config::model_name(item.model));
  delivery_.record(req.customer, req.scenario, models, now);

  std::string document;
  if (req.version == DocumentVersion::kV2) {
    const std::string token = tokens_.issue(req.customer, req.scenario, now);
    document =
        render_v2(*result, req,
                  {event_host(config_.server.public_event_host, request.header("Host")), token});
  } else {
    document = render_legacy(*result, req);
  }
  if (req.format == Format::kJsonp) {
    r.content_type = "application/javascript; charset=utf-8";
    r.body = wrap_jsonp(req.jsonp_callback, document);
  } else {
    r.content_type = "application/json; charset=utf-8";
    r.body = std::move(document);
  }
  out.send(std::move(r));
}

}  // namespace recod::reco
