// recod events: print one user's stored events as JSON lines, oldest first. It opens the
// store read-only, so it works beside a running server.
#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "event_json.hpp"
#include "recod/store/store.hpp"

namespace recod::cli {
namespace {

const std::set<std::string> kEventsFlags{"config", "data-dir", "customer", "user", "log-level"};

}  // namespace

int run_events(const std::vector<std::string>& argv) {
  const Args args(argv, kEventsFlags);
  const config::Config config = load_config(args);
  const std::string customer = args.require("customer");
  const std::string user = args.require("user");
  if (config.find_customer(customer) == nullptr) {
    std::cerr << "recod events: unknown customer '" << customer << "' in the config\n";
    return 2;
  }

  store::StoreOptions options;
  options.data_dir = config.storage.data_dir;
  options.read_only = true;
  options.user_hash_key_hex = config.storage.user_hash_key;
  auto store = store::Store::open(options);
  if (!store) {
    std::cerr << "recod events: " << store.status().message() << "\n";
    return 1;
  }
  auto events = (*store)->user_events(customer, (*store)->hash_user(customer, user));
  if (!events) {
    std::cerr << "recod events: " << events.status().message() << "\n";
    return 1;
  }
  for (const auto& e : *events) std::cout << event_to_json(e).dump() << "\n";
  return 0;
}

}  // namespace recod::cli
