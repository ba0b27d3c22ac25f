// libFuzzer target: the config loader, parse_config() on arbitrary text, and
// parse_duration_s() on the same bytes.
//
// Checks: bad input ends in a ConfigError, nothing else (any other exception aborts the
// target); an accepted config holds only what the rest of recod relies on: valid customer
// and scenario ids keyed by themselves, non-empty stage lists, sorted unique output types.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "recod/config/config.hpp"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

void check_config(const recod::config::Config& config) {
  check(!config.server.listen.empty() && !config.storage.data_dir.empty());
  check(recod::config::is_valid_log_level(config.log.level));
  for (const auto& [id, customer] : config.customers) {
    check(id == customer.id && recod::config::is_valid_customer_id(id));
    for (const auto& [sid, scenario] : customer.scenarios) {
      check(sid == scenario.id && recod::config::is_valid_scenario_id(sid));
      check(!scenario.stages.empty() && !scenario.output_types.empty());
      check(std::adjacent_find(scenario.output_types.begin(), scenario.output_types.end(),
                               [](auto a, auto b) { return a >= b; }) ==
            scenario.output_types.end());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    check_config(recod::config::parse_config(text, "fuzz"));
  } catch (const recod::config::ConfigError&) {
    // the expected way to refuse a config
  }
  (void)recod::config::parse_duration_s(text);
  return 0;
}
