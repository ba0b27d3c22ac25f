#pragma once
// RocksDB's own log, sent to recod's log instead of a LOG file in the data dir.
//
// Why: RocksDB's file logger cannot survive a full disk. Once an append to LOG fails,
// Debian's librocksdb (built with assertions) aborts the process on the next log line,
// so a disk-full condition would turn "503, retry later" into a crash. It also puts
// RocksDB's warnings and errors (a failed flush, a background error) where ops look at
// 3 a.m.: recod's log. RocksDB's chatty info lines go to debug level.

#include <memory>

#include <rocksdb/env.h>

namespace recod::store {

/// A logger for DBOptions::info_log. Thread-safe (spdlog is).
[[nodiscard]] std::shared_ptr<rocksdb::Logger> make_rocksdb_logger();

}  // namespace recod::store
