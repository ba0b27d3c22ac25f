#include "recod/web/demo_data.hpp"

#include <future>
#include <random>

#include <nlohmann/json.hpp>

#include "recod/tracking/ids.hpp"
#include "recod/web/assets.hpp"

namespace recod::web {
namespace {

using tracking::Event;
using tracking::EventKind;

constexpr int kShoppers = 400;
constexpr std::int64_t kMicrosPerSecond = 1000000;
constexpr std::int64_t kSpreadUs = 48LL * 3600 * kMicrosPerSecond;

struct Product {
  catalog::Item item;
  std::string category;
};

Result<std::vector<Product>> demo_products() {
  const Asset* asset = find_asset("/demo/catalog.json");
  if (asset == nullptr) return Status::internal("the demo catalog is not embedded");
  const auto doc = nlohmann::json::parse(asset->data, nullptr, false);
  if (doc.is_discarded() || !doc.contains("products")) {
    return Status::internal("the demo catalog is not valid JSON");
  }
  std::vector<Product> products;
  for (const auto& p : doc["products"]) {
    Product product;
    product.item.type = p.value("type", 1U);
    product.item.id = std::to_string(p.value("id", 0));
    product.category = p.value("category", "");
    product.item.category_paths.push_back(product.category);
    product.item.content.push_back({"title", p.value("title", "")});
    if (auto price = tracking::parse_fullprice(p.value("price", ""))) product.item.price = *price;
    product.item.attributes.push_back(
        {"color", p.value("color", ""), catalog::AttributeType::kNominal});
    products.push_back(std::move(product));
  }
  return products;
}

// Shoppers who mostly browse one category and walk from a product to its neighbour (the
// next product of the category), so that also_clicked has real structure; some put the
// last product in the basket and buy it, and runners then look at caps (cross-sell).
class ShopperGenerator final {
 public:
  ShopperGenerator(const std::vector<Product>& products, std::int64_t now_us)
      : products_(products), now_us_(now_us), rng_(20261121) {
    for (std::size_t i = 0; i < products.size(); ++i)
      by_category_[products[i].category].push_back(i);
    for (const auto& [name, members] : by_category_) categories_.push_back(name);
  }

  std::vector<Event> shopper() {
    std::vector<Event> events;
    const int sessions = 1 + pick(2);
    for (int s = 0; s < sessions; ++s) session(events);
    std::sort(events.begin(), events.end(),
              [](const Event& a, const Event& b) { return a.time_us < b.time_us; });
    return events;
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }

  Event event(EventKind kind, std::size_t product, std::int64_t& t) {
    Event e;
    e.kind = kind;
    e.time_us = t;
    e.item_type = products_[product].item.type;
    e.item_id = products_[product].item.id;
    if (kind == EventKind::kClick || kind == EventKind::kBasket) {
      e.category_path = products_[product].category;
    }
    t += (20 + pick(100)) * kMicrosPerSecond;
    return e;
  }

  void session(std::vector<Event>& out) {
    std::int64_t t =
        now_us_ - kSpreadUs +
        std::uniform_int_distribution<std::int64_t>(0, kSpreadUs - 3600 * kMicrosPerSecond)(rng_);
    const auto& category =
        categories_[static_cast<std::size_t>(pick(static_cast<int>(categories_.size())))];
    const auto& members = by_category_.at(category);
    auto position = static_cast<std::size_t>(pick(static_cast<int>(members.size())));
    std::size_t current = members[position];
    const int clicks = 3 + pick(6);
    for (int i = 0; i < clicks; ++i) {
      out.push_back(event(EventKind::kClick, current, t));
      if (chance(0.6)) {
        position = (position + 1) % members.size();  // the neighbour
      } else if (chance(0.7)) {
        position = static_cast<std::size_t>(pick(static_cast<int>(members.size())));
      } else {
        current = static_cast<std::size_t>(pick(static_cast<int>(products_.size())));
        continue;
      }
      current = members[position];
    }
    if (!chance(0.35)) return;
    out.push_back(event(EventKind::kBasket, current, t));
    if (!chance(0.5)) return;
    Event buy = event(EventKind::kBuy, current, t);
    buy.price = products_[current].item.price;
    buy.quantity = 1 + (chance(0.2) ? 1 : 0);
    out.push_back(std::move(buy));
    if (category.starts_with("Shoes") && by_category_.contains("Accessories/Caps") && chance(0.5)) {
      const auto& caps = by_category_.at("Accessories/Caps");
      out.push_back(event(EventKind::kClick,
                          caps[static_cast<std::size_t>(pick(static_cast<int>(caps.size())))], t));
    }
  }

  const std::vector<Product>& products_;
  const std::int64_t now_us_;
  std::mt19937_64 rng_;
  std::map<std::string, std::vector<std::size_t>> by_category_;
  std::vector<std::string> categories_;
};

Status write_and_wait(store::EventWriter& writer, store::WriteOp op) {
  std::promise<Status> stored;
  auto future = stored.get_future();
  writer.submit(std::move(op), [&stored](const Status& s) { stored.set_value(s); });
  return future.get();
}

bool has_data(const store::Store& store, std::string_view customer,
              const std::vector<Product>& products) {
  bool any_event = false;
  (void)store.scan_events(customer, [&](const store::StoredEvent&) {
    any_event = true;
    return false;
  });
  if (any_event) return true;
  for (const auto& p : products) {
    const auto item = store.catalog_item(customer, p.item.type, p.item.id);
    if (!item || item->has_value()) return true;
  }
  return false;
}

}  // namespace

Result<std::uint64_t> load_demo_data(const store::Store& store, store::EventWriter& writer,
                                     const stats::Attribution& attribution,
                                     std::string_view customer, std::int64_t now_us) {
  auto products = demo_products();
  if (!products) return products.status();
  if (has_data(store, customer, *products)) return std::uint64_t{0};

  store::ImportItems catalog{std::string(customer), {}};
  for (const auto& p : *products) catalog.items.push_back(p.item);
  if (auto s = write_and_wait(writer, std::move(catalog)); !s.is_ok()) return s;

  ShopperGenerator generator(*products, now_us);
  std::uint64_t written = 0;
  for (int i = 0; i < kShoppers; ++i) {
    auto events = generator.shopper();
    written += events.size();
    auto counters = attribution.count(customer, events, {}, now_us);
    const auto user = store.hash_user(customer, "demo-shopper-" + std::to_string(i));
    auto s = write_and_wait(writer, store::AppendEvents{std::string(customer), user,
                                                        std::move(events), std::move(counters)});
    if (!s.is_ok()) return s;
  }
  return written;
}

}  // namespace recod::web
