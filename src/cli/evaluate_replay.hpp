#pragma once
// The core of `recod evaluate` (evaluate.cpp is the command around it): split a customer's
// events by time, build the models from the earlier part only, and replay the later part
// user by user, asking each scenario for k items after every click and scoring the answer
// against what the user really did next. Private to cli/.
//
// No future leaks in: the builder sees only events before the split (SplitSource), and a
// replayed request sees only the user's events up to and including its own click
// (ReplayHistory). Metrics (docs/models.md, "Offline evaluation"):
// - after each click whose user later clicks a different item in the test part: HR@k (the
//   next such click is in the answer) and MRR@k (1 / its rank, 0 if absent);
// - after each click whose user later buys in the test part: precision@k (the bought items
//   in the answer / k) and recall@k (/ the distinct items bought);
// each averaged over the clicks where it applies. Full ranking: the answer is the
// scenario's real answer of k items, no sampled negatives.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "recod/config/config.hpp"
#include "recod/model/builder.hpp"
#include "recod/reco/engine.hpp"
#include "recod/store/store.hpp"
#include "recod/util/status.hpp"

namespace recod::cli::eval {

/// One user's events for the replay.
struct ReplayUser {
  std::string id;  ///< the user id of the replayed requests
  /// Oldest first: the user's newest `history_kept` events before the split, then every
  /// event from the split on.
  std::vector<store::StoredEvent> events;
  std::size_t first_test = 0;  ///< events[first_test...] are the test part
};

struct SplitCounts {
  std::uint64_t train_events = 0;  ///< events before the split (what the builder saw)
  std::uint64_t test_events = 0;   ///< events from the split on
  std::uint64_t test_users = 0;    ///< users with events from the split on
};

/// An EventSource for build_model() that yields only the events before `split_us`, and, as
/// it goes, sets aside every user with events from the split on for the replay (so that
/// one scan of the store serves both).
class SplitSource final : public model::EventSource {
 public:
  /// `all`: every event; `history_kept`: events before the split kept per replayed user
  /// (the engine reads at most model.history_length of them).
  SplitSource(const model::EventSource& all, std::int64_t split_us, std::size_t history_kept);

  /// Yields the events before the split to `fn`; collects the replay users (again, from
  /// scratch, on every call).
  [[nodiscard]] Status scan_events(
      const std::function<bool(const store::StoredEvent&)>& fn) const override;
  [[nodiscard]] Status scan_categories(
      const std::function<void(std::uint32_t, std::string_view, std::string_view)>& fn)
      const override;

  /// The replay users of the last scan, in scan order.
  [[nodiscard]] std::vector<ReplayUser> take_users() { return std::move(users_); }
  [[nodiscard]] const SplitCounts& counts() const noexcept { return counts_; }

 private:
  void flush_user() const;

  const model::EventSource& all_;
  std::int64_t split_us_;
  std::size_t history_kept_;
  // Filled by scan_events(), which the EventSource interface makes const.
  mutable std::vector<ReplayUser> users_;
  mutable SplitCounts counts_;
  mutable std::vector<store::StoredEvent> current_;  // the current user's events
  mutable std::size_t current_train_ = 0;            // of which before the split
};

/// The engine's view of the replayed user: the events up to the replayed click.
/// One user and moment at a time: not for concurrent use.
class ReplayHistory final : public reco::UserData {
 public:
  explicit ReplayHistory(std::uint32_t blacklist_days) : blacklist_days_(blacklist_days) {}

  /// From now on, `user`'s visible events are events[0, visible).
  void show(const ReplayUser& user, std::size_t visible) {
    user_ = &user;
    visible_ = visible;
  }

  [[nodiscard]] Result<std::vector<store::StoredEvent>> history(std::string_view customer,
                                                                std::string_view user_id,
                                                                std::size_t limit,
                                                                std::int64_t now_us) const override;
  [[nodiscard]] Result<std::vector<store::ItemRef>> blacklist(std::string_view customer,
                                                              std::string_view user_id,
                                                              std::int64_t now_us) const override;

