#include "cooccurrence.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>

#include "recod/util/thread_name.hpp"

namespace recod::model::internal {
namespace {

constexpr std::uint32_t kNoRow = 0xffffffffu;
constexpr std::size_t kEmitPrefetchDistance = 16;

struct Candidate {
  ItemIndex item;
  double score;
};

// Best first; equal scores by index, so that a rebuild of the same data is identical.
bool better(const Candidate& a, const Candidate& b) {
  return a.score > b.score || (a.score == b.score && a.item < b.item);
}

/// Counts, for one item at a time, in how many users each other item goes with it.
class PairCounter final {
 public:
  // touched_ has a spare entry: add() writes one past the touched items unconditionally.
  explicit PairCounter(std::size_t item_count) : slots_(item_count), touched_(item_count + 1) {}

  /// Counts each of items[from, to) as going with the current item in user `row`; an item
  /// already counted for this row is not counted again. The current item itself may be
  /// counted too: emit() drops it.
  void add(const ItemIndex* items, std::size_t from, std::size_t to, std::uint32_t row) {
    // The hottest loop of the build, kept branch-free (whether an item was already seen in
    // this row is unpredictable): locals instead of members, so that nothing is reloaded
    // through `this`, and a preallocated touched list written unconditionally.
    const std::uint32_t mark = row + 1;  // 0 means "not touched in this pass"
    Slot* const slots = slots_.data();
    ItemIndex* const touched = touched_.data();
    std::size_t touched_count = touched_count_;
    for (std::size_t q = from; q < to; ++q) {
      const ItemIndex b = items[q];
      Slot& slot = slots[b];
      const std::uint32_t last = slot.last_row;
      touched[touched_count] = b;
      touched_count += last == 0 ? 1 : 0;
      slot.count += last != mark ? 1 : 0;
      slot.last_row = mark;
    }
    touched_count_ = touched_count;
  }

  /// Scores every item counted with the current item and appends the best `k` to `out` as
  /// its row, then resets what this pass touched. `a`: the current item and its margin;
  /// `columns`: every item's margin as a column of the table.
  void emit(ItemIndex a, const LlrTable::Margin& margin_a, const LlrTable& llr,
            const LlrTable::Margin* columns, std::size_t k, NeighbourRows& out) {
    const std::uint64_t total = llr.total();
    const std::uint64_t n_a = margin_a.users;
    candidates_.clear();
    for (std::size_t t = 0; t < touched_count_; ++t) {
      // The touched items are known in advance and scattered: fetch their margins early.
      if (t + kEmitPrefetchDistance < touched_count_) {
        __builtin_prefetch(&columns[touched_[t + kEmitPrefetchDistance]]);
      }
      const ItemIndex b = touched_[t];
      const std::uint64_t k11 = slots_[b].count;
      slots_[b] = Slot{};
      const LlrTable::Margin& margin_b = columns[b];
      if (b == a) continue;
      // Positive association only: more users share the pair than independence predicts.
      if (k11 * total <= n_a * margin_b.users) continue;
      candidates_.push_back({b, llr(k11, margin_a, margin_b)});
    }
    touched_count_ = 0;
    if (candidates_.size() > k) {
      const auto kth = candidates_.begin() + static_cast<std::ptrdiff_t>(k);
      std::nth_element(candidates_.begin(), kth, candidates_.end(), better);
      candidates_.erase(kth, candidates_.end());
    }
    std::sort(candidates_.begin(), candidates_.end(), better);
    for (const Candidate& c : candidates_) {
      out.entries.push_back({c.item, static_cast<float>(c.score)});
    }
    out.offsets.push_back(static_cast<std::uint32_t>(out.entries.size()));
  }

 private:
  struct Slot {                  // together: one cache line access per counted item
    std::uint32_t last_row = 0;  // row + 1 of the last user counted, 0 = none
    std::uint32_t count = 0;     // users counted in this pass
  };

