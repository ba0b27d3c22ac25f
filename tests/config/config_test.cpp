// parse_config(), load_config_file() and the embedded default (src/config).
#include "recod/config/config.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>

namespace recod::config {
namespace {

// The what() of the ConfigError that parsing `json` throws; a test failure if none.
std::string config_error(std::string_view json) {
  try {
    (void)parse_config(json, "test.json");
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "accepted: " << json;
  return "";
}

::testing::AssertionResult contains(const std::string& text, std::string_view part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << text << "' does not contain '" << part << "'";
}

// Succeeds when `json` is rejected with a message that names `key` in quotes.
::testing::AssertionResult rejects_key(std::string_view json, std::string_view key) {
  const std::string message = config_error(json);
  if (message.empty()) return ::testing::AssertionFailure() << "no error for " << json;
  return contains(message, "'" + std::string(key) + "'");
}

void expect_default_server(const ServerConfig& s) {
  EXPECT_EQ(s.listen, "0.0.0.0");
  EXPECT_EQ(s.port, 8080);
  EXPECT_EQ(s.threads, 0U);
  EXPECT_EQ(s.max_connections, 10000U);
  EXPECT_EQ(s.max_target_bytes, 8192U);
  EXPECT_EQ(s.max_header_bytes, 16384U);
  EXPECT_EQ(s.max_body_bytes, 1048576U);
  EXPECT_EQ(s.read_timeout_ms, 15000U);
  EXPECT_EQ(s.write_timeout_ms, 15000U);
  EXPECT_EQ(s.shutdown_grace_ms, 5000U);
  EXPECT_EQ(s.public_event_host, "");
}

void expect_default_sections(const Config& c) {
  expect_default_server(c.server);
  EXPECT_EQ(c.storage.data_dir, "./data");
  EXPECT_EQ(c.storage.durability, Durability::kWal);
  EXPECT_EQ(c.storage.write_queue_limit, 100000U);
  EXPECT_EQ(c.storage.user_hash_key, "");
  EXPECT_EQ(c.log.level, "info");
  EXPECT_EQ(c.tracking.blacklist_days, 365U);
}

// ---------------------------------------------------------------------------------------
// Defaults

TEST(ParseConfigTest, EmptyObjectGivesEveryDefault) {
  const Config c = parse_config("{}", "test.json");
  expect_default_sections(c);
  EXPECT_TRUE(c.customers.empty());
  EXPECT_EQ(c.find_customer("00000"), nullptr);
}

TEST(ParseConfigTest, EmptySectionsGiveEveryDefault) {
  const Config c = parse_config(
      R"({"server": {}, "storage": {}, "log": {}, "tracking": {}, "customers": {}})", "t");
  expect_default_sections(c);
  EXPECT_TRUE(c.customers.empty());
}

TEST(ParseConfigTest, DefaultConstructedConfigHasTheSameDefaults) {
  expect_default_sections(Config{});
}

TEST(ParseConfigTest, CustomerDefaults) {
  const Config c = parse_config(R"({"customers": {"shop_1": {}}})", "t");
  const CustomerConfig* shop = c.find_customer("shop_1");
  ASSERT_NE(shop, nullptr);
  EXPECT_EQ(shop->id, "shop_1");
  EXPECT_EQ(shop->license_key, "");
  EXPECT_FALSE(shop->string_item_ids);
}

TEST(ParseConfigTest, ReadsEveryKey) {
  const Config c = parse_config(R"({
    "server": {"listen": "127.0.0.1", "port": 0, "threads": 4, "max_connections": 7,
               "max_target_bytes": 64, "max_header_bytes": 256, "max_body_bytes": 0,
               "read_timeout_ms": 100, "write_timeout_ms": 3600000, "shutdown_grace_ms": 0,
               "public_event_host": "events.example.com"},
    "storage": {"data_dir": "/var/lib/recod", "durability": "sync", "write_queue_limit": 1,
                "user_hash_key": "00112233445566778899AABBCCDDEEFF"},
    "log": {"level": "debug"},
    "tracking": {"blacklist_days": 36500},
    "customers": {"00000": {"license_key": "k-1", "string_item_ids": true},
                  "00001": {"license_key": "k-2", "string_item_ids": false}}
  })",
                                "t");
  EXPECT_EQ(c.server.listen, "127.0.0.1");
  EXPECT_EQ(c.server.port, 0);
  EXPECT_EQ(c.server.threads, 4U);
  EXPECT_EQ(c.server.max_connections, 7U);
  EXPECT_EQ(c.server.max_target_bytes, 64U);
  EXPECT_EQ(c.server.max_header_bytes, 256U);
  EXPECT_EQ(c.server.max_body_bytes, 0U);
  EXPECT_EQ(c.server.read_timeout_ms, 100U);
  EXPECT_EQ(c.server.write_timeout_ms, 3600000U);
  EXPECT_EQ(c.server.shutdown_grace_ms, 0U);
  EXPECT_EQ(c.server.public_event_host, "events.example.com");
  EXPECT_EQ(c.storage.data_dir, "/var/lib/recod");
  EXPECT_EQ(c.storage.durability, Durability::kSync);
  EXPECT_EQ(c.storage.write_queue_limit, 1U);
  EXPECT_EQ(c.storage.user_hash_key, "00112233445566778899AABBCCDDEEFF");
  EXPECT_EQ(c.log.level, "debug");
  EXPECT_EQ(c.tracking.blacklist_days, 36500U);
  ASSERT_EQ(c.customers.size(), 2U);
  const CustomerConfig* a = c.find_customer("00000");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->id, "00000");
  EXPECT_EQ(a->license_key, "k-1");
  EXPECT_TRUE(a->string_item_ids);
  const CustomerConfig* b = c.find_customer("00001");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->license_key, "k-2");
  EXPECT_FALSE(b->string_item_ids);
  EXPECT_EQ(c.find_customer("00002"), nullptr);
}

