#include "recod/catalog/handler.hpp"

#include <spdlog/spdlog.h>

#include "recod/catalog/xml.hpp"
#include "recod/http/basic_auth.hpp"
#include "recod/tracking/ids.hpp"
#include "recod/tracking/parser.hpp"
#include "recod/util/percent.hpp"
#include "recod/util/time.hpp"

namespace recod::catalog {
namespace {

enum class Route { kImport, kItem, kUser, kNone };

// /{solution}/{cid}/item, /{solution}/{cid}/item/{type}/{id}, DELETE /{solution}/{cid}/user/{uid}
Route route_of(const http::Request& r) {
  const auto seg = r.segments();
  if (seg.size() < 3 || !tracking::is_solution_prefix(seg[0])) return Route::kNone;
  if (seg[2] == "item" && seg.size() == 3) return Route::kImport;
  if (seg[2] == "item" && seg.size() == 5) return Route::kItem;
  // GET /api/{cid}/user/{scenario}.json is a recommendation for a user called "user".
  if (seg[2] == "user" && seg.size() == 4 && r.method() == http::Method::kDelete) {
    return Route::kUser;
  }
  return Route::kNone;
}

http::Response storage_failure(const Status& s) {
  spdlog::debug("catalog write not stored: {}", s.message());  // the writer logs the cause
  return http::Response::text(503, s.message()).with_header("Retry-After", "1");
}

std::string as_document(const Item& item) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<items version=\"1\">" + item_to_xml(item) +
         "</items>\n";
}

}  // namespace

void CatalogHandler::add_routes(http::Router& router) const {
  router.add(
      "catalog", [](const http::Request& r) { return route_of(r) != Route::kNone; },
      [this](const http::Request& request, http::Responder out) {
        const auto* customer = http::authorized_customer(
            request, request.segments()[1],
            [this](std::string_view id) { return config_.find_customer(id); }, out);
        if (customer == nullptr) return;
        switch (route_of(request)) {
          case Route::kImport:
            import_items(request, *customer, std::move(out));
            return;
          case Route::kItem:
            item(request, *customer, std::move(out));
            return;
          case Route::kUser:
            erase_user(request, *customer, std::move(out));
            return;
          case Route::kNone:
            break;
        }
      });
}

void CatalogHandler::import_items(const http::Request& request,
                                  const config::CustomerConfig& customer,
                                  http::Responder out) const {
  if (request.method() != http::Method::kPost) {
    out.send(http::Response::text(405, "use POST").with_header("Allow", "POST"));
    return;
  }
  auto items = parse_items_xml(request.body(), {.string_item_ids = customer.string_item_ids});
  if (!items) {
    spdlog::debug("catalog import rejected: {}", items.status().message());
    out.send(http::Response::text(400, items.status().message()));
    return;
  }
  const auto count = items->size();
  // The availability index learns the new windows once the items are stored.
  auto stored = std::make_shared<std::vector<Item>>(*items);
  writer_.submit(
      store::ImportItems{customer.id, std::move(*items)},
      [this, id = customer.id, stored, count, out = std::move(out)](const Status& s) mutable {
        if (!s.is_ok()) {
          out.send(storage_failure(s));
          return;
        }
        for (const auto& item : *stored) availability_.imported(id, item);
        out.send(http::Response::json(202, "{\"imported\":" + std::to_string(count) + "}"));
      });
}

void CatalogHandler::item(const http::Request& request, const config::CustomerConfig& customer,
                          http::Responder out) const {
  const auto seg = request.segments();
  const auto type_text = util::percent_decode(seg[3], false);
  const auto id_text = util::percent_decode(seg[4], false);
  auto type = tracking::parse_item_type(type_text.value_or(""));
  auto id = tracking::parse_item_id(id_text.value_or(""), customer.string_item_ids);
  if (!type || !id) {
    out.send(http::Response::text(400, !type ? type.status().message() : id.status().message()));
    return;
  }
  if (request.method() != http::Method::kGet && request.method() != http::Method::kDelete) {
    out.send(http::Response::text(405, "use GET or DELETE").with_header("Allow", "GET, DELETE"));
    return;
  }
  auto stored = store_.catalog_item(customer.id, *type, *id);
  if (!stored) {
    out.send(storage_failure(stored.status()));
    return;
  }
  if (request.method() == http::Method::kGet) {
    if (!stored->has_value()) {
      out.send(http::Response::text(404, "no such item in the catalog"));
      return;
    }
    http::Response r;
    r.content_type = "application/xml; charset=utf-8";
    r.body = as_document(**stored);
    out.send(std::move(r));
    return;
  }
  // DELETE: known from the catalog, or from the events the current model was built from.
  const auto model = models_.current(customer.id);
  const bool known = stored->has_value() || (model && model->find(*type, *id).has_value());
  if (!known) {
    out.send(http::Response::text(404, "unknown item"));
    return;
  }
  writer_.submit(
      store::DeleteItem{customer.id, *type, *id, util::now_us()},
      [this, cid = customer.id, t = *type, i = *id, out = std::move(out)](const Status& s) mutable {
        if (!s.is_ok()) {
          out.send(storage_failure(s));
          return;
        }
        availability_.deleted(cid, t, i);
        out.send(http::Response::json(202, "{\"deleted\":1}"));
      });
}

void CatalogHandler::erase_user(const http::Request& request,
                                const config::CustomerConfig& customer, http::Responder out) const {
  const auto user = util::percent_decode(request.segments()[3], false);
  if (!user || user->empty() || user->size() > tracking::kMaxUserIdBytes) {
    out.send(http::Response::text(400, "the user id must be 1 to 256 bytes, percent-encoded"));
    return;
  }
  auto erased = std::make_shared<std::uint64_t>(0);
  writer_.submit(
      store::EraseUser{customer.id, store_.hash_user(customer.id, *user), erased},
      [erased, out = std::move(out)](const Status& s) mutable {
        if (!s.is_ok()) {
          out.send(storage_failure(s));
          return;
        }
        out.send(http::Response::json(200, "{\"deleted\":" + std::to_string(*erased) + "}"));
      });
}

}  // namespace recod::catalog
