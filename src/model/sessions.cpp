#include "sessions.hpp"

#include <algorithm>

namespace recod::model::internal {

std::vector<SessionRange> click_sessions(const KindSequence& clicks,
                                         std::span<const std::int64_t> click_times,
                                         std::int64_t gap_us) {
  struct Dated {
    std::int64_t last_us;
    SessionRange range;
  };
  std::vector<Dated> dated;
  const auto close = [&](std::uint32_t begin, std::uint32_t end) {
    if (end - begin >= 2) dated.push_back({click_times[end - 1], {begin, end}});
  };
  for (std::size_t row = 0; row < clicks.rows(); ++row) {
    const std::uint32_t row_begin = clicks.offsets[row];
    const std::uint32_t row_end = clicks.offsets[row + 1];
    std::uint32_t begin = row_begin;
    for (std::uint32_t p = row_begin + 1; p < row_end; ++p) {
      if (click_times[p] - click_times[p - 1] > gap_us) {
        close(begin, p);
        begin = p;
      }
    }
    if (begin < row_end) close(begin, row_end);
  }
  // Most recent first; ties by position, so that a rebuild of the same data is identical.
  std::sort(dated.begin(), dated.end(), [](const Dated& a, const Dated& b) {
    return a.last_us > b.last_us || (a.last_us == b.last_us && a.range.begin < b.range.begin);
  });
  std::vector<SessionRange> ranges;
  ranges.reserve(dated.size());
  for (const Dated& d : dated) ranges.push_back(d.range);
  return ranges;
}

SessionIndexRows index_sessions(const KindSequence& clicks, std::span<const SessionRange> ranges,
                                std::size_t item_count, std::size_t per_item,
                                std::size_t max_items) {
  SessionIndexRows out;
  if (per_item == 0 || max_items < 2) {
    out.item_offsets.assign(item_count + 1, 0);
    return out;
  }
  // Distinct items of each session, in order of first click: a per-item mark of the last
  // range that took it (range + 1; 0 = none), and the newest max_items when there are more.
  std::vector<std::uint32_t> mark(item_count, 0);
  std::vector<ItemIndex> distinct;
  for (std::size_t r = 0; r < ranges.size(); ++r) {
    distinct.clear();
    const auto stamp = static_cast<std::uint32_t>(r + 1);
    for (std::uint32_t p = ranges[r].begin; p < ranges[r].end; ++p) {
      const ItemIndex item = clicks.items[p];
      if (mark[item] == stamp) continue;
      mark[item] = stamp;
      distinct.push_back(item);
    }
    if (distinct.size() < 2) continue;
    const std::size_t first = distinct.size() > max_items ? distinct.size() - max_items : 0;
    out.items.insert(out.items.end(), distinct.begin() + static_cast<std::ptrdiff_t>(first),
                     distinct.end());
    out.offsets.push_back(static_cast<std::uint32_t>(out.items.size()));
  }
  out.items.shrink_to_fit();
  out.offsets.shrink_to_fit();

  // The inverted index, most recent sessions first, at most per_item of them per item:
  // count (capped), then fill in session order.
  const std::size_t sessions = out.offsets.size() - 1;
  out.item_offsets.assign(item_count + 1, 0);
  for (const ItemIndex item : out.items) {
    if (out.item_offsets[item + 1] < per_item) ++out.item_offsets[item + 1];
  }
  for (std::size_t i = 0; i < item_count; ++i) out.item_offsets[i + 1] += out.item_offsets[i];
  out.item_sessions.resize(out.item_offsets[item_count]);
  std::vector<std::uint32_t> next(out.item_offsets.begin(), out.item_offsets.end() - 1);
  for (std::size_t s = 0; s < sessions; ++s) {
    for (std::uint32_t p = out.offsets[s]; p < out.offsets[s + 1]; ++p) {
      const ItemIndex item = out.items[p];
      if (next[item] < out.item_offsets[item + 1]) {
        out.item_sessions[next[item]++] = static_cast<SessionIndex>(s);
      }
    }
  }
  return out;
}

}  // namespace recod::model::internal
