// recod import-items: stream a large catalog file into the store, checking it completely
// first so that an invalid file stores nothing, then importing it in batches. It opens the
// store itself, so the server must not be running (POST /api/{cid}/item is the online way).
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "progress.hpp"
#include "recod/catalog/xml.hpp"
#include "recod/store/event_writer.hpp"
#include "recod/store/store.hpp"

namespace recod::cli {
namespace {

const std::set<std::string> kImportFlags{"config", "data-dir", "customer", "log-level"};
constexpr std::size_t kChunkBytes = 1 << 20;
constexpr std::size_t kBatchItems = 1000;

// Feeds the file through `reader` chunk by chunk, with progress.
Status stream_file(const std::string& path, catalog::ItemXmlReader& reader, Progress& progress) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found("cannot read '" + path + "'");
  std::string chunk(kChunkBytes, '\0');
  std::uint64_t done = 0;
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    if (n == 0) break;
    if (auto s = reader.feed(std::string_view(chunk.data(), n)); !s.is_ok()) return s;
    done += n;
    progress.update(done, reader.items());
  }
  if (auto s = reader.finish(); !s.is_ok()) return s;
  progress.finish(done, reader.items());
  return Status::ok();
}

// Writes a batch through the writer and waits until it is stored.
Status import_batch(store::EventWriter& writer, const std::string& customer,
                    std::vector<catalog::Item>& batch) {
  if (batch.empty()) return Status::ok();
  std::promise<Status> stored;
  auto future = stored.get_future();
  writer.submit(store::ImportItems{customer, std::move(batch)},
                [&stored](const Status& s) { stored.set_value(s); });
  batch.clear();
  return future.get();
}

}  // namespace

int run_import_items(const std::vector<std::string>& argv) {
  // The file is the one word that is not a flag.
  std::vector<std::string> flags;
  std::string file;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    if (argv[i].starts_with("--")) {
      flags.push_back(argv[i]);
      if (argv[i].find('=') == std::string::npos && i + 1 < argv.size()) flags.push_back(argv[++i]);
    } else if (file.empty()) {
      file = argv[i];
    } else {
      throw UsageError("import-items takes one file, got '" + file + "' and '" + argv[i] + "'");
    }
  }
  if (file.empty()) throw UsageError("import-items needs the catalog file");
  const Args args(flags, kImportFlags);
  const config::Config config = load_config(args);
  const std::string customer_id = args.require("customer");
  const auto* customer = config.find_customer(customer_id);
  if (customer == nullptr) {
    std::cerr << "recod import-items: unknown customer '" << customer_id << "' in the config\n";
    return 2;
  }
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) {
    std::cerr << "recod import-items: cannot read '" << file << "': " << ec.message() << "\n";
    return 1;
  }
  const catalog::XmlOptions xml{.string_item_ids = customer->string_item_ids};

  // Pass 1: check everything, store nothing.
  {
    catalog::ItemXmlReader checker(xml, [](catalog::Item&&) { return Status::ok(); });
    Progress progress("checking", "items", size);
    if (auto s = stream_file(file, checker, progress); !s.is_ok()) {
      std::cerr << "recod import-items: " << file << ": " << s.message() << " (nothing imported)\n";
      return 1;
    }
  }

  // Pass 2: import in batches.
  store::StoreOptions options;
  options.data_dir = config.storage.data_dir;
  options.user_hash_key_hex = config.storage.user_hash_key;
  auto store = store::Store::open(options);
  if (!store) {
    std::cerr << "recod import-items: " << store.status().message()
              << " (is recod serve running on this data dir? Stop it, or POST the items to "
                 "/api/{cid}/item)\n";
    return 1;
  }
  store::EventWriter writer(**store, {});
  std::vector<catalog::Item> batch;
  catalog::ItemXmlReader importer(xml, [&](catalog::Item&& item) {
    batch.push_back(std::move(item));
    return batch.size() >= kBatchItems ? import_batch(writer, customer->id, batch) : Status::ok();
  });
  Progress progress("importing", "items", size);
  Status s = stream_file(file, importer, progress);
  if (s.is_ok()) s = import_batch(writer, customer->id, batch);
  writer.stop();
  if (!s.is_ok()) {
    std::cerr << "recod import-items: " << s.message() << "\n";
    return 1;
  }
  std::cout << "imported " << importer.items() << " items for customer " << customer->id << "\n";
  return 0;
}

}  // namespace recod::cli
