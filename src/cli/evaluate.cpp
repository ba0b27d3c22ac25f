// recod evaluate: how good a customer's scenarios are on its own stored events, before they
// go live. Splits the events by time, builds the models from the earlier part only (not
// touching any live snapshot: the store is opened read-only, so this runs beside a server),
// replays the later part through the real engine and prints HR@k, MRR@k, precision@k and
// recall@k per scenario and for the bestseller and most_clicked baselines
// (evaluate_replay.hpp has the rules; docs/models.md the method and figures).
#include "evaluate.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common.hpp"
#include "evaluate_replay.hpp"
#include "progress.hpp"
#include "recod/catalog/availability.hpp"
#include "recod/model/builder.hpp"
#include "recod/model/provider.hpp"
#include "recod/model/service.hpp"
#include "recod/reco/engine.hpp"
#include "recod/store/store.hpp"
#include "recod/util/time.hpp"

namespace recod::cli {
namespace {

using eval::EvalScenario;
using eval::Metrics;

const std::set<std::string> kEvaluateFlags{"config",     "data-dir", "customer", "test-days",
                                           "split-time", "k",        "json",     "log-level"};
constexpr std::int64_t kMicrosPerSecond = 1000LL * 1000;
constexpr std::int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;
constexpr long long kDefaultK = 20;
constexpr long long kDefaultTestDays = 1;

struct Options {
  std::string customer;
  std::vector<std::string> scenarios;  // empty: all of the customer's
  std::optional<std::int64_t> split_us;
  long long test_days = kDefaultTestDays;
  std::size_t k = kDefaultK;
  std::optional<std::string> json_path;
};

// Everything the report shows besides the metrics.
struct Run {
  std::int64_t split_us = 0;
  std::optional<long long> test_days;  // how the split was chosen, if by days
  eval::SplitCounts counts;
  model::BuildInfo model;
  std::uint64_t test_clicks = 0;
  double build_seconds = 0;
  double replay_seconds = 0;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// --scenario may repeat (and take a comma list); Args keeps one value per flag, so the
// scenarios are taken out first.
Options parse_options(const std::vector<std::string>& argv, std::vector<std::string>& rest) {
  Options o;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    std::string list;
    if (argv[i] == "--scenario") {
      if (i + 1 >= argv.size()) throw UsageError("--scenario needs a value");
      list = argv[++i];
    } else if (argv[i].starts_with("--scenario=")) {
      list = argv[i].substr(std::string_view("--scenario=").size());
    } else {
      rest.push_back(argv[i]);
      continue;
    }
    std::stringstream in(list);
    for (std::string id; std::getline(in, id, ',');) {
      if (!id.empty()) o.scenarios.push_back(id);
    }
  }
  return o;
}

void read_flags(const Args& args, Options& o) {
  o.customer = args.require("customer");
  if (auto k = args.get_int("k", 1, static_cast<long long>(reco::kMaxNumrecs))) {
    o.k = static_cast<std::size_t>(*k);
  }
  const auto days = args.get_int("test-days", 1, 3650);
  if (const auto split = args.get("split-time")) {
    if (days) throw UsageError("give --test-days or --split-time, not both");
    const auto s = util::parse_iso_utc(*split);
    if (!s) throw UsageError("--split-time must be a UTC time such as 2022-08-28T00:00:00");
    o.split_us = *s * kMicrosPerSecond;
  } else if (days) {
    o.test_days = *days;
  }
  o.json_path = args.get("json");
}

// The scenarios to evaluate (the customer's, or those named), then the baselines.
std::vector<EvalScenario> chosen_scenarios(const config::CustomerConfig& customer,
                                           const std::vector<std::string>& names) {
  std::vector<EvalScenario> out;
  if (names.empty()) {
    for (const auto& [id, s] : customer.scenarios) out.push_back({s, false});
  }
  for (const auto& name : names) {
    const auto* s = customer.find_scenario(name);
    if (s == nullptr) {
      throw UsageError("customer " + customer.id + " has no scenario '" + name + "'");
    }
    out.push_back({*s, false});
  }
  for (auto& b : eval::baselines()) out.push_back(std::move(b));
  return out;
}

std::string stage_names(const config::ScenarioConfig& s) {
  std::string out;
  for (const auto stage : s.stages) {
    if (!out.empty()) out += ",";
    out += config::model_name(stage);
  }
  return out;
}

std::string figure(double v) {
  if (std::isnan(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.4f", v);
  return buf;
}

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string pad_left(std::string s, std::size_t width) {
  if (s.size() < width) s.insert(0, width - s.size(), ' ');
  return s;
}

void print_table(std::ostream& out, const Options& o, const Run& run,
                 const std::vector<EvalScenario>& scenarios, const std::vector<Metrics>& metrics) {
  char line[256];
  out << "recod evaluate: customer " << o.customer << ", k = " << o.k << "\n";
  out << "split:  " << util::iso_utc_us(run.split_us);
  if (run.test_days) out << " (the last " << *run.test_days << " day(s) are the test part)";
  out << "\n";
  std::snprintf(line, sizeof(line),
                "model:  %llu events before the split (%llu users, %llu items, %llu sessions), "
                "built in %.2f s\n",
                static_cast<unsigned long long>(run.counts.train_events),
                static_cast<unsigned long long>(run.model.users),
                static_cast<unsigned long long>(run.model.items),
                static_cast<unsigned long long>(run.model.sessions), run.build_seconds);
  out << line;
  const std::uint64_t next_clicks = metrics.empty() ? 0 : metrics.front().click_points;
  const std::uint64_t buys = metrics.empty() ? 0 : metrics.front().buy_points;
  std::snprintf(line, sizeof(line),
                "test:   %llu events of %llu users, %llu clicks: %llu followed by a click on "
                "another item, %llu by buys; replayed in %.2f s\n\n",
                static_cast<unsigned long long>(run.counts.test_events),
                static_cast<unsigned long long>(run.counts.test_users),
                static_cast<unsigned long long>(run.test_clicks),
                static_cast<unsigned long long>(next_clicks), static_cast<unsigned long long>(buys),
                run.replay_seconds);
  out << line;

  std::size_t name_width = std::string_view("scenario").size();
  std::size_t stages_width = std::string_view("stages").size();
  for (const auto& s : scenarios) {
    name_width = std::max(name_width, s.config.id.size() + (s.baseline ? 11 : 0));
    stages_width = std::max(stages_width, stage_names(s.config).size());
  }
  const std::string k = std::to_string(o.k);
  out << pad("scenario", name_width) << "  " << pad("stages", stages_width) << "  "
      << pad("context", 10) << pad_left("HR@" + k, 8) << pad_left("MRR@" + k, 8)
      << pad_left("P@" + k, 8) << pad_left("R@" + k, 8) << pad_left("empty", 7) << "\n";
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const auto& s = scenarios[i];
    const auto& m = metrics[i];
    const std::string name = s.baseline ? s.config.id + " (baseline)" : s.config.id;
    out << pad(name, name_width) << "  " << pad(stage_names(s.config), stages_width) << "  "
        << pad(std::string(eval::context_mode_name(eval::context_mode(s.config))), 10)
        << pad_left(figure(m.hit_rate()), 8) << pad_left(figure(m.mrr()), 8)
        << pad_left(figure(m.precision()), 8) << pad_left(figure(m.recall()), 8)
        << pad_left(std::to_string(m.empty_answers), 7) << "\n";
  }
  out << "\nHR, MRR: the next click on another item (" << next_clicks
      << " clicks); P, R: the items bought later in the test part (" << buys
      << " clicks); empty: answers without items.\n";
}

nlohmann::json number(double v) {
  return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v);
}

nlohmann::json report_json(const Options& o, const Run& run,
                           const std::vector<EvalScenario>& scenarios,
                           const std::vector<Metrics>& metrics) {
  nlohmann::json j;
  j["customer"] = o.customer;
  j["k"] = o.k;
  j["split"] = {{"time", util::iso_utc_us(run.split_us)},
                {"test_days", run.test_days ? nlohmann::json(*run.test_days) : nullptr}};
  j["model"] = {{"events", run.counts.train_events}, {"users", run.model.users},
                {"items", run.model.items},          {"pairs", run.model.pairs},
                {"sessions", run.model.sessions},    {"build_seconds", run.build_seconds}};
  j["test"] = {{"events", run.counts.test_events},
               {"users", run.counts.test_users},
               {"clicks", run.test_clicks},
               {"replay_seconds", run.replay_seconds}};
  auto& list = j["scenarios"] = nlohmann::json::array();
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const auto& s = scenarios[i];
    const auto& m = metrics[i];
    nlohmann::json stages = nlohmann::json::array();
    for (const auto stage : s.config.stages) stages.push_back(config::model_name(stage));
    list.push_back({{"id", s.config.id},
                    {"baseline", s.baseline},
                    {"stages", stages},
                    {"context", eval::context_mode_name(eval::context_mode(s.config))},
                    {"hr", number(m.hit_rate())},
                    {"mrr", number(m.mrr())},
                    {"precision", number(m.precision())},
                    {"recall", number(m.recall())},
                    {"click_points", m.click_points},
                    {"buy_points", m.buy_points},
                    {"requests", m.requests},
                    {"empty_answers", m.empty_answers}});
  }
  return j;
}

// The newest event's time, for --test-days.
Result<std::int64_t> newest_event_us(const model::EventSource& source) {
  std::int64_t newest = std::numeric_limits<std::int64_t>::min();
  Status s = source.scan_events([&newest](const store::StoredEvent& e) {
    newest = std::max(newest, e.event.time_us);
    return true;
  });
  if (!s.is_ok()) return s;
  if (newest == std::numeric_limits<std::int64_t>::min()) {
    return Status::not_found("no events stored for this customer");
  }
  return newest;
}

int fail(const std::string& message) {
  std::cerr << "recod evaluate: " << message << "\n";
  return 1;
}

}  // namespace

