// reco_latency_bench: how long one recommendation takes inside recod (engine + document),
// against one point read of the store (a user's newest event: hash, seek, decode) as the
// baseline, and how much a model rebuild running at the same time slows requests down.
//
//   reco_latency_bench [--events N] [--items N] [--requests N] [--dir PATH] [--keep]
//
// 1. Generates N events (see synthetic.hpp) into a real store, or reuses --dir.
// 2. Starts the ModelService on the default scenarios and waits for the first build.
// 3. Times, one request after another on one thread: the baseline read; also_clicked with
//    a Zipf-distributed context item; personalized for a generated user (live history
//    read); bestseller. Then also_clicked again while the builder rebuilds without pause
//    on the other core. Prints p50/p99 per operation and the ratios.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <future>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "recod/config/config.hpp"
#include "recod/model/service.hpp"
#include "recod/reco/document.hpp"
#include "recod/reco/engine.hpp"
#include "recod/reco/token.hpp"
#include "synthetic.hpp"

namespace recod::bench {
namespace {

struct Options {
  DataOptions data;
  std::size_t requests = 20000;
  std::string dir;
  bool keep = false;
};

[[noreturn]] void usage(const char* argv0) {
  std::cerr << "usage: " << argv0
            << " [--events N] [--items N] [--requests N] [--dir PATH] [--keep]\n";
  std::exit(2);
}

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(argv[0]);
      return argv[++i];
    };
    if (arg == "--events") {
      o.data.events = std::stoull(value());
    } else if (arg == "--items") {
      o.data.items = static_cast<std::uint32_t>(std::stoul(value()));
    } else if (arg == "--requests") {
      o.requests = std::stoull(value());
    } else if (arg == "--dir") {
      o.dir = value();
    } else if (arg == "--keep") {
      o.keep = true;
    } else {
      usage(argv[0]);
    }
  }
  if (o.requests < 100) usage(argv[0]);
  return o;
}

struct Latency {
  double p50_us = 0;
  double p99_us = 0;
  double mean_us = 0;
};

// Runs `op` n times (after n/10 untimed warm-up runs) and returns its latency distribution.
Latency time_op(std::size_t n, const std::function<void(std::size_t)>& op) {
  for (std::size_t i = 0; i < n / 10; ++i) op(i);
  std::vector<double> us(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto start = std::chrono::steady_clock::now();
    op(i);
    us[i] =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
  }
  Latency l;
  for (const double x : us) l.mean_us += x / static_cast<double>(n);
  std::sort(us.begin(), us.end());
  l.p50_us = us[n / 2];
  l.p99_us = us[n * 99 / 100];
  return l;
}

config::Config bench_config(const std::string& dir) {
  config::Config c;
  c.storage.data_dir = dir;
  config::CustomerConfig customer;
  customer.id = std::string(kCustomer);
  customer.scenarios = config::default_scenarios();
  c.customers.emplace(customer.id, customer);
  return c;
}

