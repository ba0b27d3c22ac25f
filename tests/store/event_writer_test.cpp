#include "recod/store/event_writer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "background_pacing.hpp"
#include "recod/store/store.hpp"
#include "store_test_util.hpp"
#include "support/temp_dir.hpp"

namespace recod::store::test {
namespace {

using namespace std::chrono_literals;
using tracking::UserHash;

constexpr const char* kCustomer = "00000";
constexpr auto kTimeout = 60s;

AppendEvents append_op(const UserHash& user, std::vector<Event> events) {
  return AppendEvents{kCustomer, user, std::move(events), {}};
}

// Holds the writer thread inside a completion until released (or destroyed), so that a test
// can queue writes behind it deterministically. Declare it after the writer it blocks.
class WriterBlock final {
 public:
  WriterBlock() : entered_future_(entered_.get_future()), released_future_(release_.get_future()) {}
  WriterBlock(const WriterBlock&) = delete;
  WriterBlock& operator=(const WriterBlock&) = delete;
  ~WriterBlock() { release(); }

  // Submits `op`; returns once its completion runs, and holds the writer thread there.
  void engage(EventWriter& writer, WriteOp op) {
    writer.submit(std::move(op), [this](const Status& s) {
      status_ = s;
      entered_.set_value();
      released_future_.wait();
    });
    ASSERT_EQ(entered_future_.wait_for(kTimeout), std::future_status::ready);
  }

  void release() {
    if (released_) return;
    released_ = true;
    release_.set_value();
  }

  // The status the blocking op completed with (valid after engage()).
  [[nodiscard]] const Status& status() const { return status_; }

 private:
  std::promise<void> entered_;
  std::future<void> entered_future_;
  std::promise<void> release_;
  std::future<void> released_future_;
  bool released_ = false;
  Status status_;
};

// Counts completions and their outcomes; thread-safe.
class Completions final {
 public:
  EventWriter::Completion make() {
    return [this](const Status& s) { record(s); };
  }

  void record(const Status& s) {
    std::lock_guard lock(mutex_);
    ++calls_;
    if (s.is_ok()) {
      ++ok_;
    } else {
      codes_.push_back(s.code());
    }
    changed_.notify_all();
  }

  // Waits until `n` completions were called; false on timeout.
  bool wait_for(int n) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kTimeout, [&] { return calls_ >= n; });
  }

  int calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  int ok() const {
    std::lock_guard lock(mutex_);
    return ok_;
  }
  std::vector<StatusCode> failures() const {
    std::lock_guard lock(mutex_);
    return codes_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  int calls_ = 0;
  int ok_ = 0;
  std::vector<StatusCode> codes_;
};

class EventWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_store(tmp_.file("data"));
    ASSERT_NE(store_, nullptr);
  }

  UserHash user(const std::string& id) const { return store_->hash_user(kCustomer, id); }

  std::vector<StoredEvent> events_of(const UserHash& u) const {
    auto r = store_->user_events(kCustomer, u);
    EXPECT_TRUE(r.is_ok()) << (r ? "" : r.status().message());
    return r ? *r : std::vector<StoredEvent>{};
  }

  std::vector<ItemRef> blacklist_of(const UserHash& u) const {
    auto r = store_->blacklist(kCustomer, u, kNow);
    EXPECT_TRUE(r.is_ok()) << (r ? "" : r.status().message());
    return r ? *r : std::vector<ItemRef>{};
  }

  recod::test::TempDir tmp_;
  std::unique_ptr<Store> store_;
};

// ---- completions ----

TEST_F(EventWriterTest, CompletionRunsOnceWithOkAfterTheDataIsReadable) {
  EventWriter writer(*store_, {});
  const UserHash u = user("u1");
  std::atomic<int> calls{0};
  std::vector<std::string> visible;  // written by the completion, read after stop()
  Status status = Status::internal("not called");
  writer.submit(append_op(u, {click(kNow - 1, "1"), click(kNow, "2")}), [&](const Status& s) {
    status = s;
    visible = ids_of(*store_->user_events(kCustomer, u));
    ++calls;
  });
  writer.stop();
  EXPECT_EQ(calls.load(), 1);
  EXPECT_TRUE(status.is_ok()) << status.message();
  EXPECT_EQ(visible, (std::vector<std::string>{"1", "2"}));
  const auto stats = writer.stats();
  EXPECT_EQ(stats.events_written, 2u);
  EXPECT_EQ(stats.batches_written, 1u);
  EXPECT_EQ(stats.write_errors, 0u);
  EXPECT_EQ(stats.rejected, 0u);
  EXPECT_EQ(stats.queue_depth, 0u);
}