 private:
  [[nodiscard]] std::span<const store::StoredEvent> visible(std::string_view user_id) const;

  std::uint32_t blacklist_days_;
  const ReplayUser* user_ = nullptr;
  std::size_t visible_ = 0;
};

/// What an answer at one click is scored against.
struct Targets {
  std::optional<store::ItemRef> next_click;  ///< the user's next click on another item
  std::vector<store::ItemRef> later_buys;    ///< distinct items the user buys later
};

/// The targets of the click at events[position] (in the test part).
[[nodiscard]] Targets targets_at(const ReplayUser& user, std::size_t position);

/// Sums of one scenario's scores.
struct Metrics {
  std::uint64_t requests = 0;       ///< answers asked for
  std::uint64_t empty_answers = 0;  ///< answers without any item
  std::uint64_t click_points = 0;   ///< answers scored against a next click
  std::uint64_t hits = 0;
  double reciprocal_ranks = 0;
  std::uint64_t buy_points = 0;  ///< answers scored against later buys
  double precision_sum = 0;
  double recall_sum = 0;

  /// Averages; NaN where nothing was scored.
  [[nodiscard]] double hit_rate() const;
  [[nodiscard]] double mrr() const;
  [[nodiscard]] double precision() const;
  [[nodiscard]] double recall() const;
};

/// Adds the scores of `answer` (at most k items, best first) against `targets`.
void score(std::span<const store::ItemRef> answer, const Targets& targets, std::size_t k,
           Metrics& metrics);

/// Clicks (click, clickrecommended) in the test part of all users.
[[nodiscard]] std::uint64_t test_clicks(std::span<const ReplayUser> users);

/// Asks scenario number `scenario` for at most k items for `user` at the click
/// events[position], with the user's data as of that click.
using Recommend = std::function<Result<std::vector<store::ItemRef>>(
    std::size_t scenario, const ReplayUser& user, std::size_t position)>;

/// Replays every user's test part in time order: after each click that has a target, asks
/// every scenario and scores its answer. `progress` gets the test clicks replayed so far.
/// Fails with the first failed request.
[[nodiscard]] Result<std::vector<Metrics>> replay(
    std::span<const ReplayUser> users, std::size_t scenarios, std::size_t k,
    const Recommend& recommend, const std::function<void(std::uint64_t)>& progress);

/// How a replayed request gives a scenario its context.
enum class ContextMode : std::uint8_t {
  kLastClick,  ///< item-to-item (first stage a neighbour model): the last clicked item
  kHistory,    ///< fed by the user's history: contextitems=CLICKED
  kNone,       ///< rankings only: no context
};
[[nodiscard]] ContextMode context_mode(const config::ScenarioConfig& scenario) noexcept;
[[nodiscard]] std::string_view context_mode_name(ContextMode mode) noexcept;

/// A scenario under evaluation.
struct EvalScenario {
  config::ScenarioConfig config;
  bool baseline = false;
};

/// The baselines every evaluation includes: bestseller and most_clicked, single stage.
[[nodiscard]] std::vector<EvalScenario> baselines();

/// Recommend through the real engine (built over `history` as its UserData): the request
/// the live server would get at that click, with numrecs = k.
class EngineRecommender final {
 public:
  EngineRecommender(const reco::Engine& engine, ReplayHistory& history, std::string customer,
                    std::span<const EvalScenario> scenarios, std::size_t k)
      : engine_(engine),
        history_(history),
        customer_(std::move(customer)),
        scenarios_(scenarios),
        k_(k) {}

  [[nodiscard]] Result<std::vector<store::ItemRef>> operator()(std::size_t scenario,
                                                               const ReplayUser& user,
                                                               std::size_t position) const;

 private:
  const reco::Engine& engine_;
  ReplayHistory& history_;
  std::string customer_;
  std::span<const EvalScenario> scenarios_;
  std::size_t k_;
};

}  // namespace recod::cli::eval