TEST(ParseConfigTest, ModelBuildThreads) {
  EXPECT_EQ(parse_config("{}", "t").model.build_threads, 2U);
  EXPECT_EQ(parse_config(R"({"model": {"build_threads": 1}})", "t").model.build_threads, 1U);
  EXPECT_EQ(parse_config(R"({"model": {"build_threads": 64}})", "t").model.build_threads, 64U);
}

TEST(ParseConfigTest, MaxPortAccepted) {
  EXPECT_EQ(parse_config(R"({"server": {"port": 65535}})", "t").server.port, 65535);
}

// ---------------------------------------------------------------------------------------
// The embedded default (config/recod.json)

TEST(EmbeddedDefaultConfigTest, ParsesWithTheDemoCustomer) {
  const Config c = parse_config(embedded_default_config(), "<embedded>");
  EXPECT_EQ(c.server.port, 8080);
  ASSERT_EQ(c.customers.size(), 1U);
  const CustomerConfig* demo = c.find_customer("00000");
  ASSERT_NE(demo, nullptr);
  EXPECT_EQ(demo->id, "00000");
  EXPECT_EQ(demo->license_key, "8695-1828-92810-5535-4239");
  EXPECT_FALSE(demo->string_item_ids);
}

TEST(EmbeddedDefaultConfigTest, RepeatsTheCompiledInDefaults) {
  // recod.json lists every key with its default; the two must not drift apart.
  expect_default_sections(parse_config(embedded_default_config(), "<embedded>"));
}

TEST(EmbeddedDefaultConfigTest, IsTheTextOfConfigRecodJson) {
  std::ifstream in(RECOD_DEFAULT_CONFIG_FILE, std::ios::binary);
  ASSERT_TRUE(in) << RECOD_DEFAULT_CONFIG_FILE;
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(embedded_default_config(), text);
}

// ---------------------------------------------------------------------------------------
// Unknown keys are named with their full dotted path.

TEST(UnknownKeyTest, TopLevel) {
  const std::string message = config_error(R"({"sever": {}})");
  EXPECT_TRUE(contains(message, "unknown key 'sever'"));
  EXPECT_TRUE(rejects_key(R"({"server": {}, "customer": {}})", "customer"));
}

TEST(UnknownKeyTest, InEverySection) {
  // The message names the source too, so that ops know which file to fix.
  EXPECT_TRUE(contains(config_error(R"({"server": {"prot": 8080}})"),
                       "config: test.json: unknown key 'server.prot'"));
  EXPECT_TRUE(rejects_key(R"({"storage": {"durabilty": "wal"}})", "storage.durabilty"));
  EXPECT_TRUE(rejects_key(R"({"log": {"lvl": "info"}})", "log.lvl"));
  EXPECT_TRUE(rejects_key(R"({"tracking": {"blacklist_day": 1}})", "tracking.blacklist_day"));
}

