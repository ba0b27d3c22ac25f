#include "metrics.hpp"

namespace recod::cli {
namespace {

void metric(std::string& out, std::string_view name, std::string_view type, std::string_view help,
            std::uint64_t value) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
  out.append(name).append(" ").append(std::to_string(value)).append("\n");
}

}  // namespace

void append_metrics(const http::ServerStats& server, const store::EventWriter::Stats& writer,
                    std::string& out) {
  metric(out, "recod_connections_accepted_total", "counter", "TCP connections accepted.",
         server.connections_accepted);
  metric(out, "recod_connections_rejected_total", "counter",
         "Connections answered 503 because server.max_connections was reached.",
         server.connections_rejected);
  metric(out, "recod_connections_active", "gauge", "Open client connections.",
         server.connections_active);
  metric(out, "recod_http_requests_total", "counter", "Complete HTTP requests received.",
         server.requests);
  out.append("# HELP recod_http_responses_total HTTP responses sent, by status code.\n");
  out.append("# TYPE recod_http_responses_total counter\n");
  for (const auto& [code, count] : server.responses_by_status) {
    out.append("recod_http_responses_total{code=\"")
        .append(std::to_string(code))
        .append("\"} ")
        .append(std::to_string(count))
        .append("\n");
  }
  metric(out, "recod_events_written_total", "counter", "Tracking events stored.",
         writer.events_written);
  metric(out, "recod_write_batches_total", "counter", "Write batches committed to RocksDB.",
         writer.batches_written);
  metric(out, "recod_write_errors_total", "counter", "Write batches RocksDB refused.",
         writer.write_errors);
  metric(out, "recod_writes_rejected_total", "counter",
         "Writes refused because the queue was full or recod was stopping.", writer.rejected);
  metric(out, "recod_write_queue_events", "gauge", "Events waiting for the writer.",
         writer.queue_depth);
}

}  // namespace recod::cli