TEST_F(EventWriterTest, ConcurrentSubmittersAreAllStoredExactlyOnce) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 2000;
  constexpr int kTotal = kThreads * kPerThread;
  EventWriter writer(*store_, {});
  std::vector<UserHash> users;
  for (int t = 0; t < kThreads; ++t) users.push_back(user("thread-" + std::to_string(t)));

  std::vector<std::atomic<int>> calls(kTotal);
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int n = t * kPerThread + i;
        writer.submit(append_op(users[t], {click(kNow + i, std::to_string(n))}),
                      [&calls, &ok, n](const Status& s) {
                        ++calls[n];
                        if (s.is_ok()) ++ok;
                      });
      }
    });
  }
  for (auto& th : threads) th.join();
  writer.stop();

  EXPECT_EQ(ok.load(), kTotal);
  for (int n = 0; n < kTotal; ++n) ASSERT_EQ(calls[n].load(), 1) << "op " << n;
  const auto stats = writer.stats();
  EXPECT_EQ(stats.events_written, static_cast<std::uint64_t>(kTotal));
  EXPECT_LT(stats.batches_written, static_cast<std::uint64_t>(kTotal));  // group commit
  EXPECT_GE(stats.batches_written, 2u);  // at most 4096 events per batch
  EXPECT_EQ(stats.write_errors, 0u);
  EXPECT_EQ(stats.rejected, 0u);
  EXPECT_EQ(stats.queue_depth, 0u);

  // Every event exactly once, under its own user, each user's in submission order.
  std::map<UserHash, std::vector<std::string>> per_user;
  std::set<std::string> ids;
  std::size_t scanned = 0;
  const Status s = store_->scan_events(kCustomer, [&](const StoredEvent& e) {
    ++scanned;
    ids.insert(e.event.item_id);
    per_user[e.user].push_back(e.event.item_id);
    return true;
  });
  ASSERT_TRUE(s.is_ok()) << s.message();
  EXPECT_EQ(scanned, static_cast<std::size_t>(kTotal));
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kTotal));
  ASSERT_EQ(per_user.size(), static_cast<std::size_t>(kThreads));
  for (int t = 0; t < kThreads; ++t) {
    std::vector<std::string> expected;
    for (int i = 0; i < kPerThread; ++i) expected.push_back(std::to_string(t * kPerThread + i));
    EXPECT_EQ(per_user[users[t]], expected) << "thread " << t;
  }
}

TEST_F(EventWriterTest, QueuedWritesAreCommittedTogether) {
  EventWriter::Options options;
  options.max_batch_events = 10;
  EventWriter writer(*store_, options);
  WriterBlock block;
  ASSERT_NO_FATAL_FAILURE(block.engage(writer, append_op(user("blocker"), {click(kNow, "0")})));
  Completions done;
  const UserHash u = user("u1");
  for (int i = 0; i < 25; ++i) {
    writer.submit(append_op(u, {click(kNow + i, std::to_string(i))}), done.make());
  }
  EXPECT_EQ(done.calls(), 0);
  block.release();
  ASSERT_TRUE(done.wait_for(25));
  writer.stop();
  EXPECT_TRUE(block.status().is_ok());
  EXPECT_EQ(done.ok(), 25);
  const auto stats = writer.stats();
  EXPECT_EQ(stats.events_written, 26u);
  EXPECT_EQ(stats.batches_written, 4u);  // the blocker, then 10 + 10 + 5
  EXPECT_EQ(events_of(u).size(), 25u);
}

TEST_F(EventWriterTest, AnAppendLargerThanABatchIsWrittenWhole) {
  EventWriter::Options options;
  options.max_batch_events = 10;
  EventWriter writer(*store_, options);
  WriterBlock block;
  ASSERT_NO_FATAL_FAILURE(block.engage(writer, append_op(user("blocker"), {click(kNow, "0")})));
  Completions done;
  const UserHash u = user("u1");
  std::vector<Event> big;
  for (int i = 0; i < 15; ++i) big.push_back(click(kNow + i, std::to_string(i)));
  writer.submit(append_op(u, big), done.make());
  writer.submit(append_op(u, {click(kNow + 100, "last")}), done.make());
  block.release();
  writer.stop();
  EXPECT_EQ(done.calls(), 2);
  EXPECT_EQ(done.ok(), 2);
  const auto stats = writer.stats();
  EXPECT_EQ(stats.events_written, 17u);
  EXPECT_EQ(stats.batches_written, 3u);  // the blocker, the 15, the last one
  EXPECT_EQ(events_of(u).size(), 16u);
}

// ---- login / transfer ----

