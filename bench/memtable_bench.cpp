// memtable_bench: recod's memtables (src/store/lean_memtable.hpp) against RocksDB's skip
// list, the baseline, in the same process: the CPU time per event of inserting tracked
// events and of flushing them to a table file. Three memtables: RocksDB's skip list and
// recod's lean skip list, both with RocksDB's per-user insertion hint (memtable_hints.hpp;
// the lean one is the counters' memtable, and was the events' until 2026-12-07), and the
// events' memtable as the store has it (its own table of each user's greatest entry).
//
//   memtable_bench [--events N] [--users N] [--runs N] [--dir PATH]
//
// Each run opens three fresh databases in --dir (default: a temporary directory), one per
// memtable, no WAL and a write buffer larger than the events so that nothing flushes
// early. All take the same
// writes: events keyed as recod keys them (customer, user hash, time, sequence) with a
// 40-byte value, users drawn at random as a shop's clicks arrive, in batches of 32 (a
// write group's size at 64 connections). Then a flush writes each memtable to a table file,
// which reads the whole list in key order. Prints the medians of ns per event and the
// ratios to RocksDB's.
#include <algorithm>
#include <array>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include <rocksdb/db.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include "keys.hpp"
#include "lean_memtable.hpp"
#include "memtable_hints.hpp"

namespace recod::bench {
namespace {

struct Options {
  std::size_t events = 500000;
  std::size_t users = 100000;
  int runs = 5;
  std::string dir;
};

[[noreturn]] void usage(const char* argv0) {
  std::cerr << "usage: " << argv0 << " [--events N] [--users N] [--runs N] [--dir PATH]\n";
  std::exit(2);
}

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) usage(argv[0]);
    const std::string value = argv[++i];
    if (arg == "--events") {
      o.events = std::stoull(value);
    } else if (arg == "--users") {
      o.users = std::stoull(value);
    } else if (arg == "--runs") {
      o.runs = std::stoi(value);
    } else if (arg == "--dir") {
      o.dir = value;
    } else {
      usage(argv[0]);
    }
  }
  if (o.events == 0 || o.users == 0 || o.runs < 1) usage(argv[0]);
  return o;
}

// CPU time of the whole process: the flush runs on RocksDB's thread, not the caller's.
double process_cpu_ns() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e9 + static_cast<double>(t.tv_nsec);
}

struct Timing {
  double insert_ns_per_event = 0;
  double flush_ns_per_event = 0;
};

// The events of one run: (user, time) in arrival order, the same for every memtable.
struct Arrival {
  std::uint32_t user;
  std::int64_t time_us;
};

enum Memtable { kRocksDb, kLean, kEvents, kMemtables };
constexpr const char* kNames[kMemtables] = {"rocksdb", "lean", "events"};

Timing measure(Memtable memtable, const std::vector<Arrival>& arrivals, const std::string& path) {
  rocksdb::Options o;
  o.create_if_missing = true;
  o.allow_concurrent_memtable_write = false;
  o.write_buffer_size = std::size_t{4} << 30;  // nothing flushes before the flush measured
  if (memtable == kEvents) {
    o.memtable_factory = store::make_events_memtable_factory();  // as the store's events
  } else {
    store::insert_events_with_hints(o);
    o.memtable_factory = memtable == kLean ? store::make_lean_memtable_factory()
                                           : std::make_shared<rocksdb::SkipListFactory>();
  }
  rocksdb::DB* raw = nullptr;
  if (const auto s = rocksdb::DB::Open(o, path, &raw); !s.ok()) {
    std::cerr << "cannot open " << path << ": " << s.ToString() << "\n";
    std::exit(1);
  }
  const std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions wo;
  wo.disableWAL = true;

  const std::string value(40, 'v');
  std::string key;
  rocksdb::WriteBatch batch;
  constexpr std::size_t kBatch = 32;
  const double insert_start = process_cpu_ns();
  for (std::size_t i = 0; i < arrivals.size(); ++i) {
    tracking::UserHash user{};
    // A user hash is SipHash output: uniform bytes. Spread the user number over all 16.
    std::uint64_t x = arrivals[i].user * 0x9e3779b97f4a7c15ULL + 1;
    for (auto& byte : user) {
      x ^= x >> 29;
      x *= 0xbf58476d1ce4e5b9ULL;
      byte = static_cast<std::uint8_t>(x >> 56);
    }
    store::keys::event_key_into(key, "shop", user, arrivals[i].time_us, i);
    (void)batch.Put(key, value);
    if (batch.Count() == kBatch || i + 1 == arrivals.size()) {
      if (const auto s = db->Write(wo, &batch); !s.ok()) {
        std::cerr << "write failed: " << s.ToString() << "\n";
        std::exit(1);
      }
      batch.Clear();
    }
  }
  const double insert_ns = process_cpu_ns() - insert_start;

  const double flush_start = process_cpu_ns();
  if (const auto s = db->Flush(rocksdb::FlushOptions()); !s.ok()) {
    std::cerr << "flush failed: " << s.ToString() << "\n";
    std::exit(1);
  }
  const double flush_ns = process_cpu_ns() - flush_start;
  const auto n = static_cast<double>(arrivals.size());
  return {insert_ns / n, flush_ns / n};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t mid = v.size() / 2;
  return v.size() % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

int run(const Options& options) {
  namespace fs = std::filesystem;
  const bool temporary = options.dir.empty();
  const fs::path dir =
      temporary ? fs::temp_directory_path() / ("memtable_bench." + std::to_string(::getpid()))
                : fs::path(options.dir);
  fs::create_directories(dir);

  std::mt19937_64 rng(20261123);
  std::uniform_int_distribution<std::uint32_t> pick_user(
      0, static_cast<std::uint32_t>(options.users - 1));
  std::vector<double> insert[kMemtables];
  std::vector<double> flush[kMemtables];
  for (int r = 0; r < options.runs; ++r) {
    std::vector<Arrival> arrivals(options.events);
    std::int64_t now = 1'700'000'000'000'000;
    for (auto& a : arrivals) a = {pick_user(rng), now += 10};
    // Rotate which one goes first, so that none always meets a warmer machine.
    for (int k = 0; k < kMemtables; ++k) {
      const auto memtable = static_cast<Memtable>((r + k) % kMemtables);
      const fs::path path = dir / kNames[memtable];
      fs::remove_all(path);
      const Timing t = measure(memtable, arrivals, path.string());
      insert[memtable].push_back(t.insert_ns_per_event);
      flush[memtable].push_back(t.flush_ns_per_event);
      fs::remove_all(path);
    }
  }
  if (temporary) fs::remove_all(dir);

  std::cout << options.events << " events of " << options.users << " users, " << options.runs
            << " run(s), medians of CPU ns per event, and the ratio to RocksDB's skip list\n"
            << "| | RocksDB's skip list, hint | lean skip list, hint | events' memtable |\n"
            << "| --- | ---: | ---: | ---: |\n";
  const auto row = [](const char* name, const std::vector<double>* runs) {
    const double baseline = median(runs[kRocksDb]);
    std::cout << "| " << name << " | " << baseline;
    for (int m = kLean; m < kMemtables; ++m) {
      const double ns = median(runs[m]);
      std::cout << " | " << ns << " (" << ns / baseline << "x)";
    }
    std::cout << " |\n";
  };
  row("insert", insert);
  row("flush", flush);
  return 0;
}

}  // namespace
}  // namespace recod::bench

int main(int argc, char** argv) { return recod::bench::run(recod::bench::parse_args(argc, argv)); }
