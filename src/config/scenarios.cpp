// Scenario and model names of the config (the `model` section and customers.*.scenarios).
#include <algorithm>
#include <array>

#include "recod/config/config.hpp"

namespace recod::config {
namespace {

constexpr std::array<std::pair<std::string_view, ModelId>, 8> kModelNames{{
    {"also_clicked", ModelId::kAlsoClicked},
    {"also_bought", ModelId::kAlsoBought},
    {"also_consumed", ModelId::kAlsoConsumed},
    {"bought_after_viewing", ModelId::kBoughtAfterViewing},
    {"bestseller", ModelId::kBestseller},
    {"most_clicked", ModelId::kMostClicked},
    {"personalized", ModelId::kPersonalized},
    {"recently_viewed", ModelId::kRecentlyViewed},
}};

ScenarioConfig scenario(std::string id, std::vector<ModelId> stages, bool exclude_bought) {
  ScenarioConfig s;
  s.id = std::move(id);
  s.stages = std::move(stages);
  s.exclude_bought = exclude_bought;
  return s;
}

}  // namespace

std::string_view model_name(ModelId id) noexcept {
  for (const auto& [name, m] : kModelNames) {
    if (m == id) return name;
  }
  return "unknown";
}

std::optional<ModelId> model_from_name(std::string_view name) noexcept {
  for (const auto& [n, m] : kModelNames) {
    if (n == name) return m;
  }
  return std::nullopt;
}

bool is_valid_scenario_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

std::optional<std::uint32_t> parse_duration_s(std::string_view text) noexcept {
  if (text.size() < 2) return std::nullopt;
  std::uint64_t unit = 0;
  switch (text.back()) {
    case 's':
      unit = 1;
      break;
    case 'm':
      unit = 60;
      break;
    case 'h':
      unit = 3600;
      break;
    case 'd':
      unit = 86400;
      break;
    default:
      return std::nullopt;
  }
  std::uint64_t n = 0;
  for (char c : text.substr(0, text.size() - 1)) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
    if (n > 100000000) return std::nullopt;
  }
  const std::uint64_t seconds = n * unit;
  if (seconds > UINT32_MAX) return std::nullopt;
  return static_cast<std::uint32_t>(seconds);
}

std::map<std::string, ScenarioConfig, std::less<>> default_scenarios() {
  using M = ModelId;
  std::map<std::string, ScenarioConfig, std::less<>> out;
  for (auto s :
       {scenario("also_clicked", {M::kAlsoClicked}, false),
        scenario("also_bought", {M::kAlsoBought}, true),
        scenario("bestseller", {M::kBestseller}, true),
        scenario("personalized", {M::kPersonalized, M::kBestseller}, true),
        scenario("landing_page", {M::kPersonalized, M::kMostClicked, M::kBestseller}, false),
        scenario("cross_sell",
                 {M::kBoughtAfterViewing, M::kAlsoBought, M::kAlsoClicked, M::kBestseller},
                 true)}) {
    auto id = s.id;
    out.emplace(std::move(id), std::move(s));
  }
  return out;
}

const ScenarioConfig* CustomerConfig::find_scenario(std::string_view scenario_id) const {
  const auto it = scenarios.find(scenario_id);
  return it == scenarios.end() ? nullptr : &it->second;
}

}  // namespace recod::config