TEST_F(EventWriterTest, MergeMovesHistoryAndBlacklistToTheTarget) {
  EventWriter writer(*store_, {});
  const UserHash source = user("anonymous");
  const UserHash target = user("john");
  ASSERT_TRUE(append_and_wait(writer, kCustomer, target,
                              {click(kNow - 50, "t1"), click(kNow - 30, "t2"),
                               make_event(EventKind::kBlacklist, kNow - 25, "t3")})
                  .is_ok());
  ASSERT_TRUE(
      append_and_wait(writer, kCustomer, source,
                      {click(kNow - 40, "s1"), make_event(EventKind::kBlacklist, kNow - 20, "s2"),
                       click(kNow - 10, "s3", "Cat")})
          .is_ok());
  const auto source_before = events_of(source);
  ASSERT_EQ(source_before.size(), 3u);

  const Event login = login_event(kNow, source);
  ASSERT_TRUE(write_and_wait(writer, MergeUsers{kCustomer, source, target, login}).is_ok());

  const auto merged = events_of(target);
  EXPECT_EQ(ids_of(merged), (std::vector<std::string>{"t1", "s1", "t2", "t3", "s2", "s3", ""}));
  EXPECT_EQ(times_of(merged), (std::vector<std::int64_t>{kNow - 50, kNow - 40, kNow - 30, kNow - 25,
                                                         kNow - 20, kNow - 10, kNow}));
  // Moved events keep their contents and sequence numbers.
  EXPECT_EQ(merged[1].event, source_before[0].event);
  EXPECT_EQ(merged[1].seq, source_before[0].seq);
  EXPECT_EQ(merged[4].event, source_before[1].event);
  EXPECT_EQ(merged[5].event, source_before[2].event);
  EXPECT_EQ(merged[5].seq, source_before[2].seq);
  for (const auto& e : merged) EXPECT_EQ(e.user, target);
  // The login itself, with the source it merged.
  EXPECT_EQ(merged.back().event, login);
  ASSERT_TRUE(merged.back().event.source_user.has_value());
  EXPECT_EQ(*merged.back().event.source_user, source);

  EXPECT_TRUE(events_of(source).empty());
  EXPECT_TRUE(blacklist_of(source).empty());
  EXPECT_EQ(blacklist_of(target), (std::vector<ItemRef>{{1, "s2"}, {1, "t3"}}));
  auto cats = store_->item_categories(kCustomer, 1, "s3");
  ASSERT_TRUE(cats.is_ok());
  EXPECT_EQ(*cats, std::vector<std::string>{"Cat"});  // item data is not per user

  writer.stop();  // stats are updated after the completions ran
  const auto stats = writer.stats();
  EXPECT_EQ(stats.events_written, 7u);  // 3 + 3 appended, 1 login
  EXPECT_EQ(stats.batches_written, 3u);
}

TEST_F(EventWriterTest, MergeIntoItselfOnlyAddsTheLogin) {
  EventWriter writer(*store_, {});
  const UserHash u = user("john");
  ASSERT_TRUE(
      append_and_wait(writer, kCustomer, u,
                      {click(kNow - 2, "1"), make_event(EventKind::kBlacklist, kNow - 1, "2")})
          .is_ok());
  const auto before = events_of(u);
  const Event login = login_event(kNow, u);
  ASSERT_TRUE(write_and_wait(writer, MergeUsers{kCustomer, u, u, login}).is_ok());
  const auto after = events_of(u);
  ASSERT_EQ(after.size(), 3u);
  EXPECT_EQ(after[0].event, before[0].event);
  EXPECT_EQ(after[0].seq, before[0].seq);
  EXPECT_EQ(after[1].event, before[1].event);
  EXPECT_EQ(after[2].event, login);
  EXPECT_EQ(blacklist_of(u), (std::vector<ItemRef>{{1, "2"}}));
}

TEST_F(EventWriterTest, MergeOfAUserWithoutHistoryOnlyAddsTheLogin) {
  EventWriter writer(*store_, {});
  const UserHash source = user("nobody");
  const UserHash target = user("john");
  ASSERT_TRUE(append_and_wait(writer, kCustomer, target, {click(kNow - 1, "1")}).is_ok());
  const Event login = login_event(kNow, source);
  ASSERT_TRUE(write_and_wait(writer, MergeUsers{kCustomer, source, target, login}).is_ok());
  const auto events = events_of(target);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].event.item_id, "1");
  EXPECT_EQ(events[1].event, login);
  EXPECT_TRUE(events_of(source).empty());
}

TEST_F(EventWriterTest, MergeTouchesOnlyItsCustomer) {
  EventWriter writer(*store_, {});
  const UserHash source = user("anonymous");
  const UserHash target = user("john");
  ASSERT_TRUE(append_and_wait(writer, kCustomer, source, {click(kNow - 2, "mine")}).is_ok());
  ASSERT_TRUE(append_and_wait(writer, "000000", source, {click(kNow - 1, "other")}).is_ok());
  ASSERT_TRUE(
      write_and_wait(writer, MergeUsers{kCustomer, source, target, login_event(kNow, source)})
          .is_ok());
  auto other = store_->user_events("000000", source);
  ASSERT_TRUE(other.is_ok());
  EXPECT_EQ(ids_of(*other), std::vector<std::string>{"other"});
  EXPECT_EQ(ids_of(events_of(target)), (std::vector<std::string>{"mine", ""}));
}

