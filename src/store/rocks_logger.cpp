#include "rocks_logger.hpp"

#include <algorithm>
#include <array>
#include <cstdarg>
#include <cstdio>
#include <string_view>

#include <spdlog/spdlog.h>

namespace recod::store {
namespace {

spdlog::level::level_enum level_of(rocksdb::InfoLogLevel level) {
  switch (level) {
    case rocksdb::InfoLogLevel::WARN_LEVEL:
      return spdlog::level::warn;
    case rocksdb::InfoLogLevel::ERROR_LEVEL:
    case rocksdb::InfoLogLevel::FATAL_LEVEL:
      return spdlog::level::err;
    case rocksdb::InfoLogLevel::DEBUG_LEVEL:
      return spdlog::level::trace;
    default:  // INFO and HEADER: options dumps, flushes, compactions
      return spdlog::level::debug;
  }
}

class SpdlogRocksLogger final : public rocksdb::Logger {
 public:
  SpdlogRocksLogger() : rocksdb::Logger(rocksdb::InfoLogLevel::INFO_LEVEL) {}

  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    Logv(rocksdb::InfoLogLevel::INFO_LEVEL, format, ap);
  }
  void Logv(const rocksdb::InfoLogLevel level, const char* format, va_list ap) override {
    const auto spd_level = level_of(level);
    if (!spdlog::should_log(spd_level)) return;  // most lines: no formatting at all
    std::array<char, 1024> line{};
    const int n = std::vsnprintf(line.data(), line.size(), format, ap);
    if (n < 0) return;
    std::string_view text(line.data(), std::min(static_cast<std::size_t>(n), line.size() - 1));
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
    spdlog::log(spd_level, "rocksdb: {}", text);
  }
};

}  // namespace

std::shared_ptr<rocksdb::Logger> make_rocksdb_logger() {
  return std::make_shared<SpdlogRocksLogger>();
}

}  // namespace recod::store
