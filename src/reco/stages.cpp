#include "stages.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cmath>
#include <span>

#include "recod/reco/request.hpp"

namespace recod::reco::detail {
namespace {

using config::ModelId;
using model::ItemIndex;
using model::NeighbourKind;
using tracking::EventKind;

// Personalisation: how much each event kind of the history says about what comes next,
// how fast older items fade, and how much an earlier visit counts against this one
// (measured with `recod evaluate`, docs/models.md).
constexpr double kPositionDecay = 0.65;
constexpr std::size_t kPersonalHistoryItems = 20;
constexpr std::int64_t kSessionGapUs = 30LL * 60 * 1000000;
constexpr double kEarlierSessionWeight = 0.5;
constexpr double kCrossSellWeight = 0.5;  // clicked-then-bought neighbours in personalised
// The item the user is looking at stays in a personalised list (people return to items),
// but below what is new to them.
constexpr double kLookedAtWeight = 0.3;

double kind_weight(EventKind kind) {
  switch (kind) {
    case EventKind::kBasket:
      return 1.5;
    case EventKind::kBuy:
      return 1.2;
    case EventKind::kClick:
    case EventKind::kClickRecommended:
    case EventKind::kConsume:
    case EventKind::kRate:
      return 1.0;
    default:
      return 0.0;
  }
}

// Candidates in the order of answers: by score, best first; ties broken by type, then id,
// so that answers are stable between requests. An item is one (type, id): the order is total,
// so every way of sorting gives the same list.
bool better(const Candidate& a, const Candidate& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.type != b.type) return a.type < b.type;
  return a.id < b.id;
}

bool higher_score(const Candidate& a, const Candidate& b) { return a.score > b.score; }

// Puts the first `limit` of `v`, which is in score order already (a neighbour list, a
// ranking: best first), in the order of better(): only runs of equal scores need sorting,
// and only as far as the limit. A ranking's ties come ordered from the model already.
void order_ties(std::vector<Candidate>& v, std::size_t limit) {
  const auto cut = v.begin() + static_cast<std::ptrdiff_t>(std::min(limit, v.size()));
  for (auto run = v.begin(); run < cut;) {
    const auto run_end =
        std::find_if(run + 1, v.end(), [&](const Candidate& c) { return c.score != run->score; });
    if (!std::is_sorted(run, run_end, better)) {
      if (run_end <= cut) {
        std::sort(run, run_end, better);
      } else {
        std::partial_sort(run, cut, run_end, better);
      }
    }
    run = run_end;
  }
}

// Sorts `v` with better() and keeps the first `limit`.
void sort_and_cut(std::vector<Candidate>& v, std::size_t limit) {
  if (std::is_sorted(v.begin(), v.end(), higher_score)) {
    order_ties(v, limit);
  } else if (v.size() > limit) {
    std::partial_sort(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(limit), v.end(), better);
  } else {
    std::sort(v.begin(), v.end(), better);
  }
  if (v.size() > limit) v.resize(limit);
}

// Accumulates weighted neighbour scores; remembers who contributed most.
//
// The slots are a vector in the order items arrived, found through an open-addressing table
// of their positions: a board collects from dozens (item-to-item) to thousands
// (personalized) of items per request, and a node-based map spent one allocation on each.
// The order of the slots never shows: take() sorts by a total order. A slot names its
// origins by their number on the board (origin()), which keeps it at 32 bytes: views of the
// ids made it 88, and moving and touching those was a good part of a personalized answer.
class ScoreBoard {
 public:
  /// An origin id's number on this board.
  using Origin = std::uint8_t;

  /// The number of `id` on this board, the same for equal ids.
  [[nodiscard]] Origin origin(std::string_view id) {
    for (std::size_t i = 0; i < origin_ids_.size(); ++i) {
      if (origin_ids_[i] == id) return static_cast<Origin>(i);
    }
    // Origins are the request's context items and the user's recent items (see the
    // static_assert below); a board that had more would name no more.
    if (origin_ids_.size() == kUnnamed) return kUnnamed;
    origin_ids_.push_back(id);
    return static_cast<Origin>(origin_ids_.size() - 1);
  }

  void add(ItemIndex item, double score, ItemSource source, Origin origin,
           std::uint32_t origin_type) {
    Slot& s = slot_of(item);
    s.score += score;
    if (score > s.best_contribution) {
      s.best_contribution = score;
      s.source = source;
      s.origin_type = origin_type;
    }
    s.add_origin(origin);
  }

