#include "rankings.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>

namespace recod::model::internal {
namespace {

bool in_window(std::int64_t time_us, std::int64_t end_us, std::int64_t window_us) {
  return time_us <= end_us && time_us > end_us - window_us;
}

/// Every prefix of every path ("A/B" gives "A" and "A/B"), each once, sorted.
void category_prefixes(std::span<const std::string> paths, std::vector<std::string_view>& out) {
  out.clear();
  for (const std::string& path : paths) {
    const std::string_view p(path);
    for (std::size_t slash = p.find('/'); slash != std::string_view::npos;
         slash = p.find('/', slash + 1)) {
      out.push_back(p.substr(0, slash));
    }
    if (!p.empty()) out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

}  // namespace

WindowScores window_scores(const Histories& histories, std::size_t item_count,
                           const ModelParams& params, std::int64_t now_us) {
  WindowScores scores;
  scores.bought.assign(item_count, 0.0);
  scores.clicked.assign(item_count, 0.0);
  scores.viewers.assign(item_count, 0);
  if (histories.events == 0) return scores;
  // A store that holds only old data still has bestsellers: the window ends at its newest
  // event. Events stamped in the future (clock skew, imports) are left out.
  const std::int64_t end_us = std::min(now_us, histories.newest_event_us);

  for (std::size_t p = 0; p < histories.buys.items.size(); ++p) {
    if (in_window(histories.buy_times[p], end_us, params.bestseller_window_us)) {
      scores.bought[histories.buys.items[p]] += histories.buy_quantities[p];
    }
  }
  const KindSequence& clicks = histories.clicks;
  std::vector<std::uint32_t> last_row(item_count);  // row + 1 of the last viewer, 0 = none
  for (std::uint32_t row = 0; row < clicks.rows(); ++row) {
    for (std::uint32_t p = clicks.offsets[row]; p < clicks.offsets[row + 1]; ++p) {
      if (!in_window(histories.click_times[p], end_us, params.most_clicked_window_us)) continue;
      const ItemIndex i = clicks.items[p];
      scores.clicked[i] += 1;
      if (last_row[i] != row + 1) {
        last_row[i] = row + 1;
        ++scores.viewers[i];
      }
    }
  }
  return scores;
}

std::vector<RankedList> rank_items(std::span<const double> scores, const ItemDictionary& items,
                                   const CategoryRows& categories, std::size_t length) {
  // The order of recommendation answers (reco/stages.cpp, better()): an item is one
  // (type, id), so the order is total.
  const auto better = [&items](const ScoredItem& a, const ScoredItem& b) {
    if (a.score != b.score) return a.score > b.score;
    return items.before(a.item, b.item);
  };
  // Keys view the category strings, which outlive this function; std::map gives the
  // documented (type, category) order for free.
  std::map<std::pair<std::uint32_t, std::string_view>, std::vector<ScoredItem>> lists;
  std::vector<std::string_view> prefixes;
  for (ItemIndex i = 0; i < scores.size(); ++i) {
    if (!(scores[i] > 0)) continue;
    const ScoredItem entry{i, static_cast<float>(scores[i])};
    lists[{items.type(i), std::string_view()}].push_back(entry);
    category_prefixes(categories.of(i), prefixes);
    for (const std::string_view prefix : prefixes) lists[{items.type(i), prefix}].push_back(entry);
  }

  std::vector<RankedList> out;
  out.reserve(lists.size());
  for (auto& [key, list] : lists) {
    if (list.size() > length) {
      const auto last = list.begin() + static_cast<std::ptrdiff_t>(length);
      std::partial_sort(list.begin(), last, list.end(), better);
      list.erase(last, list.end());
    } else {
      std::sort(list.begin(), list.end(), better);
    }
    list.shrink_to_fit();
    out.push_back({key.first, std::string(key.second), std::move(list)});
  }
  return out;
}

}  // namespace recod::model::internal
