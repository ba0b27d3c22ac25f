// soak_load: mixed tracking and recommendation load against a running recod on 127.0.0.1,
// with a model rebuild every --rebuild-every seconds, for a bounded time. Every
// --report-every seconds it prints one line: the server's resident memory (VmRSS of
// --pid), requests and errors so far. At the end, a verdict: no errors, and memory that
// levels off (the last quarter's peak RSS within --max-growth of the second quarter's).
//
//   soak_load --port P --pid PID [--seconds 600] [--clients 8] [--items 20000]
//             [--users 2000] [--rebuild-every 30] [--report-every 10] [--max-growth 0.10]
//
// The users are few on purpose: each keeps only its newest 500 events in the models
// (model.max_events_per_user), so after a few minutes the models' input stops growing
// and what the server holds should stop growing with it; a leak would not.
//
// Exit code 0 if the verdict is good, 1 if not, 2 on bad arguments. scripts/soak.sh starts
// the server and runs this; docs/reliability.md has the results.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

struct Options {
  unsigned short port = 0;
  long pid = 0;
  int seconds = 600;
  int clients = 8;
  int items = 20000;
  int users = 2000;
  int rebuild_every = 30;
  int report_every = 10;
  double max_growth = 0.10;
};

[[noreturn]] void usage() {
  std::cerr << "usage: soak_load --port P --pid PID [--seconds N] [--clients N] [--items N]\n"
               "                 [--users N] [--rebuild-every S] [--report-every S] "
               "[--max-growth F]\n";
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) usage();
    const std::string value = argv[++i];
    try {
      if (arg == "--port") {
        o.port = static_cast<unsigned short>(std::stoi(value));
      } else if (arg == "--pid") {
        o.pid = std::stol(value);
      } else if (arg == "--seconds") {
        o.seconds = std::stoi(value);
      } else if (arg == "--clients") {
        o.clients = std::stoi(value);
      } else if (arg == "--items") {
        o.items = std::stoi(value);
      } else if (arg == "--users") {
        o.users = std::stoi(value);
      } else if (arg == "--rebuild-every") {
        o.rebuild_every = std::stoi(value);
      } else if (arg == "--report-every") {
        o.report_every = std::stoi(value);
      } else if (arg == "--max-growth") {
        o.max_growth = std::stod(value);
      } else {
        usage();
      }
    } catch (const std::exception&) {
      usage();
    }
  }
  if (o.port == 0 || o.pid <= 0 || o.seconds <= 0 || o.clients <= 0 || o.items <= 1 ||
      o.users <= 0 || o.rebuild_every <= 0 || o.report_every <= 0) {
    usage();
  }
  return o;
}

// The server's resident set in KiB, from /proc; 0 if it is gone.
long rss_kib(long pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return 0;
}

// Answers by status code; 0 counts requests that got no answer (connection errors).
class Tally {
 public:
  void add(unsigned status) {
    std::lock_guard lock(mutex_);
    ++by_status_[status];
  }
  [[nodiscard]] std::map<unsigned, long> snapshot() const {
    std::lock_guard lock(mutex_);
    return by_status_;
  }

 private:
  mutable std::mutex mutex_;
  std::map<unsigned, long> by_status_;
};

// Expected answers: 204 (tracking), 200 (recommendations, rebuild), 409 (a scenario with
// nothing to recommend for this context). Anything else is an error.
bool is_error(unsigned status) { return status != 200 && status != 204 && status != 409; }

// One keep-alive connection; reconnects after the server closed it.
class Connection {
 public:
  explicit Connection(unsigned short port) : port_(port) {}

  /// With `keep_alive` false the connection is closed after the answer: for requests far
  /// apart, which the server's idle timeout would otherwise cut off between them.
  unsigned request(http::verb verb, const std::string& target, const std::string& auth = {},
                   bool keep_alive = true) {
    try {
      if (!stream_.socket().is_open()) {
        stream_.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
      }
      http::request<http::empty_body> req{verb, target, 11};
      req.set(http::field::host, "127.0.0.1");
      req.keep_alive(keep_alive);
      if (!auth.empty()) req.set(http::field::authorization, auth);
      http::write(stream_, req);
      beast::flat_buffer buffer;
      http::response<http::string_body> res;
      http::read(stream_, buffer, res);
      if (!res.keep_alive()) close();
      return res.result_int();
    } catch (const std::exception&) {
      close();
      return 0;
    }
  }

 private:
  void close() {
    beast::error_code ignored;
    stream_.socket().close(ignored);
  }

  unsigned short port_;
  asio::io_context io_;
  beast::tcp_stream stream_{io_};
};

// Zipf-like item popularity: a few items get most of the traffic, as in a real shop.
class ItemPicker {
 public:
  ItemPicker(int items, std::uint64_t seed) : rng_(seed) {
    std::vector<double> weights(static_cast<std::size_t>(items));
    for (int i = 0; i < items; ++i) weights[static_cast<std::size_t>(i)] = 1.0 / (i + 1);
    dist_ = std::discrete_distribution<int>(weights.begin(), weights.end());
  }
  int next() { return dist_(rng_) + 1; }
  std::mt19937_64& rng() { return rng_; }

