// eval_data: writes data for `recod evaluate` into a store (docs/models.md, "Offline
// evaluation").
//
//   eval_data --dir DIR [--customer CID] [--events N] [--interests N] [--items-per-interest N]
//             [--days N] [--local-step P] [--revisit P] [--noise P] [--seed N]
//   eval_data --dir DIR [--customer CID] --otto FILE
//
// The first form generates interest sessions with a known structure (eval_data.hpp); the
// second imports an OTTO JSONL file (tests/data/otto/train-sample.jsonl, CC BY 4.0,
// © Otto (GmbH & Co KG)). The default customer is 00000, the one of config/recod.json.
#include <cstdlib>
#include <iostream>
#include <string>

#include "eval_data.hpp"

namespace {

[[noreturn]] void usage(const char* argv0) {
  std::cerr << "usage: " << argv0
            << " --dir DIR [--customer CID] [--events N] [--interests N] "
               "[--items-per-interest N] [--days N] [--local-step P] [--revisit P] [--noise P] "
               "[--seed N]\n"
            << "       " << argv0 << " --dir DIR [--customer CID] --otto FILE\n";
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace recod;
  bench::InterestOptions o;
  std::string dir;
  std::string customer = "00000";
  std::string otto;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(argv[0]);
      return argv[++i];
    };
    if (arg == "--dir") {
      dir = value();
    } else if (arg == "--customer") {
      customer = value();
    } else if (arg == "--events") {
      o.events = std::stoull(value());
    } else if (arg == "--interests") {
      o.interests = static_cast<std::uint32_t>(std::stoul(value()));
    } else if (arg == "--items-per-interest") {
      o.items_per_interest = static_cast<std::uint32_t>(std::stoul(value()));
    } else if (arg == "--days") {
      o.days = static_cast<std::uint32_t>(std::stoul(value()));
    } else if (arg == "--local-step") {
      o.local_step = std::stod(value());
    } else if (arg == "--revisit") {
      o.revisit = std::stod(value());
    } else if (arg == "--noise") {
      o.noise = std::stod(value());
    } else if (arg == "--seed") {
      o.seed = std::stoull(value());
    } else if (arg == "--otto") {
      otto = value();
    } else {
      usage(argv[0]);
    }
  }
  if (dir.empty()) usage(argv[0]);
  try {
    store::StoreOptions options;
    options.data_dir = dir;
    auto store = store::Store::open(options);
    if (!store) {
      std::cerr << "cannot open the store: " << store.status().message() << "\n";
      return 1;
    }
    auto users = otto.empty() ? bench::interest_sessions(o) : bench::otto_sessions(otto);
    const std::size_t n = users.size();
    const auto events = bench::write_users(**store, customer, std::move(users));
    std::cout << "wrote " << events << " events of " << n << " users for customer " << customer
              << " into " << dir << "\n";
  } catch (const std::exception& e) {
    std::cerr << "eval_data: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
