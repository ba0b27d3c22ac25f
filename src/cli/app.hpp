#pragma once
// App: everything a running recod server consists of, built in dependency order and torn
// down in the order that loses nothing. Private to cli/; `recod serve` owns one.
//
//   store -> writer -> catalog availability -> models -> tokens/attribution/delivery
//         -> engine -> handlers -> router -> HTTP server
//
// shutdown(): stop accepting and let in-flight requests finish, stop model builds, write
// the delivered-recommendation counts and everything queued, then close the store.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

#include "recod/catalog/availability.hpp"
#include "recod/catalog/handler.hpp"
#include "recod/config/config.hpp"
#include "recod/http/server.hpp"
#include "recod/model/service.hpp"
#include "recod/reco/engine.hpp"
#include "recod/reco/handler.hpp"
#include "recod/reco/token.hpp"
#include "recod/stats/attribution.hpp"
#include "recod/stats/delivery.hpp"
#include "recod/store/event_writer.hpp"
#include "recod/store/store.hpp"
#include "recod/tracking/handler.hpp"
#include "recod/util/status.hpp"

namespace recod::cli {

class App final {
 public:
  /// Opens the store and builds every component; nothing listens yet.
  [[nodiscard]] static Result<std::unique_ptr<App>> create(const config::Config& config);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  /// Starts the model builder, the counters and the HTTP server.
  [[nodiscard]] Status start();
  [[nodiscard]] std::uint16_t port() const noexcept { return server_->port(); }
  /// Stops everything in order (idempotent).
  void shutdown();

 private:
  App(const config::Config& config, std::unique_ptr<store::Store> store);
  void add_routes();

  const config::Config& config_;
  std::unique_ptr<store::Store> store_;
  store::EventWriter writer_;
  catalog::Availability availability_;
  model::ModelService models_;
  reco::TokenIssuer tokens_;
  stats::Attribution attribution_;
  stats::DeliveryCounter delivery_;
  reco::Engine engine_;
  tracking::TrackingHandler tracking_;
  reco::RecommendationHandler recommendations_;
  catalog::CatalogHandler catalog_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::atomic<bool> serving_{false};
  bool stopped_ = false;
};

}  // namespace recod::cli