  /// Multiplies the item's score (if it has one) by `factor`.
  void scale_item(ItemIndex item, double factor) {
    if (Slot* s = find(item)) s->score *= factor;
  }

  [[nodiscard]] std::size_t size() const noexcept { return slots_.size(); }

  [[nodiscard]] double max_score() const {
    double top = 0;
    for (const Slot& s : slots_) top = std::max(top, s.score);
    return top;
  }

  /// Scales this board's scores by `own`, then adds `other`'s scaled by `theirs`; the
  /// origin is the one of the larger scaled contribution. A part weighted 0 leaves no
  /// candidates (not candidates of score 0 that would pad the list).
  void blend(double own, const ScoreBoard& other, double theirs) {
    if (own <= 0) clear();
    for (Slot& s : slots_) {
      s.score *= own;
      s.best_contribution *= own;
    }
    if (theirs <= 0) return;
    std::vector<Origin> renamed;  // other's origin numbers on this board
    renamed.reserve(other.origin_ids_.size());
    for (const auto id : other.origin_ids_) renamed.push_back(origin(id));
    reserve(slots_.size() + other.slots_.size());
    for (const Slot& o : other.slots_) {
      Slot& s = slot_of(o.item);
      s.score += o.score * theirs;
      if (o.best_contribution * theirs > s.best_contribution) {
        s.best_contribution = o.best_contribution * theirs;
        s.source = o.source;
        s.origin_type = o.origin_type;
      }
      for (std::size_t i = 0; i < o.origin_count; ++i) s.add_origin(renamed[o.origins[i]]);
    }
  }

  /// Room for `items` items without growing (a board may still take more).
  void reserve(std::size_t items) {
    slots_.reserve(items);
    const std::size_t entries = std::bit_ceil(std::max(items * 2, kInitialEntries));
    if (entries > table_.size()) rehash(entries);
  }

  /// The best `limit` items in the order of better().
  std::vector<Candidate> take(const model::CustomerModel& model, std::size_t limit) const {
    // Ordered as slots, and only the best `limit` made candidates: a personalized board
    // holds thousands of items, and sorting as many candidates was a fifth of its work.
    const auto better_slot = [&](const Slot* a, const Slot* b) {
      if (a->score != b->score) return a->score > b->score;
      return model.before(a->item, b->item);
    };
    std::vector<const Slot*> best;
    best.reserve(slots_.size());
    for (const Slot& s : slots_) best.push_back(&s);
    if (best.size() > limit) {
      std::partial_sort(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(limit), best.end(),
                        better_slot);
      best.resize(limit);
    } else {
      std::sort(best.begin(), best.end(), better_slot);
    }
    std::vector<Candidate> out;
    out.reserve(best.size());
    for (const Slot* s : best) {
      Candidate c;
      c.type = model.item_type(s->item);
      c.id = model.item_id(s->item);
      c.score = s->score;
      c.origin_source = s->source;
      for (std::size_t i = 0; i < s->origin_count; ++i)
        c.origin_ids.add(origin_ids_[s->origins[i]]);
      c.origin_type = s->origin_type;
      out.push_back(c);
    }
    assert(std::is_sorted(out.begin(), out.end(), better));
    return out;
  }

 private:
  static constexpr Origin kUnnamed = 0xff;

  struct Slot {
    double score = 0;
    double best_contribution = -1;
    ItemIndex item = 0;
    std::uint32_t origin_type = 0;
    ItemSource source = ItemSource::kRequest;
    std::uint8_t origin_count = 0;
    std::array<Origin, kMaxOriginIds> origins{};  // the first distinct ones, in arrival order

    void add_origin(Origin o) {
      if (o == kUnnamed || origin_count == origins.size()) return;
      for (std::size_t i = 0; i < origin_count; ++i) {
        if (origins[i] == o) return;
      }
      origins[origin_count++] = o;
    }
  };
  static_assert(sizeof(Slot) == 32);
  static_assert(kMaxContextItems + kPersonalHistoryItems < kUnnamed,
                "every origin of a request has a number on a board");

  // A table entry: the item (compared without touching its slot) and its slot's position
  // plus one, so that a table of zeros is empty.
  struct Entry {
    ItemIndex item = 0;
    std::uint32_t slot_plus_one = 0;
  };
  static constexpr std::size_t kInitialEntries = 128;

