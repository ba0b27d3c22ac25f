// recod serve: build the App (app.hpp), start it, wait for SIGINT or SIGTERM, and shut it
// down in the order that loses nothing.
#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <fstream>

#include <spdlog/spdlog.h>

#include "app.hpp"
#include "commands.hpp"
#include "common.hpp"

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

// Every connection holds a descriptor, and so do RocksDB (up to 1000 open files), the
// lingering closes of refused connections and the rest of recod. With server.max_connections
// above what the descriptor limit allows, idle clients exhaust the descriptors before the
// limit is reached: accept() fails, later clients wait unanswered instead of getting 503,
// and RocksDB cannot open files. So connections get at most half of the descriptors
// (tests/integration/hostile_input_test.cpp, ConnectionLimitFollowsTheDescriptorLimit).
std::uint32_t connection_limit(std::uint32_t configured) {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY) return configured;
  const auto half = std::max<rlim_t>(lim.rlim_cur / 2, 1);
  if (configured <= half) return configured;
  const auto limit = static_cast<std::uint32_t>(half);
  spdlog::warn(
      "server.max_connections {} exceeds half of the descriptor limit ({}, ulimit -n): "
      "using {}",
      configured, lim.rlim_cur, limit);
  return limit;
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

int serve(const config::Config& config, const std::optional<std::string>& port_file) {
  const sigset_t signals = block_shutdown_signals();
  raise_fd_limit();
  config::Config effective = config;  // the App keeps a reference: lives until the end
  effective.server.max_connections = connection_limit(config.server.max_connections);

  auto app = App::create(effective);
  if (!app) {
    spdlog::error("{}", app.status().message());
    return 1;
  }
  if (auto s = (*app)->start(); !s.is_ok()) {
    spdlog::error("{}", s.message());
    return 1;
  }
  if (port_file) {
    // Tests start recod on port 0 and read the chosen port from here.
    std::ofstream(*port_file) << (*app)->port() << "\n";
  }

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  spdlog::info("received {}, shutting down", signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
  (*app)->shutdown();
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