int run_evaluate(const std::vector<std::string>& argv) {
  std::vector<std::string> flags;
  Options o = parse_options(argv, flags);
  const Args args(flags, kEvaluateFlags);
  const config::Config config = load_config(args);
  read_flags(args, o);
  const auto* customer = config.find_customer(o.customer);
  if (customer == nullptr) {
    std::cerr << "recod evaluate: unknown customer '" << o.customer << "' in the config\n";
    return 2;
  }
  const std::vector<EvalScenario> scenarios = chosen_scenarios(*customer, o.scenarios);

  store::StoreOptions store_options;
  store_options.data_dir = config.storage.data_dir;
  store_options.read_only = true;  // beside a running server; never writes
  store_options.user_hash_key_hex = config.storage.user_hash_key;
  auto store = store::Store::open(store_options);
  if (!store) return fail(store.status().message());
  const model::StoreEventSource all(**store, o.customer);

  Run run;
  if (o.split_us) {
    run.split_us = *o.split_us;
  } else {
    auto newest = newest_event_us(all);
    if (!newest) return fail(newest.status().message());
    run.test_days = o.test_days;
    run.split_us = *newest - o.test_days * kMicrosPerDay;
  }

  // The model from the events before the split; the test users set aside on the way.
  eval::SplitSource split(all, run.split_us, config.model.history_length);
  auto started = std::chrono::steady_clock::now();
  auto built = model::build_model(split, model::params_from_config(config.model), run.split_us);
  if (!built) return fail(built.status().message());
  run.build_seconds = seconds_since(started);
  run.counts = split.counts();
  run.model = (*built)->info();
  const std::vector<eval::ReplayUser> users = split.take_users();
  run.test_clicks = eval::test_clicks(users);
  if (run.counts.train_events == 0)
    return fail("no events before the split: nothing to learn from");
  if (run.test_clicks == 0) return fail("no clicks from the split on: nothing to evaluate");

  catalog::Availability availability;
  if (auto s = availability.load(**store, o.customer); !s.is_ok()) return fail(s.message());
  const model::FixedModel models(o.customer, *built);
  eval::ReplayHistory history(config.tracking.blacklist_days);
  const reco::Engine engine(config, **store, models, availability, history);
  const eval::EngineRecommender recommender(engine, history, o.customer, scenarios, o.k);

  started = std::chrono::steady_clock::now();
  Progress progress("replaying", "clicks", run.test_clicks);
  auto metrics = eval::replay(
      users, scenarios.size(), o.k,
      [&recommender](std::size_t s, const eval::ReplayUser& u, std::size_t p) {
        return recommender(s, u, p);
      },
      [&progress](std::uint64_t clicks) { progress.update(clicks, clicks); });
  if (!metrics) return fail(metrics.status().message());
  progress.finish(run.test_clicks, run.test_clicks);
  run.replay_seconds = seconds_since(started);

  print_table(std::cout, o, run, scenarios, *metrics);
  if (o.json_path) {
    std::ofstream out(*o.json_path);
    out << report_json(o, run, scenarios, *metrics).dump(2) << "\n";
    if (!out) return fail("cannot write '" + *o.json_path + "'");
  }
  return 0;
}

}  // namespace recod::cli
