#include "recod/stats/delivery.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "recod/stats/counters.hpp"
#include "recod/store/event_writer.hpp"
#include "recod/store/store.hpp"
#include "store/store_test_util.hpp"
#include "support/temp_dir.hpp"

namespace recod::stats {
namespace {

using namespace std::chrono_literals;
using Counts = std::map<std::string, std::int64_t>;

// 2023-11-14T22:13:20Z.
constexpr std::int64_t kNow = 1700000000LL * 1000 * 1000;
constexpr std::int64_t kToday = 19675;
constexpr std::int64_t kMicrosPerDay = 86400LL * 1000 * 1000;

std::string delivered(std::string_view scenario, std::string_view model,
                      std::int64_t day = kToday) {
  return scenario_key(day, scenario, model, Metric::kDelivered);
}

class DeliveryCounterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::test::open_store(dir_.path().string());
    ASSERT_NE(store_, nullptr);
    writer_ = std::make_unique<store::EventWriter>(*store_, store::EventWriter::Options{});
  }

  void TearDown() override {
    if (writer_) writer_->stop();
  }

  // Every counter of `customer`.
  Counts counters(std::string_view customer) const {
    Counts out;
    const Status s = store_->scan_counters(
        customer, "", "\xff",
        [&out](std::string_view key, std::int64_t value) { out.emplace(std::string(key), value); });
    EXPECT_TRUE(s.is_ok()) << s.message();
    return out;
  }

  // Polls until `customer`'s counters equal `expected` or `timeout` passes.
  bool eventually(std::string_view customer, const Counts& expected,
                  std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (counters(customer) == expected) return true;
      std::this_thread::sleep_for(5ms);
    }
    return counters(customer) == expected;
  }

  recod::test::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::EventWriter> writer_;  // declared after the store: destroyed first
};

TEST_F(DeliveryCounterTest, FlushWritesTheSumsOfAnswersFromSeveralThreads) {
  DeliveryCounter counter(*writer_, 10ms);
  constexpr int kAnswers = 200;
  std::thread a([&counter] {
    // Runs of one model, and a model again after another.
    const std::string_view models[] = {"also_clicked", "also_clicked", "bestseller",
                                       "also_clicked"};
    for (int i = 0; i < kAnswers; ++i) counter.record("c", "also_clicked", models, kNow);
  });
  std::thread b([&counter] {
    const std::string_view models[] = {"personalized", ""};
    const std::string_view one[] = {"also_clicked"};
    for (int i = 0; i < kAnswers; ++i) {
      counter.record("c", "personalized", models, kNow);
      counter.record("c", "also_clicked", one, kNow);
      counter.record("d", "personalized", one, kNow - kMicrosPerDay);  // another customer, day
    }
  });
  a.join();
  b.join();
  EXPECT_EQ(counters("c"), Counts{});  // nothing written before the flush (not started)
  counter.flush();

  EXPECT_EQ(counters("c"), (Counts{{delivered("also_clicked", "also_clicked"), 4 * kAnswers},
                                   {delivered("also_clicked", "bestseller"), kAnswers},
                                   {delivered("personalized", "personalized"), kAnswers},
                                   {delivered("personalized", ""), kAnswers}}));
  EXPECT_EQ(counters("d"),
            (Counts{{delivered("personalized", "also_clicked", kToday - 1), kAnswers}}));

  // A second flush adds only what was recorded since.
  const std::string_view models[] = {"bestseller"};
  counter.record("c", "bestseller", models, kNow);
  counter.flush();
  const auto after = counters("c");
  EXPECT_EQ(after.at(delivered("bestseller", "bestseller")), 1);
  EXPECT_EQ(after.at(delivered("also_clicked", "also_clicked")), 4 * kAnswers);
}

TEST_F(DeliveryCounterTest, FlushWithNothingCountedWritesNothing) {
  DeliveryCounter counter(*writer_, 10ms);
  counter.record("c", "also_clicked", {}, kNow);  // an empty answer
  counter.flush();
  EXPECT_EQ(writer_->stats().batches_written, 0U);
  EXPECT_EQ(counters("c"), Counts{});
}

TEST_F(DeliveryCounterTest, TheThreadWritesWithoutAnExplicitFlush) {
  DeliveryCounter counter(*writer_, 20ms);
  counter.start();
  const std::string_view models[] = {"also_clicked", "bestseller"};
  counter.record("c", "also_clicked", models, kNow);
  counter.record("c", "also_clicked", models, kNow);
  // A few intervals (generous: the machine may be busy, the build sanitized).
  EXPECT_TRUE(eventually("c",
                         {{delivered("also_clicked", "also_clicked"), 2},
                          {delivered("also_clicked", "bestseller"), 2}},
                         3s));

  // And again for what is counted later.
  counter.record("c", "also_clicked", models, kNow);
  EXPECT_TRUE(eventually("c",
                         {{delivered("also_clicked", "also_clicked"), 3},
                          {delivered("also_clicked", "bestseller"), 3}},
                         3s));
  counter.stop();
}

TEST_F(DeliveryCounterTest, StopWritesWhatIsLeft) {
  DeliveryCounter counter(*writer_, 1h);  // the thread would not write before the test ends
  counter.start();
  const std::string_view models[] = {"bestseller"};
  counter.record("c", "bestseller", models, kNow);
  const auto before = std::chrono::steady_clock::now();
  counter.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, 30s);  // woken, not timed out
  EXPECT_EQ(counters("c"), (Counts{{delivered("bestseller", "bestseller"), 1}}));
}

TEST_F(DeliveryCounterTest, StopWithoutStartWritesWhatIsLeft) {
  DeliveryCounter counter(*writer_, 10ms);
  const std::string_view models[] = {"bestseller", "bestseller"};
  counter.record("c", "bestseller", models, kNow);
  counter.stop();
  EXPECT_EQ(counters("c"), (Counts{{delivered("bestseller", "bestseller"), 2}}));
}

TEST_F(DeliveryCounterTest, TheDestructorWritesWhatIsLeft) {
  {
    DeliveryCounter counter(*writer_, 1h);
    counter.start();
    const std::string_view models[] = {"most_clicked"};
    counter.record("c", "landing_page", models, kNow);
  }
  EXPECT_EQ(counters("c"), (Counts{{delivered("landing_page", "most_clicked"), 1}}));
}

TEST_F(DeliveryCounterTest, FlushAfterTheWriterStoppedDoesNotHang) {
  DeliveryCounter counter(*writer_, 10ms);
  const std::string_view models[] = {"bestseller"};
  counter.record("c", "bestseller", models, kNow);
  counter.record("d", "bestseller", models, kNow);
  writer_->stop();
  counter.flush();  // refused at once: nothing stored, no wait
  EXPECT_GE(writer_->stats().rejected, 2U);
  EXPECT_EQ(counters("c"), Counts{});
  EXPECT_EQ(counters("d"), Counts{});
  counter.stop();  // nothing left to write
}

}  // namespace
}  // namespace recod::stats
