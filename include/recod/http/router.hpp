#pragma once
// Router: maps a request to the handler of the first route whose matcher accepts it.
//
// Routes are added at start-up, in priority order, by the modules that own them (tracking,
// health, ...); the server core never changes when a module adds routes. Matchers look at
// the method and the raw path segments and must be cheap: they run on every request.
// After start-up the router is read-only and safe to use from every I/O thread.

#include <functional>
#include <string>
#include <vector>

#include "recod/http/request.hpp"
#include "recod/http/responder.hpp"

namespace recod::http {

class Router final {
 public:
  using Matcher = std::function<bool(const Request&)>;
  using Handler = std::function<void(const Request&, Responder)>;

  /// Adds a route; `name` appears in debug logs.
  void add(std::string name, Matcher match, Handler handler);

  /// A route for exactly `path` ("/healthz"), any method; the handler checks the method.
  void add_exact(std::string path, Handler handler);

  /// Calls the first matching route's handler; 404 if none matches.
  void dispatch(const Request& request, Responder responder) const;

 private:
  struct Route {
    std::string name;
    Matcher match;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace recod::http