 private:
  std::mt19937_64 rng_;
  std::discrete_distribution<int> dist_;
};

void run_client(const Options& o, int id, const std::atomic<bool>& stop, Tally& tally) {
  Connection conn(o.port);
  ItemPicker items(o.items, 1000 + static_cast<std::uint64_t>(id));
  std::uniform_int_distribution<int> user_dist(1, o.users);
  std::uniform_int_distribution<int> kind_dist(0, 99);
  static const char* const kScenarios[] = {"also_clicked", "personalized", "cross_sell",
                                           "bestseller"};
  while (!stop) {
    const std::string user = "soak-" + std::to_string(user_dist(items.rng()));
    const std::string item = std::to_string(items.next());
    const int kind = kind_dist(items.rng());
    std::string target;
    if (kind < 55) {
      target = "/api/00000/click/" + user + "/1/" + item + "?categorypath=Soak%2FC" +
               std::to_string(std::stoi(item) % 50);
    } else if (kind < 60) {
      target = "/api/00000/basket/" + user + "/1/" + item;
    } else if (kind < 63) {
      target = "/api/00000/buy/" + user + "/1/" + item + "?fullprice=9.99EUR&quantity=1";
    } else if (kind < 68) {
      target = "/api/00000/rendered/" + user + "/1/" + item + "," + std::to_string(items.next());
    } else {
      const char* scenario = kScenarios[kind % 4];
      target = "/api/v2/00000/" + user + "/" + scenario + ".json?numrecs=10&contextitems=" + item;
    }
    tally.add(conn.request(http::verb::get, target));
  }
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  Tally tally;
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  clients.reserve(static_cast<std::size_t>(o.clients));
  for (int i = 0; i < o.clients; ++i) {
    clients.emplace_back([&, i] { run_client(o, i, stop, tally); });
  }

  // Basic 00000:8695-1828-92810-5535-4239, the demo customer of the default config.
  const std::string auth = "Basic MDAwMDA6ODY5NS0xODI4LTkyODEwLTU1MzUtNDIzOQ==";
  Connection admin(o.port);
  const auto start = Clock::now();
  std::vector<long> rss_samples;
  long rebuilds = 0;
  long rebuild_errors = 0;
  int next_rebuild = o.rebuild_every;
  std::printf("%8s %10s %12s %8s\n", "seconds", "rss_mib", "requests", "errors");
  for (int second = 1; second <= o.seconds; ++second) {
    std::this_thread::sleep_until(start + std::chrono::seconds(second));
    if (second == next_rebuild) {
      ++rebuilds;
      if (is_error(admin.request(http::verb::post, "/api/00000/model/rebuild", auth, false))) {
        ++rebuild_errors;
      }
      next_rebuild += o.rebuild_every;
    }
    if (second % o.report_every == 0 || second == o.seconds) {
      const long rss = rss_kib(o.pid);
      rss_samples.push_back(rss);
      long requests = 0;
      long errors = 0;
      for (const auto& [status, n] : tally.snapshot()) {
        requests += n;
        if (is_error(status)) errors += n;
      }
      std::printf("%8d %10.1f %12ld %8ld\n", second, static_cast<double>(rss) / 1024.0, requests,
                  errors);
      std::fflush(stdout);
      if (rss == 0) break;  // the server is gone
    }
  }
  stop = true;
  for (auto& c : clients) c.join();

  std::printf("\nanswers by status:");
  long errors = rebuild_errors;
  for (const auto& [status, n] : tally.snapshot()) {
    std::printf(" %u: %ld", status, n);
    if (is_error(status)) errors += n;
  }
  std::printf("\nrebuilds: %ld (%ld failed)\n", rebuilds, rebuild_errors);

  // Levelling off: the peak of the last quarter against the peak of the second quarter
  // (the first quarter is warm-up: caches, memtables and the first models fill).
  const std::size_t n = rss_samples.size();
  bool levels_off = true;
  if (n >= 4 && rss_samples.back() > 0) {
    long second_quarter = 0;
    long last_quarter = 0;
    for (std::size_t i = n / 4; i < n / 2; ++i)
      second_quarter = std::max(second_quarter, rss_samples[i]);
    for (std::size_t i = n - n / 4; i < n; ++i)
      last_quarter = std::max(last_quarter, rss_samples[i]);
    const double growth = second_quarter > 0
                              ? static_cast<double>(last_quarter - second_quarter) / second_quarter
                              : 0;
    levels_off = growth <= o.max_growth;
    std::printf(
        "rss peak: second quarter %.1f MiB, last quarter %.1f MiB (%+.1f %%, limit %+.1f %%)\n",
        second_quarter / 1024.0, last_quarter / 1024.0, growth * 100, o.max_growth * 100);
  } else if (n == 0 || rss_samples.back() == 0) {
    std::printf("the server went away\n");
    levels_off = false;
  }
  const bool good = errors == 0 && levels_off;
  std::printf("verdict: %s (%ld errors%s)\n", good ? "good" : "BAD", errors,
              levels_off ? ", memory levels off" : ", memory keeps growing");
  return good ? 0 : 1;
}
