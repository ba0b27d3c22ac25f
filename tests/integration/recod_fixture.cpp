#include "recod_fixture.hpp"

#include <csignal>
#include <sstream>
#include <thread>

namespace recod::test {

void RecodFixture::start(const std::string& extra_config) {
  client_.reset();
  server_.reset();
  write_file(config_path(), minimal_config(data_dir(), extra_config));
  server_ = std::make_unique<RecodServer>(config_path(), dir_.path().string());
  client_ = std::make_unique<HttpClient>(server_->port());
  // Ready once every customer's first model is built (immediate on an empty store).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (client_->get("/readyz").status != 200) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "recod never became ready";
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void RecodFixture::TearDown() {
  client_.reset();
  if (server_) {
    const int status = server_->stop(SIGTERM);
    EXPECT_EQ(status, 0) << server_->log();
  }
  server_.reset();
}

void RecodFixture::stop_server() {
  client_.reset();
  ASSERT_TRUE(server_);
  const int status = server_->stop(SIGTERM);
  ASSERT_EQ(status, 0) << server_->log();
  server_.reset();
}

std::vector<nlohmann::json> stored_events(const std::string& config_path, const std::string& user,
                                          const std::string& customer) {
  const auto r =
      run_recod({"events", "--config", config_path, "--customer", customer, "--user", user});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<nlohmann::json> out;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

std::vector<nlohmann::json> RecodFixture::events_of(const std::string& user,
                                                    const std::string& customer) {
  return stored_events(config_path(), user, customer);
}

}  // namespace recod::test
