// model_build_bench: how long a full model rebuild takes against a plain scan of the same
// events, and how much memory it needs.
//
//   model_build_bench [--events N] [--items N] [--zipf S] [--runs R] [--dir PATH] [--keep]
//
// 1. Generates N events (Zipf item popularity, log-normal session lengths, a few bots, a
//    few planted co-clicked pairs) and writes them into a real Store through EventWriter.
// 2. Measures, R times each, in a fresh child process per run (this binary re-executed
//    with --measure): (a) a plain Store::scan_events that touches every event, (b)
//    build_model over the same store. A fresh process per run makes the peak RSS (VmHWM
//    of /proc/self/status) the measured operation's own, plus opening the store, and not
//    the generator's; the child reports its RSS right after opening the store too.
// 3. Prints the medians, the build/scan ratio, the peak RSS, and whether the planted pairs
//    were found.

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include "recod/model/builder.hpp"
#include "recod/store/event_writer.hpp"
#include "recod/store/store.hpp"

namespace recod::bench {
namespace {

using tracking::Event;
using tracking::EventKind;

constexpr std::string_view kCustomer = "bench";
constexpr std::int64_t kNow = 1700000000LL * 1000 * 1000;
constexpr std::int64_t kMicrosPerSecond = 1000 * 1000;
constexpr std::int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;
constexpr int kPlantedPairs = 10;
// Planted pairs are mid-popularity items (ranks 2000..2019 of the Zipf order).
constexpr std::uint32_t kPlantedFirstRank = 2000;

struct Options {
  std::uint64_t events = 1000000;
  std::uint32_t items = 100000;
  double zipf = 1.0;
  int runs = 3;
  std::string dir;
  bool keep = false;
  std::string measure;  // child mode: "scan" or "build"
};

[[noreturn]] void usage(const char* argv0) {
  std::cerr << "usage: " << argv0
            << " [--events N] [--items N] [--zipf S] [--runs R] [--dir PATH] [--keep]\n";
  std::exit(2);
}

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(argv[0]);
      return argv[++i];
    };
    if (arg == "--events") {
      o.events = std::stoull(value());
    } else if (arg == "--items") {
      o.items = static_cast<std::uint32_t>(std::stoul(value()));
    } else if (arg == "--zipf") {
      o.zipf = std::stod(value());
    } else if (arg == "--runs") {
      o.runs = std::stoi(value());
    } else if (arg == "--dir") {
      o.dir = value();
    } else if (arg == "--keep") {
      o.keep = true;
    } else if (arg == "--measure") {
      o.measure = value();
    } else {
      usage(argv[0]);
    }
  }
  if (o.items < kPlantedFirstRank + 2 * kPlantedPairs || o.runs < 1) usage(argv[0]);
  return o;
}

std::string item_id(std::uint32_t rank) { return std::to_string(rank + 1); }
std::uint32_t item_type(std::uint32_t rank) { return rank % 10 == 9 ? 2 : 1; }
std::string category(std::uint32_t rank) {
  // Built by appending: g++ 12 -O2 raises a false -Wrestrict on "c" + to_string(...).
  std::string path = "c";
  path.append(std::to_string(rank % 20)).append("/s").append(std::to_string(rank % 400));
  return path;
}

/// Samples ranks 0..n-1 with P(r) proportional to 1 / (r + 1)^s.
class Zipf final {
 public:
  Zipf(std::uint32_t n, double s) : cdf_(n) {
    double sum = 0;
    for (std::uint32_t r = 0; r < n; ++r) {
      sum += 1.0 / std::pow(r + 1.0, s);
      cdf_[r] = sum;
    }
    for (double& c : cdf_) c /= sum;
  }
  std::uint32_t operator()(std::mt19937_64& rng) const {
    const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    const auto it = std::lower_bound(cdf_.begin(), cdf_.end(), u);
    return static_cast<std::uint32_t>(std::min<std::size_t>(it - cdf_.begin(), cdf_.size() - 1));
  }

 private:
  std::vector<double> cdf_;
};