TEST_F(EventWriterTest, MergeSeesAppendsQueuedBeforeItAndNotAfter) {
  EventWriter writer(*store_, {});
  const UserHash source = user("anonymous");
  const UserHash target = user("john");
  WriterBlock block;
  ASSERT_NO_FATAL_FAILURE(block.engage(writer, append_op(user("blocker"), {click(kNow, "0")})));
  Completions done;
  // All three land in one group: append, merge, append.
  writer.submit(append_op(source, {click(kNow - 3, "before")}), done.make());
  writer.submit(MergeUsers{kCustomer, source, target, login_event(kNow - 2, source)}, done.make());
  writer.submit(append_op(source, {click(kNow - 1, "after")}), done.make());
  block.release();
  writer.stop();
  EXPECT_EQ(done.ok(), 3);
  EXPECT_EQ(ids_of(events_of(target)), (std::vector<std::string>{"before", ""}));
  EXPECT_EQ(ids_of(events_of(source)), std::vector<std::string>{"after"});
  EXPECT_EQ(writer.stats().batches_written, 4u);  // blocker, append, merge, append
}

TEST_F(EventWriterTest, MergeIsAtomicForReaders) {
  EventWriter writer(*store_, {});
  const UserHash a = user("a");
  const UserHash b = user("b");
  std::vector<Event> history;
  for (int i = 0; i < 40; ++i) history.push_back(click(kNow - 1000 + i, std::to_string(i)));
  ASSERT_TRUE(append_and_wait(writer, kCustomer, a, history).is_ok());

  std::atomic<bool> done{false};
  std::atomic<int> scans{0};
  std::atomic<int> torn{0};
  std::thread reader([&] {
    do {
      // In any snapshot the 40 clicks are all under one user, each exactly once.
      std::map<std::uint64_t, int> seen;
      std::set<UserHash> holders;
      const Status s = store_->scan_events(kCustomer, [&](const StoredEvent& e) {
        if (e.event.kind == EventKind::kClick) {
          ++seen[e.seq];
          holders.insert(e.user);
        }
        return true;
      });
      if (!s.is_ok() || seen.size() != 40 || holders.size() != 1) ++torn;
      for (const auto& [seq, count] : seen) {
        if (count != 1) ++torn;
      }
      ++scans;
    } while (!done.load());
  });
  constexpr int kMerges = 30;
  for (int i = 0; i < kMerges; ++i) {
    const UserHash& from = i % 2 == 0 ? a : b;
    const UserHash& to = i % 2 == 0 ? b : a;
    const Status s =
        write_and_wait(writer, MergeUsers{kCustomer, from, to, login_event(kNow + i, from)});
    if (!s.is_ok()) {
      ADD_FAILURE() << "merge " << i << ": " << s.message();
      break;
    }
  }
  done = true;
  reader.join();
  EXPECT_EQ(torn.load(), 0);
  EXPECT_GE(scans.load(), 1);
  // 30 merges, the last one from b to a: a holds everything.
  const auto final_events = events_of(a);
  EXPECT_EQ(final_events.size(), 40u + kMerges);
  EXPECT_TRUE(events_of(b).empty());
}

// ---- queue limit and stop ----

TEST_F(EventWriterTest, FullQueueRefusesAtOnceWithUnavailable) {
  EventWriter::Options options;
  options.queue_limit = 3;
  EventWriter writer(*store_, options);
  WriterBlock block;
  // A merge is written alone; its completion holds the writer thread.
  ASSERT_NO_FATAL_FAILURE(block.engage(
      writer, MergeUsers{kCustomer, user("x"), user("y"), login_event(kNow, user("x"))}));
  const UserHash u = user("u1");

  Completions accepted;
  writer.submit(append_op(u, {click(kNow, "a1"), click(kNow, "a2")}), accepted.make());
  EXPECT_EQ(accepted.calls(), 0);  // queued, not refused

  // 2 more events do not fit in a queue of 3 (with or without the blocked merge counted).
  bool called = false;
  std::thread::id called_on;
  Status refusal;
  writer.submit(append_op(u, {click(kNow, "r1"), click(kNow, "r2")}), [&](const Status& s) {
    called = true;
    called_on = std::this_thread::get_id();
    refusal = s;
  });
  ASSERT_TRUE(called);  // synchronously, before submit() returned
  EXPECT_EQ(called_on, std::this_thread::get_id());
  EXPECT_EQ(refusal.code(), StatusCode::kUnavailable);
  EXPECT_NE(refusal.message().find("queue full"), std::string::npos) << refusal.message();
  EXPECT_EQ(writer.stats().rejected, 1u);

  block.release();
  ASSERT_TRUE(accepted.wait_for(1));
  writer.stop();
  EXPECT_TRUE(block.status().is_ok());
  EXPECT_EQ(accepted.ok(), 1);
  EXPECT_EQ(ids_of(events_of(u)), (std::vector<std::string>{"a1", "a2"}));
  const auto stats = writer.stats();
  EXPECT_EQ(stats.events_written, 3u);  // the login and a1, a2
  EXPECT_EQ(stats.rejected, 1u);
  EXPECT_EQ(stats.queue_depth, 0u);
}

