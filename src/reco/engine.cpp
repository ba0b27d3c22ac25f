#include "recod/reco/engine.hpp"

#include <algorithm>
#include <cmath>

#include "stages.hpp"

namespace recod::reco {
namespace {

using config::ModelId;
using detail::Candidate;
using detail::StageContext;
using tracking::EventKind;
using tracking::UserHash;

constexpr std::int64_t kRenderedWindowUs = 30LL * 60 * 1000000;
// A history code stands for the user's newest few items of that kind.
constexpr std::size_t kItemsPerHistoryCode = 5;
// Stages are asked for more candidates than needed, because filters remove some.
constexpr std::size_t kCandidateHeadroom = 4;
constexpr std::size_t kMinCandidates = 100;

struct ItemRefView {
  std::uint32_t type;
  std::string_view id;
  bool operator==(const ItemRefView&) const = default;
};

bool contains(const std::vector<ItemRefView>& set, std::uint32_t type, std::string_view id) {
  return std::find(set.begin(), set.end(), ItemRefView{type, id}) != set.end();
}

bool matches_history_source(EventKind kind, ItemSource source) {
  return detail::history_source_of(kind) == source;
}

// True if `path` is `prefix` or below it ("A/B" is below "A", "AB" is not).
bool is_under(std::string_view path, std::string_view prefix) {
  if (prefix.empty()) return true;
  if (!path.starts_with(prefix)) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '/';
}

// Segments shared from the root ("A/B/C" and "A/B/D" share 2).
std::size_t shared_segments(std::string_view a, std::string_view b) {
  std::size_t shared = 0;
  std::size_t i = 0;
  for (;;) {
    const auto ea = a.find('/', i);
    const auto eb = b.find('/', i);
    const auto sa = a.substr(i, ea == std::string_view::npos ? std::string_view::npos : ea - i);
    const auto sb = b.substr(i, eb == std::string_view::npos ? std::string_view::npos : eb - i);
    if (sa.empty() || sa != sb) return shared;
    ++shared;
    if (ea == std::string_view::npos || eb == std::string_view::npos || ea != eb) return shared;
    i = ea + 1;
  }
}

// The item's category closest to the request's paths (most shared leading segments).
std::string closest_category(std::span<const std::string> categories,
                             std::span<const std::string> wanted) {
  if (categories.empty()) return {};
  const std::string* best = &categories.front();
  std::size_t best_shared = 0;
  for (const auto& c : categories) {
    for (const auto& w : wanted) {
      const auto s = shared_segments(c, w);
      if (s > best_shared) {
        best_shared = s;
        best = &c;
      }
    }
  }
  return *best;
}

// Stages that recommend from the user's history as a whole. The user's own recent items are
// fair answers there (people return to what they looked at), so the items a history code
// brought into the context are not excluded from them; explicit context items still are.
bool is_history_stage(ModelId stage) {
  return stage == ModelId::kPersonalized || stage == ModelId::kRecentlyViewed;
}

// Everything the filters need to know about this request and user.
struct Filters {
  std::span<const std::uint32_t> output_types;
  std::vector<ItemRefView> excluded;         // explicit context items, blacklist, bought, rendered
  std::vector<ItemRefView> history_context;  // context items from history codes
  std::vector<std::string> category_paths;   // restrict to these (empty: no restriction)
  const catalog::Availability* availability = nullptr;  // deleted and out-of-window items
  std::string_view customer;
  std::int64_t now_s = 0;