TEST(UnknownKeyTest, InACustomer) {
  EXPECT_TRUE(contains(config_error(R"({"customers": {"00000": {"licence_key": "x"}}})"),
                       "unknown key 'customers.00000.licence_key'"));
  EXPECT_TRUE(rejects_key(R"({"customers": {"a": {}, "b": {"string_ids": true}}})",
                          "customers.b.string_ids"));
}

TEST(UnknownKeyTest, KeysAreCaseSensitive) {
  EXPECT_TRUE(rejects_key(R"({"server": {"Port": 1}})", "server.Port"));
  EXPECT_TRUE(rejects_key(R"({"Server": {}})", "Server"));
}

// ---------------------------------------------------------------------------------------
// Wrong types and out-of-range values name the key.

TEST(WrongTypeTest, SectionsMustBeObjects) {
  EXPECT_TRUE(rejects_key(R"({"server": 1})", "server"));
  EXPECT_TRUE(rejects_key(R"({"storage": []})", "storage"));
  EXPECT_TRUE(rejects_key(R"({"log": "info"})", "log"));
  EXPECT_TRUE(rejects_key(R"({"tracking": null})", "tracking"));
  EXPECT_TRUE(rejects_key(R"({"customers": []})", "customers"));
  EXPECT_TRUE(rejects_key(R"({"customers": {"00000": "key"}})", "customers.00000"));
  EXPECT_TRUE(rejects_key("[]", "<root>"));
  EXPECT_TRUE(rejects_key("42", "<root>"));
}

TEST(WrongTypeTest, StringsBoolsAndIntegers) {
  EXPECT_TRUE(rejects_key(R"({"server": {"listen": 0}})", "server.listen"));
  EXPECT_TRUE(rejects_key(R"({"server": {"port": "8080"}})", "server.port"));
  EXPECT_TRUE(rejects_key(R"({"server": {"port": 8080.0}})", "server.port"));
  EXPECT_TRUE(rejects_key(R"({"server": {"port": 80.5}})", "server.port"));
  EXPECT_TRUE(rejects_key(R"({"server": {"port": true}})", "server.port"));
  EXPECT_TRUE(rejects_key(R"({"server": {"threads": null}})", "server.threads"));
  EXPECT_TRUE(rejects_key(R"({"storage": {"data_dir": ["a"]}})", "storage.data_dir"));
  EXPECT_TRUE(rejects_key(R"({"log": {"level": 3}})", "log.level"));
  EXPECT_TRUE(rejects_key(R"({"customers": {"00000": {"license_key": 8695}}})",
                          "customers.00000.license_key"));
  EXPECT_TRUE(rejects_key(R"({"customers": {"00000": {"string_item_ids": "true"}}})",
                          "customers.00000.string_item_ids"));
  EXPECT_TRUE(rejects_key(R"({"customers": {"00000": {"string_item_ids": 1}}})",
                          "customers.00000.string_item_ids"));
}

TEST(OutOfRangeTest, IntegersOutsideTheirRange) {
  EXPECT_TRUE(rejects_key(R"({"server": {"port": 65536}})", "server.port"));
  EXPECT_TRUE(rejects_key(R"({"server": {"port": -1}})", "server.port"));
  EXPECT_TRUE(rejects_key(R"({"server": {"port": 18446744073709551615}})", "server.port"));
  EXPECT_TRUE(rejects_key(R"({"server": {"threads": 257}})", "server.threads"));
  EXPECT_TRUE(rejects_key(R"({"server": {"max_connections": 0}})", "server.max_connections"));
  EXPECT_TRUE(rejects_key(R"({"server": {"max_target_bytes": 63}})", "server.max_target_bytes"));
  EXPECT_TRUE(rejects_key(R"({"server": {"max_header_bytes": 255}})", "server.max_header_bytes"));
  EXPECT_TRUE(
      rejects_key(R"({"server": {"max_body_bytes": 1073741825}})", "server.max_body_bytes"));
  EXPECT_TRUE(rejects_key(R"({"server": {"read_timeout_ms": 99}})", "server.read_timeout_ms"));
  EXPECT_TRUE(
      rejects_key(R"({"server": {"write_timeout_ms": 3600001}})", "server.write_timeout_ms"));
  EXPECT_TRUE(
      rejects_key(R"({"server": {"shutdown_grace_ms": 600001}})", "server.shutdown_grace_ms"));
  EXPECT_TRUE(rejects_key(R"({"storage": {"write_queue_limit": 0}})", "storage.write_queue_limit"));
  EXPECT_TRUE(rejects_key(R"({"tracking": {"blacklist_days": 0}})", "tracking.blacklist_days"));
  EXPECT_TRUE(rejects_key(R"({"tracking": {"blacklist_days": 36501}})", "tracking.blacklist_days"));
  EXPECT_TRUE(rejects_key(R"({"model": {"build_threads": 0}})", "model.build_threads"));
  EXPECT_TRUE(rejects_key(R"({"model": {"build_threads": 65}})", "model.build_threads"));
}

