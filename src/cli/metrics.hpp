#pragma once
// Prometheus text for /metrics. Private to cli/ (it knows every component).

#include <string>

#include "recod/http/server.hpp"
#include "recod/store/event_writer.hpp"

namespace recod::cli {

void append_metrics(const http::ServerStats& server, const store::EventWriter::Stats& writer,
                    std::string& out);

}  // namespace recod::cli