TEST_F(EventWriterTest, QueueHasRoomAgainOnceDrained) {
  EventWriter::Options options;
  options.queue_limit = 3;
  EventWriter writer(*store_, options);
  const UserHash u = user("u1");
  for (int round = 0; round < 5; ++round) {
    ASSERT_TRUE(append_and_wait(writer, kCustomer, u,
                                {click(kNow + round * 3, "a"), click(kNow + round * 3 + 1, "b"),
                                 click(kNow + round * 3 + 2, "c")})
                    .is_ok())
        << "round " << round;
    // The queue is released right after the completion: wait for it.
    for (int i = 0; i < 5000 && writer.stats().queue_depth != 0; ++i) {
      std::this_thread::sleep_for(1ms);
    }
  }
  writer.stop();
  EXPECT_EQ(events_of(u).size(), 15u);
  EXPECT_EQ(writer.stats().rejected, 0u);
  // A single op larger than the whole queue can never be accepted.
  Completions too_big;
  EventWriter fresh(*store_, options);
  fresh.submit(
      append_op(u, {click(kNow, "1"), click(kNow, "2"), click(kNow, "3"), click(kNow, "4")}),
      too_big.make());
  EXPECT_EQ(too_big.failures(), std::vector<StatusCode>{StatusCode::kUnavailable});
}

TEST_F(EventWriterTest, StopWritesEverythingQueuedThenRefuses) {
  EventWriter writer(*store_, {});
  WriterBlock block;
  ASSERT_NO_FATAL_FAILURE(block.engage(writer, append_op(user("blocker"), {click(kNow, "0")})));
  const UserHash u = user("u1");
  Completions queued;
  constexpr int kQueued = 200;
  for (int i = 0; i < kQueued; ++i) {
    writer.submit(append_op(u, {click(kNow + i, std::to_string(i))}), queued.make());
  }

  // stop() on another thread, while the writer is held and the 200 are queued.
  std::atomic<int> completed_when_stopped{-1};
  std::thread stopper([&] {
    writer.stop();
    completed_when_stopped = queued.calls();
  });
  // Wait until stop() has begun: from then on, submits are refused. Probes (empty appends)
  // accepted before that are written like any other op.
  Completions probes;
  int probes_sent = 0;
  for (;;) {
    const auto rejected_before = writer.stats().rejected;
    writer.submit(append_op(u, {}), probes.make());
    ++probes_sent;
    if (writer.stats().rejected > rejected_before) break;  // refused: stop() has begun
    if (probes_sent >= 10000) {
      ADD_FAILURE() << "stop() never began";
      break;
    }
    std::this_thread::sleep_for(1ms);
  }
  block.release();
  stopper.join();

  EXPECT_EQ(completed_when_stopped.load(), kQueued);
  EXPECT_EQ(queued.ok(), kQueued);
  EXPECT_EQ(probes.calls(), probes_sent);
  EXPECT_EQ(probes.ok(), probes_sent - 1);
  EXPECT_EQ(events_of(u).size(), static_cast<std::size_t>(kQueued));

  // Later submits are refused at once.
  Completions late;
  writer.submit(append_op(u, {click(kNow + 1000, "late")}), late.make());
  EXPECT_EQ(late.failures(), std::vector<StatusCode>{StatusCode::kUnavailable});
  EXPECT_EQ(events_of(u).size(), static_cast<std::size_t>(kQueued));
  const auto stats = writer.stats();
  EXPECT_EQ(stats.rejected, 2u);  // the last probe and the late one
  EXPECT_EQ(stats.events_written, static_cast<std::uint64_t>(kQueued + 1));
  EXPECT_EQ(stats.queue_depth, 0u);
}

TEST_F(EventWriterTest, StopTwiceAndDestroyAfterStopAreHarmless) {
  auto writer = std::make_unique<EventWriter>(*store_, EventWriter::Options{});
  const UserHash u = user("u1");
  ASSERT_TRUE(append_and_wait(*writer, kCustomer, u, {click(kNow, "1")}).is_ok());
  writer->stop();
  writer->stop();
  writer.reset();
  EXPECT_EQ(events_of(u).size(), 1u);
}

