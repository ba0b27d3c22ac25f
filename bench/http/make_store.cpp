// make_store: the store the HTTP benchmark (bench/http/run.sh) serves from.
//
//   make_store --dir DIR [--events N] [--items N]
//
// Generates N synthetic events over N items (bench/synthetic.hpp: Zipf item popularity,
// sessions, bots) into a new store in DIR through the real EventWriter, compacts it, builds
// the model once, and writes two files beside the store for the load generator's scripts:
//   DIR.users  the number of generated users (their ids are user0 .. user{n-1});
//   DIR.items  "rank id" of every type-1 item with at least 11 type-1 also_clicked
//              neighbours, so that an item-to-item request with numrecs=10 has a full
//              answer; the scripts draw Zipf ranks and keep those found here.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "recod/model/builder.hpp"
#include "recod/model/service.hpp"
#include "synthetic.hpp"

namespace recod::bench {
namespace {

struct Options {
  DataOptions data;
  std::string dir;
};

[[noreturn]] void usage(const char* argv0) {
  std::cerr << "usage: " << argv0 << " --dir DIR [--events N] [--items N]\n";
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
      o.data.events = std::stoull(value());
    } else if (arg == "--items") {
      o.data.items = static_cast<std::uint32_t>(std::stoul(value()));
    } else if (arg == "--dir") {
      o.dir = value();
    } else {
      usage(argv[0]);
    }
  }
  if (o.dir.empty()) usage(argv[0]);
  return o;
}

int run(const Options& o) {
  if (std::filesystem::exists(o.dir)) {
    std::cerr << o.dir << " exists; remove it first\n";
    return 1;
  }
  const std::uint64_t users = generate(o.data, o.dir);
  compact(o.dir);

  auto store = open_store(o.dir);
  const model::StoreEventSource source(*store, std::string(kCustomer));
  auto built = model::build_model(source, {}, kNow);
  if (!built) {
    std::cerr << "model build failed: " << built.status().message() << "\n";
    return 1;
  }
  const model::CustomerModel& m = **built;

  constexpr std::size_t kMinNeighbours = 11;  // numrecs 10, and the context item is excluded
  std::ofstream items(o.dir + ".items");
  std::size_t full = 0;
  for (std::uint32_t rank = 0; rank < o.data.items; ++rank) {
    if (item_type(rank) != 1) continue;
    const auto index = m.find(1, item_id(rank));
    if (!index) continue;
    std::size_t type1 = 0;
    for (const auto& n : m.neighbours(model::NeighbourKind::kAlsoClicked, *index)) {
      if (m.item_type(n.item) == 1) ++type1;
    }
    if (type1 < kMinNeighbours) continue;
    items << rank << ' ' << item_id(rank) << '\n';
    ++full;
  }
  std::ofstream(o.dir + ".users") << users << '\n';
  if (!items || full == 0) {
    std::cerr << "no item with a full also_clicked answer\n";
    return 1;
  }
  std::printf("%llu events, %llu users, %llu items in the model, %zu with a full answer\n",
              static_cast<unsigned long long>(m.info().events),
              static_cast<unsigned long long>(users),
              static_cast<unsigned long long>(m.info().items), full);
  return 0;
}

}  // namespace
}  // namespace recod::bench

int main(int argc, char** argv) { return recod::bench::run(recod::bench::parse_args(argc, argv)); }
