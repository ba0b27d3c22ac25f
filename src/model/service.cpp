#include "recod/model/service.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <spdlog/spdlog.h>

#include "recod/util/thread_name.hpp"
#include "recod/util/time.hpp"

namespace recod::model {
namespace {

constexpr std::int64_t kMicrosPerSecond = 1000000;
// The builder's niceness: the lowest ordinary priority. A build takes seconds of CPU; on a
// server whose cores are busy answering, it should take the time they leave, not add to
// the latency of requests (docs/performance.md: reco p99 while a rebuild runs).
constexpr int kBuilderNiceness = 19;

// Linux gives each thread its own niceness (setpriority on the thread id), unlike POSIX;
// a thread starts with its creator's, so the neighbour passes' threads inherit this one.
void lower_this_threads_priority() {
  const auto tid = static_cast<id_t>(syscall(SYS_gettid));
  if (setpriority(PRIO_PROCESS, tid, kBuilderNiceness) != 0) {
    spdlog::debug("cannot lower the model builder's priority: {}", std::strerror(errno));
  }
}

// The model a customer has before its first build: built from nothing, so that it is a
// real, consistent (empty) model.
class EmptySource final : public EventSource {
 public:
  [[nodiscard]] Status scan_events(
      const std::function<bool(const store::StoredEvent&)>& /*fn*/) const override {
    return Status::ok();
  }
  [[nodiscard]] Status scan_categories(
      const std::function<void(std::uint32_t, std::string_view, std::string_view)>& /*fn*/)
      const override {
    return Status::ok();
  }
};

}  // namespace

ModelParams params_from_config(const config::ModelConfig& c) {
  ModelParams p;
  p.neighbours = c.neighbours;
  p.max_events_per_user = c.max_events_per_user;
  p.cooccurrence_window = c.cooccurrence_window;
  p.consume_threshold = static_cast<std::uint8_t>(c.consume_threshold);
  p.bestseller_window_us = static_cast<std::int64_t>(c.bestseller_window_s) * kMicrosPerSecond;
  p.most_clicked_window_us = static_cast<std::int64_t>(c.most_clicked_window_s) * kMicrosPerSecond;
  p.ranking_length = c.ranking_length;
  p.sessions_per_item = c.sessions_per_item;
  p.build_threads = c.build_threads;
  return p;
}

Status StoreEventSource::scan_events(
    const std::function<bool(const store::StoredEvent&)>& fn) const {
  return store_.scan_events(customer_, fn);
}

Status StoreEventSource::scan_categories(
    const std::function<void(std::uint32_t, std::string_view, std::string_view)>& fn) const {
  return store_.scan_categories(customer_, fn);
}

ModelService::ModelService(const config::Config& config, const store::Store& store)
    : store_(store),
      params_(params_from_config(config.model)),
      interval_(config.model.rebuild_interval_s) {
  const EmptySource empty;
  for (const auto& [id, customer] : config.customers) {
    auto slot = std::make_unique<Slot>();
    auto model = build_model(empty, params_, 0);
    slot->model.store(model ? *model : nullptr);
    slots_.emplace(id, std::move(slot));
  }
}

ModelService::~ModelService() { stop(); }

void ModelService::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void ModelService::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  std::vector<Request> pending;
  {
    std::lock_guard lock(mutex_);
    pending.swap(requests_);
  }
  for (auto& r : pending) r.done(Status::unavailable("shutting down"));
}

ModelService::Model ModelService::current(std::string_view customer) const {
  const auto it = slots_.find(customer);
  return it == slots_.end() ? nullptr : it->second->model.load();
}

void ModelService::request_rebuild(const std::string& customer, RebuildDone done) {
  if (!slots_.contains(customer)) {
    done(Status::not_found("unknown customer"));
    return;
  }
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      requests_.push_back({customer, std::move(done)});
      wake_.notify_one();
      return;
    }
  }
  done(Status::unavailable("shutting down"));
}

Result<ModelService::Model> ModelService::build(const std::string& customer) {
  const StoreEventSource source(store_, customer);
  auto model = build_model(source, params_, util::now_us());
  if (!model) {
    spdlog::error("model build for customer {} failed: {}", customer, model.status().message());
    return model.status();
  }
  const auto& info = (*model)->info();
  spdlog::info("model for customer {} built in {} ms: {} events, {} users, {} items, {} pairs",
               customer, info.duration_us / 1000, info.events, info.users, info.items, info.pairs);
  slots_.at(customer)->model.store(*model);  // readers see it from their next request on
  return *model;
}

void ModelService::run() {
  util::name_this_thread("recod-model");
  lower_this_threads_priority();
  auto next_full = std::chrono::steady_clock::now();  // the first build starts at once
  for (;;) {
    std::vector<Request> requests;
    bool full = false;
    {
      std::unique_lock lock(mutex_);
      next_build_us_ = util::now_us() + std::chrono::duration_cast<std::chrono::microseconds>(
                                            next_full - std::chrono::steady_clock::now())
                                            .count();
      wake_.wait_until(lock, next_full, [this] { return stopping_ || !requests_.empty(); });
      if (stopping_) return;
      requests.swap(requests_);
      full = std::chrono::steady_clock::now() >= next_full;
    }
    if (full) {
      for (const auto& [id, slot] : slots_) (void)build(id);
      ready_ = true;
      next_full = std::chrono::steady_clock::now() + interval_;
    }
    // Requests for a customer that the full pass just built are answered with that model.
    for (auto& r : requests) {
      auto model = full ? Result<Model>(current(r.customer)) : build(r.customer);
      r.done(model);
    }
  }
}

}  // namespace recod::model