TEST_F(EventWriterTest, DestructorWritesWhatIsQueued) {
  const UserHash u = user("u1");
  Completions done;
  {
    EventWriter writer(*store_, {});
    for (int i = 0; i < 50; ++i) {
      writer.submit(append_op(u, {click(kNow + i, std::to_string(i))}), done.make());
    }
  }
  EXPECT_EQ(done.ok(), 50);
  EXPECT_EQ(events_of(u).size(), 50u);
}

// ---- writes handed over to a scheduler (write_on) ----

// A scheduler whose tasks run only when the test says so, on the test's thread or on
// worker threads; thread-safe.
class ManualScheduler final {
 public:
  EventWriter::Scheduler scheduler() {
    return [this](util::UniqueFunction<void()> task) {
      std::lock_guard lock(mutex_);
      tasks_.push_back(std::move(task));
      ++scheduled_;
      changed_.notify_all();
    };
  }

  // Runs the tasks queued now (and those they schedule) on this thread; returns how many.
  int run_all() {
    int ran = 0;
    for (;;) {
      util::UniqueFunction<void()> task;
      {
        std::lock_guard lock(mutex_);
        if (tasks_.empty()) return ran;
        task = std::move(tasks_.front());
        tasks_.erase(tasks_.begin());
      }
      task();
      ++ran;
    }
  }

  // Runs tasks on this thread until `stop` is set (waiting for them in between).
  void serve(const std::atomic<bool>& stop) {
    while (!stop) {
      {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, 1ms, [&] { return !tasks_.empty(); });
      }
      run_all();
    }
  }

  int scheduled() const {
    std::lock_guard lock(mutex_);
    return scheduled_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<util::UniqueFunction<void()>> tasks_;
  int scheduled_ = 0;
};

TEST_F(EventWriterTest, HandedOverWritesRunAsOneScheduledTaskPerBatch) {
  EventWriter writer(*store_, {});
  ManualScheduler scheduler;
  writer.write_on(scheduler.scheduler());
  const UserHash u = user("u1");
  Completions done;
  std::set<std::thread::id> completed_on;
  std::mutex completed_on_mutex;
  for (int i = 0; i < 30; ++i) {
    writer.submit(append_op(u, {click(kNow + i, std::to_string(i))}), [&](const Status& s) {
      {
        std::lock_guard lock(completed_on_mutex);
        completed_on.insert(std::this_thread::get_id());
      }
      done.record(s);
    });
  }
  // Nothing is written before the task runs, and the 30 submits scheduled one task.
  EXPECT_EQ(done.calls(), 0);
  EXPECT_TRUE(events_of(u).empty());
  EXPECT_EQ(scheduler.scheduled(), 1);

  EXPECT_EQ(scheduler.run_all(), 1);
  EXPECT_EQ(done.ok(), 30);
  EXPECT_EQ(completed_on, std::set<std::thread::id>{std::this_thread::get_id()});
  EXPECT_EQ(events_of(u).size(), 30u);
  EXPECT_EQ(writer.stats().batches_written, 1u);

  // The next submit schedules the next task.
  writer.submit(append_op(u, {click(kNow + 100, "100")}), done.make());
  EXPECT_EQ(scheduler.scheduled(), 2);
  EXPECT_EQ(scheduler.run_all(), 1);
  EXPECT_EQ(done.ok(), 31);
  writer.stop();
  EXPECT_EQ(writer.stats().batches_written, 2u);
}

