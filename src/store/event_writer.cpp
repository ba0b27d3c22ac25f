#include "recod/store/event_writer.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>

#include <rocksdb/db.h>
#include <rocksdb/perf_level.h>
#include <rocksdb/write_batch.h>
#include <spdlog/spdlog.h>

#include "blacklist_filter.hpp"
#include "event_codec.hpp"
#include "keys.hpp"
#include "recod/catalog/codec.hpp"
#include "recod/util/thread_name.hpp"
#include "store_internal.hpp"
#include "written_keys.hpp"

namespace recod::store {
namespace {

constexpr std::int64_t kMicrosPerDay = 86400LL * 1000 * 1000;
// Category keys remembered as written (a few MB at most); then the set starts again.
constexpr std::size_t kMaxWrittenCategories = 1 << 16;

rocksdb::Slice slice(std::string_view s) { return {s.data(), s.size()}; }
std::string_view view(const rocksdb::Slice& s) { return {s.data(), s.size()}; }

// How much of the queue an op takes: its events or items (at least 1).
std::size_t queue_units(const WriteOp& op) {
  if (const auto* append = std::get_if<AppendEvents>(&op)) return append->events.size();
  if (const auto* import = std::get_if<ImportItems>(&op))
    return std::max<std::size_t>(1, import->items.size());
  return 1;
}

// Events an op stores (for the events_written statistic).
std::size_t events_in(const WriteOp& op) {
  if (const auto* append = std::get_if<AppendEvents>(&op)) return append->events.size();
  return std::holds_alternative<MergeUsers>(op) ? 1 : 0;
}

// Ops that need reads of their own run alone; the others share one batch.
bool runs_alone(const WriteOp& op) {
  return std::holds_alternative<MergeUsers>(op) || std::holds_alternative<EraseUser>(op);
}

std::string be64(std::int64_t v) {
  std::string out;
  keys::put_be64(out, static_cast<std::uint64_t>(v));
  return out;
}

}  // namespace

EventWriter::EventWriter(Store& store, Options options)
    : store_(store),
      options_(options),
      // Sequence numbers only break ties between events of one user in one microsecond.
      // Starting from the wall clock in nanoseconds keeps them unique across restarts
      // (a process cannot write more than one event per nanosecond of its lifetime).
      next_seq_(static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                               std::chrono::system_clock::now().time_since_epoch())
                                               .count())),
      written_categories_(std::make_unique<WrittenKeys>(store.derive_key("written categories"),
                                                        kMaxWrittenCategories)),
      thread_([this] { run(); }) {}

EventWriter::~EventWriter() { stop(); }

void EventWriter::submit(WriteOp op, Completion done) {
  const std::size_t n = queue_units(op);
  Status refused;
  Completion refused_done;  // called outside the lock: a completion may do anything
  bool report_queue_full = false;
  bool schedule_drain = false;
  bool wake_thread = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      refused = Status::unavailable("shutting down; nothing stored, retry later");
    } else if (queued_events_ + n > options_.queue_limit) {
      refused = Status::unavailable("write queue full; nothing stored, retry later");
      report_queue_full = !queue_full_reported_;
      queue_full_reported_ = true;
    } else if (queued_events_ == 0) {
      queue_full_reported_ = false;  // drained: the next overload is worth a line again
    }
    if (refused.is_ok()) {
      queued_events_ += n;
      queue_.push_back({std::move(op), std::move(done)});
      if (!writes_inline()) {
        wake_thread = true;
      } else if (!drain_scheduled_ && !draining_) {
        drain_scheduled_ = true;
        schedule_drain = true;
      }
    } else {
      ++stats_.rejected;
      refused_done = std::move(done);
    }
  }
  if (report_queue_full) {
    spdlog::warn("write queue full ({} events): tracking answers 503 until it drains",
                 options_.queue_limit);
  }
  if (refused_done) {
    refused_done(refused);
    return;
  }
  if (schedule_drain) {
    scheduler_([this] { drain(); });
  } else if (wake_thread) {
    wake_.notify_one();
  }
}

bool EventWriter::writes_inline() const { return scheduler_ && !scheduler_stopped_ && !stalled_; }

