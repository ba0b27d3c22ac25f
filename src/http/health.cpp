#include "recod/http/health.hpp"

#include <memory>

namespace recod::http {
namespace {

bool is_read(const Request& r) { return r.method() == Method::kGet || r.method() == Method::kHead; }

}  // namespace

void add_health_routes(Router& router, HealthHooks hooks) {
  auto shared = std::make_shared<HealthHooks>(std::move(hooks));
  router.add_exact("/healthz", [](const Request& r, Responder out) {
    if (!is_read(r))
      return out.send(Response::text(405, "use GET").with_header("Allow", "GET, HEAD"));
    out.send(Response::text(200, "ok"));
  });
  router.add_exact("/readyz", [shared](const Request& r, Responder out) {
    if (!is_read(r))
      return out.send(Response::text(405, "use GET").with_header("Allow", "GET, HEAD"));
    out.send(shared->ready() ? Response::text(200, "ready") : Response::text(503, "not ready"));
  });
  router.add_exact("/metrics", [shared](const Request& r, Responder out) {
    if (!is_read(r))
      return out.send(Response::text(405, "use GET").with_header("Allow", "GET, HEAD"));
    Response resp;
    resp.content_type = "text/plain; version=0.0.4; charset=utf-8";
    shared->metrics(resp.body);
    out.send(std::move(resp));
  });
}

}  // namespace recod::http