TEST_F(EventWriterTest, WritesQueuedBehindTheThreadAreHandedOverToo) {
  EventWriter writer(*store_, {});
  auto block = std::make_unique<WriterBlock>();
  ASSERT_NO_FATAL_FAILURE(block->engage(writer, append_op(user("blocker"), {click(kNow, "0")})));
  const UserHash u = user("u1");
  Completions done;
  for (int i = 0; i < 5; ++i) {
    writer.submit(append_op(u, {click(kNow + i, std::to_string(i))}), done.make());
  }
  // Hand over while the thread is held in a completion: it is writing, so nothing is
  // scheduled yet; once it is done, it schedules a drain for the 5 it left.
  ManualScheduler scheduler;
  writer.write_on(scheduler.scheduler());
  EXPECT_EQ(scheduler.scheduled(), 0);
  EXPECT_EQ(done.calls(), 0);
  block->release();
  const auto deadline = std::chrono::steady_clock::now() + kTimeout;
  while (scheduler.scheduled() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_EQ(scheduler.run_all(), 1);
  ASSERT_TRUE(done.wait_for(5));
  EXPECT_EQ(done.ok(), 5);
  EXPECT_EQ(events_of(u).size(), 5u);
  writer.stop();
}

TEST_F(EventWriterTest, StopWritesWhatScheduledTasksNeverWrote) {
  const UserHash u = user("u1");
  Completions done;
  ManualScheduler scheduler;  // its tasks never run: like an I/O thread already stopped
  {
    EventWriter writer(*store_, {});
    writer.write_on(scheduler.scheduler());
    for (int i = 0; i < 20; ++i) {
      writer.submit(append_op(u, {click(kNow + i, std::to_string(i))}), done.make());
    }
    writer.stop();
    EXPECT_EQ(done.ok(), 20);
    EXPECT_EQ(events_of(u).size(), 20u);
    Completions late;
    writer.submit(append_op(u, {click(kNow + 100, "late")}), late.make());
    EXPECT_EQ(late.failures(), std::vector<StatusCode>{StatusCode::kUnavailable});
  }
  // A task that runs after stop() finds nothing to write.
  EXPECT_EQ(events_of(u).size(), 20u);
}

TEST_F(EventWriterTest, OnceTheSchedulerStopsTheWritersThreadWritesAgain) {
  EventWriter writer(*store_, {});
  ManualScheduler scheduler;  // like I/O threads that stopped with a drain still queued
  writer.write_on(scheduler.scheduler());
  const UserHash u = user("u1");
  Completions done;
  writer.submit(append_op(u, {click(kNow, "queued")}), done.make());
  EXPECT_EQ(done.calls(), 0);

  // What was queued is written by the writer's thread...
  writer.scheduler_stopped();
  ASSERT_TRUE(done.wait_for(1));
  // ...and so is what comes later, with nothing scheduled.
  writer.submit(append_op(u, {click(kNow + 1, "later")}), [&](const Status& s) {
    // A completion that submits does not wait for itself.
    writer.submit(append_op(u, {click(kNow + 2, "nested")}), done.make());
    done.record(s);
  });
  ASSERT_TRUE(done.wait_for(3));
  EXPECT_EQ(done.ok(), 3);
  EXPECT_EQ(scheduler.scheduled(), 1);
  EXPECT_EQ(ids_of(events_of(u)), (std::vector<std::string>{"queued", "later", "nested"}));
  writer.stop();
}

TEST_F(EventWriterTest, HandedOverWritesFromManyThreadsAreStoredExactlyOnceInOrder) {
  constexpr int kSubmitters = 4;
  constexpr int kPerThread = 1500;
  EventWriter writer(*store_, {});
  ManualScheduler scheduler;
  writer.write_on(scheduler.scheduler());
  std::atomic<bool> stop_workers{false};
  std::vector<std::thread> workers;  // two "I/O threads" running the drains
  for (int w = 0; w < 2; ++w) workers.emplace_back([&] { scheduler.serve(stop_workers); });

  std::vector<UserHash> users;
  for (int t = 0; t < kSubmitters; ++t) users.push_back(user("thread-" + std::to_string(t)));
  Completions done;
  std::vector<std::thread> submitters;
  for (int t = 0; t < kSubmitters; ++t) {
    submitters.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        writer.submit(append_op(users[t], {click(kNow + i, std::to_string(i))}), done.make());
      }
    });
  }
  for (auto& th : submitters) th.join();
  EXPECT_TRUE(done.wait_for(kSubmitters * kPerThread));
  stop_workers = true;
  for (auto& th : workers) th.join();
  writer.stop();

  EXPECT_EQ(done.ok(), kSubmitters * kPerThread);
  EXPECT_LT(writer.stats().batches_written, static_cast<std::uint64_t>(kSubmitters * kPerThread));
  for (int t = 0; t < kSubmitters; ++t) {
    std::vector<std::string> expected;
    for (int i = 0; i < kPerThread; ++i) expected.push_back(std::to_string(i));
    EXPECT_EQ(ids_of(events_of(users[t])), expected) << "thread " << t;
  }
}

