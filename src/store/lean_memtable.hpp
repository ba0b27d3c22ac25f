#pragma once
// A memtable of our own for the events and the counters. Private to store/.
//
// Every tracked click is one insertion into the events' memtable, and every batch of
// clicks one merge per counter it moves. RocksDB's skip list, as Debian builds the library
// (with assertions), checks itself after each insertion: some 30 key comparisons of ~110
// instructions each, where the insertion itself needs a few when it starts next to the
// right place (docs/performance.md). This skip list is made the same way (one writer at a
// time, readers without locks, nodes in the memtable's arena and never removed) without
// the self-checks, and its insertion hint (memtable_hints.hpp) keeps the predecessors of
// the last insertion under the prefix at every level: a user's next event, right after
// the previous one, and a counter's next operand, right before it, are linked after a
// comparison or two per level they occupy. The events' memtable goes one step further: it
// remembers each user's greatest entry itself (user_tails.hpp), and links the user's next
// event right after it; three of four nodes have one level, and those are then linked
// without a search and without a comparison with the next user's entry, each of which
// missed the cache (docs/performance.md, "What a durable click costs").
//
// It needs DBOptions::allow_concurrent_memtable_write = false: RocksDB then inserts a
// write group's batches one after another, as recod's single event writer does anyway.

#include <memory>

#include <rocksdb/memtablerep.h>

namespace recod::store {

/// Memtables for a column family whose keys arrive next to the last one under their hint
/// prefix (memtable_insert_with_hint_prefix_extractor); any order is correct, only slower.
std::shared_ptr<rocksdb::MemTableRepFactory> make_lean_memtable_factory();

/// Memtables for the events (keys C | user | time | seq, keys.hpp, under RocksDB's bytewise
/// comparator), with no insertion hint from RocksDB: they keep their own table of each
/// user's greatest entry, and link a user's next event right after it, on the lowest level
/// without a comparison with the entry that follows. A user's first event in a memtable,
/// and an event older than the user's last, are searched for as with the hint. Any order
/// is correct, only slower.
std::shared_ptr<rocksdb::MemTableRepFactory> make_events_memtable_factory();

}  // namespace recod::store
