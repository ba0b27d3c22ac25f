// Start, stop, restart and what lands on disk: SIGTERM/SIGINT drain and exit 0, every
// acknowledged event survives a restart, and user ids never reach the data dir.
#include <csignal>
#include <filesystem>
#include <thread>

#include "recod_fixture.hpp"

namespace recod::test {
namespace {

using Lifecycle = RecodFixture;

TEST_F(Lifecycle, SigtermExitsZeroAndEventsSurviveARestart) {
  for (int i = 1; i <= 200; ++i) {
    ASSERT_EQ(client().get("/api/00000/click/restart-user/1/" + std::to_string(i)).status, 204u);
  }
  const auto started = std::chrono::steady_clock::now();
  stop_server();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));

  start();
  ASSERT_EQ(client().get("/api/00000/click/restart-user/1/201").status, 204u);
  const auto events = events_of("restart-user");
  ASSERT_EQ(events.size(), 201u);
  for (int i = 0; i < 201; ++i) EXPECT_EQ(events[i]["itemId"], i + 1);
}

TEST_F(Lifecycle, SigintAlsoExitsZero) {
  ASSERT_EQ(client().get("/api/00000/click/sigint/1/1").status, 204u);
  EXPECT_EQ(server().stop(SIGINT), 0) << server().log();
  EXPECT_EQ(events_of("sigint").size(), 1u);
  start();  // for TearDown
}

TEST_F(Lifecycle, KeepAliveConnectionsDoNotDelayShutdown) {
  HttpClient idle(server().port());
  ASSERT_EQ(idle.get("/healthz").status, 200u);  // an idle keep-alive connection stays open
  const auto started = std::chrono::steady_clock::now();
  stop_server();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

TEST_F(Lifecycle, InFlightRequestsDuringShutdownAreAnsweredOrRefusedNeverLost) {
  // Clients keep sending while SIGTERM arrives: every 204 must be in the store afterwards.
  std::atomic<bool> go{true};
  std::vector<std::thread> senders;
  std::vector<int> acknowledged(4, 0);
  for (int t = 0; t < 4; ++t) {
    senders.emplace_back([&, t] {
      HttpClient c(server().port());
      for (int i = 1; go && i < 100000; ++i) {
        try {
          const auto r =
              c.get("/api/00000/click/drain-" + std::to_string(t) + "/1/" + std::to_string(i));
          if (r.status != 204) break;
          acknowledged[t] = i;
        } catch (const std::exception&) {
          break;  // the server went away
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop_server();
  go = false;
  for (auto& s : senders) s.join();
  for (int t = 0; t < 4; ++t) {
    EXPECT_GT(acknowledged[t], 0);
    const auto events = events_of("drain-" + std::to_string(t));
    // Every acknowledged event is stored; at most the one in flight may be stored unacked.
    EXPECT_GE(static_cast<int>(events.size()), acknowledged[t]);
    EXPECT_LE(static_cast<int>(events.size()), acknowledged[t] + 1);
  }
  start();
}

TEST_F(Lifecycle, RawUserIdsNeverReachTheDataDir) {
  const std::string secret_user = "alice.secret-user-id-4711";
  ASSERT_EQ(client().get("/api/00000/click/" + secret_user + "/1/1?categorypath=A").status, 204u);
  ASSERT_EQ(client().get("/api/00000/buy/" + secret_user + "/1/1?fullprice=1.00EUR").status, 204u);
  ASSERT_EQ(client().get("/api/00000/login/" + secret_user + "/bob.other-secret-id-0815").status,
            204u);
  stop_server();
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(data_dir())) {
    if (!entry.is_regular_file()) continue;
    ++files;
    const std::string bytes = read_file(entry.path().string());
    EXPECT_EQ(bytes.find("alice.secret"), std::string::npos) << entry.path();
    EXPECT_EQ(bytes.find("bob.other-secret"), std::string::npos) << entry.path();
  }
  EXPECT_GT(files, 3u);  // RocksDB's WAL, MANIFEST, OPTIONS... were all searched
  start();
  EXPECT_EQ(events_of("bob.other-secret-id-0815").size(), 3u);
}

TEST_F(Lifecycle, EventsCommandWorksBesideARunningServer) {
  ASSERT_EQ(client().get("/api/00000/click/beside/1/1").status, 204u);
  EXPECT_EQ(events_of("beside").size(), 1u);
  ASSERT_EQ(client().get("/api/00000/click/beside/1/2").status, 204u);
  EXPECT_EQ(events_of("beside").size(), 2u);
}

TEST_F(Lifecycle, SyncDurabilityStoresEventsThatSurviveSigkill) {
  stop_server();
  write_file(config_path(), minimal_config(data_dir(), "", R"("durability": "sync")"));
  RecodServer sync_server(config_path(), dir().path().string());
  HttpClient c(sync_server.port());
  for (int i = 1; i <= 20; ++i) {
    ASSERT_EQ(c.get("/api/00000/click/sync-user/1/" + std::to_string(i)).status, 204u);
  }
  EXPECT_EQ(sync_server.stop(SIGKILL), 128 + SIGKILL);
  EXPECT_EQ(events_of("sync-user").size(), 20u);
  start();
}

TEST_F(Lifecycle, AcknowledgedEventsSurviveSigkill) {
  for (int i = 1; i <= 100; ++i) {
    ASSERT_EQ(client().get("/api/00000/click/killed/1/" + std::to_string(i)).status, 204u);
  }
  EXPECT_EQ(server().stop(SIGKILL), 128 + SIGKILL);
  start();
  EXPECT_EQ(events_of("killed").size(), 100u);
}

}  // namespace
}  // namespace recod::test
