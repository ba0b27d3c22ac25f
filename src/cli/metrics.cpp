#include "metrics.hpp"

#include <array>
#include <charconv>
#include <chrono>

#include "recod/store/store.hpp"

namespace recod::cli {
namespace {

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void metric(std::string& out, std::string_view name, std::string_view type, std::string_view help,
            std::uint64_t value) {
  header(out, name, type, help);
  out.append(name).append(" ").append(std::to_string(value)).append("\n");
}

void metric(std::string& out, std::string_view name, std::string_view type, std::string_view help,
            double value) {
  header(out, name, type, help);
  std::array<char, 64> text{};
  const auto [end, ec] =
      std::to_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed, 6);
  out.append(name).append(" ").append(text.data(), ec == std::errc() ? end : text.data());
  out.append("\n");
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
  header(out, "recod_http_responses_total", "counter", "HTTP responses sent, by status code.");
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
  metric(out, "recod_write_stalls_total", "counter",
         "Times RocksDB began to hold writes back until its flushes or compactions caught up.",
         writer.stalls);
  const auto pauses = store::background_pauses();
  metric(out, "recod_storage_background_pauses_total", "counter",
         "Pauses RocksDB's flushes and compactions made to leave a contended core to requests.",
         pauses.count);
  metric(out, "recod_storage_background_paused_seconds_total", "counter",
         "Time RocksDB's flushes and compactions spent in those pauses.",
         std::chrono::duration<double>(pauses.total).count());
}

}  // namespace recod::cli
