#include "recod/model/builder.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "cooccurrence.hpp"
#include "history.hpp"
#include "rankings.hpp"
#include "sessions.hpp"

namespace recod::model {

// Items kept of a longer session (its newest): bounds the work of a request per session.
constexpr std::size_t kMaxSessionItems = 50;

/// Fills one CustomerModel, phase by phase; each phase frees what later ones do not need,
/// so that the peak is the scan's arrays plus one inverted index.
class ModelBuilder final {
 public:
  ModelBuilder(const ModelParams& params, std::int64_t now_us)
      : params_(params), now_us_(now_us), model_(std::make_shared<CustomerModel>()) {}

  Result<std::shared_ptr<const CustomerModel>> build(const EventSource& source) {
    const auto started = std::chrono::steady_clock::now();
    if (Status s = scan(source); !s.is_ok()) return s;
    if (Status s = collect_categories(source); !s.is_ok()) return s;
    build_rankings();
    build_neighbours();
    move_items();
    const auto elapsed = std::chrono::steady_clock::now() - started;
    finish_info(std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count());
    return std::shared_ptr<const CustomerModel>(std::move(model_));
  }

 private:
  Status scan(const EventSource& source) {
    internal::HistoryCollector collector(params_, items_, histories_);
    Status s = source.scan_events([&collector](const store::StoredEvent& e) {
      collector.add(e);
      return true;
    });
    if (!s.is_ok()) return s;
    collector.finish();
    return Status::ok();
  }

  // Categories of items no event mentions are dropped: find() promises nullopt for them,
  // and no model could rank or recommend them anyway.
  Status collect_categories(const EventSource& source) {
    std::vector<std::pair<ItemIndex, std::string>> found;
    Status s = source.scan_categories(
        [this, &found](std::uint32_t type, std::string_view id, std::string_view path) {
          if (path.empty()) return;
          if (const auto i = items_.find(type, id)) found.emplace_back(*i, std::string(path));
        });
    if (!s.is_ok()) return s;
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());

    categories_.offsets.assign(items_.size() + 1, 0);
    categories_.paths.reserve(found.size());
    for (auto& [item, path] : found) {
      ++categories_.offsets[item + 1];
      categories_.paths.push_back(std::move(path));
    }
    for (std::size_t i = 0; i < items_.size(); ++i) {
      categories_.offsets[i + 1] += categories_.offsets[i];
    }
    return Status::ok();
  }

  void build_rankings() {
    const std::size_t n = items_.size();
    internal::WindowScores scores = internal::window_scores(histories_, n, params_, now_us_);
    add_rankings(RankingKind::kBestseller,
                 internal::rank_items(scores.bought, items_, categories_, params_.ranking_length));
    add_rankings(RankingKind::kMostClicked,
                 internal::rank_items(scores.clicked, items_, categories_, params_.ranking_length));
    model_->viewers_ = std::move(scores.viewers);
    // The sessions need the click times; 8 bytes per session wait for index_sessions().
    if (params_.sessions_per_item > 0) {
      session_ranges_ = internal::click_sessions(histories_.clicks, histories_.click_times,
                                                 params_.session_gap_us);
    }
    // Times and quantities only served the windows and the sessions.
    release(histories_.click_times);
    release(histories_.buy_times);
    release(histories_.buy_quantities);
  }

  void add_rankings(RankingKind kind, std::vector<internal::RankedList> lists) {
    for (auto& list : lists) {
      model_->rankings_.emplace(CustomerModel::ranking_key(kind, list.type, list.category),
                                std::move(list.items));
    }
  }