/// Generates users' histories: sessions of log-normal length (mean ~10), mostly clicks,
/// some baskets and buys of clicked items, some consumes, 0.1% bots with thousands of
/// clicks, and 1% of sessions clicking one of the planted pairs.
class Generator final {
 public:
  explicit Generator(const Options& o) : items_(o.items), zipf_(o.items, o.zipf), rng_(42) {}

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

/// Writes the generated events, keeping at most kInFlight events queued in the writer.
std::uint64_t generate(const Options& o) {
  constexpr std::size_t kInFlight = 50000;
  auto store = open_store(o.dir);
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
    store::AppendEvents op{std::string(kCustomer),
                           store->hash_user(kCustomer, "user" + std::to_string(users++)),
                           std::move(events)};
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

/// Compacts every column family of the store in `dir` fully. A freshly loaded store has
/// many level-0 files and compacts in the background of whichever process opens it next,
/// which would land in the measurements; a long-running store is mostly compacted.
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

/// The store as the builder's EventSource (a production adapter lives in the service).
class StoreEventSource final : public model::EventSource {
 public:
  StoreEventSource(const store::Store& store, std::string customer)
      : store_(store), customer_(std::move(customer)) {}

  [[nodiscard]] Status scan_events(
      const std::function<bool(const store::StoredEvent&)>& fn) const override {
    return store_.scan_events(customer_, fn);
  }
  [[nodiscard]] Status scan_categories(
      const std::function<void(std::uint32_t, std::string_view, std::string_view)>& fn)
      const override {
    return store_.scan_categories(customer_, fn);
  }

 private:
  const store::Store& store_;
  std::string customer_;
};

/// A field of /proc/self/status in kB (VmHWM, VmRSS).
long proc_status_kb(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

/// How many planted pairs have their partner as the best also_clicked neighbour.
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

/// User plus system CPU time of this process so far.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& tv) { return tv.tv_sec + tv.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

/// Child mode: one measurement; prints "wall_s cpu_s baseline_kb peak_kb detail".
int measure(const Options& o) {
  auto store = open_store(o.dir);
  const long baseline_kb = proc_status_kb("VmRSS");
  std::string detail;
  const double cpu_start = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  if (o.measure == "scan") {
    std::uint64_t sum = 0;
    std::uint64_t count = 0;
    const Status s = store->scan_events(kCustomer, [&](const store::StoredEvent& e) {
      sum +=
          e.event.item_type + e.event.item_id.size() + static_cast<std::uint64_t>(e.event.time_us);
      ++count;
      return true;
    });
    if (!s.is_ok()) {
      std::cerr << "scan: " << s.message() << "\n";
      return 1;
    }
    detail = "events=" + std::to_string(count) + " checksum=" + std::to_string(sum % 1000);
  } else {
    const StoreEventSource source(*store, std::string(kCustomer));
    auto model = model::build_model(source, {}, kNow);
    if (!model) {
      std::cerr << "build: " << model.status().message() << "\n";
      return 1;
    }
    const auto& info = (*model)->info();
    detail = "events=" + std::to_string(info.events) + " users=" + std::to_string(info.users) +
             " items=" + std::to_string(info.items) + " pairs=" + std::to_string(info.pairs) +
             " planted=" + std::to_string(planted_found(**model)) + "/" +
             std::to_string(kPlantedPairs);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = cpu_seconds() - cpu_start;
  std::cout << seconds << " " << cpu << " " << baseline_kb << " " << proc_status_kb("VmHWM") << " "
            << detail << std::endl;
  return 0;
}

struct Sample {
  double seconds = 0;
  double cpu_seconds = 0;
  long baseline_kb = 0;
  long peak_kb = 0;
  std::string detail;
};

/// Runs this binary with --measure `what` in a fresh process and parses its line.
Sample run_child(const std::string& what, const Options& o) {
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  const std::string cmd = "'" + self + "' --measure " + what + " --dir '" + o.dir + "'";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) {
    std::perror("popen");
    std::exit(1);
  }
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, pipe) != nullptr) out += buf;
  if (pclose(pipe) != 0) {
    std::cerr << "measurement '" << what << "' failed\n";
    std::exit(1);
  }
  Sample s;
  std::istringstream in(out);
  in >> s.seconds >> s.cpu_seconds >> s.baseline_kb >> s.peak_kb;
  std::getline(in, s.detail);
  return s;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int run(Options o) {
  const bool own_dir = o.dir.empty();
  if (own_dir) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "recod-bench-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) {
      std::perror("mkdtemp");
      return 1;
    }
    o.dir = tmpl;
  }
  if (!std::filesystem::exists(o.dir + "/CURRENT")) {
    std::cout << "generating " << o.events << " events over " << o.items << " items (zipf "
              << o.zipf << ") into " << o.dir << " ..." << std::flush;
    const auto start = std::chrono::steady_clock::now();
    const std::uint64_t users = generate(o);
    compact(o.dir);
    std::cout << " " << users << " users; written and compacted in "
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
              << " s\n";
  } else {
    std::cout << "reusing the store in " << o.dir << "\n";
  }

