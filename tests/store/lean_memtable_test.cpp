// recod's memtable for events and counters (lean_memtable.hpp) against RocksDB's skip
// list: two real databases take the same writes, one with each memtable, and must read
// back the same, in the memtable, after a flush and after a reopen that replays the WAL
// into a new memtable.
#include "lean_memtable.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <rocksdb/db.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/options.h>

#include "memtable_hints.hpp"
#include "support/temp_dir.hpp"

namespace recod::store {
namespace {

// Keys as the events column family has them: C | user | time, so that the insertion hint
// (per customer and user) is in play. Users 0..users-1; time as 8 big-endian bytes.
std::string event_like_key(unsigned user, std::uint64_t time) {
  std::string key;
  key.push_back(2);
  key += "c1";
  std::string user_hash(16, '\0');
  for (int i = 0; i < 4; ++i) user_hash[12 + i] = static_cast<char>((user >> (24 - 8 * i)) & 0xff);
  key += user_hash;
  for (int i = 7; i >= 0; --i) key.push_back(static_cast<char>((time >> (8 * i)) & 0xff));
  return key;
}

struct Db {
  std::unique_ptr<rocksdb::DB> db;
  std::string path;
};

// Joins merge operands with ',' (oldest first), so that their order shows.
class JoinOperator final : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& /*key*/, const rocksdb::Slice* existing,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* /*logger*/) const override {
    *new_value =
        existing != nullptr ? existing->ToString() + "," + value.ToString() : value.ToString();
    return true;
  }
  [[nodiscard]] const char* Name() const override { return "test.Join"; }
};

// The hints as on the events (per user) or on the counters (per key); kEventTails: the
// events' memtable as the store has it, with its own table of each user's greatest entry
// and no hint from RocksDB (RocksDB's skip list, the reference, keeps the per-user hint).
enum class Hints { kEvents, kCounters, kEventTails };

rocksdb::Options options_for(bool lean, Hints hints) {
  rocksdb::Options o;
  o.create_if_missing = true;
  o.merge_operator = std::make_shared<JoinOperator>();
  if (hints == Hints::kCounters) {
    insert_counters_with_hints(o);
  } else if (hints == Hints::kEvents || !lean) {
    insert_events_with_hints(o);
  }
  if (lean) {
    o.memtable_factory =
        hints == Hints::kEventTails ? make_events_memtable_factory() : make_lean_memtable_factory();
    o.allow_concurrent_memtable_write = false;
  } else {
    o.memtable_factory = std::make_shared<rocksdb::SkipListFactory>();
  }
  return o;
}

Db open_db(const std::string& path, bool lean, Hints hints) {
  rocksdb::DB* raw = nullptr;
  const auto s = rocksdb::DB::Open(options_for(lean, hints), path, &raw);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return {std::unique_ptr<rocksdb::DB>(raw), path};
}

using Entries = std::vector<std::pair<std::string, std::string>>;

Entries scan_forward(rocksdb::DB& db, const rocksdb::Snapshot* snapshot = nullptr) {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot;
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(ro));
  Entries out;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    out.emplace_back(it->key().ToString(), it->value().ToString());
  }
  EXPECT_TRUE(it->status().ok());
  return out;
}

Entries scan_backward(rocksdb::DB& db) {
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator({}));
  Entries out;
  for (it->SeekToLast(); it->Valid(); it->Prev()) {
    out.emplace_back(it->key().ToString(), it->value().ToString());
  }
  EXPECT_TRUE(it->status().ok());
  return out;
}

// Seek / SeekForPrev to `target`, then a few steps each way: what the iterator saw.
std::vector<std::string> walk_from(rocksdb::DB& db, const std::string& target, bool for_prev) {
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator({}));
  std::vector<std::string> seen;
  if (for_prev) {
    it->SeekForPrev(target);
  } else {
    it->Seek(target);
  }
  for (int i = 0; i < 3 && it->Valid(); ++i, it->Next()) seen.push_back(it->key().ToString());
  seen.emplace_back("|");
  if (for_prev) {
    it->SeekForPrev(target);
  } else {
    it->Seek(target);
  }
  for (int i = 0; i < 3 && it->Valid(); ++i, it->Prev()) seen.push_back(it->key().ToString());
  return seen;
}