TEST(EventWriterStallTest, AStalledWriteMovesToTheWritersThreadAndComesBack) {
  recod::test::TempDir tmp;
  StoreOptions options;
  options.data_dir = tmp.file("data");
  options.events_memtable_bytes = 64 << 10;  // RocksDB's smallest: full after ~600 events
  auto store = open_store(options);
  ASSERT_NE(store, nullptr);
  EventWriter writer(*store, {});
  ManualScheduler scheduler;
  writer.write_on(scheduler.scheduler());
  // No flushes: once two memtables are full, RocksDB stops writes until flushes resume.
  ASSERT_TRUE(store->pause_background_work().is_ok());

  const UserHash u = store->hash_user(kCustomer, "u1");
  constexpr int kOps = 100;
  constexpr int kEventsPerOp = 100;  // 10,000 events: many memtables
  Completions done;
  // This test's thread plays the I/O thread: it submits and runs the drains. It must never
  // be made to wait by the stall (if it is, the future below times out).
  auto io_thread = std::async(std::launch::async, [&] {
    for (int i = 0; i < kOps; ++i) {
      std::vector<Event> events;
      for (int k = 0; k < kEventsPerOp; ++k) {
        // Each op's item and category path: a stalled batch's category keys are written
        // when the batch is, not taken as written before.
        events.push_back(
            click(kNow + kEventsPerOp * i + k, std::to_string(i), "Cat" + std::to_string(i)));
      }
      writer.submit(append_op(u, std::move(events)), done.make());
      scheduler.run_all();
    }
  });
  const bool io_thread_kept_going = io_thread.wait_for(kTimeout) == std::future_status::ready;
  EXPECT_TRUE(io_thread_kept_going) << "a drain waited for the stall";
  EXPECT_LT(done.calls(), kOps) << "no stall happened: the test proves nothing";
  EXPECT_GE(writer.stats().stalls, 1u);
  // Told by RocksDB: no flush or compaction paces itself while writes are stopped.
  EXPECT_GE(stalled_column_families(), 1);

  ASSERT_TRUE(store->continue_background_work().is_ok());
  ASSERT_TRUE(done.wait_for(kOps));
  if (!io_thread_kept_going) return;
  EXPECT_EQ(done.ok(), kOps);
  const auto caught_up = std::chrono::steady_clock::now() + kTimeout;
  while (stalled_column_families() > 0 && std::chrono::steady_clock::now() < caught_up) {
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_EQ(stalled_column_families(), 0) << "background work would never pace again";
  const auto stored = store->user_events(kCustomer, u);
  ASSERT_TRUE(stored.is_ok());
  ASSERT_EQ(stored->size(), static_cast<std::size_t>(kEventsPerOp * kOps));
  for (int i = 0; i < kOps; ++i) {
    ASSERT_EQ((*stored)[static_cast<std::size_t>(kEventsPerOp * i)].event.item_id,
              std::to_string(i));
    const auto categories = store->item_categories(kCustomer, 1, std::to_string(i));
    ASSERT_TRUE(categories.is_ok());
    ASSERT_EQ(*categories, std::vector<std::string>{"Cat" + std::to_string(i)}) << "item " << i;
  }

  // Once the writer's thread has written a batch without waiting, writes are scheduled
  // again. Until then a submit wakes the thread; around the switch, the thread may hand a
  // submit it was woken for to the scheduler: either way it is written, once.
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int scheduled_before = scheduler.scheduled();
    const int calls_before = done.calls();
    writer.submit(append_op(u, {click(kNow + 100000 + attempt, "after")}), done.make());
    const bool scheduled = scheduler.scheduled() > scheduled_before;
    const auto deadline = std::chrono::steady_clock::now() + kTimeout;
    while (done.calls() == calls_before && std::chrono::steady_clock::now() < deadline) {
      scheduler.run_all();
      std::this_thread::sleep_for(1ms);
    }
    ASSERT_EQ(done.calls(), calls_before + 1);
    if (scheduled) {
      writer.stop();
      EXPECT_EQ(done.ok(), done.calls());
      return;
    }
  }
  ADD_FAILURE() << "writes never went back to the scheduler after the stall";
}

// ---- durability modes ----

TEST(EventWriterSyncTest, SyncWritesWork) {
  recod::test::TempDir tmp;
  StoreOptions options;
  options.data_dir = tmp.file("data");
  options.sync_writes = true;
  UserHash u{};
  {
    auto store = open_store(options);
    ASSERT_NE(store, nullptr);
    EXPECT_TRUE(store->sync_writes());
    u = store->hash_user(kCustomer, "u1");
    EventWriter writer(*store, {});
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(append_and_wait(writer, kCustomer, u,
                                  {click(kNow + 2 * i, std::to_string(2 * i)),
                                   click(kNow + 2 * i + 1, std::to_string(2 * i + 1))})
                      .is_ok());
    }
    ASSERT_TRUE(write_and_wait(writer, MergeUsers{kCustomer, store->hash_user(kCustomer, "u0"), u,
                                                  login_event(kNow + 100, u)})
                    .is_ok());
    auto events = store->user_events(kCustomer, u);
    ASSERT_TRUE(events.is_ok());
    EXPECT_EQ(events->size(), 11u);
    writer.stop();
    EXPECT_EQ(writer.stats().events_written, 11u);
  }
  auto reopened = open_store(tmp.file("data"));
  ASSERT_NE(reopened, nullptr);
  auto events = reopened->user_events(kCustomer, u);
  ASSERT_TRUE(events.is_ok());
  EXPECT_EQ(ids_of(*events),
            (std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ""}));
}

}  // namespace
}  // namespace recod::store::test
