#pragma once
// TrackingHandler: the HTTP side of tracking. It validates a request with parse_tracking(),
// pseudonymises the user ids, works out which statistics the events count for, hands
// events and counters to the EventWriter as one write, and answers 204 only once they are
// stored (503 if they could not be: the client may retry).
//
// Thread safety: handle() is called concurrently from every I/O thread; the handler holds
// only references to objects that outlive the server.

#include "recod/config/config.hpp"
#include "recod/http/request.hpp"
#include "recod/http/responder.hpp"
#include "recod/http/router.hpp"
#include "recod/stats/attribution.hpp"
#include "recod/store/event_writer.hpp"
#include "recod/store/store.hpp"

namespace recod::tracking {

class TrackingHandler final {
 public:
  TrackingHandler(const config::Config& config, const store::Store& store,
                  store::EventWriter& writer, const stats::Attribution& attribution) noexcept
      : config_(config), store_(store), writer_(writer), attribution_(attribution) {}

  /// True for paths shaped like tracking URLs: /{solution}/{cid}/{event}/... with at least
  /// five segments, or fewer when the third is an event name (so that a short tracking URL
  /// gets a tracking error, not a 404 from another route).
  [[nodiscard]] static bool matches(const http::Request& request);

  void handle(const http::Request& request, http::Responder responder) const;

  /// Adds the tracking route; add it after routes with more specific paths under /api/.
  void add_routes(http::Router& router) const;

 private:
  const config::Config& config_;
  const store::Store& store_;
  store::EventWriter& writer_;
  const stats::Attribution& attribution_;
};

}  // namespace recod::tracking