std::string get(rocksdb::DB& db, const std::string& key,
                const rocksdb::Snapshot* snapshot = nullptr) {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot;
  std::string value;
  const auto s = db.Get(ro, key, &value);
  if (s.IsNotFound()) return "<none>";
  EXPECT_TRUE(s.ok()) << s.ToString();
  return value;
}

class LeanMemTableTest : public ::testing::Test {
 protected:
  void SetUp() override { reopen(); }

  void reopen() {
    lean_.db.reset();
    reference_.db.reset();
    lean_ = open_db(tmp_.file("lean"), true, hints_);
    reference_ = open_db(tmp_.file("reference"), false, hints_);
    ASSERT_NE(lean_.db, nullptr);
    ASSERT_NE(reference_.db, nullptr);
  }

  // Writes the same random batch to both: mostly each user's next event in time order,
  // some out of order, rewrites of an existing key, deletions, and merges into a few
  // counter-like keys (each operand an entry right before the key's previous one).
  void write_random_batch(std::mt19937_64& rng, unsigned users, unsigned size) {
    rocksdb::WriteBatch batch;
    for (unsigned i = 0; i < size; ++i) {
      const auto user = static_cast<unsigned>(rng() % users);
      const auto roll = rng() % 100;
      std::uint64_t time = ++clock_;
      if (roll < 10) time = rng() % (clock_ + 1);  // out of order
      const std::string key = event_like_key(user, time);
      keys_.push_back(key);
      if (roll >= 95) {
        ASSERT_TRUE(batch.Delete(keys_[rng() % keys_.size()]).ok());
      } else if (roll >= 90) {
        ASSERT_TRUE(batch.Put(keys_[rng() % keys_.size()], "again" + std::to_string(i)).ok());
      } else if (roll >= 70) {
        const std::string counter = event_like_key(user % 7, 0);
        keys_.push_back(counter);
        ASSERT_TRUE(batch.Merge(counter, std::to_string(clock_)).ok());
      } else {
        ASSERT_TRUE(batch.Put(key, "v" + std::to_string(clock_)).ok());
      }
    }
    rocksdb::WriteBatch copy = batch;
    ASSERT_TRUE(lean_.db->Write({}, &batch).ok());
    ASSERT_TRUE(reference_.db->Write({}, &copy).ok());
  }

  void expect_same_reads(std::mt19937_64& rng) {
    ASSERT_EQ(scan_forward(*lean_.db), scan_forward(*reference_.db));
    ASSERT_EQ(scan_backward(*lean_.db), scan_backward(*reference_.db));
    for (int i = 0; i < 200; ++i) {
      // An existing key, or one next to it: the byte after or a prefix of it.
      std::string target = keys_[rng() % keys_.size()];
      const auto roll = rng() % 3;
      if (roll == 1) target.push_back('\0');
      if (roll == 2) target.resize(target.size() - 1 - rng() % 8);
      ASSERT_EQ(walk_from(*lean_.db, target, false), walk_from(*reference_.db, target, false));
      ASSERT_EQ(walk_from(*lean_.db, target, true), walk_from(*reference_.db, target, true));
      ASSERT_EQ(get(*lean_.db, target), get(*reference_.db, target));
    }
  }

  // `rounds` random batches of 100 writes by 50 users, each followed by every kind of read.
  void write_rounds_and_compare(std::mt19937_64& rng, int rounds) {
    for (int round = 0; round < rounds; ++round) {
      write_random_batch(rng, 50, 100);
      expect_same_reads(rng);
    }
  }

  // A flush reads each memtable in order into a table file.
  void flush_both() {
    ASSERT_TRUE(lean_.db->Flush({}).ok());
    ASSERT_TRUE(reference_.db->Flush({}).ok());
  }

