#include "eval_data.hpp"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <fstream>
#include <map>
#include <mutex>
#include <numeric>
#include <random>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "recod/store/event_writer.hpp"

namespace recod::bench {
namespace {

using tracking::Event;
using tracking::EventKind;

constexpr std::int64_t kSecond = 1000 * 1000;
constexpr std::int64_t kDay = 86400 * kSecond;
constexpr std::int64_t kSessionPause = 3600 * kSecond;  // at least this between sessions

class InterestGenerator final {
 public:
  explicit InterestGenerator(const InterestOptions& o) : o_(o), rng_(o.seed) {
    // Global popularity (noise clicks) over a shuffled catalogue, so that popular items
    // are spread over the interests.
    const std::uint32_t n = o.interests * o.items_per_interest;
    by_popularity_.resize(n);
    std::iota(by_popularity_.begin(), by_popularity_.end(), 0U);
    std::shuffle(by_popularity_.begin(), by_popularity_.end(), rng_);
    popular_ = cdf(n, 1.0);
    interest_popularity_ = cdf(o.interests, 0.7);
    within_interest_ = cdf(o.items_per_interest, 0.8);
  }

  GeneratedUser next_user(std::uint64_t n) {
    GeneratedUser user;
    // Built by appending: g++ 12 -O2 raises a false -Wrestrict on "u" + to_string(...).
    user.id = "u";
    user.id.append(std::to_string(n));
    const std::uint32_t favourite = sample(interest_popularity_);
    const int sessions = 1 + std::geometric_distribution<int>(0.5)(rng_);
    std::vector<std::int64_t> starts;
    for (int s = 0; s < sessions; ++s) {
      starts.push_back(o_.end_us - std::uniform_int_distribution<std::int64_t>(
                                       1, static_cast<std::int64_t>(o_.days) * kDay)(rng_));
    }
    std::sort(starts.begin(), starts.end());
    std::int64_t t = 0;
    for (const std::int64_t start : starts) {
      t = std::max(start, t + kSessionPause);
      if (t >= o_.end_us) break;
      const std::uint32_t interest =
          chance(o_.favourite) ? favourite : sample(interest_popularity_);
      add_session(interest, t, user.events);
    }
    return user;
  }

 private:
  static std::vector<double> cdf(std::uint32_t n, double s) {
    std::vector<double> c(n);
    double sum = 0;
    for (std::uint32_t r = 0; r < n; ++r) {
      sum += 1.0 / std::pow(r + 1.0, s);
      c[r] = sum;
    }
    for (double& x : c) x /= sum;
    return c;
  }

  std::uint32_t sample(const std::vector<double>& c) {
    const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
    const auto it = std::lower_bound(c.begin(), c.end(), u);
    return static_cast<std::uint32_t>(std::min<std::size_t>(it - c.begin(), c.size() - 1));
  }

  bool chance(double p) { return std::uniform_real_distribution<double>(0.0, 1.0)(rng_) < p; }

  std::uint32_t item(std::uint32_t interest, std::uint32_t position) const {
    return interest * o_.items_per_interest + position % o_.items_per_interest;
  }

  void push(EventKind kind, std::uint32_t item, std::int64_t& t, std::vector<Event>& out) {
    Event e;
    e.kind = kind;
    e.time_us = t;
    e.item_type = 1;
    e.item_id = std::to_string(item + 1);
    out.push_back(std::move(e));
    t += std::uniform_int_distribution<std::int64_t>(10, 180)(rng_) * kSecond;
  }

