#pragma once
// The HTTP side of recommendations: GET /api/v2/{cid}/{uid}/{scenario}[.json|.jsonp] and the
// legacy paths, plus the model routes GET /api/{cid}/model and POST /api/{cid}/model/rebuild.
//
// Thread safety: the handlers run concurrently on every I/O thread; they hold references
// to objects that outlive the server.

#include "recod/config/config.hpp"
#include "recod/http/router.hpp"
#include "recod/model/service.hpp"
#include "recod/reco/engine.hpp"
#include "recod/reco/token.hpp"
#include "recod/stats/delivery.hpp"

namespace recod::reco {

class RecommendationHandler final {
 public:
  RecommendationHandler(const config::Config& config, const Engine& engine, TokenIssuer& tokens,
                        const model::ModelService& models,
                        stats::DeliveryCounter& delivery) noexcept
      : config_(config), engine_(engine), tokens_(tokens), models_(models), delivery_(delivery) {}

  /// Adds the recommendation routes; add them before the tracking route.
  void add_routes(http::Router& router) const;

  void handle(const http::Request& request, http::Responder out) const;

 private:
  const config::Config& config_;
  const Engine& engine_;
  TokenIssuer& tokens_;
  const model::ModelService& models_;
  stats::DeliveryCounter& delivery_;
};

/// GET /api/{cid}/model (the current model's status) and POST /api/{cid}/model/rebuild
/// (rebuild now; answers when the new model is live). Both need Basic auth.
void add_model_routes(http::Router& router, const config::Config& config,
                      model::ModelService& models);

}  // namespace recod::reco