  // Writes kWrites events of kUsers users, one Put at a time, into the lean memtable while
  // two readers call `read(done)` over and over, `done` being how many writes had been
  // acknowledged when the read began; `read` returns false when it saw something wrong.
  static constexpr unsigned kUsers = 64;
  static constexpr std::uint64_t kWrites = 20000;
  static std::string key_of(std::uint64_t n) {
    return event_like_key(static_cast<unsigned>(n % kUsers), n / kUsers);
  }
  void read_while_writing(const std::function<bool(std::uint64_t done)>& read) {
    std::atomic<std::uint64_t> acknowledged{0};  // writes 0..acknowledged-1 are done
    std::atomic<bool> stop{false};
    std::atomic<bool> failed{false};
    std::vector<std::thread> readers;
    for (int r = 0; r < 2; ++r) {
      readers.emplace_back([&] {
        while (!stop.load() && !failed.load()) {
          if (!read(acknowledged.load())) failed = true;
        }
      });
    }
    for (std::uint64_t n = 0; n < kWrites && !failed.load(); ++n) {
      const auto s = lean_.db->Put({}, key_of(n), "v");
      EXPECT_TRUE(s.ok()) << s.ToString();
      if (!s.ok()) break;
      acknowledged = n + 1;
    }
    stop = true;
    for (auto& t : readers) t.join();
    EXPECT_FALSE(failed.load());
    EXPECT_EQ(scan_forward(*lean_.db).size(), kWrites);
  }

  Hints hints_ = Hints::kEvents;
  recod::test::TempDir tmp_;
  Db lean_;
  Db reference_;
  std::vector<std::string> keys_;
  std::uint64_t clock_ = 1000;
};

TEST_F(LeanMemTableTest, ReadsMatchRocksDbsSkipListInMemoryAfterFlushAndAfterReopen) {
  std::mt19937_64 rng(20261122);
  write_rounds_and_compare(rng, 20);
  // Older versions, through snapshots taken before more writes.
  const rocksdb::Snapshot* lean_snapshot = lean_.db->GetSnapshot();
  const rocksdb::Snapshot* reference_snapshot = reference_.db->GetSnapshot();
  for (int round = 0; round < 5; ++round) write_random_batch(rng, 50, 100);
  EXPECT_EQ(scan_forward(*lean_.db, lean_snapshot),
            scan_forward(*reference_.db, reference_snapshot));
  for (int i = 0; i < 200; ++i) {
    const std::string& key = keys_[rng() % keys_.size()];
    EXPECT_EQ(get(*lean_.db, key, lean_snapshot), get(*reference_.db, key, reference_snapshot));
  }
  lean_.db->ReleaseSnapshot(lean_snapshot);
  reference_.db->ReleaseSnapshot(reference_snapshot);

  // The WAL replayed into a fresh memtable.
  reopen();
  expect_same_reads(rng);

  // A flush reads the memtable in order into a table file; then one more memtable on top.
  flush_both();
  expect_same_reads(rng);
  for (int round = 0; round < 5; ++round) write_random_batch(rng, 50, 100);
  expect_same_reads(rng);
}

class LeanMemTableCountersTest : public LeanMemTableTest {
 protected:
  void SetUp() override {
    hints_ = Hints::kCounters;
    reopen();
  }
};

TEST_F(LeanMemTableCountersTest, ReadsMatchWithAHintPerKey) {
  std::mt19937_64 rng(42);
  write_rounds_and_compare(rng, 20);
  reopen();
  expect_same_reads(rng);
  flush_both();
  expect_same_reads(rng);
}

TEST_F(LeanMemTableTest, ManyUsersAndTallListsMatchToo) {
  // Enough entries for a list of 8+ levels, users interleaved, one hint per user.
  std::mt19937_64 rng(7);
  for (int round = 0; round < 60; ++round) write_random_batch(rng, 5000, 1000);
  expect_same_reads(rng);
}

TEST_F(LeanMemTableTest, ReadersWhileTheWriterInsertsSeeOrderedEntriesAndEveryAcknowledgedOne) {
  read_while_writing([this](std::uint64_t done) {
    std::unique_ptr<rocksdb::Iterator> it(lean_.db->NewIterator({}));
    std::string previous;
    std::uint64_t count = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string key = it->key().ToString();
      if (!previous.empty() && !(previous < key)) return false;
      previous = key;
      ++count;
    }
    return count >= done && (done == 0 || get(*lean_.db, key_of(done - 1)) != "<none>");
  });
}

class EventsMemTableTest : public LeanMemTableTest {
 protected:
  void SetUp() override {
    hints_ = Hints::kEventTails;
    reopen();
  }

  // Writes `key` with a value of its own to both databases, in one batch each.
  void put_both(const std::string& key) {
    const std::string value = "v" + std::to_string(++clock_);
    ASSERT_TRUE(lean_.db->Put({}, key, value).ok());
    ASSERT_TRUE(reference_.db->Put({}, key, value).ok());
    keys_.push_back(key);
  }
};