  std::vector<Slot> slots_;
  std::vector<ItemIndex> touched_;  // [0, touched_count_): items counted in this pass
  std::size_t touched_count_ = 0;
  std::vector<Candidate> candidates_;
};

// An item's occurrences are scattered over the whole sequence (tens of MB), so most windows
// start with a cache miss; asking for the windows a few occurrences ahead lets the misses
// overlap (a few per cent of the build at 10M events).
constexpr std::ptrdiff_t kPrefetchDistance = 8;
constexpr std::size_t kItemsPerCacheLine = 64 / sizeof(ItemIndex);
constexpr std::size_t kMaxPrefetchLines = 4;  // covers the default window of 20

void prefetch_window(const KindSequence& seq, const OccurrenceIndex::Occurrence& occ,
                     std::size_t window) {
  __builtin_prefetch(&seq.offsets[occ.row]);
  const std::size_t p = occ.position;
  const std::size_t first = p - std::min(window, p);
  const std::size_t last = p + std::min(window, seq.items.size() - 1 - p);
  const std::size_t stop = std::min(last, first + kMaxPrefetchLines * kItemsPerCacheLine);
  for (std::size_t q = first; q <= stop; q += kItemsPerCacheLine) {
    __builtin_prefetch(&seq.items[q]);
  }
}

std::vector<LlrTable::Margin> margins_of(const std::vector<std::uint32_t>& users,
                                         const LlrTable& llr) {
  std::vector<LlrTable::Margin> margins;
  margins.reserve(users.size());
  for (const std::uint32_t n : users) margins.push_back(llr.margin(n));
  return margins;
}

NeighbourRows empty_rows(std::size_t item_count) {
  NeighbourRows rows;
  rows.offsets.reserve(item_count + 1);
  rows.offsets.push_back(0);
  return rows;
}

// Chunks per thread: a thread that drew cheap items takes another chunk, so that the
// threads finish together although the work per item is only estimated.
constexpr std::size_t kChunksPerThread = 8;

/// Splits [0, item_count) into ranges of about equal work, estimated as the item's
/// occurrences (each scans a window) plus one (its row's scoring). Returns the bounds.
std::vector<ItemIndex> chunk_bounds(const OccurrenceIndex& index, std::size_t item_count,
                                    std::size_t threads) {
  std::vector<ItemIndex> bounds{0};
  const std::size_t chunks = threads <= 1 ? 1 : threads * kChunksPerThread;
  const std::size_t total = index.occurrences() + item_count;
  const std::size_t per_chunk = total / chunks + 1;
  std::size_t work = 0;
  for (ItemIndex a = 0; a < item_count; ++a) {
    work += static_cast<std::size_t>(index.end(a) - index.begin(a)) + 1;
    if (work >= per_chunk) {
      bounds.push_back(a + 1);
      work = 0;
    }
  }
  if (bounds.back() != item_count) bounds.push_back(static_cast<ItemIndex>(item_count));
  return bounds;
}

/// The rows of the chunks, one after the other: the same result for any number of threads.
/// The first part is taken as it is (with one thread, the only part: no copy at all).
NeighbourRows concatenate(std::vector<NeighbourRows>& parts, std::size_t item_count) {
  if (parts.empty()) return empty_rows(item_count);
  NeighbourRows out = std::move(parts.front());
  out.offsets.reserve(item_count + 1);
  for (auto part = parts.begin() + 1; part != parts.end(); ++part) {
    const auto base = static_cast<std::uint32_t>(out.entries.size());
    out.entries.insert(out.entries.end(), part->entries.begin(), part->entries.end());
    for (std::size_t i = 1; i < part->offsets.size(); ++i) {
      out.offsets.push_back(base + part->offsets[i]);
    }
    *part = NeighbourRows{};  // the copy grows as the parts go
  }
  return out;
}

/// Calls row_of(a, counter, rows) for every item, chunk by chunk, on `threads` threads
/// (the caller's among them), each with its own PairCounter. An exception in any thread
/// stops the others and is rethrown here: build_model() turns it into a failed build.
template <typename RowOf>
NeighbourRows rows_in_chunks(const std::vector<ItemIndex>& bounds, std::size_t threads,
                             std::size_t item_count, const RowOf& row_of) {
  const std::size_t chunk_count = bounds.size() - 1;
  std::vector<NeighbourRows> parts(chunk_count);
  std::atomic<std::size_t> next_chunk{0};
  std::mutex failure_mutex;
  std::exception_ptr failure;
  const auto work = [&] {
    try {
      PairCounter counter(item_count);
      for (std::size_t c = next_chunk++; c < chunk_count; c = next_chunk++) {
        parts[c].offsets.push_back(0);
        for (ItemIndex a = bounds[c]; a < bounds[c + 1]; ++a) row_of(a, counter, parts[c]);
      }
    } catch (...) {
      const std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next_chunk = chunk_count;
    }
  };
  {
    std::vector<std::jthread> helpers;
    for (std::size_t t = 1; t < std::min(threads, chunk_count); ++t) {
      try {
        helpers.emplace_back([&work] {
          util::name_this_thread("recod-build");
          work();
        });
      } catch (const std::system_error&) {
        break;  // no more threads to be had: fewer threads do the same work
      }
    }
    work();
  }  // joins the helpers
  if (failure) std::rethrow_exception(failure);
  return concatenate(parts, item_count);
}

}  // namespace

LlrTable::LlrTable(std::uint64_t total) : total_(total), x_log_x_(total + 1) {
  for (std::uint64_t x = 1; x <= total; ++x) {
    const auto d = static_cast<double>(x);
    x_log_x_[x] = d * std::log(d);
  }
}

std::vector<std::uint32_t> users_per_item(const KindSequence& seq, std::size_t item_count) {
  std::vector<std::uint32_t> users(item_count);
  std::vector<std::uint32_t> last_row(item_count);  // row + 1, 0 = none
  for (std::uint32_t row = 0; row < seq.rows(); ++row) {
    for (std::uint32_t p = seq.offsets[row]; p < seq.offsets[row + 1]; ++p) {
      const ItemIndex i = seq.items[p];
      if (last_row[i] == row + 1) continue;
      last_row[i] = row + 1;
      ++users[i];
    }
  }
  return users;
}

OccurrenceIndex::OccurrenceIndex(const KindSequence& seq, std::size_t item_count)
    : offsets_(item_count + 1),
      entries_(seq.items.size()),
      users_(users_per_item(seq, item_count)) {
  // Counting sort by item; filling rows in order keeps each item's list sorted by user.
  for (const ItemIndex i : seq.items) ++offsets_[i + 1];
  for (std::size_t i = 0; i < item_count; ++i) offsets_[i + 1] += offsets_[i];
  std::vector<std::uint32_t> next(offsets_.begin(), offsets_.end() - 1);
  for (std::uint32_t row = 0; row < seq.rows(); ++row) {
    for (std::uint32_t p = seq.offsets[row]; p < seq.offsets[row + 1]; ++p) {
      entries_[next[seq.items[p]]++] = {row, p};
    }
  }
}

NeighbourRows cooccurrence(const KindSequence& seq, const OccurrenceIndex& index,
                           std::size_t item_count, std::size_t window, std::size_t k,
                           std::size_t threads) {
  const LlrTable llr(seq.users);
  const std::vector<LlrTable::Margin> margins = margins_of(index.users(), llr);
  const ItemIndex* const items = seq.items.data();
  const auto row_of = [&](ItemIndex a, PairCounter& counter, NeighbourRows& out) {
    std::uint32_t previous_row = kNoRow;
    std::size_t scanned_end = 0;  // in previous_row, positions before this were counted
    const auto* const end = index.end(a);
    for (const auto* occ = index.begin(a); occ != end; ++occ) {
      if (end - occ > kPrefetchDistance) prefetch_window(seq, occ[kPrefetchDistance], window);
      const std::uint32_t row_begin = seq.offsets[occ->row];
      const std::uint32_t row_end = seq.offsets[occ->row + 1];
      const std::uint32_t p = occ->position;
      std::size_t from = p - std::min<std::size_t>(window, p - row_begin);
      const std::size_t to = p + 1 + std::min<std::size_t>(window, row_end - 1 - p);
      // A second occurrence in the same user: its window overlaps the previous one's.
      if (occ->row == previous_row) from = std::max(from, scanned_end);
      previous_row = occ->row;
      scanned_end = to;
      counter.add(items, from, to, occ->row);
    }
    counter.emit(a, margins[a], llr, margins.data(), k, out);
  };
  return rows_in_chunks(chunk_bounds(index, item_count, threads), threads, item_count, row_of);
}

void order_ties(NeighbourRows& rows, const ItemDictionary& items) {
  const auto by_item = [&items](const ScoredItem& a, const ScoredItem& b) {
    return items.before(a.item, b.item);
  };
  for (std::size_t r = 0; r + 1 < rows.offsets.size(); ++r) {
    const auto row_end = rows.entries.begin() + rows.offsets[r + 1];
    for (auto run = rows.entries.begin() + rows.offsets[r]; run != row_end;) {
      const auto run_end = std::find_if(run + 1, row_end,
                                        [&](const ScoredItem& e) { return e.score != run->score; });
      if (run_end - run > 1) std::sort(run, run_end, by_item);
      run = run_end;
    }
  }
}

NeighbourRows cross_occurrence(const Histories& histories, const OccurrenceIndex& clicks,
                               std::size_t item_count, std::size_t k, std::size_t threads) {
  const KindSequence& buys = histories.buys;
  const LlrTable llr(histories.users_clicking_or_buying);
  const std::vector<LlrTable::Margin> clickers = margins_of(clicks.users(), llr);
  const std::vector<LlrTable::Margin> buyers = margins_of(users_per_item(buys, item_count), llr);
  const auto row_of = [&](ItemIndex a, PairCounter& counter, NeighbourRows& out) {
    std::uint32_t previous_row = kNoRow;
    for (const auto* occ = clicks.begin(a); occ != clicks.end(a); ++occ) {
      // A user's first click on a has the most buys after it; later clicks add nothing.
      if (occ->row == previous_row) continue;
      previous_row = occ->row;
      counter.add(buys.items.data(), histories.click_later_buy[occ->position],
                  buys.offsets[occ->row + 1], occ->row);
    }
    counter.emit(a, clickers[a], llr, buyers.data(), k, out);
  };
  return rows_in_chunks(chunk_bounds(clicks, item_count, threads), threads, item_count, row_of);
}

}  // namespace recod::model::internal
