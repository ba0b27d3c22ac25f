#pragma once
// Candidate generation for each kind of scenario stage. Private to reco/.
//
// A stage turns the request's context (or the user's history) into candidates sorted by
// score, best first; the engine then filters them and fills the answer.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "recod/config/config.hpp"
#include "recod/model/customer_model.hpp"
#include "recod/reco/engine.hpp"
#include "recod/store/store.hpp"

namespace recod::reco::detail {

/// The ids of the items a candidate came from, best contributors first, each once, at most
/// kMaxOriginIds. Kept inline: every candidate of an item-to-item stage has one, and a heap
/// block each cost more than building the rest of the candidate.
class OriginIds {
 public:
  /// Appends `id` unless the list holds it already or is full.
  void add(std::string_view id) noexcept {
    if (size_ == ids_.size()) return;
    for (std::size_t i = 0; i < size_; ++i) {
      if (ids_[i] == id) return;
    }
    ids_[size_++] = id;
  }

  [[nodiscard]] const std::string_view* begin() const noexcept { return ids_.data(); }
  [[nodiscard]] const std::string_view* end() const noexcept { return ids_.data() + size_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

 private:
  std::array<std::string_view, kMaxOriginIds> ids_{};
  std::size_t size_ = 0;
};

/// An item proposed by a stage. `id` views into the model or the history, which outlive it.
struct Candidate {
  std::uint32_t type = 0;
  std::string_view id;
  double score = 0;
  std::optional<ItemSource> origin_source;
  OriginIds origin_ids;
  std::uint32_t origin_type = 0;
};

/// A context item as the stages see it: where it came from and its model index, if any.
struct StageContext {
  std::uint32_t type = 0;
  std::string_view id;
  ItemSource source = ItemSource::kRequest;
  std::optional<model::ItemIndex> index;
};

/// How `personalized` blends its two parts (config `model.session_*`, docs/models.md).
struct PersonalParams {
  std::size_t session_sample = 500;      ///< most recent sessions sharing an item, considered
  std::size_t session_neighbours = 100;  ///< of those, the most similar ones used
  double session_weight = 0.7;           ///< share of session-kNN in the score, 0..1
};

struct StageInput {
  const model::CustomerModel& model;
  std::span<const StageContext> context;
  std::span<const store::StoredEvent> history;  ///< oldest first; empty if not loaded
  std::span<const std::uint32_t> output_types;
  std::span<const std::string> category_paths;  ///< ranking stages use these lists
  std::int64_t now_us = 0;
  PersonalParams personal{};
};

/// Candidates of `stage`, best first, at most `limit` (an upper bound: the engine filters).
/// Best first is a total order (score, then type and id), so the candidates for a limit n
/// are the first n of those for any larger limit: the engine asks for a few and, if its
/// filters leave the answer short, for more, and skips those it has seen.
[[nodiscard]] std::vector<Candidate> stage_candidates(config::ModelId stage,
                                                      const StageInput& input, std::size_t limit);

/// The history source of an event kind (click -> CLICK, ...), if it is one.
[[nodiscard]] std::optional<ItemSource> history_source_of(tracking::EventKind kind) noexcept;

}  // namespace recod::reco::detail
