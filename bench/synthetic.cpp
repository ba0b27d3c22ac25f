#include "synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <mutex>

#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include "recod/store/event_writer.hpp"

namespace recod::bench {
namespace {

using tracking::Event;
using tracking::EventKind;

/// Generates users' histories: sessions of log-normal length (mean ~10), mostly clicks,
/// some baskets and buys of clicked items, some consumes, 0.1% bots with thousands of
/// clicks, and 1% of sessions clicking one of the planted pairs.
class Generator final {
 public:
  explicit Generator(const DataOptions& o) : items_(o.items), zipf_(o.items, o.zipf), rng_(42) {}

  /// The next user's events, oldest first.
  std::vector<Event> next_user() {
    std::vector<Event> events;
    if (chance(0.001)) {
      add_bot_session(events);
      return events;
    }
    const int sessions = 1 + std::geometric_distribution<int>(0.6)(rng_);
    std::vector<std::int64_t> starts;
    for (int s = 0; s < sessions; ++s) {
      starts.push_back(kNow -
                       std::uniform_int_distribution<std::int64_t>(0, 30 * kMicrosPerDay)(rng_));
    }
    std::sort(starts.begin(), starts.end());
    for (const std::int64_t start : starts) add_session(start, events);
    return events;
  }

 private:
  bool chance(double p) { return std::uniform_real_distribution<double>(0.0, 1.0)(rng_) < p; }

  Event make(EventKind kind, std::uint32_t rank, std::int64_t& t) {
    Event e;
    e.kind = kind;
    e.time_us = t;
    e.item_type = item_type(rank);
    e.item_id = item_id(rank);
    if (kind == EventKind::kClick || kind == EventKind::kBasket) e.category_path = category(rank);
    if (kind == EventKind::kClickRecommended) e.scenario = "also_clicked";
    t += std::uniform_int_distribution<std::int64_t>(5, 120)(rng_) * kMicrosPerSecond;
    return e;
  }

  void add_session(std::int64_t t, std::vector<Event>& out) {
    const double length = std::lognormal_distribution<double>(1.9, 0.9)(rng_);  // mean ~10
    const int n = std::clamp(static_cast<int>(std::lround(length)), 1, 300);
    std::vector<std::uint32_t> clicked;
    for (int i = 0; i < n; ++i) {
      const double r = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
      if (r < 0.06 && !clicked.empty()) {
        out.push_back(make(EventKind::kBasket, pick(clicked), t));
      } else if (r < 0.10 && !clicked.empty()) {
        Event e = make(EventKind::kBuy, pick(clicked), t);
        e.quantity = 1 + (chance(0.2) ? 1 : 0);
        out.push_back(std::move(e));
      } else if (r < 0.12) {
        Event e = make(EventKind::kConsume, zipf_(rng_), t);
        e.percentage = static_cast<std::uint8_t>(std::uniform_int_distribution<int>(0, 100)(rng_));
        out.push_back(std::move(e));
      } else {
        // Revisits of an item of this session are common; otherwise a new popular pick.
        const std::uint32_t rank = (!clicked.empty() && chance(0.2)) ? pick(clicked) : zipf_(rng_);
        clicked.push_back(rank);
        out.push_back(
            make(chance(0.05) ? EventKind::kClickRecommended : EventKind::kClick, rank, t));
      }
    }
    if (chance(0.01)) {
      const auto pair = static_cast<std::uint32_t>(
          std::uniform_int_distribution<int>(0, kPlantedPairs - 1)(rng_));
      out.push_back(make(EventKind::kClick, kPlantedFirstRank + 2 * pair, t));
      out.push_back(make(EventKind::kClick, kPlantedFirstRank + 2 * pair + 1, t));
    }
  }

  void add_bot_session(std::vector<Event>& out) {
    std::int64_t t = kNow - 2 * kMicrosPerDay;
    const int n = std::uniform_int_distribution<int>(2000, 5000)(rng_);
    for (int i = 0; i < n; ++i) {
      // A crawler: uniformly over the catalogue, the opposite of a shopper.
      const auto rank = std::uniform_int_distribution<std::uint32_t>(0, items_ - 1)(rng_);
      out.push_back(make(EventKind::kClick, rank, t));
    }
  }

  std::uint32_t pick(const std::vector<std::uint32_t>& v) {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng_)];
  }
  std::uint32_t items_;
  Zipf zipf_;
  std::mt19937_64 rng_;
};

}  // namespace

