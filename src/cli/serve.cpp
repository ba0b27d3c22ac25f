// recod serve: build the App (app.hpp), start it, wait for SIGINT or SIGTERM, and shut it
// down in the order that loses nothing.
#include <sys/resource.h>

#include <csignal>
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

  auto app = App::create(config);
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
