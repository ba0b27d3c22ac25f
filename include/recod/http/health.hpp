#pragma once
// Operational routes every deployment needs: GET /healthz (the process answers),
// GET /readyz (ready to take traffic) and GET /metrics (Prometheus text format).

#include <functional>
#include <string>

#include "recod/http/router.hpp"

namespace recod::http {

struct HealthHooks {
  std::function<bool()> ready;                    ///< /readyz answers 200 when true, else 503
  std::function<void(std::string& out)> metrics;  ///< appends Prometheus text to `out`
};

/// Adds /healthz, /readyz and /metrics (GET and HEAD).
void add_health_routes(Router& router, HealthHooks hooks);

}  // namespace recod::http
