#pragma once
// Engine: answers a parsed recommendation request for one scenario.
//
// It resolves the context (items from the request, or the user's own recent items for
// history codes), runs the scenario's stages in order (each stage a model; later stages
// fill what earlier ones could not, without duplicates), applies the filters (output
// types, availability, context items, blacklist, bought, rendered, categories), scores
// relevance, and looks up the catalog attributes the request asked for. It reads the store
// (a user's recent history and blacklist: one prefix seek each; the answer's catalog
// records: one batched read) and the current model snapshot; it never writes and never
// waits for a model build.
//
// Thread safety: recommend() is const and may run concurrently on every I/O thread.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "recod/catalog/availability.hpp"
#include "recod/config/config.hpp"
#include "recod/model/service.hpp"
#include "recod/reco/request.hpp"
#include "recod/store/store.hpp"
#include "recod/util/status.hpp"

namespace recod::reco {

struct ContextItem {
  std::uint32_t type = 0;
  std::string id;
  std::vector<ItemSource> sources;  ///< REQUEST and/or the history codes it came from
  std::uint32_t viewers = 0;
};

struct Recommendation {
  std::uint32_t type = 0;
  std::string id;
  double score = 0;                                      ///< the stage's raw score
  int relevance = 0;                                     ///< 1..100, non-increasing down the list
  config::ModelId model = config::ModelId::kBestseller;  ///< the stage that produced it
  std::optional<ItemSource> origin_source;               ///< absent for models without input
  std::vector<std::string> origin_ids;                   ///< context or history items it came from
  std::uint32_t origin_type = 0;
  std::string category;  ///< closest category, when the request asked for it and one is known
  /// The catalog's values for each of the request's `attribute` keys, in the same order
  /// (an empty list where the item has none).
  std::vector<std::vector<std::string>> attribute_values;
};

struct RecoResult {
  std::vector<ContextItem> context;
  std::vector<Recommendation> items;
  bool user_dependent = false;        ///< the answer depends on the user's own data
  std::int64_t last_modified_us = 0;  ///< model build time, or the user's newest event if later
  std::int64_t model_built_us = 0;
};

class Engine final {
 public:
  Engine(const config::Config& config, const store::Store& store, const model::ModelService& models,
         const catalog::Availability& availability) noexcept
      : config_(config), store_(store), models_(models), availability_(availability) {}

  /// Recommends for `request` with `scenario` (which must belong to the request's customer).
  /// An empty result is not an error here (the handler answers 409); errors are bad
  /// parameters (InvalidArgument) or storage failures.
  [[nodiscard]] Result<RecoResult> recommend(const RecoRequest& request,
                                             const config::ScenarioConfig& scenario,
                                             std::int64_t now_us) const;

 private:
  /// Fills each item's attribute_values from the catalog.
  [[nodiscard]] Status add_attributes(const RecoRequest& req,
                                      std::vector<Recommendation>& items) const;

  const config::Config& config_;
  const store::Store& store_;
  const model::ModelService& models_;
  const catalog::Availability& availability_;
};

/// Whether answering this scenario needs the user's history at all.
[[nodiscard]] bool needs_history(const RecoRequest& request,
                                 const config::ScenarioConfig& scenario) noexcept;

}  // namespace recod::reco
