#pragma once
// RocksDB's flushes and compactions pace themselves while they compete for a core. Private
// to store/.
//
// On a core that an I/O thread keeps busy, a flush at the same CPU priority runs in slices
// of a scheduler tick (4 ms) and holds up every request that arrives meanwhile; at the
// lowest priority it gets no CPU at all, the memtables fill, and RocksDB stops writes for a
// few hundred milliseconds, while compactions never run (docs/performance.md, "Background
// work on a saturated core"). So background work runs at the process's priority and paces
// itself: every key that a flush or compaction writes passes a compaction filter, which
// keeps it and, after each short slice of CPU time, asks the scheduler's statistics how
// long the thread waited for a core during that slice. A thread that had to wait is not
// alone on its core: from then on it sleeps after each slice, so that all pacing threads
// together take a fixed share of one core, and a request waits at most one slice. The
// scheduler lets a thread that wakes from such a sleep run at once, so a paced thread
// seldom waits; pacing therefore goes on for a while after the last wait was seen, then
// the threads run unpaced until they see whether they still have to wait.
//
// Pacing must never be what makes RocksDB hold writes back. A flush runs unpaced once it
// has taken half the time that its column family's previous memtable took to fill (the
// next one may be full soon), and all background work runs unpaced while RocksDB slows or
// stops the writes of any column family.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <mutex>
#include <unordered_map>

#include <rocksdb/options.h>

namespace recod::store {

struct PacingPolicy {
  /// CPU time a background thread runs between two looks at its waiting time: the longest
  /// a request waits for a paced thread.
  std::chrono::nanoseconds slice = std::chrono::microseconds(200);
  /// Waiting for a core longer than this during one slice means it is contended.
  std::chrono::nanoseconds contended_wait = std::chrono::microseconds(100);
  /// Share of one core that all pacing threads together take, above 0 and up to 1. Under
  /// a full load of tracking requests, flushes and compactions need about 6 % of a core.
  double share = 0.15;
  /// How long background threads keep pacing after one of them last had to wait.
  std::chrono::nanoseconds keep_pacing = std::chrono::seconds(5);
};

/// What the pacing threads of a process share.
struct PacingState {
  std::atomic<std::int64_t> last_contended_ns{0};  // monotonic wall time; 0: never
  std::atomic<int> pacing_threads{0};
  std::atomic<int> stalled_column_families{0};  // writes slowed or stopped: no pacing
};

/// The pacing decisions of one background thread, fed with its own clocks (nanoseconds:
/// the thread's CPU time, its total time spent waiting for a core, the monotonic time).
class Pacer {
 public:
  Pacer(const PacingPolicy& policy, PacingState& shared) : policy_(policy), shared_(shared) {}
  ~Pacer();
  Pacer(const Pacer&) = delete;
  Pacer& operator=(const Pacer&) = delete;

  /// From this monotonic time on, the thread runs unpaced.
  void set_deadline(std::int64_t wall_ns) { deadline_ns_ = wall_ns; }
  /// Starts a slice (on the thread's first key, and after each pause).
  void start_slice(std::int64_t cpu_ns, std::int64_t waited_ns);
  /// How long to pause now: zero until the slice is used up, and zero unless some thread
  /// waited for a core within PacingPolicy::keep_pacing. Zero, too, past the deadline and
  /// while writes are stalled. Ends the slice if it is used up.
  [[nodiscard]] std::chrono::nanoseconds end_of_slice_pause(std::int64_t cpu_ns,
                                                            std::int64_t waited_ns,
                                                            std::int64_t wall_ns);
  /// Whether the slice's CPU time is used up.
  [[nodiscard]] bool slice_over(std::int64_t cpu_ns) const {
    return cpu_ns - slice_cpu_ns_ >= policy_.slice.count();
  }
  [[nodiscard]] bool pacing() const { return pacing_; }

 private:
  void set_pacing(bool on);

  PacingPolicy policy_;
  PacingState& shared_;
  std::int64_t slice_cpu_ns_ = 0;
  std::int64_t slice_waited_ns_ = 0;
  std::int64_t deadline_ns_ = std::numeric_limits<std::int64_t>::max();
  bool pacing_ = false;
};

/// When a flush is to run unpaced: once it has taken half the time between the starts of
/// its column family's last two flushes, i.e. about half the time a memtable takes to fill.
class FlushDeadlines {
 public:
  static constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::max();

  /// A flush of column family `cf` starts at monotonic time `now_ns`: its deadline, or
  /// kNone for the column family's first flush.
  std::int64_t flush_started(std::uint32_t cf, std::int64_t now_ns);

 private:
  std::mutex mutex_;
  std::unordered_map<std::uint32_t, std::int64_t> last_start_ns_;
};

/// Makes every flush and compaction of `cf` pace itself (see above). The paces of all
/// column families and stores of the process are shared.
void pace_background_work(rocksdb::ColumnFamilyOptions& cf, const PacingPolicy& policy = {});
/// Lets the background work of the database opened with `db` know when its writes stall.
void pace_background_work(rocksdb::DBOptions& db);

/// Column families of all open stores whose writes RocksDB slows or stops right now.
[[nodiscard]] int stalled_column_families() noexcept;

}  // namespace recod::store