  // Where probing for `item` starts: Fibonacci hashing, the top bits of item * 2^32 / phi.
  [[nodiscard]] std::size_t home(ItemIndex item) const {
    return static_cast<std::uint32_t>(item * 2654435769U) >> shift_;
  }

  [[nodiscard]] Slot* find(ItemIndex item) {
    if (table_.empty()) return nullptr;
    const std::size_t mask = table_.size() - 1;
    for (std::size_t i = home(item);; i = (i + 1) & mask) {
      const Entry& e = table_[i];
      if (e.slot_plus_one == 0) return nullptr;
      if (e.item == item) return &slots_[e.slot_plus_one - 1];
    }
  }

  // The item's slot, a new one (score 0, no origin) if it has none.
  Slot& slot_of(ItemIndex item) {
    // At most half full, so that probe sequences stay short.
    if ((slots_.size() + 1) * 2 > table_.size()) grow();
    const std::size_t mask = table_.size() - 1;
    for (std::size_t i = home(item);; i = (i + 1) & mask) {
      Entry& e = table_[i];
      if (e.slot_plus_one == 0) {
        Slot& s = slots_.emplace_back();
        s.item = item;
        e = {item, static_cast<std::uint32_t>(slots_.size())};
        return s;
      }
      if (e.item == item) return slots_[e.slot_plus_one - 1];
    }
  }

  void grow() { rehash(table_.empty() ? kInitialEntries : table_.size() * 2); }

  // A table of `entries` (a power of two) entries for the slots there are.
  void rehash(std::size_t entries) {
    table_.assign(entries, Entry{});  // zeros: all free
    shift_ = 32 - std::countr_zero(entries);
    const std::size_t mask = entries - 1;
    for (std::size_t p = 0; p < slots_.size(); ++p) {
      std::size_t i = home(slots_[p].item);
      while (table_[i].slot_plus_one != 0) i = (i + 1) & mask;
      table_[i] = {slots_[p].item, static_cast<std::uint32_t>(p + 1)};
    }
  }

  void clear() {
    slots_.clear();
    std::fill(table_.begin(), table_.end(), Entry{});
  }