TEST(OutOfRangeTest, MessageGivesTheRange) {
  EXPECT_TRUE(contains(config_error(R"({"server": {"port": 65536}})"),
                       "'server.port' must be an integer from 0 to 65535"));
}

TEST(OutOfRangeTest, EmptyListenAndDataDirRejected) {
  EXPECT_TRUE(rejects_key(R"({"server": {"listen": ""}})", "server.listen"));
  EXPECT_TRUE(rejects_key(R"({"storage": {"data_dir": ""}})", "storage.data_dir"));
}

// ---------------------------------------------------------------------------------------
// JSON syntax

TEST(JsonSyntaxTest, CommentsAllowed) {
  const Config c = parse_config(R"(// leading comment
{
  /* block
     comment */
  "server": {"port": 9090},  // trailing comment
  "log": {"level": "warn"}
})",
                                "t");
  EXPECT_EQ(c.server.port, 9090);
  EXPECT_EQ(c.log.level, "warn");
}

TEST(JsonSyntaxTest, InvalidJsonReportsTheSourceAndLine) {
  const std::string message = config_error("{\n  \"server\": {\n    \"port\": 80,\n  }\n}\n");
  EXPECT_TRUE(contains(message, "test.json"));
  EXPECT_TRUE(contains(message, "not valid JSON"));
  EXPECT_TRUE(contains(message, "(line 4)"));
  EXPECT_TRUE(contains(config_error("{\n\n\n\n\n  \"log\": {\"level\": info}\n}"), "(line 6)"));
  EXPECT_TRUE(contains(config_error("{"), "(line 1)"));
  EXPECT_TRUE(contains(config_error(""), "(line 1)"));
}

// Found by fuzz_config: json::parse throws out_of_range, not parse_error, for a number that
// overflows a double; it escaped parse_config() and terminated recod.
TEST(JsonSyntaxTest, NumberOverflowIsAConfigError) {
  EXPECT_TRUE(contains(config_error("1e400"), "not valid JSON"));
  const std::string message = config_error(R"({"model": {"neighbours": 1e400}})");
  EXPECT_TRUE(contains(message, "test.json"));
  EXPECT_TRUE(contains(message, "number overflow"));
}

// ---------------------------------------------------------------------------------------
// Customer ids

TEST(CustomerIdTest, ValidIds) {
  for (std::string_view id : {"00000", "a", "shop_1", "Shop-DE", "V2", "v4", "v22"}) {
    EXPECT_TRUE(is_valid_customer_id(id)) << id;
  }
  EXPECT_TRUE(is_valid_customer_id(std::string(64, 'x')));
}

TEST(CustomerIdTest, InvalidIds) {
  for (std::string_view id : {"", "v2", "v3", "a b", "a/b", "a.b", "a%20b", "\xC3\xBC", "a\\b"}) {
    EXPECT_FALSE(is_valid_customer_id(id)) << id;
  }
  EXPECT_FALSE(is_valid_customer_id(std::string(65, 'x')));
}

TEST(CustomerIdTest, BadIdsRejectedByTheConfig) {
  for (std::string_view id : {"v2", "v3", "a b", "", "a/b"}) {
    const std::string json = R"({"customers": {")" + std::string(id) + R"(": {}}})";
    EXPECT_TRUE(rejects_key(json, "customers." + std::string(id))) << id;
  }
  const std::string long_id(65, 'x');
  EXPECT_TRUE(rejects_key(R"({"customers": {")" + long_id + R"(": {}}})", "customers." + long_id));
  const std::string max_id(64, 'x');
  const Config c = parse_config(R"({"customers": {")" + max_id + R"(": {}}})", "t");
  EXPECT_NE(c.find_customer(max_id), nullptr);
}

// ---------------------------------------------------------------------------------------
// storage.durability, storage.user_hash_key, log.level

