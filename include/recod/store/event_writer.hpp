#pragma once
// EventWriter: writes tracking data into the Store, one writer at a time, with group commit.
//
// Request threads submit() a write and return at once; the writer takes everything queued,
// writes it as one RocksDB WriteBatch (one WAL append, one fsync in "sync" mode), and then
// runs each write's completion with the outcome. A completion therefore means "stored" (or
// "failed, nothing stored"): that is when a tracking request may be answered. Because there
// is one writer at a time, a login's read-move-delete of a history (or a user's erasure)
// cannot interleave with another write. Catalog imports and deletions go through it too, so
// that every write of recod has one order.
//
// Who writes: the writer's own thread, until write_on() hands the writing to a scheduler
// (the HTTP server's I/O threads). Then each submit() that finds nothing scheduled schedules
// one drain, which writes everything queued by then: the requests an I/O thread handled in
// one turn of its event loop share a batch, and no request waits for another thread to be
// woken and scheduled (on a busy core, that hand-over cost more than the write). Worth it
// when a write does not wait for the disk (durability "wal"); with fsync ("sync") the
// writer's thread keeps the I/O threads free meanwhile. The writer's thread stays: it takes
// over whenever a write would wait, which an I/O thread must not do: when RocksDB stalls
// writes (flushes or compactions behind) and once the scheduler has stopped.
//
// Thread safety: submit() and stats() from any thread. Completions run on the thread that
// writes (or, for a refused submit, the caller's) and must not block.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <variant>
#include <vector>

#include "recod/catalog/item.hpp"
#include "recod/store/store.hpp"
#include "recod/tracking/event.hpp"
#include "recod/util/siphash.hpp"
#include "recod/util/status.hpp"
#include "recod/util/unique_function.hpp"

namespace rocksdb {
class WriteBatch;
}  // namespace rocksdb

namespace recod::store {

class WrittenKeys;  // written_keys.hpp, private to store/

/// Append events to one user's history (a rendered request carries several), and count them
/// in the statistics in the same atomic write.
struct AppendEvents {
  std::string customer;
  UserHash user{};
  std::vector<tracking::Event> events;
  std::vector<CounterDelta> counters;
};

/// Add to statistics counters (e.g. recommendations delivered, gathered in memory).
struct AddCounters {
  std::string customer;
  std::vector<CounterDelta> counters;
};

/// login/transfer: the source user's history and blacklist become the target's, atomically,
/// and `login` (kind kLogin, source_user set) is appended to the target's history.
struct MergeUsers {
  std::string customer;
  UserHash source{};
  UserHash target{};
  tracking::Event login;
};

/// Store catalog items (replacing earlier versions of the same items), in one atomic write.
/// An imported item is recommendable again if it had been deleted.
struct ImportItems {
  std::string customer;
  std::vector<catalog::Item> items;
};

/// Take an item out of every recommendation: its catalog record goes, and a deletion
/// record keeps it out until it is imported again.
struct DeleteItem {
  std::string customer;
  std::uint32_t type = 0;
  std::string id;
  std::int64_t time_us = 0;
};

/// Erase everything stored about a user: events, blacklist, and the login links in both
/// directions. `erased`, if set, receives the number of records removed before the
/// completion runs.
struct EraseUser {
  std::string customer;
  UserHash user{};
  std::shared_ptr<std::uint64_t> erased;
};

using WriteOp =
    std::variant<AppendEvents, MergeUsers, ImportItems, DeleteItem, EraseUser, AddCounters>;

class EventWriter final {
 public:
  struct Options {
    std::size_t queue_limit = 100000;     ///< events waiting; beyond that submit() refuses
    std::uint32_t blacklist_days = 365;   ///< a blacklist event hides the item this long
    std::size_t max_batch_events = 4096;  ///< events per WriteBatch at most
  };

  /// Called once with the outcome of a submitted write, on the thread that wrote it.
  using Completion = util::UniqueFunction<void(const Status&)>;

  /// Runs a task soon on another thread (write_on()); must not run it inline.
  using Scheduler = std::function<void(util::UniqueFunction<void()>)>;

  struct Stats {
    std::uint64_t events_written = 0;
    std::uint64_t batches_written = 0;
    std::uint64_t write_errors = 0;
    std::uint64_t rejected = 0;  ///< submits refused (queue full or stopped)
    std::uint64_t stalls = 0;    ///< times RocksDB began to stall writes
    std::size_t queue_depth = 0;
  };

  /// Starts the writer thread. `store` must outlive the writer.
  EventWriter(Store& store, Options options);
  /// stop()s if not stopped yet.
  ~EventWriter();
  EventWriter(const EventWriter&) = delete;
  EventWriter& operator=(const EventWriter&) = delete;