  std::vector<Slot> slots_;
  std::vector<Entry> table_;  // a power of two entries, or none before the first item
  int shift_ = 32;            // 32 - log2(table_.size())
  std::vector<std::string_view> origin_ids_;  // by number
};

// A neighbour's score relative to the best of its list (`top`), so that items with large raw
// scores (popular ones) do not drown the others.
double neighbour_score(double weight, const model::ScoredItem& n, double top) {
  return weight * n.score / top;
}

// Adds `item`'s neighbours to the board, each with its neighbour_score().
void add_neighbours(const model::CustomerModel& model, NeighbourKind kind, ItemIndex item,
                    double weight, ItemSource source, std::string_view origin_id,
                    std::uint32_t origin_type, ScoreBoard& board) {
  const auto list = model.neighbours(kind, item);
  if (list.empty() || list.front().score <= 0) return;
  const double top = list.front().score;
  const auto origin = board.origin(origin_id);
  for (const auto& n : list) {
    board.add(n.item, neighbour_score(weight, n, top), source, origin, origin_type);
  }
}

std::optional<NeighbourKind> neighbour_kind(ModelId stage) {
  switch (stage) {
    case ModelId::kAlsoClicked:
      return NeighbourKind::kAlsoClicked;
    case ModelId::kAlsoBought:
      return NeighbourKind::kAlsoBought;
    case ModelId::kAlsoConsumed:
      return NeighbourKind::kAlsoConsumed;
    case ModelId::kBoughtAfterViewing:
      return NeighbourKind::kBoughtAfterViewing;
    default:
      return std::nullopt;
  }
}

// The candidates of a single context item: its neighbour list as it is, what a ScoreBoard
// would make of it without building one. The list holds each item once, so nothing is
// summed, and the builder keeps it in the order of better() (ties by type and id,
// model/cooccurrence.hpp order_ties()), so its first `limit` are the answer as they are:
// sorting its ties here took a tenth of an item-to-item request's instructions.
std::vector<Candidate> neighbours_of(NeighbourKind kind, const StageContext& ctx,
                                     const model::CustomerModel& model, std::size_t limit) {
  std::vector<Candidate> out;
  const auto list = model.neighbours(kind, *ctx.index);
  if (list.empty() || list.front().score <= 0) return out;
  const double top = list.front().score;
  const auto used = list.first(std::min(limit, list.size()));
  out.reserve(used.size());
  for (const auto& n : used) {
    Candidate c;
    c.type = model.item_type(n.item);
    c.id = model.item_id(n.item);
    c.score = neighbour_score(1.0, n, top);
    c.origin_source = ctx.source;
    c.origin_ids.add(ctx.id);
    c.origin_type = ctx.type;
    out.push_back(c);
  }
  assert(std::is_sorted(out.begin(), out.end(), better));
  return out;
}

std::vector<Candidate> item_to_item(NeighbourKind kind, const StageInput& in, std::size_t limit) {
  const auto known = [](const StageContext& ctx) { return ctx.index.has_value(); };
  // One known context item is the common request ("also clicked with this one").
  if (std::count_if(in.context.begin(), in.context.end(), known) == 1) {
    return neighbours_of(kind, *std::find_if(in.context.begin(), in.context.end(), known), in.model,
                         limit);
  }
  ScoreBoard board;
  for (const auto& ctx : in.context) {
    if (ctx.index)
      add_neighbours(in.model, kind, *ctx.index, 1.0, ctx.source, ctx.id, ctx.type, board);
  }
  return board.take(in.model, limit);
}

std::vector<Candidate> ranked(model::RankingKind kind, const StageInput& in, std::size_t limit) {
  std::vector<Candidate> out;
  const std::string all;  // no category filter: the whole site
  const std::span<const std::string> paths =
      in.category_paths.empty() ? std::span<const std::string>(&all, 1) : in.category_paths;
  const auto append = [&](std::uint32_t type, std::span<const model::ScoredItem> ranking) {
    for (const auto& s : ranking) {
      Candidate c;
      c.type = type;
      c.id = in.model.item_id(s.item);
      c.score = s.score;
      out.push_back(c);
    }
  };
  if (in.output_types.size() * paths.size() == 1) {
    // One ranking, best first, holding an item once: only its first `limit` entries and
    // those tied with the last of them can be in the answer (ties go by id).
    const auto ranking = in.model.ranking(kind, in.output_types.front(), paths.front());
    std::size_t end = std::min(limit, ranking.size());
    while (end > 0 && end < ranking.size() && ranking[end].score == ranking[end - 1].score) ++end;
    out.reserve(end);
    append(in.output_types.front(), ranking.first(end));
    sort_and_cut(out, limit);
    return out;
  }
  for (const auto type : in.output_types) {
    for (const auto& path : paths) append(type, in.model.ranking(kind, type, path));
  }
  // The same item may be in several requested categories: keep it once.
  sort_and_cut(out, out.size());
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Candidate& a, const Candidate& b) {
                          return a.type == b.type && a.id == b.id;
                        }),
            out.end());
  if (out.size() > limit) out.resize(limit);
  return out;
}

// The user's distinct recent items, newest first, with the weight each one gets.
struct WeightedItem {
  const store::StoredEvent* event;
  double weight;
};

std::vector<WeightedItem> recent_items(const StageInput& in) {
  std::vector<WeightedItem> out;
  bool in_current_session = true;
  std::int64_t previous_us = in.now_us;
  // Reverse iterators, not std::views::reverse: clang-tidy's clang 14 cannot parse
  // libstdc++ 12's ranges.
  // NOLINTNEXTLINE(modernize-loop-convert)
  for (auto it = in.history.rbegin(); it != in.history.rend(); ++it) {
    const auto& e = *it;
    // A gap of 30 minutes starts an earlier session (looking backwards).
    if (previous_us - e.event.time_us > kSessionGapUs) in_current_session = false;
    previous_us = e.event.time_us;
    const double kw = kind_weight(e.event.kind);
    if (kw == 0.0) continue;
    const bool seen = std::any_of(out.begin(), out.end(), [&](const WeightedItem& w) {
      return w.event->event.item_type == e.event.item_type &&
             w.event->event.item_id == e.event.item_id;
    });
    if (seen) continue;
    const double position = std::pow(kPositionDecay, static_cast<double>(out.size()));
    out.push_back({&e, kw * position * (in_current_session ? 1.0 : kEarlierSessionWeight)});
    if (out.size() >= kPersonalHistoryItems) break;
  }
  return out;
}