  run_child("scan", o);  // warm the page cache: both measurements then read from memory
  std::vector<Sample> scans;
  std::vector<Sample> builds;
  for (int r = 0; r < o.runs; ++r) {
    scans.push_back(run_child("scan", o));
    builds.push_back(run_child("build", o));
    std::cout << "  run " << r + 1 << ": scan " << scans.back().seconds << " s (cpu "
              << scans.back().cpu_seconds << "), build " << builds.back().seconds << " s (cpu "
              << builds.back().cpu_seconds << "), build peak RSS " << builds.back().peak_kb / 1024
              << " MiB\n";
  }
  const auto median_of = [](const std::vector<Sample>& v, double Sample::*field) {
    std::vector<double> x;
    for (const Sample& s : v) x.push_back(s.*field);
    return median(x);
  };
  const auto max_of = [](const std::vector<Sample>& v, long Sample::*field) {
    long m = 0;
    for (const Sample& s : v) m = std::max(m, s.*field);
    return m;
  };
  const double scan_wall = median_of(scans, &Sample::seconds);
  const double build_wall = median_of(builds, &Sample::seconds);
  const double scan_cpu = median_of(scans, &Sample::cpu_seconds);
  const double build_cpu = median_of(builds, &Sample::cpu_seconds);
  std::printf("\nscan :%s\nbuild:%s\n", scans.back().detail.c_str(), builds.back().detail.c_str());
  std::printf(
      "\n| events | scan wall (cpu) s | build wall (cpu) s | build/scan wall (cpu) | peak RSS "
      "scan | peak RSS build |\n");
  std::printf("| ---: | ---: | ---: | ---: | ---: | ---: |\n");
  std::printf("| %llu | %.2f (%.2f) | %.2f (%.2f) | %.2fx (%.2fx) | %ld MiB | %ld MiB |\n",
              static_cast<unsigned long long>(o.events), scan_wall, scan_cpu, build_wall, build_cpu,
              build_wall / scan_wall, build_cpu / scan_cpu, max_of(scans, &Sample::peak_kb) / 1024,
              max_of(builds, &Sample::peak_kb) / 1024);
  std::printf(
      "\nmedians of %d runs, each in a fresh process after one untimed warm-up scan (cpu =\n"
      "user + system time of the measured operation); peak RSS is VmHWM of that process (max\n"
      "over runs), including %ld MiB for the process and the open store before the operation.\n",
      o.runs, max_of(builds, &Sample::baseline_kb) / 1024);
  const std::string& build_detail = builds.back().detail;
  if (own_dir && !o.keep) std::filesystem::remove_all(o.dir);
  const bool sane =
      build_detail.find("planted=" + std::to_string(kPlantedPairs) + "/") != std::string::npos;
  if (!sane) std::cout << "SANITY CHECK FAILED: not every planted pair was found\n";
  return sane ? 0 : 1;
}

}  // namespace
}  // namespace recod::bench

int main(int argc, char** argv) {
  const auto options = recod::bench::parse_args(argc, argv);
  if (!options.measure.empty()) return recod::bench::measure(options);
  return recod::bench::run(options);
}
