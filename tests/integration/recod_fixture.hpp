#pragma once
// A fixture that runs one recod server per test in a fresh temp dir, and reads back what
// it stored with `recod events`.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/http_client.hpp"
#include "support/recod_process.hpp"
#include "support/temp_dir.hpp"

namespace recod::test {

/// The events stored for `user` under the config at `config_path`, via `recod events`, one
/// JSON object each, oldest first (works beside a running server).
[[nodiscard]] std::vector<nlohmann::json> stored_events(const std::string& config_path,
                                                        const std::string& user,
                                                        const std::string& customer = "00000");

class RecodFixture : public ::testing::Test {
 protected:
  /// Starts the server with minimal_config() plus `extra_config` (top-level JSON members).
  void start(const std::string& extra_config = "");
  void SetUp() override { start(); }
  void TearDown() override;

  /// Stops the server with SIGTERM and asserts a clean exit.
  void stop_server();

  /// The events stored for `user`, via `recod events`, one JSON object each, oldest first.
  [[nodiscard]] std::vector<nlohmann::json> events_of(const std::string& user,
                                                      const std::string& customer = "00000");

  [[nodiscard]] HttpClient& client() { return *client_; }
  [[nodiscard]] std::string config_path() const { return dir_.file("recod.json"); }
  [[nodiscard]] std::string data_dir() const { return dir_.file("data"); }
  [[nodiscard]] const TempDir& dir() const { return dir_; }
  [[nodiscard]] RecodServer& server() { return *server_; }

 private:
  TempDir dir_;
  std::unique_ptr<RecodServer> server_;
  std::unique_ptr<HttpClient> client_;
};

}  // namespace recod::test
