// model_build_bench: how long a full model rebuild takes against a plain scan of the same
// events, and how much memory it needs.
//
//   model_build_bench [--events N] [--items N] [--zipf S] [--runs R] [--threads T]
//                     [--dir PATH] [--keep]
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
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "recod/model/builder.hpp"
#include "recod/model/service.hpp"
#include "recod/store/store.hpp"
#include "synthetic.hpp"

namespace recod::bench {
namespace {

struct Options {
  std::uint64_t events = 1000000;
  std::uint32_t items = 100000;
  double zipf = 1.0;
  int runs = 3;
  std::size_t threads = model::ModelParams{}.build_threads;  // of the neighbour passes
  std::string dir;
  bool keep = false;
  std::string measure;  // child mode: "scan" or "build"
};

[[noreturn]] void usage(const char* argv0) {
  std::cerr << "usage: " << argv0
            << " [--events N] [--items N] [--zipf S] [--runs R] [--threads T] [--dir PATH]"
               " [--keep]\n";
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
    } else if (arg == "--threads") {
      o.threads = std::stoul(value());
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
  if (o.items < kPlantedFirstRank + 2 * kPlantedPairs || o.runs < 1 || o.threads < 1) {
    usage(argv[0]);
  }
  return o;
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
    const model::StoreEventSource source(*store, std::string(kCustomer));
    model::ModelParams params;
    params.build_threads = o.threads;
    auto model = model::build_model(source, params, kNow);
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
  const std::string cmd = "'" + self + "' --measure " + what + " --threads " +
                          std::to_string(o.threads) + " --dir '" + o.dir + "'";
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
    const std::uint64_t users = generate({o.events, o.items, o.zipf}, o.dir);
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
      "over runs), including %ld MiB for the process and the open store before the operation.\n"
      "The build's neighbour passes ran on %zu thread(s).\n",
      o.runs, max_of(builds, &Sample::baseline_kb) / 1024, o.threads);
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
