#pragma once
// The catalog and privacy routes (api-reference.md section 3), all behind Basic auth with
// the customer id and its license key:
//
//   POST   /api/{cid}/item                  import items (XML); 202, or 400 naming the problem
//   GET    /api/{cid}/item/{type}/{id}      the stored item as XML; 404 if unknown
//   DELETE /api/{cid}/item/{type}/{id}      out of every recommendation at once; 202, 404
//   DELETE /api/{cid}/user/{uid}            erase everything about the user; {"deleted": N}
//
// Writes go through the EventWriter like tracking, and are answered once stored; the
// Availability index is updated as soon as a write is stored.
//
// Thread safety: the handlers run concurrently on every I/O thread.

#include "recod/catalog/availability.hpp"
#include "recod/config/config.hpp"
#include "recod/http/router.hpp"
#include "recod/model/service.hpp"
#include "recod/store/event_writer.hpp"
#include "recod/store/store.hpp"

namespace recod::catalog {

class CatalogHandler final {
 public:
  CatalogHandler(const config::Config& config, const store::Store& store,
                 store::EventWriter& writer, Availability& availability,
                 const model::ModelService& models) noexcept
      : config_(config),
        store_(store),
        writer_(writer),
        availability_(availability),
        models_(models) {}

  /// Adds the routes; add them before the recommendation and tracking routes, whose paths
  /// would otherwise take these.
  void add_routes(http::Router& router) const;

 private:
  void import_items(const http::Request& request, const config::CustomerConfig& customer,
                    http::Responder out) const;
  void item(const http::Request& request, const config::CustomerConfig& customer,
            http::Responder out) const;
  void erase_user(const http::Request& request, const config::CustomerConfig& customer,
                  http::Responder out) const;

  const config::Config& config_;
  const store::Store& store_;
  store::EventWriter& writer_;
  Availability& availability_;
  const model::ModelService& models_;
};

}  // namespace recod::catalog
