#include "recod/http/responder.hpp"

#include <spdlog/spdlog.h>

namespace recod::http {

Responder::~Responder() {
  if (sink_) {
    spdlog::error("a handler dropped its request without answering; answered 500");
    sink_->deliver(Response::text(500, "internal error: no answer"));
  }
}

void Responder::send(Response response) {
  if (!sink_) return;
  auto sink = std::move(sink_);
  sink->deliver(std::move(response));
}

}  // namespace recod::http