void EventWriter::write_on(Scheduler schedule) {
  bool schedule_drain = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || scheduler_) return;
    scheduler_ = std::move(schedule);
    // Queued before: unless the thread is writing (it schedules what it leaves), drain it.
    schedule_drain = !queue_.empty() && !draining_;
    drain_scheduled_ = schedule_drain;
  }
  if (schedule_drain) scheduler_([this] { drain(); });
}

void EventWriter::scheduler_stopped() {
  {
    std::lock_guard lock(mutex_);
    if (!scheduler_) return;
    scheduler_stopped_ = true;
  }
  wake_.notify_one();  // the writer's thread writes what is queued, and what comes later
}

void EventWriter::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

EventWriter::Stats EventWriter::stats() const {
  std::lock_guard lock(mutex_);
  Stats s = stats_;
  s.queue_depth = queued_events_;
  return s;
}

void EventWriter::run() {
  util::name_this_thread("recod-writer");
  std::vector<Pending> group;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      // While writes are inline, scheduled drains write; when stopping, this thread writes
      // whatever is left.
      wake_.wait(lock, [this] {
        return !draining_ && (stopping_ || (!queue_.empty() && !writes_inline()));
      });
      if (queue_.empty()) return;  // stopping, and everything queued is written
      draining_ = true;
      group.swap(queue_);
    }
    write_taken(group, true);
  }
}

void EventWriter::drain() {
  std::vector<Pending> group;
  {
    std::lock_guard lock(mutex_);
    drain_scheduled_ = false;
    // Someone writing schedules again for what it finds queued when it is done; when writes
    // are not inline (any more), the thread has been woken for them.
    if (draining_ || queue_.empty() || !writes_inline()) return;
    draining_ = true;
    group.swap(queue_);
  }
  write_taken(group, false);
}

void EventWriter::write_taken(std::vector<Pending>& group, bool may_wait) {
  may_wait_ = may_wait;
  stall_waited_ = false;
  const std::size_t completed = write_group(group);
  bool stall_began = false;
  bool stall_ended = false;
  bool schedule_drain = false;
  bool wake_thread = false;
  {
    std::lock_guard lock(mutex_);
    if (completed < group.size()) {
      // RocksDB would have made this (I/O) thread wait: a write stall. What is left goes
      // back to the front of the queue, in order, for the writer's thread, which may wait.
      const auto rest = group.begin() + static_cast<std::ptrdiff_t>(completed);
      queue_.insert(queue_.begin(), std::make_move_iterator(rest),
                    std::make_move_iterator(group.end()));
      stall_began = !stalled_;
      stalled_ = true;
      if (stall_began) ++stats_.stalls;
    } else if (may_wait && stalled_ && !stall_waited_) {
      stalled_ = false;  // a whole group went through without waiting: back to inline
      stall_ended = true;
    }
    draining_ = false;
    if (writes_inline()) {
      schedule_drain = !queue_.empty() && !drain_scheduled_;
      drain_scheduled_ = drain_scheduled_ || schedule_drain;
    }
    // A drain that leaves work to the writer's thread wakes it; the thread itself looks again.
    wake_thread = !may_wait && (!writes_inline() || stopping_);
  }
  group.clear();
  if (stall_began) {
    spdlog::warn(
        "storage is stalling writes (its flushes or compactions are behind): tracking "
        "writes wait on the writer thread, not on the I/O threads, until it catches up");
  }
  if (stall_ended) spdlog::info("storage caught up: writes are batched on the I/O threads again");
  if (wake_thread) wake_.notify_one();
  if (schedule_drain) scheduler_([this] { drain(); });
}