// A history item as personalisation uses it.
struct QueryItem {
  ItemIndex index;
  double weight;
  ItemSource source;
  std::string_view id;
  std::uint32_t type;
};

// Session-kNN (V-SKNN, Ludewig & Jannach 2018): the `session_sample` most recent sessions
// that share an item with the query (a merge of the items' lists, which are most recent
// first), each as similar as the summed weights of the query items it shares; the
// `session_neighbours` most similar then vote for each of their items with that
// similarity. Work is bounded: at most session_sample x |query| list entries read, and
// session_neighbours x 50 items scored.
ScoreBoard session_knn(const StageInput& in, std::span<const QueryItem> query) {
  ScoreBoard board;
  const PersonalParams& p = in.personal;
  if (p.session_sample == 0 || p.session_neighbours == 0 || in.model.session_count() == 0) {
    return board;
  }
  struct Cursor {
    const model::SessionIndex* next;
    const model::SessionIndex* end;
    std::size_t query;
  };
  // A min-heap on the next session index (the most recent session not yet taken).
  const auto later = [](const Cursor& a, const Cursor& b) { return *a.next > *b.next; };
  std::vector<Cursor> heap;
  heap.reserve(query.size());
  for (std::size_t q = 0; q < query.size(); ++q) {
    const auto sessions = in.model.item_sessions(query[q].index);
    if (!sessions.empty()) heap.push_back({sessions.data(), sessions.data() + sessions.size(), q});
  }
  std::make_heap(heap.begin(), heap.end(), later);

  struct Neighbour {
    model::SessionIndex session;
    double similarity;
    std::size_t best_query;  // the query item of the largest weight it shares
  };
  std::vector<Neighbour> found;
  found.reserve(p.session_sample);
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    Cursor& c = heap.back();
    const model::SessionIndex session = *c.next;
    if (found.empty() || found.back().session != session) {
      if (found.size() == p.session_sample) break;
      found.push_back({session, 0.0, c.query});
    }
    Neighbour& n = found.back();
    n.similarity += query[c.query].weight;
    if (query[c.query].weight > query[n.best_query].weight) n.best_query = c.query;
    if (++c.next == c.end) {
      heap.pop_back();
    } else {
      std::push_heap(heap.begin(), heap.end(), later);
    }
  }

  // The most similar; among equals the more recent.
  const auto more_similar = [](const Neighbour& a, const Neighbour& b) {
    return a.similarity > b.similarity || (a.similarity == b.similarity && a.session < b.session);
  };
  if (found.size() > p.session_neighbours) {
    const auto kth = found.begin() + static_cast<std::ptrdiff_t>(p.session_neighbours);
    std::nth_element(found.begin(), kth, found.end(), more_similar);
    found.erase(kth, found.end());
  }
  std::size_t items = 0;
  for (const Neighbour& n : found) items += in.model.session_items(n.session).size();
  board.reserve(items);
  for (const Neighbour& n : found) {
    const QueryItem& origin = query[n.best_query];
    const auto origin_number = board.origin(origin.id);
    for (const ItemIndex item : in.model.session_items(n.session)) {
      board.add(item, n.similarity, origin.source, origin_number, origin.type);
    }
  }
  return board;
}

// The neighbour lists a history item brings into personalized, and at what weight: a bought
// item what was bought with it; any other what was clicked with it and, at less weight, what
// was bought after viewing it.
struct ListUse {
  NeighbourKind kind;
  double weight;
};
std::span<const ListUse> lists_for(EventKind kind) {
  static constexpr std::array<ListUse, 1> kBought{{{NeighbourKind::kAlsoBought, 1.0}}};
  static constexpr std::array<ListUse, 2> kViewed{
      {{NeighbourKind::kAlsoClicked, 1.0}, {NeighbourKind::kBoughtAfterViewing, kCrossSellWeight}}};
  if (kind == EventKind::kBuy) return kBought;
  return kViewed;
}

