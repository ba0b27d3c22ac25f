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
// Where the user's data and the model come from can be replaced: `recod evaluate` replays
// stored events offline and gives the engine each user's history as it was at the moment
// of the replayed request (UserData), and a model built from the earlier events only
// (model::ModelProvider). The server uses the store and the ModelService.
//
// Thread safety: recommend() is const and may run concurrently on every I/O thread (if the
// UserData given allows it; the store's does).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "recod/catalog/availability.hpp"
#include "recod/config/config.hpp"
#include "recod/model/provider.hpp"
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

/// How many of the items a recommendation came from it names (the `itemIds` of its origin).
inline constexpr std::size_t kMaxOriginIds = 3;

struct Recommendation {
  std::uint32_t type = 0;
  std::string id;
  double score = 0;                                      ///< the stage's raw score
  int relevance = 0;                                     ///< 1..100, non-increasing down the list
  config::ModelId model = config::ModelId::kBestseller;  ///< the stage that produced it
  std::optional<ItemSource> origin_source;               ///< absent for models without input
  /// The context or history items it came from, best contributors first. Inline: one heap
  /// block per item was a fifth of the allocations of an item-to-item request.
  boost::container::small_vector<std::string, kMaxOriginIds> origin_ids;
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

/// A user's own data as the engine reads it. The default (no UserData given to the Engine)
/// reads the store; offline evaluation answers with the history as of the replayed moment.
class UserData {
 public:
  virtual ~UserData() = default;
  /// The user's newest `limit` events (limit > 0), oldest first, as of `now_us`.
  [[nodiscard]] virtual Result<std::vector<store::StoredEvent>> history(
      std::string_view customer, std::string_view user_id, std::size_t limit,
      std::int64_t now_us) const = 0;
  /// The items the user blacklisted whose blacklisting is in force at `now_us`.
  [[nodiscard]] virtual Result<std::vector<store::ItemRef>> blacklist(
      std::string_view customer, std::string_view user_id, std::int64_t now_us) const = 0;
};

class Engine final {
 public:
  /// The server's engine: models from `models` (the ModelService), the user's data and the
  /// catalog from `store`.
  Engine(const config::Config& config, const store::Store& store,
         const model::ModelProvider& models, const catalog::Availability& availability) noexcept
      : config_(config), store_(store), models_(models), availability_(availability) {}
  /// An engine that reads the user's history and blacklist from `users` instead of the
  /// store (the store still serves catalog attributes). `users` must outlive the engine.
  Engine(const config::Config& config, const store::Store& store,
         const model::ModelProvider& models, const catalog::Availability& availability,
         const UserData& users) noexcept
      : config_(config),
        store_(store),
        models_(models),
        availability_(availability),
        users_(&users) {}

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
  const model::ModelProvider& models_;
  const catalog::Availability& availability_;
  const UserData* users_ = nullptr;  // nullptr: the store
};

/// Whether answering this scenario needs the user's history at all.
[[nodiscard]] bool needs_history(const RecoRequest& request,
                                 const config::ScenarioConfig& scenario) noexcept;

}  // namespace recod::reco
