#include "background_pacing.hpp"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <ctime>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <memory>
#include <string>
#include <string_view>

#include <rocksdb/compaction_filter.h>
#include <rocksdb/listener.h>

#include "recod/store/store.hpp"

namespace recod::store {
namespace {

PacingState g_state;
std::atomic<std::uint64_t> g_pauses{0};
std::atomic<std::uint64_t> g_paused_ns{0};

// Reading the clocks costs system calls: once every so many keys is often enough (a key
// takes about a microsecond to flush).
constexpr std::uint32_t kKeysPerLook = 32;

std::int64_t clock_ns(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void sleep_for(std::chrono::nanoseconds d) {
  timespec ts{static_cast<time_t>(d.count() / 1'000'000'000),
              static_cast<long>(d.count() % 1'000'000'000)};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

// The calling thread's total time spent runnable but waiting for a core: the second field
// of /proc/self/task/TID/schedstat ("run time, wait time, slices", in ns; the kernel's
// CONFIG_SCHED_INFO, on in Debian's kernels). Opened by the thread it measures.
class WaitClock {
 public:
  WaitClock() {
    const auto tid = static_cast<long>(syscall(SYS_gettid));
    const std::string path = "/proc/self/task/" + std::to_string(tid) + "/schedstat";
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  }
  ~WaitClock() {
    if (fd_ >= 0) ::close(fd_);
  }
  WaitClock(const WaitClock&) = delete;
  WaitClock& operator=(const WaitClock&) = delete;

  /// Nanoseconds waited so far, or -1 where the statistics cannot be read.
  [[nodiscard]] std::int64_t waited_ns() const {
    if (fd_ < 0) return -1;
    std::array<char, 96> buf{};
    const auto n = ::pread(fd_, buf.data(), buf.size(), 0);
    if (n <= 0) return -1;
    const std::string_view fields(buf.data(), static_cast<std::size_t>(n));
    const auto space = fields.find(' ');
    if (space == std::string_view::npos) return -1;
    std::int64_t waited = 0;
    const auto [rest, ec] =
        std::from_chars(fields.data() + space + 1, fields.data() + fields.size(), waited);
    return ec == std::errc() ? waited : -1;
  }

 private:
  int fd_ = -1;
};

// Keeps every key; paces the thread it runs on. RocksDB uses a filter made by a factory
// from one thread only, through const members.
class PacingFilter final : public rocksdb::CompactionFilter {
 public:
  PacingFilter(const PacingPolicy& policy, std::int64_t deadline_ns) : pacer_(policy, g_state) {
    pacer_.set_deadline(deadline_ns);
  }

  bool Filter(int /*level*/, const rocksdb::Slice& /*key*/, const rocksdb::Slice& /*value*/,
              std::string* /*new_value*/, bool* /*value_changed*/) const override {
    pace();
    return false;
  }
  bool FilterMergeOperand(int /*level*/, const rocksdb::Slice& /*key*/,
                          const rocksdb::Slice& /*operand*/) const override {
    pace();
    return false;
  }
  [[nodiscard]] const char* Name() const override { return "recod.Pacing"; }

 private:
  void pace() const {
    if (++keys_ % kKeysPerLook != 0) return;
    if (!wait_clock_) {
      wait_clock_ = std::make_unique<WaitClock>();
      start_slice();
    }
    // The wait statistics cost a read of /proc, which formats them as text: read them only
    // once the thread's CPU clock (a plain clock_gettime) says the slice is over.
    const auto cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID);
    if (!pacer_.slice_over(cpu)) return;
    const auto waited = wait_clock_->waited_ns();
    if (waited < 0) return;  // no statistics: run unpaced, as RocksDB would
    const auto pause = pacer_.end_of_slice_pause(cpu, waited, clock_ns(CLOCK_MONOTONIC));
    if (pause.count() == 0) return;
    sleep_for(pause);
    g_pauses.fetch_add(1, std::memory_order_relaxed);
    g_paused_ns.fetch_add(static_cast<std::uint64_t>(pause.count()), std::memory_order_relaxed);
    start_slice();
  }
  void start_slice() const {
    pacer_.start_slice(clock_ns(CLOCK_THREAD_CPUTIME_ID), wait_clock_->waited_ns());
  }

  mutable Pacer pacer_;
  mutable std::unique_ptr<WaitClock> wait_clock_;
  mutable std::uint32_t keys_ = 0;
};

class PacingFilterFactory final : public rocksdb::CompactionFilterFactory {
 public:
  explicit PacingFilterFactory(const PacingPolicy& policy) : policy_(policy) {}

  [[nodiscard]] bool ShouldFilterTableFileCreation(
      rocksdb::TableFileCreationReason /*reason*/) const override {
    return true;  // flushes too, not only compactions
  }
  std::unique_ptr<rocksdb::CompactionFilter> CreateCompactionFilter(
      const rocksdb::CompactionFilter::Context& context) override {
    const auto deadline =
        context.reason == rocksdb::TableFileCreationReason::kFlush
            ? flush_deadlines_.flush_started(context.column_family_id, clock_ns(CLOCK_MONOTONIC))
            : FlushDeadlines::kNone;
    return std::make_unique<PacingFilter>(policy_, deadline);
  }
  [[nodiscard]] const char* Name() const override { return "recod.Pacing"; }

 private:
  PacingPolicy policy_;
  FlushDeadlines flush_deadlines_;
};

// Counts the column families whose writes RocksDB slows or stops, in g_state.
class StallListener final : public rocksdb::EventListener {
 public:
  StallListener() = default;
  ~StallListener() override { g_state.stalled_column_families.fetch_sub(stalled_); }
  StallListener(const StallListener&) = delete;
  StallListener& operator=(const StallListener&) = delete;

  void OnStallConditionsChanged(const rocksdb::WriteStallInfo& info) override {
    const bool was = info.condition.prev != rocksdb::WriteStallCondition::kNormal;
    const bool is = info.condition.cur != rocksdb::WriteStallCondition::kNormal;
    if (was == is) return;
    stalled_ += is ? 1 : -1;
    g_state.stalled_column_families.fetch_add(is ? 1 : -1);
  }

 private:
  std::atomic<int> stalled_{0};  // this database's share of g_state's count
};

}  // namespace

Pacer::~Pacer() { set_pacing(false); }

void Pacer::start_slice(std::int64_t cpu_ns, std::int64_t waited_ns) {
  slice_cpu_ns_ = cpu_ns;
  slice_waited_ns_ = waited_ns;
}

std::chrono::nanoseconds Pacer::end_of_slice_pause(std::int64_t cpu_ns, std::int64_t waited_ns,
                                                   std::int64_t wall_ns) {
  if (!slice_over(cpu_ns)) return {};
  if (waited_ns - slice_waited_ns_ > policy_.contended_wait.count()) {
    shared_.last_contended_ns.store(wall_ns, std::memory_order_relaxed);
  }
  start_slice(cpu_ns, waited_ns);
  const auto last = shared_.last_contended_ns.load(std::memory_order_relaxed);
  const bool urgent = wall_ns >= deadline_ns_ || shared_.stalled_column_families.load() > 0;
  set_pacing(!urgent && last != 0 && wall_ns - last < policy_.keep_pacing.count());
  if (!pacing_) return {};
  // n threads, each pausing p after a slice s, take n*s/(s+p) of a core: the share when
  // p = s * (n/share - 1).
  const double threads = std::max(1, shared_.pacing_threads.load(std::memory_order_relaxed));
  const double share = std::clamp(policy_.share, 0.01, 1.0);
  const auto slice = static_cast<double>(policy_.slice.count());
  return std::chrono::nanoseconds(static_cast<std::int64_t>(slice * (threads / share - 1)));
}

void Pacer::set_pacing(bool on) {
  if (on == pacing_) return;
  pacing_ = on;
  shared_.pacing_threads.fetch_add(on ? 1 : -1, std::memory_order_relaxed);
}

std::int64_t FlushDeadlines::flush_started(std::uint32_t cf, std::int64_t now_ns) {
  const std::scoped_lock lock(mutex_);
  const auto [it, first] = last_start_ns_.try_emplace(cf, now_ns);
  if (first) return kNone;
  const auto fill_ns = now_ns - it->second;
  it->second = now_ns;
  return now_ns + fill_ns / 2;
}

void pace_background_work(rocksdb::ColumnFamilyOptions& cf, const PacingPolicy& policy) {
  cf.compaction_filter_factory = std::make_shared<PacingFilterFactory>(policy);
}

void pace_background_work(rocksdb::DBOptions& db) {
  db.listeners.push_back(std::make_shared<StallListener>());
}

int stalled_column_families() noexcept { return g_state.stalled_column_families.load(); }

BackgroundPauses background_pauses() noexcept {
  return {g_pauses.load(std::memory_order_relaxed),
          std::chrono::nanoseconds(g_paused_ns.load(std::memory_order_relaxed))};
}

}  // namespace recod::store
