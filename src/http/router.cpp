#include "recod/http/router.hpp"

#include <spdlog/spdlog.h>

namespace recod::http {

void Router::add(std::string name, Matcher match, Handler handler) {
  routes_.push_back({std::move(name), std::move(match), std::move(handler)});
}

void Router::add_exact(std::string path, Handler handler) {
  auto name = path;
  add(
      std::move(name), [p = std::move(path)](const Request& r) { return r.path() == p; },
      std::move(handler));
}

void Router::dispatch(const Request& request, Responder responder) const {
  for (const auto& route : routes_) {
    if (route.match(request)) {
      route.handler(request, std::move(responder));
      return;
    }
  }
  spdlog::debug("404 no route: {} {}", request.method_name(), request.path());
  responder.send(Response::text(404, "not found: no such route"));
}

}  // namespace recod::http