  void build_neighbours() {
    const std::size_t n = items_.size();
    const std::size_t k = params_.neighbours;
    const std::size_t threads = std::max<std::size_t>(params_.build_threads, 1);
    {
      const internal::OccurrenceIndex clicks(histories_.clicks, n);
      set_neighbours(NeighbourKind::kAlsoClicked,
                     internal::cooccurrence(histories_.clicks, clicks, n,
                                            params_.cooccurrence_window, k, threads));
      set_neighbours(NeighbourKind::kBoughtAfterViewing,
                     internal::cross_occurrence(histories_, clicks, n, k, threads));
    }
    release(histories_.click_later_buy);
    build_sessions();  // after the click index is gone: the peak stays the counting pass's
    release(histories_.clicks.items);
    {
      const internal::OccurrenceIndex buys(histories_.buys, n);
      set_neighbours(NeighbourKind::kAlsoBought,
                     internal::cooccurrence(histories_.buys, buys, n, params_.cooccurrence_window,
                                            k, threads));
    }
    release(histories_.buys.items);
    {
      const internal::OccurrenceIndex consumes(histories_.consumes, n);
      set_neighbours(NeighbourKind::kAlsoConsumed,
                     internal::cooccurrence(histories_.consumes, consumes, n,
                                            params_.cooccurrence_window, k, threads));
    }
    release(histories_.consumes.items);
  }

  void build_sessions() {
    internal::SessionIndexRows rows =
        internal::index_sessions(histories_.clicks, session_ranges_, items_.size(),
                                 params_.sessions_per_item, kMaxSessionItems);
    release(session_ranges_);
    CustomerModel& m = *model_;
    m.session_offsets_ = std::move(rows.offsets);
    m.session_items_ = std::move(rows.items);
    m.item_session_offsets_ = std::move(rows.item_offsets);
    m.item_sessions_ = std::move(rows.item_sessions);
  }

  void set_neighbours(NeighbourKind kind, internal::NeighbourRows rows) {
    internal::order_ties(rows, items_);
    rows.entries.shrink_to_fit();
    auto& csr = model_->neighbours_[static_cast<std::size_t>(kind)];
    csr.offsets = std::move(rows.offsets);
    csr.entries = std::move(rows.entries);
  }

  void move_items() {
    CustomerModel& m = *model_;
    m.index_.reserve(items_.size());
    for (ItemIndex i = 0; i < items_.size(); ++i) {
      m.index_.emplace(CustomerModel::item_key(items_.type(i), items_.id(i)), i);
    }
    m.types_ = items_.take_types();
    m.id_offsets_ = items_.take_id_offsets();
    m.ids_ = items_.take_ids();
    m.category_offsets_ = std::move(categories_.offsets);
    m.categories_ = std::move(categories_.paths);
  }

  void finish_info(std::int64_t duration_us) {
    BuildInfo& info = model_->info_;
    info.duration_us = duration_us;
    info.built_at_us = now_us_ + duration_us;
    info.newest_event_us = histories_.newest_event_us;
    info.events = histories_.events;
    info.users = histories_.users_seen;
    info.items = model_->types_.size();
    info.pairs = 0;
    for (const auto& csr : model_->neighbours_) info.pairs += csr.entries.size();
    info.sessions = model_->session_count();
  }

  template <typename T>
  static void release(std::vector<T>& v) {
    std::vector<T>().swap(v);
  }

  const ModelParams& params_;
  const std::int64_t now_us_;
  std::shared_ptr<CustomerModel> model_;
  internal::ItemDictionary items_;
  internal::Histories histories_;
  internal::CategoryRows categories_;
  std::vector<internal::SessionRange> session_ranges_;
};

Result<std::shared_ptr<const CustomerModel>> build_model(const EventSource& source,
                                                         const ModelParams& params,
                                                         std::int64_t now_us) {
  // The builder runs on a background thread: an exception (out of memory, or thrown by the
  // source's callback) must become a failed build, not a dead server.
  try {
    return ModelBuilder(params, now_us).build(source);
  } catch (const std::bad_alloc&) {
    return Status::internal("out of memory while building the model");
  } catch (const std::exception& e) {
    return Status::internal(std::string("model build failed: ") + e.what());
  }
}

}  // namespace recod::model