  bool allows(const model::CustomerModel& model, const Candidate& c, ModelId stage) const {
    if (std::find(output_types.begin(), output_types.end(), c.type) == output_types.end()) {
      return false;
    }
    if (contains(excluded, c.type, c.id)) return false;
    if (!is_history_stage(stage) && contains(history_context, c.type, c.id)) return false;
    if (!availability->available(customer, c.type, c.id, now_s)) return false;
    if (category_paths.empty()) return true;
    const auto index = model.find(c.type, c.id);
    if (!index) return false;
    for (const auto& cat : model.categories(*index)) {
      for (const auto& wanted : category_paths) {
        if (is_under(cat, wanted)) return true;
      }
    }
    return false;
  }
};

std::vector<std::uint32_t> chosen_output_types(const RecoRequest& req,
                                               const config::ScenarioConfig& scenario,
                                               Status& error) {
  const auto& types = scenario.output_types;
  if (req.output_type) {
    if (std::find(types.begin(), types.end(), *req.output_type) == types.end()) {
      error = Status::invalid("outputtypeid " + std::to_string(*req.output_type) +
                              " is not an output type of scenario " + scenario.id);
      return {};
    }
    return {*req.output_type};
  }
  if (req.cross_content_type) return types;
  return {types.front()};  // the lowest (types are sorted)
}

// The request's context: explicit items first, then the user's items for history codes.
std::vector<StageContext> resolve_context(const RecoRequest& req,
                                          const config::ScenarioConfig& scenario,
                                          const model::CustomerModel& model,
                                          std::span<const store::StoredEvent> history) {
  std::vector<StageContext> context;
  for (const auto& id : req.context_items) {
    context.push_back(
        {scenario.input_type, id, ItemSource::kRequest, model.find(scenario.input_type, id)});
  }
  for (const auto source : req.history_sources) {
    std::size_t taken = 0;
    for (auto it = history.rbegin(); it != history.rend() && taken < kItemsPerHistoryCode; ++it) {
      const auto& e = it->event;
      if (!matches_history_source(e.kind, source) || e.item_type != scenario.input_type) continue;
      const bool seen = std::any_of(context.begin(), context.end(), [&](const StageContext& c) {
        return c.source == source && c.type == e.item_type && c.id == e.item_id;
      });
      if (seen) continue;
      context.push_back({e.item_type, e.item_id, source, model.find(e.item_type, e.item_id)});
      ++taken;
    }
  }
  return context;
}

// The v2 document lists each context item once, with every source it came from.
std::vector<ContextItem> describe_context(std::span<const StageContext> context,
                                          const model::CustomerModel& model) {
  std::vector<ContextItem> out;
  for (const auto& c : context) {
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const ContextItem& o) { return o.type == c.type && o.id == c.id; });
    if (it == out.end()) {
      ContextItem item;
      item.type = c.type;
      item.id = std::string(c.id);
      item.viewers = c.index ? model.viewers(*c.index) : 0;
      out.push_back(std::move(item));
      it = std::prev(out.end());
    }
    if (std::find(it->sources.begin(), it->sources.end(), c.source) == it->sources.end()) {
      it->sources.push_back(c.source);
    }
  }
  return out;
}

// Relevance: the first stage's scores scaled to 1..100 against its best; each fallback
// stage scaled the same way into the range below the last item before it, so that the
// list never rises and a fallback keeps its own order.
void assign_relevance(std::vector<Recommendation>& items) {
  double ceiling = 100;
  std::size_t stage_begin = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0 && items[i].model != items[i - 1].model) {
      stage_begin = i;
      ceiling = items[i - 1].relevance;
    }
    const double top = items[stage_begin].score;
    const double share = top > 0 ? items[i].score / top : 0;
    int r = static_cast<int>(std::lround(ceiling * share));
    r = std::clamp(r, 1, i > 0 ? items[i - 1].relevance : 100);
    items[i].relevance = r;
  }
}

}  // namespace

Status Engine::add_attributes(const RecoRequest& req, std::vector<Recommendation>& items) const {
  std::vector<store::ItemRef> refs;
  refs.reserve(items.size());
  for (const auto& item : items) refs.push_back({item.type, item.id});
  auto catalog = store_.catalog_items(req.customer, refs);
  if (!catalog) return catalog.status();
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto& values = items[i].attribute_values;
    values.resize(req.attributes.size());
    const auto& entry = (*catalog)[i];
    if (!entry) continue;
    for (std::size_t k = 0; k < req.attributes.size(); ++k) {
      for (const auto v : entry->values_of(req.attributes[k])) values[k].emplace_back(v);
    }
  }
  return Status::ok();
}

