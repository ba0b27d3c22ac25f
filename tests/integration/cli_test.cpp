// The command line: flags, config errors that name the key, the embedded default config.
#include <csignal>

#include "recod_fixture.hpp"

namespace recod::test {
namespace {

TEST(Cli, HelpAndUnknownCommand) {
  auto r = run_recod({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("serve"), std::string::npos);
  r = run_recod({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown command"), std::string::npos);
  r = run_recod({"version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("recod ", 0), 0u);
}

TEST(Cli, UnknownConfigKeyIsAnErrorNamingTheKey) {
  TempDir dir;
  write_file(dir.file("bad.json"), R"({"server": {"prot": 8080}})");
  const auto r = run_recod({"serve", "--config", dir.file("bad.json")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("server.prot"), std::string::npos) << r.err;
}

TEST(Cli, BadConfigValueNamesTheKey) {
  TempDir dir;
  write_file(dir.file("bad.json"), R"({"storage": {"durability": "never"}})");
  const auto r = run_recod({"serve", "--config", dir.file("bad.json")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("storage.durability"), std::string::npos) << r.err;
}

TEST(Cli, MissingConfigFileAndBadFlags) {
  auto r = run_recod({"serve", "--config", "/nonexistent/recod.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/recod.json"), std::string::npos);
  r = run_recod({"serve", "--prot", "1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--prot"), std::string::npos);
  r = run_recod({"serve", "--port", "70000"});
  EXPECT_EQ(r.exit_code, 2);
  r = run_recod({"serve", "--log-level", "loud"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST(Cli, FlagsOverrideTheFileAndTheEmbeddedConfigRunsWithoutOne) {
  TempDir dir;
  // No --config: the embedded config/recod.json (demo customer 00000); flags override it.
  RecodServer server(
      "", dir.path().string(),
      {"--port", "0", "--data-dir", dir.file("data"), "--threads", "1", "--log-level", "warn"});
  HttpClient client(server.port());
  EXPECT_EQ(client.get("/api/00000/click/u/1/1").status, 204u);
  EXPECT_EQ(server.stop(SIGTERM), 0);
  const auto r =
      run_recod({"events", "--data-dir", dir.file("data"), "--customer", "00000", "--user", "u"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"event\":\"click\""), std::string::npos) << r.out;
}

TEST(Cli, EventsNeedsCustomerAndUserAndAnExistingStore) {
  TempDir dir;
  auto r = run_recod({"events", "--data-dir", dir.file("none"), "--customer", "00000"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--user"), std::string::npos);
  r = run_recod({"events", "--data-dir", dir.file("none"), "--customer", "00000", "--user", "u"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no recod data"), std::string::npos) << r.err;
  r = run_recod({"events", "--data-dir", dir.file("none"), "--customer", "nobody", "--user", "u"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST(Cli, PortInUseIsAClearError) {
  TempDir dir;
  write_file(dir.file("a.json"), minimal_config(dir.file("data-a")));
  RecodServer first(dir.file("a.json"), dir.path().string());
  TempDir other;
  const auto r = run_recod({"serve", "--config", dir.file("a.json"), "--data-dir",
                            other.file("data"), "--port", std::to_string(first.port())});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot listen"), std::string::npos) << r.err;
  EXPECT_EQ(first.stop(SIGTERM), 0);
}

}  // namespace
}  // namespace recod::test