std::string item_id(std::uint32_t rank) { return std::to_string(rank + 1); }
std::uint32_t item_type(std::uint32_t rank) { return rank % 10 == 9 ? 2 : 1; }
std::string category(std::uint32_t rank) {
  // Built by appending: g++ 12 -O2 raises a false -Wrestrict on "c" + to_string(...).
  std::string path = "c";
  path.append(std::to_string(rank % 20)).append("/s").append(std::to_string(rank % 400));
  return path;
}

std::string user_id(std::uint64_t n) { return "user" + std::to_string(n); }

Zipf::Zipf(std::uint32_t n, double s) : cdf_(n) {
  double sum = 0;
  for (std::uint32_t r = 0; r < n; ++r) {
    sum += 1.0 / std::pow(r + 1.0, s);
    cdf_[r] = sum;
  }
  for (double& c : cdf_) c /= sum;
}

std::uint32_t Zipf::operator()(std::mt19937_64& rng) const {
  const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
  const auto it = std::lower_bound(cdf_.begin(), cdf_.end(), u);
  return static_cast<std::uint32_t>(std::min<std::size_t>(it - cdf_.begin(), cdf_.size() - 1));
}

std::unique_ptr<store::Store> open_store(const std::string& dir) {
  store::StoreOptions options;
  options.data_dir = dir;
  auto store = store::Store::open(options);
  if (!store) {
    std::cerr << "cannot open store: " << store.status().message() << "\n";
    std::exit(1);
  }
  return std::move(store).value();
}

// Writes the generated events, keeping at most kInFlight events queued in the writer.
std::uint64_t generate(const DataOptions& o, const std::string& dir) {
  constexpr std::size_t kInFlight = 50000;
  auto store = open_store(dir);
  store::EventWriter writer(*store, {});
  Generator gen(o);
  std::mutex mutex;
  std::condition_variable cv;
  std::size_t in_flight = 0;
  std::uint64_t failed = 0;
  std::uint64_t written = 0;
  std::uint64_t users = 0;
  while (written < o.events) {
    std::vector<Event> events = gen.next_user();
    events.resize(std::min<std::uint64_t>(events.size(), o.events - written));
    written += events.size();
    const std::size_t n = events.size();
    {
      std::unique_lock lock(mutex);
      cv.wait(lock, [&] { return in_flight + n <= kInFlight; });
      in_flight += n;
    }
    store::AppendEvents op;  // by member: AppendEvents may grow fields this does not set
    op.customer = std::string(kCustomer);
    op.user = store->hash_user(kCustomer, user_id(users++));
    op.events = std::move(events);
    writer.submit(std::move(op), [&, n](const Status& s) {
      std::lock_guard lock(mutex);
      in_flight -= n;
      if (!s.is_ok()) ++failed;
      cv.notify_one();
    });
  }
  writer.stop();
  if (failed > 0) {
    std::cerr << failed << " writes failed\n";
    std::exit(1);
  }
  return users;
}

void compact(const std::string& dir) {
  std::vector<std::string> names;
  rocksdb::Status s = rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &names);
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const auto& name : names) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  if (s.ok()) s = rocksdb::DB::Open(rocksdb::DBOptions(), dir, families, &handles, &db);
  for (auto* h : handles) {
    if (s.ok()) s = db->CompactRange(rocksdb::CompactRangeOptions(), h, nullptr, nullptr);
  }
  for (auto* h : handles) (void)db->DestroyColumnFamilyHandle(h);
  delete db;
  if (!s.ok()) {
    std::cerr << "compaction failed: " << s.ToString() << "\n";
    std::exit(1);
  }
}

long proc_status_kb(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

int planted_found(const model::CustomerModel& m) {
  int found = 0;
  for (std::uint32_t k = 0; k < kPlantedPairs; ++k) {
    const std::uint32_t a = kPlantedFirstRank + 2 * k;
    const std::uint32_t b = a + 1;
    const auto ia = m.find(item_type(a), item_id(a));
    const auto ib = m.find(item_type(b), item_id(b));
    if (!ia || !ib) continue;
    const auto n = m.neighbours(model::NeighbourKind::kAlsoClicked, *ia);
    if (!n.empty() && n.front().item == *ib) ++found;
  }
  return found;
}

}  // namespace recod::bench
