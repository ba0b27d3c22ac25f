#include "background_pacing.hpp"

#include <gtest/gtest.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "recod/store/event_writer.hpp"
#include "recod/store/store.hpp"
#include "store_test_util.hpp"
#include "support/temp_dir.hpp"

namespace recod::store::test {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t kUs = 1000;

PacingPolicy test_policy() {
  PacingPolicy p;
  p.slice = 200us;
  p.contended_wait = 100us;
  p.share = 0.25;  // a pause of 3 slices for one thread
  p.keep_pacing = 1s;
  return p;
}

// ---- the decisions, fed with made-up clocks ----

TEST(PacerTest, RunsUnpacedWhileItNeverWaits) {
  PacingState shared;
  Pacer pacer(test_policy(), shared);
  pacer.start_slice(0, 0);
  for (std::int64_t i = 1; i <= 100; ++i) {
    EXPECT_EQ(pacer.end_of_slice_pause(i * 200 * kUs, 0, i * 200 * kUs), 0ns);
  }
  EXPECT_FALSE(pacer.pacing());
  EXPECT_EQ(shared.pacing_threads.load(), 0);
}

TEST(PacerTest, DecidesOnlyAtTheEndOfASlice) {
  PacingState shared;
  Pacer pacer(test_policy(), shared);
  pacer.start_slice(1000 * kUs, 0);
  // Waited far longer than the threshold, but the slice's CPU time is not used up yet.
  EXPECT_EQ(pacer.end_of_slice_pause(1199 * kUs, 5000 * kUs, 7000 * kUs), 0ns);
  EXPECT_FALSE(pacer.pacing());
  EXPECT_EQ(pacer.end_of_slice_pause(1200 * kUs, 5000 * kUs, 7000 * kUs), 600us);
  EXPECT_TRUE(pacer.pacing());
}

TEST(PacerTest, AWaitWithinTheThresholdIsNoContention) {
  PacingState shared;
  Pacer pacer(test_policy(), shared);
  pacer.start_slice(0, 0);
  EXPECT_EQ(pacer.end_of_slice_pause(200 * kUs, 100 * kUs, 300 * kUs), 0ns);
  EXPECT_EQ(pacer.end_of_slice_pause(400 * kUs, 201 * kUs, 500 * kUs), 600us);
}

TEST(PacerTest, AfterAWaitEachSlicePausesForTheShare) {
  PacingState shared;
  Pacer pacer(test_policy(), shared);
  pacer.start_slice(0, 0);
  // One thread, a quarter of the core: 200 us of CPU, then 600 us of sleep.
  EXPECT_EQ(pacer.end_of_slice_pause(200 * kUs, 150 * kUs, 350 * kUs), 600us);
  EXPECT_EQ(shared.pacing_threads.load(), 1);
  pacer.start_slice(200 * kUs, 150 * kUs);
  EXPECT_EQ(pacer.end_of_slice_pause(400 * kUs, 150 * kUs, 1150 * kUs), 600us);
}

TEST(PacerTest, KeepsPacingForAWhileAfterTheLastWaitThenRunsFree) {
  PacingState shared;
  Pacer pacer(test_policy(), shared);
  pacer.start_slice(0, 0);
  const std::int64_t waited_at = 350 * kUs;
  EXPECT_EQ(pacer.end_of_slice_pause(200 * kUs, 150 * kUs, waited_at), 600us);
  std::int64_t cpu = 200 * kUs;
  for (const std::int64_t wall : {waited_at + 100'000 * kUs, waited_at + 999'999 * kUs}) {
    pacer.start_slice(cpu, 150 * kUs);
    cpu += 200 * kUs;
    EXPECT_EQ(pacer.end_of_slice_pause(cpu, 150 * kUs, wall), 600us) << wall;
  }
  pacer.start_slice(cpu, 150 * kUs);
  cpu += 200 * kUs;
  EXPECT_EQ(pacer.end_of_slice_pause(cpu, 150 * kUs, waited_at + 1'000'000 * kUs), 0ns);
  EXPECT_FALSE(pacer.pacing());
  EXPECT_EQ(shared.pacing_threads.load(), 0);
}

TEST(PacerTest, PacingThreadsShareOneShareBetweenThem) {
  PacingState shared;
  Pacer first(test_policy(), shared);
  Pacer second(test_policy(), shared);
  first.start_slice(0, 0);
  second.start_slice(0, 0);
  EXPECT_EQ(first.end_of_slice_pause(200 * kUs, 150 * kUs, 400 * kUs), 600us);
  // Two threads, a quarter of the core together: 200 us of CPU each, then 1400 us of sleep.
  EXPECT_EQ(second.end_of_slice_pause(200 * kUs, 150 * kUs, 400 * kUs), 1400us);
  EXPECT_EQ(shared.pacing_threads.load(), 2);
}

TEST(PacerTest, AThreadPacesAsSoonAsAnotherOneWaited) {
  PacingState shared;
  Pacer waiting(test_policy(), shared);
  Pacer alone(test_policy(), shared);
  waiting.start_slice(0, 0);
  alone.start_slice(0, 0);
  EXPECT_EQ(waiting.end_of_slice_pause(200 * kUs, 150 * kUs, 400 * kUs), 600us);
  // `alone` never waited itself, but a core of the process is contended: it paces too.
  EXPECT_EQ(alone.end_of_slice_pause(200 * kUs, 0, 500 * kUs), 1400us);
}

TEST(PacerTest, AFinishedThreadLeavesItsShareToTheOthers) {
  PacingState shared;
  Pacer staying(test_policy(), shared);
  staying.start_slice(0, 0);
  {
    Pacer leaving(test_policy(), shared);
    leaving.start_slice(0, 0);
    EXPECT_EQ(leaving.end_of_slice_pause(200 * kUs, 150 * kUs, 400 * kUs), 600us);
    EXPECT_EQ(shared.pacing_threads.load(), 1);
  }
  EXPECT_EQ(shared.pacing_threads.load(), 0);
  EXPECT_EQ(staying.end_of_slice_pause(200 * kUs, 0, 500 * kUs), 600us);
}

TEST(PacerTest, RunsUnpacedFromItsDeadlineOn) {
  PacingState shared;
  Pacer pacer(test_policy(), shared);
  pacer.set_deadline(1000 * kUs);
  pacer.start_slice(0, 0);
  EXPECT_EQ(pacer.end_of_slice_pause(200 * kUs, 150 * kUs, 999 * kUs), 600us);
  pacer.start_slice(200 * kUs, 150 * kUs);
  // Still contended, but a flush past its deadline must end before the next memtable fills.
  EXPECT_EQ(pacer.end_of_slice_pause(400 * kUs, 300 * kUs, 1000 * kUs), 0ns);
  EXPECT_FALSE(pacer.pacing());
  EXPECT_EQ(shared.pacing_threads.load(), 0);
}

TEST(PacerTest, RunsUnpacedWhileWritesAreStalledAndPacesAgainAfterwards) {
  PacingState shared;
  Pacer pacer(test_policy(), shared);
  pacer.start_slice(0, 0);
  EXPECT_EQ(pacer.end_of_slice_pause(200 * kUs, 150 * kUs, 400 * kUs), 600us);
  shared.stalled_column_families = 1;
  pacer.start_slice(200 * kUs, 150 * kUs);
  EXPECT_EQ(pacer.end_of_slice_pause(400 * kUs, 300 * kUs, 1200 * kUs), 0ns);
  EXPECT_EQ(shared.pacing_threads.load(), 0);
  shared.stalled_column_families = 0;
  EXPECT_EQ(pacer.end_of_slice_pause(600 * kUs, 450 * kUs, 1400 * kUs), 600us);
}

TEST(FlushDeadlinesTest, HalfTheTimeBetweenTheLastTwoFlushStartsOfTheColumnFamily) {
  FlushDeadlines deadlines;
  constexpr std::int64_t kS = 1'000'000'000;
  EXPECT_EQ(deadlines.flush_started(0, 5 * kS), FlushDeadlines::kNone);  // nothing to go by
  EXPECT_EQ(deadlines.flush_started(0, 15 * kS), 20 * kS);  // filled in 10 s: done in 5
  EXPECT_EQ(deadlines.flush_started(7, 16 * kS), FlushDeadlines::kNone);  // its own history
  EXPECT_EQ(deadlines.flush_started(0, 19 * kS), 21 * kS);                // writes sped up: 4 s, 2
  EXPECT_EQ(deadlines.flush_started(7, 36 * kS), 46 * kS);
}

// ---- real flushes on a contended core ----

// Pins every thread of this process to one core for the life of the object, and back to
// the cores it had afterwards. RocksDB's background threads may exist already (from an
// earlier test in this process): they are pinned too.
class AllThreadsOnOneCore final {
 public:
  AllThreadsOnOneCore() {
    CPU_ZERO(&before_);
    EXPECT_EQ(sched_getaffinity(0, sizeof before_, &before_), 0);
    int core = sched_getcpu();
    if (core < 0) core = 0;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(core, &one);
    set_all(one);
  }
  ~AllThreadsOnOneCore() { set_all(before_); }
  AllThreadsOnOneCore(const AllThreadsOnOneCore&) = delete;
  AllThreadsOnOneCore& operator=(const AllThreadsOnOneCore&) = delete;

