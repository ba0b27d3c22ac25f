#include "recod/stats/delivery.hpp"

#include <future>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "recod/stats/counters.hpp"
#include "recod/util/thread_name.hpp"

namespace recod::stats {

DeliveryCounter::DeliveryCounter(store::EventWriter& writer, std::chrono::milliseconds interval)
    : writer_(writer), interval_(interval) {}

DeliveryCounter::~DeliveryCounter() { stop(); }

void DeliveryCounter::record(std::string_view customer, std::string_view scenario,
                             std::span<const std::string_view> models, std::int64_t now_us) {
  if (models.empty()) return;  // an empty answer delivered nothing
  const auto day = day_of(now_us);
  // An answer lists its items stage by stage: one counter key per run of equal models (most
  // answers: one), built before taking the lock that every answer takes.
  std::vector<std::pair<std::string, std::int64_t>> counts;
  for (std::size_t i = 0; i < models.size();) {
    std::size_t run = 1;
    while (i + run < models.size() && models[i + run] == models[i]) ++run;
    counts.emplace_back(scenario_key(day, scenario, models[i], Metric::kDelivered),
                        static_cast<std::int64_t>(run));
    i += run;
  }
  std::lock_guard lock(mutex_);
  auto customer_it = pending_.find(customer);
  if (customer_it == pending_.end()) {
    customer_it =
        pending_.emplace(std::string(customer), std::map<std::string, std::int64_t>()).first;
  }
  for (auto& [key, n] : counts) customer_it->second[std::move(key)] += n;
}

void DeliveryCounter::flush() {
  std::map<std::string, std::map<std::string, std::int64_t>, std::less<>> taken;
  {
    std::lock_guard lock(mutex_);
    taken.swap(pending_);
  }
  for (auto& [customer, counters] : taken) {
    if (counters.empty()) continue;
    store::AddCounters op{customer, {}};
    for (auto& [key, delta] : counters) op.counters.push_back({key, delta});
    std::promise<Status> stored;
    auto future = stored.get_future();
    writer_.submit(std::move(op), [&stored](const Status& s) { stored.set_value(s); });
    if (const Status s = future.get(); !s.is_ok()) {
      spdlog::warn("delivered-recommendation counts of customer {} not stored: {}", customer,
                   s.message());
    }
  }
}

void DeliveryCounter::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void DeliveryCounter::run() {
  util::name_this_thread("recod-stats");
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
    lock.unlock();
    flush();
    lock.lock();
  }
}

void DeliveryCounter::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  flush();
}

}  // namespace recod::stats
