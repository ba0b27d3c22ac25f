#pragma once
// ModelService: keeps every customer's current CustomerModel and rebuilds them on a
// background thread, every `rebuild_interval` and on request.
//
// Readers call current() from any thread and get a shared_ptr they keep for as long as
// they need; they never lock against a build and never wait for one (a new model is
// published by an atomic pointer swap). Before the first build of a customer finishes,
// current() returns an empty model, and ready() is false.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "recod/config/config.hpp"
#include "recod/model/builder.hpp"
#include "recod/model/customer_model.hpp"
#include "recod/model/provider.hpp"
#include "recod/store/store.hpp"
#include "recod/util/unique_function.hpp"

namespace recod::model {

/// ModelParams from the config's `model` section.
[[nodiscard]] ModelParams params_from_config(const config::ModelConfig& c);

/// Reads a customer's events and categories from the store, for build_model().
class StoreEventSource final : public EventSource {
 public:
  StoreEventSource(const store::Store& store, std::string customer)
      : store_(store), customer_(std::move(customer)) {}
  [[nodiscard]] Status scan_events(
      const std::function<bool(const store::StoredEvent&)>& fn) const override;
  [[nodiscard]] Status scan_categories(
      const std::function<void(std::uint32_t, std::string_view, std::string_view)>& fn)
      const override;

 private:
  const store::Store& store_;
  std::string customer_;
};

class ModelService final : public ModelProvider {
 public:
  using Model = std::shared_ptr<const CustomerModel>;
  /// Called once on the builder thread with the new model, or the build's error.
  using RebuildDone = util::UniqueFunction<void(const Result<Model>&)>;

  /// Does not start building; call start().
  ModelService(const config::Config& config, const store::Store& store);
  ~ModelService() override;
  ModelService(const ModelService&) = delete;
  ModelService& operator=(const ModelService&) = delete;

  /// Starts the builder thread, which builds every customer at once, then every interval.
  void start();
  /// Stops the thread (a build in progress finishes first); pending rebuilds are failed.
  void stop();

  /// The customer's current model (an empty one before its first build; nullptr for a
  /// customer that is not in the config).
  [[nodiscard]] Model current(std::string_view customer) const override;

  /// True once every customer's first build is done.
  [[nodiscard]] bool ready() const noexcept { return ready_.load(); }

  /// Rebuilds `customer`'s model as soon as the builder is free, then calls `done`.
  void request_rebuild(const std::string& customer, RebuildDone done);

  /// When the next scheduled build starts (microseconds since the epoch).
  [[nodiscard]] std::int64_t next_build_us() const noexcept { return next_build_us_.load(); }

  [[nodiscard]] const ModelParams& params() const noexcept { return params_; }
  [[nodiscard]] std::chrono::seconds rebuild_interval() const noexcept { return interval_; }

 private:
  struct Slot {
    std::atomic<Model> model;
  };
  struct Request {
    std::string customer;
    RebuildDone done;
  };

  void run();
  Result<Model> build(const std::string& customer);

  const store::Store& store_;
  const ModelParams params_;
  const std::chrono::seconds interval_;
  std::map<std::string, std::unique_ptr<Slot>, std::less<>> slots_;  // fixed after construction

  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Request> requests_;  // guarded by mutex_
  bool stopping_ = false;          // guarded by mutex_
  std::atomic<bool> ready_{false};
  std::atomic<std::int64_t> next_build_us_{0};
  std::thread thread_;
};

}  // namespace recod::model
