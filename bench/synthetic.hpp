#pragma once
// Synthetic event data shared by the benchmarks: Zipf item popularity, log-normal session
// lengths, a few bots, and planted co-clicked pairs whose answer is known; written into a
// real Store through the EventWriter, as the server would.

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "recod/model/customer_model.hpp"
#include "recod/store/store.hpp"
#include "recod/tracking/event.hpp"

namespace recod::bench {

inline constexpr std::string_view kCustomer = "bench";
/// "Now" of the generated data: events are spread over the 30 days before it.
inline constexpr std::int64_t kNow = 1700000000LL * 1000 * 1000;
inline constexpr std::int64_t kMicrosPerSecond = 1000 * 1000;
inline constexpr std::int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;
inline constexpr int kPlantedPairs = 10;
/// Planted pairs are mid-popularity items (ranks 2000..2019 of the Zipf order).
inline constexpr std::uint32_t kPlantedFirstRank = 2000;

struct DataOptions {
  std::uint64_t events = 1000000;
  std::uint32_t items = 100000;
  double zipf = 1.0;
};

/// Item id, type (every tenth item is type 2) and category of the item of Zipf rank `rank`.
[[nodiscard]] std::string item_id(std::uint32_t rank);
[[nodiscard]] std::uint32_t item_type(std::uint32_t rank);
[[nodiscard]] std::string category(std::uint32_t rank);

/// The user id of the `n`th generated user.
[[nodiscard]] std::string user_id(std::uint64_t n);

/// Samples ranks 0..n-1 with P(r) proportional to 1 / (r + 1)^s.
class Zipf final {
 public:
  Zipf(std::uint32_t n, double s);
  std::uint32_t operator()(std::mt19937_64& rng) const;

 private:
  std::vector<double> cdf_;
};

[[nodiscard]] std::unique_ptr<store::Store> open_store(const std::string& dir);

/// Generates `o.events` events into a new store in `dir`; returns the number of users.
std::uint64_t generate(const DataOptions& o, const std::string& dir);

/// Compacts every column family of the store in `dir`. A freshly loaded store has many
/// level-0 files and compacts in the background of whichever process opens it next, which
/// would land in the measurements; a long-running store is mostly compacted.
void compact(const std::string& dir);

/// A field of /proc/self/status in kB (VmHWM, VmRSS); -1 if absent.
[[nodiscard]] long proc_status_kb(const std::string& field);

/// How many planted pairs have their partner as the best also_clicked neighbour.
[[nodiscard]] int planted_found(const model::CustomerModel& m);

}  // namespace recod::bench