 private:
  static void set_all(const cpu_set_t& set) {
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
      const auto tid = static_cast<pid_t>(std::stol(task.path().filename().string()));
      (void)sched_setaffinity(tid, sizeof set, &set);  // a thread may have ended meanwhile
    }
  }
  cpu_set_t before_{};
};

TEST(BackgroundPacingTest, FlushesSharingACoreWithABusyThreadPauseAndKeepEveryEvent) {
  recod::test::TempDir tmp;
  AllThreadsOnOneCore pinned;
  std::jthread busy([](const std::stop_token& stop) {  // plays the saturated I/O thread
    while (!stop.stop_requested()) {
    }
  });
  const auto pauses_before = background_pauses().count;

  StoreOptions options;
  options.data_dir = tmp.file("data");
  options.events_memtable_bytes = 1 << 20;  // a flush every ~10,000 events
  constexpr int kBatches = 60;
  constexpr int kEventsPerBatch = 1000;
  {
    auto store = open_store(options);
    ASSERT_NE(store, nullptr);
    const auto u = store->hash_user("00000", "u1");
    EventWriter writer(*store, {});
    for (int b = 0; b < kBatches; ++b) {
      std::vector<Event> events;
      for (int k = 0; k < kEventsPerBatch; ++k) {
        const int n = b * kEventsPerBatch + k;
        events.push_back(click(kNow + n, "item-" + std::to_string(n % 5000)));
      }
      ASSERT_TRUE(append_and_wait(writer, "00000", u, std::move(events)).is_ok());
    }
    // Flushes run in the background: wait for a pause (they must make one, sharing the core).
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (background_pauses().count == pauses_before &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(10ms);
    }
    busy.request_stop();
    EXPECT_GT(background_pauses().count, pauses_before)
        << "no flush paused although it shared its core with a busy thread";
    EXPECT_GT(background_pauses().total.count(), 0);

    // Every event survived the flushes (and compactions) the filter saw.
    const auto stored = store->user_events("00000", u);
    ASSERT_TRUE(stored.is_ok());
    ASSERT_EQ(stored->size(), static_cast<std::size_t>(kBatches * kEventsPerBatch));
    EXPECT_EQ(stored->back().event.time_us, kNow + std::int64_t{kBatches} * kEventsPerBatch - 1);
  }
}

}  // namespace
}  // namespace recod::store::test
