#pragma once
// Helpers shared by the model tests: an in-memory EventSource, planted histories, and
// readable views of a model's lists.

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "recod/model/builder.hpp"
#include "recod/model/customer_model.hpp"
#include "recod/store/store.hpp"
#include "recod/tracking/event.hpp"

namespace recod::model::test {

using tracking::Event;
using tracking::EventKind;

inline constexpr std::int64_t kMicrosPerSecond = 1000 * 1000;
inline constexpr std::int64_t kMicrosPerHour = 3600 * kMicrosPerSecond;
inline constexpr std::int64_t kMicrosPerDay = 24 * kMicrosPerHour;
/// A fixed "now" (2023-11-14T22:13:20Z) so that tests do not depend on the clock.
inline constexpr std::int64_t kNow = 1700000000LL * kMicrosPerSecond;

/// Events held in memory, user by user, as the store's scan would yield them.
class VectorEventSource final : public EventSource {
 public:
  /// Appends the whole history (oldest first) of user `user`.
  void add_user(std::uint32_t user, std::vector<Event> events) {
    for (auto& e : events) {
      store::StoredEvent stored;
      stored.user = user_hash(user);
      stored.seq = events_.size();
      stored.event = std::move(e);
      events_.push_back(std::move(stored));
    }
  }

  void add_category(std::uint32_t type, std::string id, std::string path) {
    categories_.emplace_back(type, std::move(id), std::move(path));
  }

  /// Makes both scans fail with `status` after yielding what they hold.
  void fail_with(Status status) { failure_ = std::move(status); }

  [[nodiscard]] Status scan_events(
      const std::function<bool(const store::StoredEvent&)>& fn) const override {
    for (const auto& e : events_) {
      if (!fn(e)) break;
    }
    return failure_;
  }

  [[nodiscard]] Status scan_categories(
      const std::function<void(std::uint32_t, std::string_view, std::string_view)>& fn)
      const override {
    for (const auto& [type, id, path] : categories_) fn(type, id, path);
    return failure_;
  }

  static tracking::UserHash user_hash(std::uint32_t user) {
    tracking::UserHash hash{};
    hash[0] = static_cast<std::uint8_t>(user >> 24);
    hash[1] = static_cast<std::uint8_t>(user >> 16);
    hash[2] = static_cast<std::uint8_t>(user >> 8);
    hash[3] = static_cast<std::uint8_t>(user);
    return hash;
  }

 private:
  std::vector<store::StoredEvent> events_;
  std::vector<std::tuple<std::uint32_t, std::string, std::string>> categories_;
  Status failure_;
};

inline Event event(EventKind kind, std::string id, std::int64_t time_us = kNow - kMicrosPerHour,
                   std::uint32_t type = 1) {
  Event e;
  e.kind = kind;
  e.time_us = time_us;
  e.item_type = type;
  e.item_id = std::move(id);
  return e;
}

inline Event buy(std::string id, std::uint32_t quantity = 1,
                 std::int64_t time_us = kNow - kMicrosPerHour, std::uint32_t type = 1) {
  Event e = event(EventKind::kBuy, std::move(id), time_us, type);
  e.quantity = quantity;
  return e;
}

inline Event consume(std::string id, std::optional<std::uint8_t> percentage) {
  Event e = event(EventKind::kConsume, std::move(id));
  e.percentage = percentage;
  return e;
}

/// One event of `kind` per id, one second apart, starting an hour before kNow.
inline std::vector<Event> events_of(EventKind kind, const std::vector<std::string>& ids) {
  std::vector<Event> out;
  std::int64_t t = kNow - kMicrosPerHour;
  for (const auto& id : ids) {
    out.push_back(event(kind, id, t));
    t += kMicrosPerSecond;
  }
  return out;
}

inline std::vector<Event> clicks(const std::vector<std::string>& ids) {
  return events_of(EventKind::kClick, ids);
}

/// Gives `events` increasing times one second apart (keeps their order meaningful).
inline std::vector<Event> in_order(std::vector<Event> events) {
  std::int64_t t = kNow - kMicrosPerHour;
  for (auto& e : events) {
    e.time_us = t;
    t += kMicrosPerSecond;
  }
  return events;
}

/// `count` users (numbered from `first_user`) who each click two items of their own, so
/// that the planted users are a minority of the universe, as in real data.
inline void add_background(VectorEventSource& source, std::uint32_t first_user, int count,
                           EventKind kind = EventKind::kClick) {
  for (int u = 0; u < count; ++u) {
    const std::string a = "bg" + std::to_string(2 * u);
    const std::string b = "bg" + std::to_string(2 * u + 1);
    source.add_user(first_user + static_cast<std::uint32_t>(u), events_of(kind, {a, b}));
  }
}

/// Builds the model; on failure records a test failure and returns an empty model.
inline std::shared_ptr<const CustomerModel> build(const EventSource& source,
                                                  const ModelParams& params = {},
                                                  std::int64_t now_us = kNow) {
  auto result = build_model(source, params, now_us);
  if (!result) {
    ADD_FAILURE() << "build_model: " << result.status().message();
    return std::make_shared<const CustomerModel>();
  }
  return std::move(result).value();
}

inline std::vector<std::string> ids_of(const CustomerModel& model,
                                       std::span<const ScoredItem> items) {
  std::vector<std::string> out;
  for (const auto& s : items) out.emplace_back(model.item_id(s.item));
  return out;
}

/// The neighbour ids of item (type 1, `id`), best first; empty if the item is unknown.
inline std::vector<std::string> neighbour_ids(const CustomerModel& model, NeighbourKind kind,
                                              const std::string& id, std::uint32_t type = 1) {
  const auto i = model.find(type, id);
  if (!i) return {};
  return ids_of(model, model.neighbours(kind, *i));
}

/// The score of `neighbour` in `id`'s list, or -1 if it is not there.
inline float neighbour_score(const CustomerModel& model, NeighbourKind kind, const std::string& id,
                             const std::string& neighbour) {
  const auto i = model.find(1, id);
  if (!i) return -1;
  for (const auto& s : model.neighbours(kind, *i)) {
    if (model.item_id(s.item) == neighbour) return s.score;
  }
  return -1;
}

inline std::vector<std::string> ranking_ids(const CustomerModel& model, RankingKind kind,
                                            std::uint32_t type, std::string_view category = {}) {
  return ids_of(model, model.ranking(kind, type, category));
}

inline std::vector<float> ranking_scores(const CustomerModel& model, RankingKind kind,
                                         std::uint32_t type, std::string_view category = {}) {
  std::vector<float> out;
  for (const auto& s : model.ranking(kind, type, category)) out.push_back(s.score);
  return out;
}

}  // namespace recod::model::test
