#include "evaluate_replay.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "recod/util/hex.hpp"

namespace recod::cli::eval {
namespace {

using config::ModelId;
using tracking::EventKind;

constexpr std::int64_t kMicrosPerDay = 86400LL * 1000 * 1000;

bool is_click(EventKind kind) {
  return kind == EventKind::kClick || kind == EventKind::kClickRecommended;
}

bool same_item(const tracking::Event& a, const tracking::Event& b) {
  return a.item_type == b.item_type && a.item_id == b.item_id;
}

double ratio(double sum, std::uint64_t count) {
  return count == 0 ? std::numeric_limits<double>::quiet_NaN() : sum / static_cast<double>(count);
}

}  // namespace

// --- the split ------------------------------------------------------------------------

SplitSource::SplitSource(const model::EventSource& all, std::int64_t split_us,
                         std::size_t history_kept)
    : all_(all), split_us_(split_us), history_kept_(history_kept) {}

Status SplitSource::scan_events(const std::function<bool(const store::StoredEvent&)>& fn) const {
  users_.clear();
  counts_ = {};
  current_.clear();
  current_train_ = 0;
  bool have_user = false;
  tracking::UserHash user{};
  Status s = all_.scan_events([&](const store::StoredEvent& e) {
    if (!have_user || e.user != user) {
      if (have_user) flush_user();
      have_user = true;
      user = e.user;
    }
    if (e.event.time_us >= split_us_) {
      ++counts_.test_events;
      current_.push_back(e);
      return true;
    }
    ++counts_.train_events;
    // A user's events come oldest first, so every earlier event is before the split too;
    // only the newest history_kept of them can matter to the replay.
    current_.push_back(e);
    ++current_train_;
    if (current_train_ >= 2 * history_kept_ + 1 && current_train_ == current_.size()) {
      const std::size_t drop = current_train_ - history_kept_;
      current_.erase(current_.begin(), current_.begin() + static_cast<std::ptrdiff_t>(drop));
      current_train_ -= drop;
    }
    return fn(e);
  });
  if (have_user) flush_user();
  return s;
}

void SplitSource::flush_user() const {
  if (current_.size() > current_train_) {
    ReplayUser u;
    u.id = "eval-" + util::to_hex(std::span<const std::uint8_t>(current_.front().user));
    const std::size_t first = current_train_ > history_kept_ ? current_train_ - history_kept_ : 0;
    u.events.assign(std::make_move_iterator(current_.begin() + static_cast<std::ptrdiff_t>(first)),
                    std::make_move_iterator(current_.end()));
    u.first_test = current_train_ - first;
    users_.push_back(std::move(u));
    ++counts_.test_users;
  }
  current_.clear();
  current_train_ = 0;
}

Status SplitSource::scan_categories(
    const std::function<void(std::uint32_t, std::string_view, std::string_view)>& fn) const {
  return all_.scan_categories(fn);
}

// --- the user's data as of a replayed click -------------------------------------------

std::span<const store::StoredEvent> ReplayHistory::visible(std::string_view user_id) const {
  if (user_ == nullptr || user_id != user_->id) return {};
  return std::span<const store::StoredEvent>(user_->events).first(visible_);
}

Result<std::vector<store::StoredEvent>> ReplayHistory::history(std::string_view /*customer*/,
                                                               std::string_view user_id,
                                                               std::size_t limit,
                                                               std::int64_t /*now_us*/) const {
  const auto events = visible(user_id);
  const std::size_t first = events.size() > limit ? events.size() - limit : 0;
  return std::vector<store::StoredEvent>(events.begin() + static_cast<std::ptrdiff_t>(first),
                                         events.end());
}

Result<std::vector<store::ItemRef>> ReplayHistory::blacklist(std::string_view /*customer*/,
                                                             std::string_view user_id,
                                                             std::int64_t now_us) const {
  // Of the blacklist events the replay kept (the user's newest before the split, and the
  // test part's), those still in force.
  std::vector<store::ItemRef> items;
  const std::int64_t since = now_us - static_cast<std::int64_t>(blacklist_days_) * kMicrosPerDay;
  for (const auto& stored : visible(user_id)) {
    const auto& e = stored.event;
    if (e.kind != EventKind::kBlacklist || e.time_us < since) continue;
    store::ItemRef item{e.item_type, e.item_id};
    if (std::find(items.begin(), items.end(), item) == items.end())
      items.push_back(std::move(item));
  }
  return items;
}

// --- targets and scores -----------------------------------------------------------------

Targets targets_at(const ReplayUser& user, std::size_t position) {
  Targets t;
  const auto& current = user.events[position].event;
  for (std::size_t j = position + 1; j < user.events.size(); ++j) {
    const auto& e = user.events[j].event;
    if (is_click(e.kind) && !t.next_click && !same_item(e, current)) {
      t.next_click = store::ItemRef{e.item_type, e.item_id};
    }
    if (e.kind == EventKind::kBuy) {
      store::ItemRef item{e.item_type, e.item_id};
      if (std::find(t.later_buys.begin(), t.later_buys.end(), item) == t.later_buys.end()) {
        t.later_buys.push_back(std::move(item));
      }
    }
  }
  return t;
}

double Metrics::hit_rate() const { return ratio(static_cast<double>(hits), click_points); }
double Metrics::mrr() const { return ratio(reciprocal_ranks, click_points); }
double Metrics::precision() const { return ratio(precision_sum, buy_points); }
double Metrics::recall() const { return ratio(recall_sum, buy_points); }

void score(std::span<const store::ItemRef> answer, const Targets& targets, std::size_t k,
           Metrics& metrics) {
  ++metrics.requests;
  if (answer.empty()) ++metrics.empty_answers;
  const auto ranked = answer.first(std::min(k, answer.size()));
  if (targets.next_click) {
    ++metrics.click_points;
    const auto it = std::find(ranked.begin(), ranked.end(), *targets.next_click);
    if (it != ranked.end()) {
      ++metrics.hits;
      metrics.reciprocal_ranks += 1.0 / static_cast<double>(it - ranked.begin() + 1);
    }
  }
  if (!targets.later_buys.empty()) {
    ++metrics.buy_points;
    std::size_t bought = 0;
    for (const auto& item : targets.later_buys) {
      if (std::find(ranked.begin(), ranked.end(), item) != ranked.end()) ++bought;
    }
    metrics.precision_sum += static_cast<double>(bought) / static_cast<double>(k);
    metrics.recall_sum +=
        static_cast<double>(bought) / static_cast<double>(targets.later_buys.size());
  }
}

std::uint64_t test_clicks(std::span<const ReplayUser> users) {
  std::uint64_t n = 0;
  for (const auto& u : users) {
    for (std::size_t i = u.first_test; i < u.events.size(); ++i) {
      if (is_click(u.events[i].event.kind)) ++n;
    }
  }
  return n;
}

Result<std::vector<Metrics>> replay(std::span<const ReplayUser> users, std::size_t scenarios,
                                    std::size_t k, const Recommend& recommend,
                                    const std::function<void(std::uint64_t)>& progress) {
  std::vector<Metrics> metrics(scenarios);
  std::uint64_t clicks = 0;
  for (const auto& user : users) {
    for (std::size_t position = user.first_test; position < user.events.size(); ++position) {
      if (!is_click(user.events[position].event.kind)) continue;
      if (progress) progress(++clicks);
      const Targets targets = targets_at(user, position);
      if (!targets.next_click && targets.later_buys.empty()) continue;  // nothing to score
      for (std::size_t s = 0; s < scenarios; ++s) {
        auto answer = recommend(s, user, position);
        if (!answer) return answer.status();
        score(*answer, targets, k, metrics[s]);
      }
    }
  }
  return metrics;
}

// --- scenarios through the engine ------------------------------------------------------

ContextMode context_mode(const config::ScenarioConfig& scenario) noexcept {
  if (!scenario.stages.empty()) {
    switch (scenario.stages.front()) {
      case ModelId::kAlsoClicked:
      case ModelId::kAlsoBought:
      case ModelId::kAlsoConsumed:
      case ModelId::kBoughtAfterViewing:
        return ContextMode::kLastClick;
      default:
        break;
    }
  }
  const bool history = std::any_of(scenario.stages.begin(), scenario.stages.end(), [](ModelId m) {
    return m == ModelId::kPersonalized || m == ModelId::kRecentlyViewed;
  });
  return history ? ContextMode::kHistory : ContextMode::kNone;
}

std::string_view context_mode_name(ContextMode mode) noexcept {
  switch (mode) {
    case ContextMode::kLastClick:
      return "last click";
    case ContextMode::kHistory:
      return "CLICKED";
    case ContextMode::kNone:
      return "none";
  }
  return "none";
}

std::vector<EvalScenario> baselines() {
  std::vector<EvalScenario> out(2);
  out[0].config.id = "bestseller";
  out[0].config.stages = {ModelId::kBestseller};
  out[0].config.exclude_bought = true;  // the config's default for a buy-based stage
  out[0].baseline = true;
  out[1].config.id = "most_clicked";
  out[1].config.stages = {ModelId::kMostClicked};
  out[1].baseline = true;
  return out;
}

Result<std::vector<store::ItemRef>> EngineRecommender::operator()(std::size_t scenario,
                                                                  const ReplayUser& user,
                                                                  std::size_t position) const {
  const config::ScenarioConfig& s = scenarios_[scenario].config;
  history_.show(user, position + 1);
  reco::RecoRequest req;
  req.customer = customer_;
  req.user_id = user.id;
  req.scenario = s.id;
  req.numrecs = k_;
  switch (context_mode(s)) {
    case ContextMode::kLastClick:
      // The page of the newest click of the scenario's input type (the current one if the
      // types match).
      for (std::size_t j = position + 1; j-- > 0;) {
        const auto& e = user.events[j].event;
        if (is_click(e.kind) && e.item_type == s.input_type) {
          req.context_items.push_back(e.item_id);
          break;
        }
      }
      break;
    case ContextMode::kHistory:
      req.history_sources = {reco::ItemSource::kClick};
      break;
    case ContextMode::kNone:
      break;
  }
  auto result = engine_.recommend(req, s, user.events[position].event.time_us);
  if (!result) return result.status();
  std::vector<store::ItemRef> items;
  items.reserve(result->items.size());
  for (auto& item : result->items) items.push_back({item.type, std::move(item.id)});
  return items;
}

}  // namespace recod::cli::eval