TEST(DurabilityTest, WalOrSync) {
  EXPECT_EQ(parse_config(R"({"storage": {"durability": "wal"}})", "t").storage.durability,
            Durability::kWal);
  EXPECT_EQ(parse_config(R"({"storage": {"durability": "sync"}})", "t").storage.durability,
            Durability::kSync);
  for (std::string_view bad : {"WAL", "Sync", "fsync", "", "none"}) {
    const std::string json = R"({"storage": {"durability": ")" + std::string(bad) + R"("}})";
    const std::string message = config_error(json);
    EXPECT_TRUE(contains(message, "'storage.durability'")) << bad;
    EXPECT_TRUE(contains(message, "\"wal\" or \"sync\"")) << bad;
  }
}

TEST(UserHashKeyTest, ThirtyTwoHexCharacters) {
  const std::string lower = "0123456789abcdef0123456789abcdef";
  EXPECT_EQ(parse_config(R"({"storage": {"user_hash_key": ")" + lower + R"("}})", "t")
                .storage.user_hash_key,
            lower);
  for (std::string_view bad : {"0123456789abcdef0123456789abcde",     // 31
                               "0123456789abcdef0123456789abcd",      // 30
                               "0123456789abcdef0123456789abcdef00",  // 34
                               "0123456789abcdef0123456789abcdeg",    // not hex
                               "0123456789abcdef 123456789abcdef",    // space
                               "secret"}) {
    const std::string json = R"({"storage": {"user_hash_key": ")" + std::string(bad) + R"("}})";
    const std::string message = config_error(json);
    EXPECT_TRUE(contains(message, "'storage.user_hash_key'")) << bad;
    EXPECT_TRUE(contains(message, "32 hex")) << bad;
  }
}

TEST(LogLevelTest, KnownNames) {
  for (std::string_view level : {"trace", "debug", "info", "warn", "error", "off"}) {
    EXPECT_TRUE(is_valid_log_level(level)) << level;
    const std::string json = R"({"log": {"level": ")" + std::string(level) + R"("}})";
    EXPECT_EQ(parse_config(json, "t").log.level, level);
  }
}

TEST(LogLevelTest, OtherNamesRejected) {
  for (std::string_view level : {"", "INFO", "Info", "warning", "err", "critical", "verbose"}) {
    EXPECT_FALSE(is_valid_log_level(level)) << level;
    const std::string json = R"({"log": {"level": ")" + std::string(level) + R"("}})";
    EXPECT_TRUE(rejects_key(json, "log.level")) << level;
  }
}

// ---------------------------------------------------------------------------------------
// load_config_file

class LoadConfigFileTest : public ::testing::Test {
 protected:
  void TearDown() override { std::remove(path_.c_str()); }

  void write(std::string_view text) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out << text;
  }

  const std::string path_ = ::testing::TempDir() + "recod_config_test_" +
                            ::testing::UnitTest::GetInstance()->current_test_info()->name() +
                            ".json";
};

TEST_F(LoadConfigFileTest, MissingFileIsAConfigError) {
  const std::string missing = ::testing::TempDir() + "recod_config_test_does_not_exist.json";
  try {
    (void)load_config_file(missing);
    FAIL() << "no error for a missing file";
  } catch (const ConfigError& e) {
    EXPECT_TRUE(contains(e.what(), missing));
  }
}

TEST_F(LoadConfigFileTest, ReadsTheFile) {
  write(R"({"server": {"port": 1234}, "customers": {"c1": {"license_key": "k"}}})");
  const Config c = load_config_file(path_);
  EXPECT_EQ(c.server.port, 1234);
  ASSERT_NE(c.find_customer("c1"), nullptr);
  EXPECT_EQ(c.find_customer("c1")->license_key, "k");
}

TEST_F(LoadConfigFileTest, ErrorsInTheFileAreConfigErrors) {
  write("{\n  \"server\": {\"prot\": 1}\n}\n");
  try {
    (void)load_config_file(path_);
    FAIL() << "no error for an unknown key";
  } catch (const ConfigError& e) {
    EXPECT_TRUE(contains(e.what(), "'server.prot'"));
  }
  write("{\n  \"server\": \n");
  try {
    (void)load_config_file(path_);
    FAIL() << "no error for invalid JSON";
  } catch (const ConfigError& e) {
    EXPECT_TRUE(contains(e.what(), path_));
  }
}

TEST_F(LoadConfigFileTest, ReadsTheShippedDefault) {
  const Config c = load_config_file(RECOD_DEFAULT_CONFIG_FILE);
  expect_default_sections(c);
  ASSERT_NE(c.find_customer("00000"), nullptr);
}

}  // namespace
}  // namespace recod::config