// The user's recent items (explicit context items first, as the newest) with the neighbours
// of each (item-to-item), blended with the items of the sessions most like the user's
// (session-kNN). The user's own items are not removed; what the user is looking at (the
// context items, or else the newest history item) counts less.
std::vector<Candidate> personalized(const StageInput& in, std::size_t limit) {
  std::vector<QueryItem> query;
  // Explicit context items count as the newest part of the history.
  for (const auto& ctx : in.context) {
    if (ctx.index && ctx.source == ItemSource::kRequest) {
      query.push_back({*ctx.index, 1.0, ctx.source, ctx.id, ctx.type});
    }
  }
  const std::size_t looked_at = std::max<std::size_t>(query.size(), 1);
  std::vector<EventKind> kinds(query.size(), EventKind::kClick);
  for (const auto& w : recent_items(in)) {
    const auto& e = w.event->event;
    const auto index = in.model.find(e.item_type, e.item_id);
    if (!index) continue;
    const bool seen = std::any_of(query.begin(), query.end(),
                                  [&](const QueryItem& q) { return q.index == *index; });
    if (seen) continue;
    query.push_back({*index, w.weight, history_source_of(e.kind).value_or(ItemSource::kClick),
                     e.item_id, e.item_type});
    kinds.push_back(e.kind);
  }

  const double session_weight = std::clamp(in.personal.session_weight, 0.0, 1.0);
  const ScoreBoard sessions = session_weight > 0 ? session_knn(in, query) : ScoreBoard();

  // Room for every neighbour listed and every session item, so that neither adding nor
  // blending moves the slots.
  ScoreBoard board;
  std::size_t listed = 0;
  for (std::size_t q = 0; q < query.size(); ++q) {
    for (const auto& use : lists_for(kinds[q]))
      listed += in.model.neighbours(use.kind, query[q].index).size();
  }
  board.reserve(listed + sessions.size());
  for (std::size_t q = 0; q < query.size(); ++q) {
    const QueryItem& item = query[q];
    for (const auto& use : lists_for(kinds[q])) {
      add_neighbours(in.model, use.kind, item.index, item.weight * use.weight, item.source, item.id,
                     item.type, board);
    }
  }
  if (session_weight > 0) {
    const double top_items = board.max_score();
    const double top_sessions = sessions.max_score();
    // Each part scaled to 1 for its best item, then weighted; a part that found nothing
    // leaves the other alone.
    const double own =
        top_items > 0 ? (top_sessions > 0 ? 1.0 - session_weight : 1.0) / top_items : 0.0;
    const double theirs =
        top_sessions > 0 ? (top_items > 0 ? session_weight : 1.0) / top_sessions : 0.0;
    board.blend(own, sessions, theirs);
  }
  for (std::size_t q = 0; q < query.size() && q < looked_at; ++q) {
    board.scale_item(query[q].index, kLookedAtWeight);
  }
  return board.take(in.model, limit);
}

std::vector<Candidate> recently_viewed(const StageInput& in, std::size_t limit) {
  std::vector<Candidate> out;
  for (auto it = in.history.rbegin(); it != in.history.rend() && out.size() < limit; ++it) {
    const auto& e = it->event;
    if (e.kind != EventKind::kClick && e.kind != EventKind::kClickRecommended) continue;
    const bool seen = std::any_of(out.begin(), out.end(), [&](const Candidate& c) {
      return c.type == e.item_type && c.id == e.item_id;
    });
    if (seen) continue;
    Candidate c;
    c.type = e.item_type;
    c.id = e.item_id;
    c.score = 1.0 / static_cast<double>(out.size() + 1);  // newest first
    // No origin: like bestseller, a model without input (docs/recommendation-api.md).
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::optional<ItemSource> history_source_of(tracking::EventKind kind) noexcept {
  switch (kind) {
    case EventKind::kClick:
    case EventKind::kClickRecommended:
      return ItemSource::kClick;
    case EventKind::kConsume:
      return ItemSource::kConsume;
    case EventKind::kBuy:
      return ItemSource::kBuy;
    case EventKind::kRate:
      return ItemSource::kRate;
    case EventKind::kBasket:
      return ItemSource::kBasket;
    default:
      return std::nullopt;
  }
}

std::vector<Candidate> stage_candidates(ModelId stage, const StageInput& input, std::size_t limit) {
  if (const auto kind = neighbour_kind(stage)) return item_to_item(*kind, input, limit);
  switch (stage) {
    case ModelId::kBestseller:
      return ranked(model::RankingKind::kBestseller, input, limit);
    case ModelId::kMostClicked:
      return ranked(model::RankingKind::kMostClicked, input, limit);
    case ModelId::kPersonalized:
      return personalized(input, limit);
    case ModelId::kRecentlyViewed:
      return recently_viewed(input, limit);
    default:
      return {};
  }
}

}  // namespace recod::reco::detail