  /// Queues `op`; `done` is called exactly once with the outcome: later on the thread that
  /// writes, or at once on the caller's thread with Unavailable when the queue is full or
  /// the writer is stopping (then nothing is written).
  void submit(WriteOp op, Completion done);

  /// From now on, writes run as tasks given to `schedule` instead of on the writer's own
  /// thread, except while RocksDB stalls writes. Call once; the scheduler's tasks must not
  /// run after the writer is destroyed.
  void write_on(Scheduler schedule);

  /// Tells the writer that the scheduler of write_on() runs no more tasks (the I/O threads
  /// have stopped): its own thread writes what is queued and what comes later, so that
  /// nothing waits for a task that never runs.
  void scheduler_stopped();

  /// Writes everything already queued, then stops the thread; later submits are refused.
  void stop();

  [[nodiscard]] Stats stats() const;

 private:
  struct Pending {
    WriteOp op;
    Completion done;
  };

  // What one WriteBatch adds beyond its Puts: counter deltas summed per key (one Merge per
  // key and batch instead of one per event), and the category keys it is the first to write.
  struct BatchExtras {
    std::unordered_map<std::string, std::int64_t> counters;  // customer-prefixed key -> delta
    std::vector<util::Hash128> new_categories;  // fingerprints; remembered once written
  };

  void run();
  /// A scheduled task (write_on()): writes what is queued, unless someone else writes or
  /// writes are not inline now (stalled, or the scheduler stopped).
  void drain();
  /// Under mutex_: writes run as scheduled drains on the scheduler's threads.
  [[nodiscard]] bool writes_inline() const;
  /// Writes `group` (taken from the queue with draining_ set), then clears draining_.
  /// `may_wait`: this thread may wait for a write stall (the writer's own thread); if not,
  /// what a stall stopped goes back to the queue for that thread.
  void write_taken(std::vector<Pending>& group, bool may_wait);
  std::size_t write_group(std::vector<Pending>& group);
  /// Writes `batch`, waiting through a stall only if may_wait_ (else sets would_stall_).
  Status commit(rocksdb::WriteBatch& batch);
  /// Counts a written (or failed) batch: `units` off the queue depth, `events` stored.
  void record_outcome(const Status& s, std::size_t units, std::size_t events);
  void add_events(const AppendEvents& op, rocksdb::WriteBatch& batch, BatchExtras& extras);
  void add_items(const ImportItems& op, rocksdb::WriteBatch& batch);
  void add_deletion(const DeleteItem& op, rocksdb::WriteBatch& batch);
  void add_counters(const std::string& customer, const std::vector<CounterDelta>& counters,
                    BatchExtras& extras);
  /// Adds the summed counters to `batch` (before it is committed).
  void put_counters(BatchExtras& extras, rocksdb::WriteBatch& batch) const;
  Status merge_users(const MergeUsers& op);
  Status erase_user(const EraseUser& op);

  Store& store_;
  const Options options_;
  // Members marked "writing thread" belong to whoever has set draining_, one at a time.
  std::uint64_t next_seq_;  // writing thread

  mutable std::mutex mutex_;
  std::condition_variable wake_;   // the writer's thread: something for it to write, or stop
  std::vector<Pending> queue_;     // guarded by mutex_
  std::size_t queued_events_ = 0;  // guarded by mutex_
  bool stopping_ = false;          // guarded by mutex_
  bool draining_ = false;          // guarded by mutex_; a thread is writing a taken group
  bool drain_scheduled_ = false;   // guarded by mutex_; a drain task is given, not yet run
  // Set once by write_on() (under mutex_), never changed after: then read without the lock.
  Scheduler scheduler_;
  bool scheduler_stopped_ = false;  // guarded by mutex_; scheduler_stopped() was called
  bool stalled_ = false;  // guarded by mutex_; RocksDB stalls writes: the thread writes them
  bool queue_full_reported_ = false;  // guarded by mutex_; logged once per overload
  Stats stats_;                       // guarded by mutex_
  bool last_write_failed_ = false;    // writing thread
  bool may_wait_ = true;              // writing thread: this write may wait for a stall
  bool would_stall_ = false;          // writing thread: the last commit stopped at a stall
  bool stall_waited_ = false;         // writing thread: this group waited for a stall
  // Category keys (item -> path; never deleted) this process has stored: a click on a
  // popular item need not write its category again. Bounded: cleared when full. Writing
  // thread.
  std::unique_ptr<WrittenKeys> written_categories_;
  // The keys and values add_events() and add_counters() build, one at a time: buffers
  // reused from batch to batch, so that a tracked click's keys allocate nothing. Writing
  // thread.
  std::string key_buffer_;
  std::string value_buffer_;
  std::thread thread_;
};

}  // namespace recod::store