// Writes a group in submission order: runs of batchable ops become one batch each (at most
// max_batch_events units); an op that reads (merge, erase) is written alone, after the ops
// before it are committed, so that it sees them. Returns how many ops, from the front,
// were written (or failed) and completed: all of them, unless a write would have waited
// for a stall on a thread that must not wait (may_wait_ false); the rest is untouched.
std::size_t EventWriter::write_group(std::vector<Pending>& group) {
  // RocksDB counts every key comparison of the writing thread in its thread-local perf
  // context by default; nobody reads those counts, and they cost a few per cent of a write.
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
  // Room made once for a tracked click's Put and its share of the counters' Merges per op,
  // rather than the batch's buffer growing by doubling as the ops go in.
  constexpr std::size_t kBatchBytesPerOp = 128;
  rocksdb::WriteBatch batch(std::min(group.size(), options_.max_batch_events) * kBatchBytesPerOp);
  BatchExtras extras;
  std::size_t batch_begin = 0;
  std::size_t batch_units = 0;
  std::size_t batch_events = 0;

  // Commits ops [batch_begin, end) and completes them; false if it would have stalled.
  const auto flush = [&](std::size_t end) {
    if (batch_begin == end) return true;
    put_counters(extras, batch);
    const Status s = commit(batch);
    if (s.is_ok() && !would_stall_) {
      for (const auto& f : extras.new_categories) written_categories_->insert(f);
    }
    extras.new_categories.clear();
    if (would_stall_) return false;
    record_outcome(s, batch_units, batch_events);  // before the completions: they may read stats()
    for (std::size_t i = batch_begin; i < end; ++i) group[i].done(s);
    batch.Clear();
    batch_begin = end;
    batch_units = 0;
    batch_events = 0;
    return true;
  };

  for (std::size_t i = 0; i < group.size(); ++i) {
    const WriteOp& op = group[i].op;
    const std::size_t units = queue_units(op);
    if (runs_alone(op)) {
      if (!flush(i)) return batch_begin;
      const Status s = std::holds_alternative<MergeUsers>(op)
                           ? merge_users(std::get<MergeUsers>(op))
                           : erase_user(std::get<EraseUser>(op));
      if (would_stall_) return i;  // nothing of it was written; it reads again when retried
      record_outcome(s, units, events_in(op));
      group[i].done(s);
      batch_begin = i + 1;
      continue;
    }
    if (batch_units > 0 && batch_units + units > options_.max_batch_events && !flush(i)) {
      return batch_begin;
    }
    if (const auto* append = std::get_if<AppendEvents>(&op)) {
      add_events(*append, batch, extras);
    } else if (const auto* import = std::get_if<ImportItems>(&op)) {
      add_items(*import, batch);
    } else if (const auto* counters = std::get_if<AddCounters>(&op)) {
      add_counters(counters->customer, counters->counters, extras);
    } else {
      add_deletion(std::get<DeleteItem>(op), batch);
    }
    batch_units += units;
    batch_events += events_in(op);
  }
  return flush(group.size()) ? group.size() : batch_begin;
}

void EventWriter::record_outcome(const Status& s, std::size_t units, std::size_t events) {
  std::lock_guard lock(mutex_);
  queued_events_ -= units;
  if (s.is_ok()) {
    stats_.events_written += events;
    ++stats_.batches_written;
  } else {
    ++stats_.write_errors;
  }
}

Status EventWriter::commit(rocksdb::WriteBatch& batch) {
  auto* db = store_.db_.get();
  if (last_write_failed_) {
    // After an I/O error RocksDB refuses writes until it recovers. From a full disk it
    // recovers by itself once space returns (it polls every few seconds; Resume() answers
    // "busy" meanwhile); other errors need Resume(). So try before each write: writes
    // succeed again as soon as the cause is gone, without a restart.
    if (const auto resumed = db->Resume(); !resumed.ok() && !resumed.IsBusy()) {
      spdlog::debug("storage not resumed yet: {}", resumed.ToString());
    }
  }
  rocksdb::WriteOptions wo;
  wo.sync = store_.sync_writes();
  // When RocksDB throttles writes (memtables full, too many level-0 files), it makes the
  // writing thread sleep. Ask it to say so instead: an I/O thread must not sleep.
  wo.no_slowdown = true;
  would_stall_ = false;
  auto s = db->Write(wo, &batch);
  if (s.IsIncomplete()) {
    if (!may_wait_) {
      would_stall_ = true;  // nothing written; the writer's thread writes it
      return Status::ok();
    }
    stall_waited_ = true;
    wo.no_slowdown = false;
    s = db->Write(wo, &batch);
  }
  // Log the changes of state, not every refused write: a full disk under load would
  // otherwise write a line per request.
  if (!s.ok() && !last_write_failed_) {
    spdlog::error("storage refuses writes: {}; tracking answers 503 until it recovers",
                  s.ToString());
  } else if (s.ok() && last_write_failed_) {
    spdlog::info("storage accepts writes again");
  }
  last_write_failed_ = !s.ok();
  if (!s.ok()) return Status::io_error("storage write failed: " + s.ToString());
  return Status::ok();
}

