// recod serve: open the store, start the writer and the HTTP server, wait for SIGINT or
// SIGTERM, then shut down in the order that loses nothing: stop accepting, let in-flight
// requests finish, write what is queued, close the store.
#include <sys/resource.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <iostream>

#include <spdlog/spdlog.h>

#include "commands.hpp"
#include "common.hpp"
#include "metrics.hpp"
#include "recod/catalog/availability.hpp"
#include "recod/catalog/handler.hpp"
#include "recod/http/health.hpp"
#include "recod/http/server.hpp"
#include "recod/model/service.hpp"
#include "recod/reco/engine.hpp"
#include "recod/reco/handler.hpp"
#include "recod/reco/token.hpp"
#include "recod/store/event_writer.hpp"
#include "recod/store/store.hpp"
#include "recod/tracking/handler.hpp"

namespace recod::cli {
namespace {

const std::set<std::string> kServeFlags{"config",  "port",      "data-dir",
                                        "threads", "log-level", "port-file"};

// Many keep-alive clients need many descriptors; the soft limit is often 1024.
void raise_fd_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    (void)setrlimit(RLIMIT_NOFILE, &lim);
  }
}

// Signals are blocked in every thread (the mask is inherited) and taken here with sigwait,
// so that shutdown runs as ordinary code on the main thread.
sigset_t block_shutdown_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

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

int serve(const config::Config& config, const std::optional<std::string>& port_file) {
  const sigset_t signals = block_shutdown_signals();
  raise_fd_limit();

  store::StoreOptions store_options;
  store_options.data_dir = config.storage.data_dir;
  store_options.sync_writes = config.storage.durability == config::Durability::kSync;
  store_options.user_hash_key_hex = config.storage.user_hash_key;
  auto store = store::Store::open(store_options);
  if (!store) {
    spdlog::error("cannot open the store: {}", store.status().message());
    return 1;
  }
  spdlog::info("store open in '{}' (schema {}, durability {})", config.storage.data_dir,
               store::kSchemaVersion, store_options.sync_writes ? "sync" : "wal");

  store::EventWriter writer(**store, {.queue_limit = config.storage.write_queue_limit,
                                      .blacklist_days = config.tracking.blacklist_days});

  catalog::Availability availability;
  for (const auto& [id, customer] : config.customers) {
    if (auto s = availability.load(**store, id); !s.is_ok()) {
      spdlog::error("cannot read the catalog of customer {}: {}", id, s.message());
      return 1;
    }
  }
  model::ModelService models(config, **store);
  models.start();  // the first build runs in the background; /readyz waits for it
  const reco::Engine engine(config, **store, models, availability);
  reco::TokenIssuer tokens((*store)->derive_key("recommendation tokens"));

  std::atomic<bool> serving{false};
  http::Router router;
  const tracking::TrackingHandler tracking(config, **store, writer);
  const reco::RecommendationHandler recommendations(config, engine, tokens, models);
  const catalog::CatalogHandler catalog(config, **store, writer, availability, models);
  auto server = std::make_unique<http::Server>(server_options(config.server), router);
  http::add_health_routes(
      router,
      {.ready = [&] { return serving.load() && models.ready(); },
       .metrics = [&](std::string& out) { append_metrics(server->stats(), writer.stats(), out); }});
  // Specific routes first: the tracking route takes every other /{solution}/{cid}/... path.
  catalog.add_routes(router);
  reco::add_model_routes(router, config, models);
  recommendations.add_routes(router);
  tracking.add_routes(router);

  if (auto s = server->start(); !s.is_ok()) {
    spdlog::error("{}", s.message());
    return 1;
  }
  spdlog::info("recod {} listening on {}:{} ({} I/O threads, {} customers)", RECOD_VERSION,
               config.server.listen, server->port(), server_options(config.server).threads,
               config.customers.size());
  if (port_file) {
    // Tests start recod on port 0 and read the chosen port from here.
    std::ofstream(*port_file) << server->port() << "\n";
  }
  serving = true;

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  serving = false;
  spdlog::info("received {}, shutting down", signal_number == SIGTERM ? "SIGTERM" : "SIGINT");

  const auto unfinished = server->stop(std::chrono::milliseconds(config.server.shutdown_grace_ms));
  if (unfinished > 0) {
    spdlog::warn("{} connections were still busy after the grace period", unfinished);
  }
  models.stop();  // a build in progress finishes; waiting rebuild requests are refused
  writer.stop();  // writes whatever is still queued
  const auto stats = writer.stats();
  spdlog::info("stopped: {} events written in {} batches", stats.events_written,
               stats.batches_written);
  server.reset();  // after the writer: its completions may still refer to connections
  return 0;
}

}  // namespace

int run_serve(const std::vector<std::string>& argv) {
  const Args args(argv, kServeFlags);
  const config::Config config = load_config(args);
  setup_logging(config.log.level);
  return serve(config, args.get("port-file"));
}

}  // namespace recod::cli
