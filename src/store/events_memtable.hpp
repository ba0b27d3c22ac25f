#pragma once
// How the `events` column family inserts into its memtable. Private to store/.
//
// Every tracked event is one memtable insertion. RocksDB's memtable is one skip list over
// everything written since the last flush, far larger than the CPU caches; an insertion
// that searches it from the top misses the cache at most of ~20 levels, and took a quarter
// of a tracking request's CPU time (docs/performance.md). But a user's events arrive in
// time order and their keys (C | user | time | seq) sort in that order, so a user's next
// event belongs right after that user's previous one: RocksDB can remember, per key prefix,
// where the last insertion went and start the next search there
// (memtable_insert_with_hint_prefix_extractor). The prefix is C | user. Reads and the data
// on disk do not change.

#include <rocksdb/options.h>

namespace recod::store {

/// Sets the per-user insertion hint (prefix C | user) on the events' options.
void insert_events_with_hints(rocksdb::ColumnFamilyOptions& events);

}  // namespace recod::store