TEST_F(EventsMemTableTest, ReadsMatchRocksDbsSkipListInMemoryAfterFlushAndAfterReopen) {
  // Mostly each user's next event (linked after the user's last entry), and out of order
  // events, rewrites, deletions and merges (each sorted before an entry of its user).
  std::mt19937_64 rng(20261207);
  write_rounds_and_compare(rng, 20);
  reopen();
  expect_same_reads(rng);
  flush_both();
  expect_same_reads(rng);
  for (int round = 0; round < 5; ++round) write_random_batch(rng, 50, 100);
  expect_same_reads(rng);
}

TEST_F(EventsMemTableTest, ManyUsersAndTallListsMatchToo) {
  // Enough users for the table of tails to grow several times, and a list of 8+ levels.
  std::mt19937_64 rng(8);
  for (int round = 0; round < 60; ++round) write_random_batch(rng, 5000, 1000);
  expect_same_reads(rng);
}

TEST_F(EventsMemTableTest, UsersOfCustomersWithIdsOfOtherLengthsAndKeysWithoutAUserMatch) {
  // A user's prefix is C | user, C the customer id with its length: prefixes of different
  // lengths interleave in key order, and keys too short for a user sort among them. Users
  // whose hashes share their last bytes (the table's hash) differ before them.
  std::mt19937_64 rng(99);
  const std::vector<std::string> customers = {"a", "c1", "shop-with-a-long-id"};
  for (int i = 0; i < 3000; ++i) {
    const auto roll = rng() % 100;
    if (roll < 3) {
      // No user: just the customer's prefix and a few bytes, or less.
      std::string key(1, static_cast<char>(customers[rng() % 3].size()));
      key += customers[rng() % 3];
      key.append(rng() % 17, static_cast<char>('a' + rng() % 3));
      put_both(key);
      continue;
    }
    const auto& customer = customers[rng() % customers.size()];
    std::string key(1, static_cast<char>(customer.size()));
    key += customer;
    std::string user_hash(16, '\0');
    user_hash[0] = static_cast<char>(rng() % 4);   // differs only in the first byte...
    user_hash[15] = static_cast<char>(rng() % 8);  // ...or in the last
    key += user_hash;
    const std::uint64_t time = roll < 85 ? ++clock_ : rng() % (clock_ + 1);
    for (int b = 7; b >= 0; --b) key.push_back(static_cast<char>((time >> (8 * b)) & 0xff));
    put_both(key);
  }
  expect_same_reads(rng);
  flush_both();
  expect_same_reads(rng);
}

TEST_F(EventsMemTableTest, ReadersWhileTheWriterAppendsSeeEveryUsersEventsInOrder) {
  read_while_writing([this](std::uint64_t done) {
    // One user's history newest first, as Store::user_events reads it.
    const auto user = static_cast<unsigned>(done % kUsers);
    const std::string prefix = event_like_key(user, 0).substr(0, 19);  // C | user
    std::unique_ptr<rocksdb::Iterator> it(lean_.db->NewIterator({}));
    std::uint64_t count = 0;
    std::string previous;
    for (it->SeekForPrev(event_like_key(user, ~0ULL)); it->Valid() && it->key().starts_with(prefix);
         it->Prev()) {
      const std::string key = it->key().ToString();
      if (!previous.empty() && !(key < previous)) return false;
      previous = key;
      ++count;
    }
    return count >= done / kUsers;
  });
}

TEST(LeanMemTableOptionsTest, RocksDbRefusesItWithConcurrentMemtableWrites) {
  // The skip list has one writer at a time; RocksDB must not be allowed to insert from
  // several threads at once.
  recod::test::TempDir tmp;
  rocksdb::Options o;
  o.create_if_missing = true;
  o.memtable_factory = make_lean_memtable_factory();
  o.allow_concurrent_memtable_write = true;
  rocksdb::DB* raw = nullptr;
  const auto s = rocksdb::DB::Open(o, tmp.file("db"), &raw);
  std::unique_ptr<rocksdb::DB> db(raw);
  EXPECT_FALSE(s.ok());
}

}  // namespace
}  // namespace recod::store
