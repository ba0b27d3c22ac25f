#pragma once
// DeliveryCounter: counts the items of recommendation answers as "delivered".
//
// Answers are the hot path, so counts are added up in memory and written once a second as
// one AddCounters write (a crash loses at most that second of delivered counts; events are
// never lost). stop() writes what is left.
//
// Thread safety: record() from any thread; start()/stop() from one controlling thread.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>

#include "recod/store/event_writer.hpp"

namespace recod::stats {

class DeliveryCounter final {
 public:
  explicit DeliveryCounter(store::EventWriter& writer,
                           std::chrono::milliseconds interval = std::chrono::seconds(1));
  ~DeliveryCounter();
  DeliveryCounter(const DeliveryCounter&) = delete;
  DeliveryCounter& operator=(const DeliveryCounter&) = delete;

  /// One answer of `scenario` delivered items produced by `models` (one entry per item).
  void record(std::string_view customer, std::string_view scenario,
              std::span<const std::string_view> models, std::int64_t now_us);

  /// Starts writing the counts every interval.
  void start();
  /// Writes what is counted so far (and waits until it is stored).
  void flush();
  /// Stops the thread after a last flush. The writer must still be running.
  void stop();

 private:
  void run();

  store::EventWriter& writer_;
  const std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  // customer -> counter key -> delta, guarded by mutex_
  std::map<std::string, std::map<std::string, std::int64_t>, std::less<>> pending_;
  std::thread thread_;
};

}  // namespace recod::stats
