#pragma once
// Where RocksDB starts the search when it inserts into a memtable. Private to store/.
//
// Every tracked event is one memtable insertion, and every batch of events one more per
// counter it moves. A memtable is one skip list over everything written since the last
// flush, far larger than the CPU caches; an insertion that searches it from the top misses
// the cache at most of ~20 levels, and took a quarter of a tracking request's CPU time
// (docs/performance.md). RocksDB can instead remember, per key prefix, where the last
// insertion with that prefix went and start the next search there
// (memtable_insert_with_hint_prefix_extractor), which is nearly free when the next key
// lies next to the last one:
// - events: a user's events arrive in time order and their keys (C | user | time | seq)
//   sort in that order, so a user's next event goes right after the previous one; the
//   prefix is C | user. (Since 2026-12-07 the store's events memtable keeps hints of its
//   own instead, make_events_memtable_factory() in lean_memtable.hpp, which also spares
//   the lookup in RocksDB's map of hints; this one is the baseline of its tests and of
//   bench/memtable_bench.)
// - counters (`stats`): each Merge of a counter is one more entry of the same key, which
//   the memtable sorts right before the key's previous entry (newest first); the prefix is
//   the whole key.
// Reads and the data on disk do not change.

#include <rocksdb/options.h>

namespace recod::store {

/// Sets the per-user insertion hint (prefix C | user) on the events' options.
void insert_events_with_hints(rocksdb::ColumnFamilyOptions& events);

/// Sets the per-key insertion hint on the counters' options.
void insert_counters_with_hints(rocksdb::ColumnFamilyOptions& counters);

}  // namespace recod::store