  void add_session(std::uint32_t interest, std::int64_t& t, std::vector<Event>& out) {
    const int length = std::min(40, 2 + std::geometric_distribution<int>(0.15)(rng_));
    std::vector<std::uint32_t> clicked;  // items of this session
    std::uint32_t position = sample(within_interest_);
    for (int i = 0; i < length; ++i) {
      std::uint32_t next = 0;
      const double r = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
      if (i == 0) {
        next = item(interest, position);
      } else if (r < o_.noise) {
        next = by_popularity_[sample(popular_)];
      } else if (r < o_.noise + o_.revisit && clicked.size() > 1) {
        next = clicked[std::uniform_int_distribution<std::size_t>(0, clicked.size() - 2)(rng_)];
      } else if (r < o_.noise + o_.revisit + o_.local_step) {
        // A step of 1 to 3 places, either way, from the previous position.
        const int step = 1 + std::geometric_distribution<int>(0.5)(rng_) % 3;
        const int direction = chance(0.5) ? 1 : -1;
        position = static_cast<std::uint32_t>((static_cast<int>(position) + direction * step +
                                               static_cast<int>(o_.items_per_interest)) %
                                              static_cast<int>(o_.items_per_interest));
        next = item(interest, position);
      } else {
        position = sample(within_interest_);
        next = item(interest, position);
      }
      clicked.push_back(next);
      push(EventKind::kClick, next, t, out);
    }
    if (chance(o_.buy_session)) {
      const std::uint32_t bought =
          clicked[std::uniform_int_distribution<std::size_t>(0, clicked.size() - 1)(rng_)];
      push(EventKind::kBasket, bought, t, out);
      push(EventKind::kBuy, bought, t, out);
    }
  }

  InterestOptions o_;
  std::mt19937_64 rng_;
  std::vector<std::uint32_t> by_popularity_;
  std::vector<double> popular_;
  std::vector<double> interest_popularity_;
  std::vector<double> within_interest_;
};

}  // namespace

std::vector<GeneratedUser> interest_sessions(const InterestOptions& o) {
  InterestGenerator gen(o);
  std::vector<GeneratedUser> users;
  std::uint64_t events = 0;
  while (events < o.events) {
    GeneratedUser u = gen.next_user(users.size());
    u.events.resize(std::min<std::uint64_t>(u.events.size(), o.events - events));
    events += u.events.size();
    if (!u.events.empty()) users.push_back(std::move(u));
  }
  return users;
}

std::vector<GeneratedUser> otto_sessions(const std::string& jsonl_path) {
  std::ifstream in(jsonl_path);
  if (!in) throw std::runtime_error("cannot read '" + jsonl_path + "'");
  std::vector<GeneratedUser> users;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line);
    GeneratedUser u;
    u.id = "otto-session-";
    u.id.append(std::to_string(j["session"].get<long long>()));
    for (const auto& e : j["events"]) {
      const std::string type = e["type"].get<std::string>();
      Event ev;
      ev.kind = type == "clicks"  ? EventKind::kClick
                : type == "carts" ? EventKind::kBasket
                                  : EventKind::kBuy;
      ev.time_us = e["ts"].get<std::int64_t>() * 1000;
      ev.item_type = 1;
      ev.item_id = std::to_string(e["aid"].get<long long>());
      u.events.push_back(std::move(ev));
    }
    // Stored in time order, as the store's keys would order them anyway.
    std::stable_sort(u.events.begin(), u.events.end(),
                     [](const Event& a, const Event& b) { return a.time_us < b.time_us; });
    users.push_back(std::move(u));
  }
  return users;
}

std::uint64_t write_users(store::Store& store, const std::string& customer,
                          std::vector<GeneratedUser> users) {
  constexpr std::size_t kInFlight = 50000;
  store::EventWriter writer(store, {});
  std::mutex mutex;
  std::condition_variable cv;
  std::size_t in_flight = 0;
  std::uint64_t failed = 0;
  std::uint64_t written = 0;
  for (auto& u : users) {
    const std::size_t n = u.events.size();
    {
      std::unique_lock lock(mutex);
      cv.wait(lock, [&] { return in_flight + n <= kInFlight || in_flight == 0; });
      in_flight += n;
    }
    store::AppendEvents op;
    op.customer = customer;
    op.user = store.hash_user(customer, u.id);
    op.events = std::move(u.events);
    written += n;
    writer.submit(std::move(op), [&, n](const Status& s) {
      std::lock_guard lock(mutex);
      in_flight -= n;
      if (!s.is_ok()) ++failed;
      cv.notify_one();
    });
  }
  writer.stop();
  if (failed > 0) throw std::runtime_error(std::to_string(failed) + " writes failed");
  return written;
}

}  // namespace recod::bench
