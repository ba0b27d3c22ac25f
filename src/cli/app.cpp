#include "app.hpp"

#include <spdlog/spdlog.h>

#include "metrics.hpp"
#include "recod/http/health.hpp"
#include "recod/stats/handler.hpp"
#include "recod/util/time.hpp"
#include "recod/web/assets.hpp"
#include "recod/web/demo_data.hpp"

namespace recod::cli {
namespace {

http::ServerOptions server_options(const config::ServerConfig& c) {
  http::ServerOptions o;
  o.listen = c.listen;
  o.port = c.port;
  o.threads = c.threads > 0 ? c.threads : std::max(1U, std::thread::hardware_concurrency());
  o.max_connections = c.max_connections;
  o.max_target_bytes = c.max_target_bytes;
  o.max_header_bytes = c.max_header_bytes;
  o.max_body_bytes = c.max_body_bytes;
  o.read_timeout = std::chrono::milliseconds(c.read_timeout_ms);
  o.write_timeout = std::chrono::milliseconds(c.write_timeout_ms);
  return o;
}

}  // namespace

Result<std::unique_ptr<App>> App::create(const config::Config& config) {
  store::StoreOptions options;
  options.data_dir = config.storage.data_dir;
  options.sync_writes = config.storage.durability == config::Durability::kSync;
  options.user_hash_key_hex = config.storage.user_hash_key;
  auto store = store::Store::open(options);
  if (!store)
    return Status(store.status().code(), "cannot open the store: " + store.status().message());
  spdlog::info("store open in '{}' (schema {}, durability {})", config.storage.data_dir,
               store::kSchemaVersion, options.sync_writes ? "sync" : "wal");

  std::unique_ptr<App> app(new App(config, std::move(*store)));
  for (const auto& [id, customer] : config.customers) {
    if (auto s = app->availability_.load(*app->store_, id); !s.is_ok()) {
      return Status(s.code(), "cannot read the catalog of customer " + id + ": " + s.message());
    }
  }
  for (const auto& [id, customer] : config.customers) {
    if (!customer.demo_data) continue;
    auto written =
        web::load_demo_data(*app->store_, app->writer_, app->attribution_, id, util::now_us());
    if (!written) {
      return Status(written.status().code(), "cannot load the demo data of customer " + id + ": " +
                                                 written.status().message());
    }
    if (*written > 0) {
      spdlog::info(
          "customer {}: loaded the demo shop (catalog and {} events of generated shoppers)", id,
          *written);
    }
  }
  app->add_routes();
  return app;
}

App::App(const config::Config& config, std::unique_ptr<store::Store> store)
    : config_(config),
      store_(std::move(store)),
      writer_(*store_, {.queue_limit = config.storage.write_queue_limit,
                        .blacklist_days = config.tracking.blacklist_days}),
      models_(config, *store_),
      tokens_(store_->derive_key("recommendation tokens")),
      attribution_(config, tokens_),
      delivery_(writer_),
      engine_(config, *store_, models_, availability_),
      tracking_(config, *store_, writer_, attribution_),
      recommendations_(config, engine_, tokens_, models_, delivery_),
      catalog_(config, *store_, writer_, availability_, models_),
      server_(std::make_unique<http::Server>(server_options(config.server), router_)) {}

App::~App() { shutdown(); }

void App::add_routes() {
  http::add_health_routes(router_, {.ready = [this] { return serving_.load() && models_.ready(); },
                                    .metrics =
                                        [this](std::string& out) {
                                          append_metrics(server_->stats(), writer_.stats(), out);
                                        }});
  // Specific routes first: the tracking route takes every other /{solution}/{cid}/... path.
  catalog_.add_routes(router_);
  stats::add_statistics_routes(router_, config_, *store_);
  reco::add_model_routes(router_, config_, models_);
  recommendations_.add_routes(router_);
  web::add_asset_routes(router_);
  tracking_.add_routes(router_);
}

Status App::start() {
  models_.start();  // the first build runs in the background; /readyz waits for it
  delivery_.start();
  if (!store_->sync_writes()) {
    // Writes that do not wait for the disk are batched on the I/O threads (EventWriter).
    writer_.write_on([this](util::UniqueFunction<void()> task) { server_->post(std::move(task)); });
  }
  if (auto s = server_->start(); !s.is_ok()) return s;
  spdlog::info("recod {} listening on {}:{} ({} I/O threads, {} customers)", RECOD_VERSION,
               config_.server.listen, server_->port(), server_options(config_.server).threads,
               config_.customers.size());
  serving_ = true;
  return Status::ok();
}

void App::shutdown() {
  if (stopped_) return;
  stopped_ = true;
  serving_ = false;
  const auto unfinished =
      server_->stop(std::chrono::milliseconds(config_.server.shutdown_grace_ms));
  if (unfinished > 0) {
    spdlog::warn("{} connections were still busy after the grace period", unfinished);
  }
  writer_.scheduler_stopped();  // the I/O threads, which wrote in "wal" mode, are gone
  models_.stop();    // a build in progress finishes; waiting rebuild requests are refused
  delivery_.stop();  // the last delivered counts, while the writer still runs
  writer_.stop();    // writes whatever is still queued
  const auto stats = writer_.stats();
  spdlog::info("stopped: {} events written in {} batches", stats.events_written,
               stats.batches_written);
  server_.reset();  // after the writer: its completions may still refer to connections
}

}  // namespace recod::cli