bool needs_history(const RecoRequest& request, const config::ScenarioConfig& scenario) noexcept {
  if (!request.history_sources.empty() || scenario.exclude_bought ||
      scenario.exclude_rendered > 0) {
    return true;
  }
  return std::any_of(scenario.stages.begin(), scenario.stages.end(), [](ModelId m) {
    return m == ModelId::kPersonalized || m == ModelId::kRecentlyViewed;
  });
}

Result<RecoResult> Engine::recommend(const RecoRequest& req, const config::ScenarioConfig& scenario,
                                     std::int64_t now_us) const {
  const auto model_ptr = models_.current(req.customer);
  if (!model_ptr) return Status::not_found("unknown customer");
  const auto& model = *model_ptr;

  Status type_error;
  const auto output_types = chosen_output_types(req, scenario, type_error);
  if (!type_error.is_ok()) return type_error;

  // The user's data: blacklist always (one seek), history only when something needs it.
  const auto user = users_ == nullptr ? store_.hash_user(req.customer, req.user_id) : UserHash{};
  auto blacklist = users_ == nullptr ? store_.blacklist(req.customer, user, now_us)
                                     : users_->blacklist(req.customer, req.user_id, now_us);
  if (!blacklist) return blacklist.status();
  std::vector<store::StoredEvent> history;
  const bool history_needed = needs_history(req, scenario);
  // A blacklist shapes the answer too: its events date it (Last-Modified), or a client
  // that cached the answer from before the blacklisting would be told 304.
  if (history_needed || !blacklist->empty()) {
    const std::size_t limit = config_.model.history_length;
    auto h = users_ == nullptr ? store_.user_events(req.customer, user, limit)
                               : users_->history(req.customer, req.user_id, limit, now_us);
    if (!h) return h.status();
    history = std::move(*h);
  }

  const auto context = resolve_context(req, scenario, model, history);

  Filters filters;
  filters.output_types = output_types;
  filters.availability = &availability_;
  filters.customer = req.customer;
  filters.now_s = now_us / 1000000;
  filters.category_paths = req.category_paths;
  if (req.use_context_category_path) {
    for (const auto& c : context) {
      if (!c.index) continue;
      for (const auto& cat : model.categories(*c.index)) filters.category_paths.push_back(cat);
    }
  }
  if (scenario.exclude_context_items) {
    for (const auto& c : context) {
      auto& list = c.source == ItemSource::kRequest ? filters.excluded : filters.history_context;
      list.push_back({c.type, c.id});
    }
  }
  for (const auto& b : *blacklist) filters.excluded.push_back({b.type, b.id});
  if (scenario.exclude_bought || scenario.exclude_rendered > 0) {
    std::vector<std::pair<ItemRefView, std::uint32_t>> rendered;
    for (const auto& e : history) {
      const ItemRefView item{e.event.item_type, e.event.item_id};
      if (scenario.exclude_bought && e.event.kind == EventKind::kBuy) {
        filters.excluded.push_back(item);
      }
      if (scenario.exclude_rendered > 0 && e.event.kind == EventKind::kRendered &&
          now_us - e.event.time_us <= kRenderedWindowUs) {
        auto it = std::find_if(rendered.begin(), rendered.end(),
                               [&](const auto& r) { return r.first == item; });
        if (it == rendered.end()) {
          rendered.emplace_back(item, 1);
        } else {
          ++it->second;
        }
      }
    }
    for (const auto& [item, count] : rendered) {
      if (count >= scenario.exclude_rendered) filters.excluded.push_back(item);
    }
  }

  const detail::PersonalParams personal{.session_sample = config_.model.sessions_per_item,
                                        .session_neighbours = config_.model.session_neighbours,
                                        .session_weight = config_.model.session_weight / 100.0};
  const detail::StageInput input{model,  context, history, output_types, filters.category_paths,
                                 now_us, personal};
  const std::size_t limit = std::max(kMinCandidates, req.numrecs * kCandidateHeadroom);
  const std::size_t first_ask =
      std::min(limit, req.numrecs + req.numrecs / 2 + filters.excluded.size() +
                          filters.history_context.size());
  // For recommendCategory without a category in the request, the context's categories
  // (or none) decide which of an item's categories is "closest".
  std::vector<std::string> wanted_categories;
  if (req.recommend_category) {
    wanted_categories = filters.category_paths;
    if (wanted_categories.empty()) {
      for (const auto& c : context) {
        if (!c.index) continue;
        for (const auto& cat : model.categories(*c.index)) wanted_categories.push_back(cat);
      }
    }
  }

  RecoResult result;
  std::vector<ItemRefView> chosen;
  // Room for numrecs up front: growing would move every Recommendation made so far.
  result.items.reserve(std::min(req.numrecs, kMaxNumrecs));
  chosen.reserve(std::min(req.numrecs, kMaxNumrecs));
  const auto add_if_allowed = [&](const Candidate& c, ModelId stage) {
    if (contains(chosen, c.type, c.id) || !filters.allows(model, c, stage)) return;
    chosen.push_back({c.type, c.id});
    // Made in place: a Recommendation is large (its origin ids are inline), and moving
    // one in and destroying the original cost more than filling it.
    Recommendation& r = result.items.emplace_back();
    r.type = c.type;
    r.id = std::string(c.id);
    r.score = c.score;
    r.model = stage;
    r.origin_source = c.origin_source;
    r.origin_ids.assign(c.origin_ids.begin(), c.origin_ids.end());
    r.origin_type = c.origin_type;
    if (req.recommend_category) {
      if (const auto index = model.find(c.type, c.id)) {
        r.category = closest_category(model.categories(*index), wanted_categories);
      }
    }
  };
  for (const auto stage : scenario.stages) {
    if (result.items.size() >= req.numrecs) break;
    // Making a candidate reads its item's type and id from the model, a cache miss or two
    // each: for an item-to-item answer, making the whole `limit` was an eighth of the time
    // of a request (perf). A stage's candidates come in a total order, so its first n of a
    // larger batch are its first n: a stage is asked for a few more than the answer needs,
    // and again for `limit` only if the filters left the answer short. `personalized`
    // scores thousands of items per call, and is asked once.
    std::size_t asked = stage == ModelId::kPersonalized ? limit : first_ask;
    std::size_t seen = 0;  // candidates of this stage looked at already
    for (;;) {
      const auto candidates = detail::stage_candidates(stage, input, asked);
      for (std::size_t i = seen; i < candidates.size(); ++i) {
        if (result.items.size() >= req.numrecs) break;
        add_if_allowed(candidates[i], stage);
      }
      seen = candidates.size();
      if (result.items.size() >= req.numrecs || candidates.size() < asked || asked == limit) break;
      asked = limit;
    }
  }
  assign_relevance(result.items);
  if (!req.attributes.empty() && !result.items.empty()) {
    if (auto s = add_attributes(req, result.items); !s.is_ok()) return s;
  }

  result.context = describe_context(context, model);
  result.model_built_us = model.info().built_at_us;
  result.last_modified_us = result.model_built_us;
  // A user without history or blacklist gets the same answer as everybody: cacheable.
  result.user_dependent = (history_needed && !history.empty()) || !blacklist->empty();
  if (result.user_dependent && !history.empty()) {
    result.last_modified_us = std::max(result.last_modified_us, history.back().event.time_us);
  }
  return result;
}

}  // namespace recod::reco