void EventWriter::add_events(const AppendEvents& op, rocksdb::WriteBatch& batch,
                             BatchExtras& extras) {
  const auto& h = *store_.handles_;
  for (const auto& event : op.events) {
    value_buffer_.clear();
    encode_event(event, value_buffer_);
    keys::event_key_into(key_buffer_, op.customer, op.user, event.time_us, next_seq_++);
    (void)batch.Put(h.events, slice(key_buffer_), slice(value_buffer_));

    if (event.kind == tracking::EventKind::kBlacklist) {
      store_.blacklist_filter_->add(op.user);  // before the record can be read
      const std::int64_t expiry = event.time_us + options_.blacklist_days * kMicrosPerDay;
      (void)batch.Put(
          h.users, slice(keys::blacklist_key(op.customer, op.user, event.item_type, event.item_id)),
          slice(be64(expiry)));
    }
    if (!event.category_path.empty() &&
        (event.kind == tracking::EventKind::kClick || event.kind == tracking::EventKind::kBasket)) {
      // Multi-homing: every path seen is one more key; the set of keys is the item's set.
      // A key this process has stored already (or that this batch stores) is not written
      // again: these keys are never deleted, and each write costs a memtable insertion.
      keys::category_key_into(key_buffer_, op.customer, event.item_type, event.item_id,
                              event.category_path);
      const auto fingerprint = written_categories_->fingerprint(key_buffer_);
      if (!written_categories_->contains(fingerprint) &&
          std::find(extras.new_categories.begin(), extras.new_categories.end(), fingerprint) ==
              extras.new_categories.end()) {
        (void)batch.Put(h.items, slice(key_buffer_), rocksdb::Slice());
        extras.new_categories.push_back(fingerprint);  // remembered once the batch is written
      }
    }
  }
  add_counters(op.customer, op.counters, extras);
}

Status EventWriter::merge_users(const MergeUsers& op) {
  const auto& h = *store_.handles_;
  auto* db = store_.db_.get();
  rocksdb::WriteBatch batch;

  if (op.source != op.target) {
    const std::size_t cprefix = keys::customer_prefix(op.customer).size();
    // Move the events: same time and sequence, filed under the target.
    {
      const std::string prefix = keys::user_prefix(op.customer, op.source);
      const std::string end = keys::prefix_end(prefix);
      const rocksdb::Slice upper = slice(end);
      rocksdb::ReadOptions ro;
      ro.iterate_upper_bound = &upper;
      std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro, h.events));
      for (it->Seek(slice(prefix)); it->Valid(); it->Next()) {
        (void)batch.Put(h.events, slice(keys::rekey_user(view(it->key()), cprefix, op.target)),
                        it->value());
        (void)batch.Delete(h.events, it->key());
      }
      if (!it->status().ok())
        return Status::io_error("reading history: " + it->status().ToString());
    }
    // Move the blacklist (and the source's own login links), same layout under the target.
    {
      const std::string prefix = keys::user_prefix(op.customer, op.source);
      const std::string end = keys::prefix_end(prefix);
      const rocksdb::Slice upper = slice(end);
      rocksdb::ReadOptions ro;
      ro.iterate_upper_bound = &upper;
      std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro, h.users));
      for (it->Seek(slice(prefix)); it->Valid(); it->Next()) {
        const std::string_view key = view(it->key());
        if (key.size() > prefix.size() && key[prefix.size()] == keys::kBlacklistTag)
          store_.blacklist_filter_->add(op.target);  // before the moved record can be read
        (void)batch.Put(h.users, slice(keys::rekey_user(key, cprefix, op.target)), it->value());
        (void)batch.Delete(h.users, it->key());
      }
      if (!it->status().ok()) return Status::io_error("reading users: " + it->status().ToString());
    }
    // Remember the link, so that erasing the target can find the ids merged into it.
    (void)batch.Put(h.users, slice(keys::login_key(op.customer, op.target, op.source)),
                    slice(be64(op.login.time_us)));
    (void)batch.Put(h.users, slice(keys::login_reverse_key(op.customer, op.source, op.target)),
                    slice(be64(op.login.time_us)));
  }

  std::string value;
  encode_event(op.login, value);
  (void)batch.Put(h.events,
                  slice(keys::event_key(op.customer, op.target, op.login.time_us, next_seq_++)),
                  slice(value));
  return commit(batch);
}