int run(Options o) {
  const bool own_dir = o.dir.empty();
  if (own_dir) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "recod-bench-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) return 1;
    o.dir = tmpl;
  }
  std::uint64_t users = 0;
  if (!std::filesystem::exists(o.dir + "/CURRENT")) {
    std::cout << "generating " << o.data.events << " events into " << o.dir << " ..." << std::flush;
    users = generate(o.data, o.dir);
    compact(o.dir);
    std::cout << " " << users << " users\n";
  } else {
    users = 1000;  // a reused store: the first generated users exist in any size
  }

  const config::Config config = bench_config(o.dir);
  auto store = open_store(o.dir);
  model::ModelService models(config, *store);
  models.start();
  while (!models.ready()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const auto& info = models.current(kCustomer)->info();
  std::cout << "model: " << info.events << " events, " << info.items << " items, " << info.pairs
            << " pairs, built in " << info.duration_us / 1000 << " ms\n";

  const catalog::Availability availability;  // no catalog: every item is available
  const reco::Engine engine(config, *store, models, availability);
  reco::TokenIssuer tokens(store->derive_key("recommendation tokens"));
  const auto& customer = *config.find_customer(kCustomer);
  std::mt19937_64 rng(7);
  const Zipf zipf(o.data.items, o.data.zipf);
  std::size_t sink = 0;  // so that nothing is optimised away

  // One recommendation as the handler makes it: engine, token, document.
  const auto recommend = [&](const std::string& scenario, const std::string& user,
                             std::vector<std::string> context) {
    reco::RecoRequest req;
    req.customer = std::string(kCustomer);
    req.user_id = user;
    req.scenario = scenario;
    req.context_items = std::move(context);
    const auto result = engine.recommend(req, *customer.find_scenario(scenario), kNow);
    if (!result) {
      std::cerr << scenario << ": " << result.status().message() << "\n";
      std::exit(1);
    }
    const std::string token = tokens.issue(req.customer, scenario, kNow);
    sink += reco::render_v2(*result, req, {"recod.example", token}).size();
  };
  const auto type1_item = [&] {
    for (;;) {
      const auto rank = zipf(rng);
      if (item_type(rank) == 1) return item_id(rank);
    }
  };
  const auto user = [&] {
    return user_id(std::uniform_int_distribution<std::uint64_t>(0, users - 1)(rng));
  };

  struct Row {
    std::string name;
    Latency latency;
  };
  std::vector<Row> rows;
  rows.push_back({"baseline: a user's newest event", time_op(o.requests, [&](std::size_t) {
                    const auto e =
                        store->user_events(kCustomer, store->hash_user(kCustomer, user()), 1);
                    sink += e ? e->size() : 0;
                  })});
  rows.push_back({"also_clicked (zipf context)", time_op(o.requests, [&](std::size_t) {
                    recommend("also_clicked", "visitor", {type1_item()});
                  })});
  rows.push_back({"personalized (user history)", time_op(o.requests, [&](std::size_t) {
                    recommend("personalized", user(), {});
                  })});
  rows.push_back({"bestseller", time_op(o.requests, [&](std::size_t) {
                    recommend("bestseller", "visitor", {});
                  })});

  // also_clicked again, while the builder thread rebuilds back to back.
  std::atomic<bool> rebuilding{true};
  std::atomic<int> rebuilds{0};
  std::thread builder([&] {
    while (rebuilding) {
      std::promise<void> done;
      models.request_rebuild(std::string(kCustomer),
                             [&](const Result<model::ModelService::Model>&) { done.set_value(); });
      done.get_future().wait();
      ++rebuilds;
    }
  });
  while (rebuilds.load() == 0 && info.duration_us > 0) {
    // Make sure the measurement overlaps builds: wait until one has started and ended.
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  rows.push_back({"also_clicked during rebuilds", time_op(o.requests, [&](std::size_t) {
                    recommend("also_clicked", "visitor", {type1_item()});
                  })});
  rebuilding = false;
  builder.join();

  const double base = rows.front().latency.p50_us;
  std::printf("\n| operation | p50 us | p99 us | mean us | p50 / baseline |\n");
  std::printf("| --- | ---: | ---: | ---: | ---: |\n");
  for (const auto& r : rows) {
    std::printf("| %s | %.1f | %.1f | %.1f | %.1fx |\n", r.name.c_str(), r.latency.p50_us,
                r.latency.p99_us, r.latency.mean_us, r.latency.p50_us / base);
  }
  const Latency& idle = rows[1].latency;
  const Latency& busy = rows.back().latency;
  std::printf(
      "\nalso_clicked p99 during rebuilds / idle: %.2fx (%d rebuilds overlapped); "
      "%zu requests per row, one thread; checksum %zu\n",
      busy.p99_us / idle.p99_us, rebuilds.load(), o.requests, sink % 1000);
  models.stop();
  store.reset();
  if (own_dir && !o.keep) std::filesystem::remove_all(o.dir);
  return 0;
}

}  // namespace
}  // namespace recod::bench

int main(int argc, char** argv) { return recod::bench::run(recod::bench::parse_args(argc, argv)); }
