// GET /api/{cid}/model and POST /api/{cid}/model/rebuild: what ops and tests use to see
// and refresh a customer's model.
#include <nlohmann/json.hpp>

#include "recod/http/basic_auth.hpp"
#include "recod/reco/handler.hpp"
#include "recod/tracking/parser.hpp"
#include "recod/util/time.hpp"

namespace recod::reco {
namespace {

// /{solution}/{cid}/model[/rebuild]
bool is_model_path(const http::Request& r) {
  const auto seg = r.segments();
  if ((seg.size() != 3 && seg.size() != 4) || !tracking::is_solution_prefix(seg[0])) return false;
  if (seg[2] != "model") return false;
  return seg.size() == 3 || seg[3] == "rebuild";
}

std::string status_json(const std::string& customer, const model::CustomerModel& m,
                        std::int64_t next_build_us) {
  const auto& info = m.info();
  nlohmann::ordered_json j;
  j["customer"] = customer;
  j["builtAt"] = info.built_at_us > 0 ? util::iso_utc_us(info.built_at_us) : "";
  j["buildDurationMs"] = info.duration_us / 1000;
  j["events"] = info.events;
  j["users"] = info.users;
  j["items"] = info.items;
  j["pairs"] = info.pairs;
  j["newestEvent"] = info.newest_event_us > 0 ? util::iso_utc_us(info.newest_event_us) : "";
  j["nextBuildAt"] = next_build_us > 0 ? util::iso_utc_us(next_build_us) : "";
  return j.dump();
}

}  // namespace

void add_model_routes(http::Router& router, const config::Config& config,
                      model::ModelService& models) {
  router.add(
      "model", is_model_path,
      [&config, &models](const http::Request& request, http::Responder out) {
        const auto seg = request.segments();
        const auto* customer = http::authorized_customer(
            request, seg[1], [&config](std::string_view id) { return config.find_customer(id); },
            out);
        if (customer == nullptr) return;
        const bool rebuild = seg.size() == 4;
        const auto wanted = rebuild ? http::Method::kPost : http::Method::kGet;
        if (request.method() != wanted) {
          out.send(http::Response::text(405, rebuild ? "use POST" : "use GET")
                       .with_header("Allow", rebuild ? "POST" : "GET"));
          return;
        }
        if (!rebuild) {
          out.send(http::Response::json(
              200,
              status_json(customer->id, *models.current(customer->id), models.next_build_us())));
          return;
        }
        models.request_rebuild(
            customer->id, [&models, id = customer->id, out = std::move(out)](
                              const Result<model::ModelService::Model>& m) mutable {
              if (!m) {
                out.send(http::Response::text(503, "rebuild failed: " + m.status().message()));
                return;
              }
              out.send(http::Response::json(200, status_json(id, **m, models.next_build_us())));
            });
      });
}

}  // namespace recod::reco
