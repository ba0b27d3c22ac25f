#pragma once
// Helpers shared by the store tests: events, opening a store, synchronous writes.

#include <gtest/gtest.h>

#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "recod/store/event_writer.hpp"
#include "recod/store/store.hpp"
#include "recod/tracking/event.hpp"
#include "recod/util/hex.hpp"

namespace recod::tracking {

// Readable failure messages for events (found by GoogleTest through ADL).
inline void PrintTo(const Event& e, std::ostream* os) {
  *os << "{" << event_name(e.kind) << " t=" << e.time_us << (e.time_overridden ? " (ovr)" : "")
      << " type=" << e.item_type << " id=\"" << e.item_id << "\"";
  if (e.percentage) *os << " pct=" << int{*e.percentage};
  if (e.rating) *os << " rating=" << int{*e.rating};
  *os << " qty=" << e.quantity;
  if (e.price) *os << " price=" << e.price->amount_minor << e.price->currency;
  if (!e.category_path.empty()) *os << " cat=\"" << e.category_path << "\"";
  if (!e.scenario.empty()) *os << " scenario=\"" << e.scenario << "\"";
  if (!e.model_id.empty()) *os << " model=\"" << e.model_id << "\"";
  if (!e.token.empty()) *os << " token=\"" << e.token << "\"";
  if (e.source_user) {
    *os << " source=" << util::to_hex(std::span<const std::uint8_t>(*e.source_user));
  }
  *os << "}";
}

}  // namespace recod::tracking

namespace recod::store {

inline void PrintTo(const ItemRef& item, std::ostream* os) {
  *os << "{" << item.type << ", \"" << item.id << "\"}";
}

}  // namespace recod::store

namespace recod::store::test {

using tracking::Event;
using tracking::EventKind;

inline constexpr std::int64_t kMicrosPerDay = 86400LL * 1000 * 1000;
/// A fixed "now" (2023-11-14T22:13:20Z) so that tests do not depend on the clock.
inline constexpr std::int64_t kNow = 1700000000LL * 1000 * 1000;

inline Event make_event(EventKind kind, std::int64_t time_us, std::string item_id,
                        std::uint32_t item_type = 1) {
  Event e;
  e.kind = kind;
  e.time_us = time_us;
  e.item_type = item_type;
  e.item_id = std::move(item_id);
  return e;
}

inline Event click(std::int64_t time_us, std::string item_id, std::string category_path = "") {
  Event e = make_event(EventKind::kClick, time_us, std::move(item_id));
  e.category_path = std::move(category_path);
  return e;
}

inline Event login_event(std::int64_t time_us, const tracking::UserHash& source) {
  Event e;
  e.kind = EventKind::kLogin;
  e.time_us = time_us;
  e.item_type = 0;
  e.source_user = source;
  return e;
}

inline tracking::UserHash user_filled(std::uint8_t byte) {
  tracking::UserHash user{};
  user.fill(byte);
  return user;
}

/// Opens a store; on failure records a test failure and returns nullptr.
inline std::unique_ptr<Store> open_store(StoreOptions options) {
  auto result = Store::open(options);
  if (!result) {
    ADD_FAILURE() << "Store::open(" << options.data_dir << "): " << result.status().message();
    return nullptr;
  }
  return std::move(result).value();
}

inline std::unique_ptr<Store> open_store(const std::string& dir) {
  StoreOptions options;
  options.data_dir = dir;
  return open_store(options);
}

/// Submits `op` and waits for its completion; returns the status it was called with.
inline Status write_and_wait(EventWriter& writer, WriteOp op) {
  std::promise<Status> done;
  auto future = done.get_future();
  writer.submit(std::move(op), [&done](const Status& s) { done.set_value(s); });
  return future.get();
}

/// Appends `events` to one user's history and waits until they are stored.
inline Status append_and_wait(EventWriter& writer, const std::string& customer,
                              const tracking::UserHash& user, std::vector<Event> events) {
  return write_and_wait(writer, AppendEvents{customer, user, std::move(events), {}});
}

/// The events' times, in order.
inline std::vector<std::int64_t> times_of(const std::vector<StoredEvent>& events) {
  std::vector<std::int64_t> out;
  for (const auto& e : events) out.push_back(e.event.time_us);
  return out;
}

/// The events' item ids, in order.
inline std::vector<std::string> ids_of(const std::vector<StoredEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.event.item_id);
  return out;
}

/// Every event of `customer` in scan order.
inline std::vector<StoredEvent> scan_all(const Store& store, const std::string& customer) {
  std::vector<StoredEvent> out;
  const Status s = store.scan_events(customer, [&out](const StoredEvent& e) {
    out.push_back(e);
    return true;
  });
  EXPECT_TRUE(s.is_ok()) << s.message();
  return out;
}

}  // namespace recod::store::test