void EventWriter::add_counters(const std::string& customer,
                               const std::vector<CounterDelta>& counters, BatchExtras& extras) {
  if (counters.empty()) return;
  const std::string prefix = keys::customer_prefix(customer);
  for (const auto& c : counters) {
    key_buffer_.assign(prefix).append(c.key);
    extras.counters[key_buffer_] += c.delta;
  }
}

// Every event of a batch counts in the same few counters (this hour's clicks, today's):
// one Merge per counter and batch, in the batch, so still atomic with the events.
void EventWriter::put_counters(BatchExtras& extras, rocksdb::WriteBatch& batch) const {
  const auto& h = *store_.handles_;
  for (const auto& [key, delta] : extras.counters) {
    (void)batch.Merge(h.stats, slice(key), slice(encode_counter(delta)));
  }
  extras.counters.clear();
}

void EventWriter::add_items(const ImportItems& op, rocksdb::WriteBatch& batch) {
  const auto& h = *store_.handles_;
  std::string value;
  for (const auto& item : op.items) {
    value.clear();
    catalog::encode_item(item, value);
    (void)batch.Put(h.items,
                    slice(keys::item_key(op.customer, keys::kCatalogTag, item.type, item.id)),
                    slice(value));
    (void)batch.Delete(h.items,
                       slice(keys::item_key(op.customer, keys::kDeletedTag, item.type, item.id)));
  }
}

void EventWriter::add_deletion(const DeleteItem& op, rocksdb::WriteBatch& batch) {
  const auto& h = *store_.handles_;
  (void)batch.Delete(h.items,
                     slice(keys::item_key(op.customer, keys::kCatalogTag, op.type, op.id)));
  (void)batch.Put(h.items, slice(keys::item_key(op.customer, keys::kDeletedTag, op.type, op.id)),
                  slice(be64(op.time_us)));
}

Status EventWriter::erase_user(const EraseUser& op) {
  const auto& h = *store_.handles_;
  auto* db = store_.db_.get();
  rocksdb::WriteBatch batch;
  std::uint64_t erased = 0;
  const std::string prefix = keys::user_prefix(op.customer, op.user);

  // Every event, and every record of the user in `users` (blacklist, login links).
  Status s = for_each_with_prefix(*db, h.events, prefix, true, "reading history",
                                  [&](std::string_view key, std::string_view /*value*/) {
                                    (void)batch.Delete(h.events, slice(key));
                                    ++erased;
                                    return true;
                                  });
  if (!s.is_ok()) return s;
  s = for_each_with_prefix(
      *db, h.users, prefix, true, "reading user records",
      [&](std::string_view key, std::string_view /*value*/) {
        (void)batch.Delete(h.users, slice(key));
        ++erased;
        // A login link names another user: remove that user's side of it too.
        const auto rest = key.substr(prefix.size());
        if (rest.size() == 1 + keys::kUserHashSize &&
            (rest[0] == keys::kLoginTag || rest[0] == keys::kLoginReverseTag)) {
          UserHash other{};
          std::memcpy(other.data(), rest.data() + 1, other.size());
          const auto other_side = rest[0] == keys::kLoginTag
                                      ? keys::login_reverse_key(op.customer, other, op.user)
                                      : keys::login_key(op.customer, other, op.user);
          (void)batch.Delete(h.users, slice(other_side));
          ++erased;  // written together with ours, so it exists
        }
        return true;
      });
  if (!s.is_ok()) return s;
  s = commit(batch);
  if (s.is_ok() && op.erased) *op.erased = erased;
  return s;
}

}  // namespace recod::store
