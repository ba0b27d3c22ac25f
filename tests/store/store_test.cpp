#include "recod/store/store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "recod/store/event_writer.hpp"
#include "store_test_util.hpp"
#include "support/temp_dir.hpp"

namespace recod::store::test {
namespace {

using tracking::UserHash;

constexpr const char* kCustomer = "00000";
constexpr const char* kKeyA = "000102030405060708090a0b0c0d0e0f";
constexpr const char* kKeyB = "f0e1d2c3b4a5968778695a4b3c2d1e0f";

StoreOptions options_for(const std::string& dir, std::string key_hex = "", bool read_only = false) {
  StoreOptions o;
  o.data_dir = dir;
  o.user_hash_key_hex = std::move(key_hex);
  o.read_only = read_only;
  return o;
}

// A store in a temp dir with its writer; writes wait until stored.
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(open()); }

  void open(EventWriter::Options writer_options = {}) {
    store_ = open_store(dir());
    ASSERT_NE(store_, nullptr);
    writer_ = std::make_unique<EventWriter>(*store_, writer_options);
  }

  void close() {
    writer_.reset();
    store_.reset();
  }

  [[nodiscard]] std::string dir() const { return tmp_.file("data"); }

  UserHash user(const std::string& id, const std::string& customer = kCustomer) const {
    return store_->hash_user(customer, id);
  }

  void append(const UserHash& u, std::vector<Event> events,
              const std::string& customer = kCustomer) {
    const Status s = append_and_wait(*writer_, customer, u, std::move(events));
    ASSERT_TRUE(s.is_ok()) << s.message();
  }

  std::vector<StoredEvent> events_of(const UserHash& u, std::size_t limit = 0,
                                     const std::string& customer = kCustomer) const {
    auto r = store_->user_events(customer, u, limit);
    EXPECT_TRUE(r.is_ok()) << (r ? "" : r.status().message());
    return r ? *r : std::vector<StoredEvent>{};
  }

  std::vector<std::string> categories(std::uint32_t type, const std::string& id,
                                      const std::string& customer = kCustomer) const {
    auto r = store_->item_categories(customer, type, id);
    EXPECT_TRUE(r.is_ok()) << (r ? "" : r.status().message());
    return r ? *r : std::vector<std::string>{};
  }

  std::vector<ItemRef> blacklist_of(const UserHash& u, std::int64_t now_us = kNow,
                                    const std::string& customer = kCustomer) const {
    auto r = store_->blacklist(customer, u, now_us);
    EXPECT_TRUE(r.is_ok()) << (r ? "" : r.status().message());
    return r ? *r : std::vector<ItemRef>{};
  }

  recod::test::TempDir tmp_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<EventWriter> writer_;
};

// ---- open, reopen, keys ----

TEST(StoreOpenTest, OpenCreatesTheDataDir) {
  recod::test::TempDir tmp;
  const std::string dir = tmp.file("a/b/data");
  ASSERT_FALSE(std::filesystem::exists(dir));
  auto store = open_store(dir);
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(std::filesystem::is_directory(dir));
  EXPECT_TRUE(std::filesystem::exists(dir + "/CURRENT"));
  EXPECT_EQ(store->data_dir(), dir);
  EXPECT_FALSE(store->sync_writes());
}

// The memtable insertion hints (memtable_hints.hpp) and the events' memtable
// (lean_memtable.hpp) change no answer, only the cost of a write; RocksDB's record of the
// options it opened with shows whether they are in place. The events' memtable keeps its
// own hints per user, so RocksDB is asked for none there.
TEST(StoreOpenTest, EventsAndCountersInsertWithHints) {
  recod::test::TempDir tmp;
  const std::string dir = tmp.file("data");
  ASSERT_NE(open_store(dir), nullptr);
  std::string newest;  // OPTIONS-<number>: the latest is the one in force
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("OPTIONS-") &&
        (name.size() > newest.size() || (name.size() == newest.size() && name > newest))) {
      newest = name;
    }
  }
  ASSERT_FALSE(newest.empty());
  std::ifstream in(dir + "/" + newest);
  std::map<std::string, std::string> hint_of;      // column family -> extractor
  std::map<std::string, std::string> memtable_of;  // column family -> memtable factory
  std::string concurrent_writes;
  std::string line;
  std::string family;
  while (std::getline(in, line)) {
    if (line.starts_with("[CFOptions \"")) family = line.substr(12, line.find('"', 12) - 12);
    const std::string hint = "  memtable_insert_with_hint_prefix_extractor=";
    if (line.starts_with(hint)) hint_of[family] = line.substr(hint.size());
    const std::string memtable = "  memtable_factory=";
    if (line.starts_with(memtable)) memtable_of[family] = line.substr(memtable.size());
    const std::string concurrent = "  allow_concurrent_memtable_write=";
    if (line.starts_with(concurrent)) concurrent_writes = line.substr(concurrent.size());
  }
  EXPECT_EQ(hint_of["events"], "nullptr");
  EXPECT_EQ(hint_of["stats"], "recod.WholeKey");
  EXPECT_EQ(hint_of["users"], "nullptr");
  // The memtables of our own (lean_memtable.hpp) take one writer at a time.
  EXPECT_EQ(memtable_of["events"], "recod.EventsSkipList");
  EXPECT_EQ(memtable_of["stats"], "recod.LeanSkipList");
  EXPECT_EQ(memtable_of["users"], "SkipListFactory");
  EXPECT_EQ(concurrent_writes, "false");
}

TEST(StoreOpenTest, OpenFailsWhenTheDirCannotBeCreated) {
  recod::test::TempDir tmp;
  recod::test::write_file(tmp.file("file"), "not a dir");
  auto r = Store::open(options_for(tmp.file("file/data")));
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIoError);
  EXPECT_NE(r.status().message().find(tmp.file("file/data")), std::string::npos)
      << r.status().message();
}

TEST_F(StoreTest, SecondWritableOpenOfTheSameDirFails) {
  auto r = Store::open(options_for(dir()));
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIoError);
  EXPECT_NE(r.status().message().find(dir()), std::string::npos) << r.status().message();
  // The first store is unaffected.
  append(user("u1"), {click(kNow, "1")});
  EXPECT_EQ(events_of(user("u1")).size(), 1u);
}

TEST_F(StoreTest, ReopenKeepsEverything) {
  const UserHash u = user("u1");
  append(u, {click(kNow - 3, "1", "A/B"), make_event(EventKind::kBlacklist, kNow - 2, "2"),
             make_event(EventKind::kBuy, kNow - 1, "3")});
  close();
  ASSERT_NO_FATAL_FAILURE(open());
  EXPECT_EQ(user("u1"), u);
  const auto events = events_of(u);
  EXPECT_EQ(ids_of(events), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(times_of(events), (std::vector<std::int64_t>{kNow - 3, kNow - 2, kNow - 1}));
  EXPECT_EQ(categories(1, "1"), std::vector<std::string>{"A/B"});
  EXPECT_EQ(blacklist_of(u), (std::vector<ItemRef>{{1, "2"}}));
}

TEST(StoreHashTest, HashIsDeterministicAcrossReopen) {
  recod::test::TempDir tmp;
  UserHash first{};
  {
    auto store = open_store(tmp.file("data"));
    ASSERT_NE(store, nullptr);
    first = store->hash_user(kCustomer, "alice");
    EXPECT_EQ(store->hash_user(kCustomer, "alice"), first);
  }
  auto store = open_store(tmp.file("data"));
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->hash_user(kCustomer, "alice"), first);
}

TEST(StoreHashTest, HashDiffersPerCustomerAndUser) {
  recod::test::TempDir tmp;
  auto store = open_store(tmp.file("data"));
  ASSERT_NE(store, nullptr);
  const UserHash base = store->hash_user("00000", "alice");
  EXPECT_NE(store->hash_user("00001", "alice"), base);
  EXPECT_NE(store->hash_user("00000", "bob"), base);
  EXPECT_NE(store->hash_user("00000", "Alice"), base);  // user ids are case-sensitive
  EXPECT_NE(store->hash_user("00000", ""), store->hash_user("", "00000"));
  // Customer and user cannot be confused by moving the boundary between them.
  EXPECT_NE(store->hash_user("ab", "c"), store->hash_user("a", "bc"));
  EXPECT_NE(store->hash_user("00", "0x"), store->hash_user("000", "x"));
}

TEST(StoreHashTest, HashDiffersBetweenDataDirs) {
  recod::test::TempDir tmp;
  auto one = open_store(tmp.file("one"));
  auto two = open_store(tmp.file("two"));
  ASSERT_NE(one, nullptr);
  ASSERT_NE(two, nullptr);
  EXPECT_NE(one->hash_user(kCustomer, "alice"), two->hash_user(kCustomer, "alice"));
}

TEST(StoreHashTest, ConfiguredKeyIsUsed) {
  recod::test::TempDir tmp;
  auto one = open_store(options_for(tmp.file("one"), kKeyA));
  auto two = open_store(options_for(tmp.file("two"), kKeyA));
  auto other_key = open_store(options_for(tmp.file("three"), kKeyB));
  auto generated = open_store(tmp.file("four"));
  ASSERT_TRUE(one && two && other_key && generated);
  const UserHash h = one->hash_user(kCustomer, "alice");
  EXPECT_EQ(two->hash_user(kCustomer, "alice"), h);  // same key, different dirs
  EXPECT_NE(other_key->hash_user(kCustomer, "alice"), h);
  EXPECT_NE(generated->hash_user(kCustomer, "alice"), h);
  // Upper-case hex is the same key; reopening with it works and hashes the same.
  one.reset();
  std::string upper = kKeyA;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) {
    return c >= 'a' && c <= 'f' ? static_cast<char>(c - 'a' + 'A') : c;
  });
  auto again = open_store(options_for(tmp.file("one"), upper));
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->hash_user(kCustomer, "alice"), h);
}

TEST(StoreHashTest, ConfiguredKeyMustBe32HexCharacters) {
  recod::test::TempDir tmp;
  for (const std::string bad :
       {"00", "000102030405060708090a0b0c0d0e0", "000102030405060708090a0b0c0d0e0f00",
        "000102030405060708090a0b0c0d0e0g", "not hex at all"}) {
    auto r = Store::open(options_for(tmp.file("data"), bad));
    ASSERT_FALSE(r.is_ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(r.status().message(), "storage.user_hash_key must be 32 hex characters");
  }
}

TEST(StoreHashTest, ReopenWithADifferentConfiguredKeyFails) {
  recod::test::TempDir tmp;
  ASSERT_NE(open_store(options_for(tmp.file("data"), kKeyA)), nullptr);
  auto r = Store::open(options_for(tmp.file("data"), kKeyB));
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("storage.user_hash_key is not the key this data dir"),
            std::string::npos)
      << r.status().message();
  // The refusal changed nothing: the right key still opens it.
  EXPECT_NE(open_store(options_for(tmp.file("data"), kKeyA)), nullptr);
}

TEST(StoreHashTest, ReopenWithoutTheConfiguredKeyFails) {
  recod::test::TempDir tmp;
  ASSERT_NE(open_store(options_for(tmp.file("data"), kKeyA)), nullptr);
  auto r = Store::open(options_for(tmp.file("data")));
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("configure it"), std::string::npos) << r.status().message();
  // Also for a read-only open.
  auto ro = Store::open(options_for(tmp.file("data"), "", true));
  ASSERT_FALSE(ro.is_ok());
  EXPECT_EQ(ro.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(open_store(options_for(tmp.file("data"), kKeyA)), nullptr);
}

TEST(StoreHashTest, ConfiguringAKeyOnADirWithAGeneratedKeyFails) {
  recod::test::TempDir tmp;
  ASSERT_NE(open_store(tmp.file("data")), nullptr);
  auto r = Store::open(options_for(tmp.file("data"), kKeyA));
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("storage.user_hash_key is not the key this data dir"),
            std::string::npos)
      << r.status().message();
}

TEST(StoreHashTest, TheKeyIsNotStoredWhenConfigured) {
  recod::test::TempDir tmp;
  { ASSERT_NE(open_store(options_for(tmp.file("data"), kKeyA)), nullptr); }
  const auto key = util::from_hex(kKeyA);
  ASSERT_TRUE(key.has_value());
  const std::string key_bytes(key->begin(), key->end());
  ASSERT_EQ(key_bytes.size(), 16u);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(tmp.file("data"))) {
    if (!entry.is_regular_file()) continue;
    const std::string content = recod::test::read_file(entry.path().string());
    EXPECT_EQ(content.find(key_bytes), std::string::npos) << entry.path();
    EXPECT_EQ(content.find(kKeyA), std::string::npos) << entry.path();
  }
}

// ---- read-only opens ----

TEST(StoreReadOnlyTest, OpenOfAMissingDirIsNotFound) {
  recod::test::TempDir tmp;
  auto r = Store::open(options_for(tmp.file("missing"), "", true));
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(tmp.file("missing")));  // not created either
  // An existing but empty dir holds no data either.
  auto empty = Store::open(options_for(tmp.path().string(), "", true));
  ASSERT_FALSE(empty.is_ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kNotFound);
}

TEST_F(StoreTest, ReadOnlyOpenWorksBesideAWritableStore) {
  const UserHash u = user("u1");
  append(u, {click(kNow - 20, "1", "Cat"), make_event(EventKind::kBlacklist, kNow - 10, "2")});
  append(user("u2"), {click(kNow - 5, "9")});

  auto ro = open_store(options_for(dir(), "", true));
  ASSERT_NE(ro, nullptr);
  EXPECT_EQ(ro->hash_user(kCustomer, "u1"), u);
  auto events = ro->user_events(kCustomer, u);
  ASSERT_TRUE(events.is_ok()) << events.status().message();
  EXPECT_EQ(ids_of(*events), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(times_of(*events), (std::vector<std::int64_t>{kNow - 20, kNow - 10}));
  EXPECT_EQ(scan_all(*ro, kCustomer).size(), 3u);
  auto cats = ro->item_categories(kCustomer, 1, "1");
  ASSERT_TRUE(cats.is_ok());
  EXPECT_EQ(*cats, std::vector<std::string>{"Cat"});
  auto bl = ro->blacklist(kCustomer, u, kNow);
  ASSERT_TRUE(bl.is_ok());
  EXPECT_EQ(*bl, (std::vector<ItemRef>{{1, "2"}}));

  // The writable store keeps working while (and after) the read-only one is open.
  append(u, {click(kNow - 1, "3")});
  ro.reset();
  append(u, {click(kNow, "4")});
  EXPECT_EQ(ids_of(events_of(u)), (std::vector<std::string>{"1", "2", "3", "4"}));
}

TEST_F(StoreTest, ReadOnlyOpenSeesDataAfterTheWriterClosed) {
  append(user("u1"), {click(kNow, "1")});
  const UserHash u = user("u1");
  close();
  auto ro = open_store(options_for(dir(), "", true));
  ASSERT_NE(ro, nullptr);
  auto events = ro->user_events(kCustomer, u);
  ASSERT_TRUE(events.is_ok());
  EXPECT_EQ(ids_of(*events), std::vector<std::string>{"1"});
}

// ---- privacy ----

TEST(StorePrivacyTest, RawUserIdNeverReachesTheDataDir) {
  const std::string raw_id = "alice-raw-id-1234567";
  const std::string other_raw_id = "bob-raw-id-7654321";
  const std::string marker = "marker-item-98765";
  recod::test::TempDir tmp;
  {
    auto store = open_store(tmp.file("data"));
    ASSERT_NE(store, nullptr);
    EventWriter writer(*store, {});
    const UserHash alice = store->hash_user(kCustomer, raw_id);
    const UserHash bob = store->hash_user(kCustomer, other_raw_id);
    Event buy = make_event(EventKind::kBuy, kNow - 3, marker);
    buy.price = tracking::Price{1999, "EUR"};
    ASSERT_TRUE(append_and_wait(writer, kCustomer, alice,
                                {click(kNow - 5, marker, "Marker/Cat"),
                                 make_event(EventKind::kBlacklist, kNow - 4, marker), buy})
                    .is_ok());
    ASSERT_TRUE(
        write_and_wait(writer, MergeUsers{kCustomer, alice, bob, login_event(kNow - 1, alice)})
            .is_ok());
    auto ro = open_store(options_for(tmp.file("data"), "", true));
    ASSERT_NE(ro, nullptr);
  }
  std::size_t files = 0;
  std::size_t files_with_marker = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(tmp.path())) {
    if (!entry.is_regular_file()) continue;
    ++files;
    const std::string content = recod::test::read_file(entry.path().string());
    EXPECT_EQ(content.find(raw_id), std::string::npos) << entry.path();
    EXPECT_EQ(content.find(other_raw_id), std::string::npos) << entry.path();
    if (content.find(marker) != std::string::npos) ++files_with_marker;
  }
  EXPECT_GT(files, 3u);
  // Control: the scan does find what is stored in clear (the item id).
  EXPECT_GE(files_with_marker, 1u);
}

// ---- user_events ----

TEST_F(StoreTest, UserEventsAreOldestFirst) {
  const UserHash u = user("u1");
  append(u, {click(kNow - 10, "b"), click(kNow - 30, "c")});
  append(u, {click(kNow - 20, "a"), click(kNow - 40, "d")});
  const auto events = events_of(u);
  EXPECT_EQ(ids_of(events), (std::vector<std::string>{"d", "c", "a", "b"}));
  EXPECT_EQ(times_of(events),
            (std::vector<std::int64_t>{kNow - 40, kNow - 30, kNow - 20, kNow - 10}));
  for (const auto& e : events) EXPECT_EQ(e.user, u);
}

TEST_F(StoreTest, UserEventsAtTheSameTimeKeepSubmissionOrder) {
  const UserHash u = user("u1");
  append(u, {click(kNow, "first"), click(kNow, "second")});
  append(u, {click(kNow, "third")});
  const auto events = events_of(u);
  ASSERT_EQ(ids_of(events), (std::vector<std::string>{"first", "second", "third"}));
  EXPECT_LT(events[0].seq, events[1].seq);
  EXPECT_LT(events[1].seq, events[2].seq);
}

TEST_F(StoreTest, UserEventsReturnEveryField) {
  const UserHash u = user("u1");
  Event e = make_event(EventKind::kBuy, kNow, "sku-\xc3\xbc", 7);
  e.time_overridden = true;
  e.quantity = 4;
  e.price = tracking::Price{250, "EUR"};
  e.category_path = "A/B";
  e.scenario = "sc";
  e.model_id = "m";
  e.token = "tok";
  append(u, {e});
  const auto events = events_of(u);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event, e);
  EXPECT_EQ(events[0].user, u);
}

TEST_F(StoreTest, UserEventsLimitGivesTheNewestOldestFirst) {
  const UserHash u = user("u1");
  append(u, {click(kNow - 5, "1"), click(kNow - 4, "2"), click(kNow - 3, "3"), click(kNow - 2, "4"),
             click(kNow - 1, "5")});
  EXPECT_EQ(ids_of(events_of(u, 1)), (std::vector<std::string>{"5"}));
  EXPECT_EQ(ids_of(events_of(u, 2)), (std::vector<std::string>{"4", "5"}));
  EXPECT_EQ(ids_of(events_of(u, 4)), (std::vector<std::string>{"2", "3", "4", "5"}));
  const std::vector<std::string> all = {"1", "2", "3", "4", "5"};
  EXPECT_EQ(ids_of(events_of(u, 5)), all);
  EXPECT_EQ(ids_of(events_of(u, 100)), all);
  EXPECT_EQ(ids_of(events_of(u, 0)), all);
}

TEST_F(StoreTest, UserEventsNeverIncludeOtherUsers) {
  // Many users, so that some user's neighbours in key order have events too.
  std::vector<UserHash> users;
  for (int i = 0; i < 24; ++i) {
    users.push_back(user("user-" + std::to_string(i)));
    append(users.back(),
           {click(kNow - 3, std::to_string(i) + "-a"), click(kNow - 2, std::to_string(i) + "-b"),
            click(kNow - 1, std::to_string(i) + "-c")});
  }
  // The same user hash in a customer whose id extends this one's.
  append(users[0], {click(kNow, "other-customer")}, "000000");
  for (int i = 0; i < 24; ++i) {
    const std::string p = std::to_string(i);
    EXPECT_EQ(ids_of(events_of(users[i])),
              (std::vector<std::string>{p + "-a", p + "-b", p + "-c"}));
    EXPECT_EQ(ids_of(events_of(users[i], 10)),
              (std::vector<std::string>{p + "-a", p + "-b", p + "-c"}));
    EXPECT_EQ(ids_of(events_of(users[i], 2)), (std::vector<std::string>{p + "-b", p + "-c"}));
  }
  EXPECT_EQ(ids_of(events_of(users[0], 0, "000000")), std::vector<std::string>{"other-customer"});
  EXPECT_EQ(ids_of(events_of(users[0], 5, "000000")), std::vector<std::string>{"other-customer"});
  EXPECT_TRUE(events_of(users[0], 0, "0000").empty());
}

TEST_F(StoreTest, UserEventsOfAnUnknownUserAreEmpty) {
  append(user("known"), {click(kNow, "1")});
  EXPECT_TRUE(events_of(user("unknown")).empty());
  EXPECT_TRUE(events_of(user("unknown"), 3).empty());
  EXPECT_TRUE(events_of(user_filled(0x00)).empty());
  EXPECT_TRUE(events_of(user_filled(0xff), 3).empty());
}

TEST_F(StoreTest, ConsumeKeepsEveryEvent) {
  const UserHash u = user("u1");
  std::vector<Event> events;
  for (std::uint8_t pct : {10, 20, 20, 50}) {
    Event e = make_event(EventKind::kConsume, kNow - 100 + pct, "7");
    e.percentage = pct;
    events.push_back(e);
  }
  append(u, events);
  const auto stored = events_of(u);
  ASSERT_EQ(stored.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(stored[i].event, events[i]) << i;
}

// ---- scan_events ----

TEST_F(StoreTest, ScanVisitsUsersGroupedOldestFirst) {
  const std::vector<UserHash> users = {user("a"), user("b"), user("c")};
  // Interleaved in time and in submission.
  for (int round = 0; round < 4; ++round) {
    for (std::size_t i = 0; i < users.size(); ++i) {
      append(users[i], {click(kNow - 100 + round * 10 + static_cast<std::int64_t>(i),
                              std::to_string(round))});
    }
  }
  append(users[0], {click(kNow, "x")}, "000000");  // another customer: not visited

  const auto scanned = scan_all(*store_, kCustomer);
  ASSERT_EQ(scanned.size(), 12u);
  std::vector<UserHash> order;
  std::map<UserHash, std::vector<std::string>> per_user;
  for (std::size_t i = 0; i < scanned.size(); ++i) {
    if (order.empty() || order.back() != scanned[i].user) order.push_back(scanned[i].user);
    per_user[scanned[i].user].push_back(scanned[i].event.item_id);
    if (i > 0 && scanned[i].user == scanned[i - 1].user) {
      EXPECT_LT(scanned[i - 1].event.time_us, scanned[i].event.time_us);
    }
  }
  // Each user appears as one run, and the runs come in key (hash) order.
  ASSERT_EQ(order.size(), 3u);
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
  EXPECT_EQ(std::set<UserHash>(order.begin(), order.end()),
            std::set<UserHash>(users.begin(), users.end()));
  for (const auto& u : users) {
    EXPECT_EQ(per_user[u], (std::vector<std::string>{"0", "1", "2", "3"}));
  }
}

TEST_F(StoreTest, ScanStopsWhenTheCallbackReturnsFalse) {
  const UserHash u = user("u1");
  append(u,
         {click(kNow - 5, "1"), click(kNow - 4, "2"), click(kNow - 3, "3"), click(kNow - 2, "4")});
  std::vector<std::string> seen;
  const Status s = store_->scan_events(kCustomer, [&seen](const StoredEvent& e) {
    seen.push_back(e.event.item_id);
    return seen.size() < 2;
  });
  EXPECT_TRUE(s.is_ok()) << s.message();
  EXPECT_EQ(seen, (std::vector<std::string>{"1", "2"}));
}

TEST_F(StoreTest, ScanOfACustomerWithoutEventsVisitsNothing) {
  append(user("u1"), {click(kNow, "1")});
  int calls = 0;
  for (const std::string customer : {"0000", "000000", "99999", ""}) {
    const Status s = store_->scan_events(customer, [&calls](const StoredEvent&) {
      ++calls;
      return true;
    });
    EXPECT_TRUE(s.is_ok()) << s.message();
  }
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(scan_all(*store_, kCustomer).size(), 1u);
}

// ---- item_categories ----

TEST_F(StoreTest, ClickAndBasketAddCategoryPaths) {
  const UserHash u = user("u1");
  Event basket = make_event(EventKind::kBasket, kNow - 2, "5");
  basket.category_path = "Cameras";
  append(u, {click(kNow - 3, "5", "Women/Shirts"), basket});
  append(user("u2"), {click(kNow - 1, "5", "Women/Shirts")});  // seen again: no duplicate
  EXPECT_EQ(categories(1, "5"), (std::vector<std::string>{"Cameras", "Women/Shirts"}));
}

TEST_F(StoreTest, ItemCategoriesAreSorted) {
  const UserHash u = user("u1");
  append(u, {click(kNow - 3, "5", "Z"), click(kNow - 2, "5", "A/B"), click(kNow - 1, "5", "M"),
             click(kNow, "5", "A")});
  EXPECT_EQ(categories(1, "5"), (std::vector<std::string>{"A", "A/B", "M", "Z"}));
}

TEST_F(StoreTest, OtherKindsDoNotAddCategories) {
  const UserHash u = user("u1");
  std::vector<Event> events;
  for (EventKind kind :
       {EventKind::kConsume, EventKind::kBuy, EventKind::kDeleteFromBasket, EventKind::kRate,
        EventKind::kBlacklist, EventKind::kRendered, EventKind::kClickRecommended}) {
    Event e = make_event(kind, kNow - 10 + static_cast<int>(kind), "5");
    e.category_path = "Path/" + std::string(tracking::event_name(kind));
    events.push_back(e);
  }
  append(u, events);
  EXPECT_TRUE(categories(1, "5").empty());
  EXPECT_EQ(events_of(u).size(), 7u);  // the events themselves are stored
  append(u, {click(kNow, "5")});       // a click without a path adds nothing either
  EXPECT_TRUE(categories(1, "5").empty());
}

TEST_F(StoreTest, CategoriesArePerItemTypeAndCustomer) {
  const UserHash u = user("u1");
  append(u, {click(kNow - 3, "1", "2/x")});
  Event other_type = click(kNow - 2, "1", "TypeTwo");
  other_type.item_type = 2;
  append(u, {other_type});
  append(u, {click(kNow - 1, "1", "OtherCustomer")}, "000000");
  EXPECT_EQ(categories(1, "1"), std::vector<std::string>{"2/x"});
  EXPECT_TRUE(categories(1, "12").empty());
  EXPECT_EQ(categories(2, "1"), std::vector<std::string>{"TypeTwo"});
  EXPECT_EQ(categories(1, "1", "000000"), std::vector<std::string>{"OtherCustomer"});
  EXPECT_TRUE(categories(1, "1", "0000").empty());
}

// ---- blacklist ----

TEST_F(StoreTest, BlacklistListsUnexpiredItems) {
  const UserHash u = user("u1");
  append(u, {make_event(EventKind::kBlacklist, kNow - 400 * kMicrosPerDay, "old"),
             make_event(EventKind::kBlacklist, kNow - 10 * kMicrosPerDay, "recent"),
             make_event(EventKind::kBlacklist, kNow - 1, "9", 2), click(kNow, "clicked")});
  EXPECT_EQ(blacklist_of(u), (std::vector<ItemRef>{{1, "recent"}, {2, "9"}}));
  // 300 days ago the old one had not expired yet (entries are listed in key order).
  EXPECT_EQ(blacklist_of(u, kNow - 300 * kMicrosPerDay),
            (std::vector<ItemRef>{{1, "old"}, {1, "recent"}, {2, "9"}}));
}

TEST_F(StoreTest, ReopenFindsTheBlacklistsOfEveryCustomerAndUser) {
  // The users column family mixes blacklists with login links; after a reopen, every user
  // whose blacklist is stored, under any customer, still gets it (blacklist_filter.hpp).
  const UserHash a = user("a");
  const UserHash b = user("b", "000000");
  const UserHash anon = user("anon");
  const UserHash merged = user("merged");
  append(a, {make_event(EventKind::kBlacklist, kNow - 3, "1")});
  append(b, {make_event(EventKind::kBlacklist, kNow - 3, "2")}, "000000");
  append(anon, {make_event(EventKind::kBlacklist, kNow - 2, "3")});
  ASSERT_TRUE(
      write_and_wait(*writer_, MergeUsers{kCustomer, anon, merged, login_event(kNow - 1, anon)})
          .is_ok());
  EXPECT_EQ(blacklist_of(merged), (std::vector<ItemRef>{{1, "3"}}));  // moved by the login
  for (int i = 0; i < 50; ++i) append(user("clicker" + std::to_string(i)), {click(kNow, "4")});
  close();
  ASSERT_NO_FATAL_FAILURE(open());
  EXPECT_EQ(blacklist_of(a), (std::vector<ItemRef>{{1, "1"}}));
  EXPECT_EQ(blacklist_of(b, kNow, "000000"), (std::vector<ItemRef>{{1, "2"}}));
  EXPECT_EQ(blacklist_of(merged), (std::vector<ItemRef>{{1, "3"}}));
  EXPECT_TRUE(blacklist_of(anon).empty());
  EXPECT_TRUE(blacklist_of(user("clicker0")).empty());
  // And blacklisting after the reopen is seen at once.
  append(user("clicker1"), {make_event(EventKind::kBlacklist, kNow, "5")});
  EXPECT_EQ(blacklist_of(user("clicker1")), (std::vector<ItemRef>{{1, "5"}}));
}

TEST_F(StoreTest, BlacklistExpiresExactlyAfterTheConfiguredDays) {
  const UserHash u = user("u1");
  append(u, {make_event(EventKind::kBlacklist, kNow - 365 * kMicrosPerDay, "expired"),
             make_event(EventKind::kBlacklist, kNow - 365 * kMicrosPerDay + 1, "active")});
  EXPECT_EQ(blacklist_of(u), (std::vector<ItemRef>{{1, "active"}}));
  EXPECT_TRUE(blacklist_of(u, kNow + 1).empty());
}

TEST_F(StoreTest, BlacklistDaysIsConfigurable) {
  close();
  EventWriter::Options options;
  options.blacklist_days = 1;
  ASSERT_NO_FATAL_FAILURE(open(options));
  const UserHash u = user("u1");
  append(u, {make_event(EventKind::kBlacklist, kNow - 2 * kMicrosPerDay, "a"),
             make_event(EventKind::kBlacklist, kNow - kMicrosPerDay / 2, "b")});
  EXPECT_EQ(blacklist_of(u), (std::vector<ItemRef>{{1, "b"}}));
}

TEST_F(StoreTest, BlacklistingAgainRenewsTheExpiry) {
  const UserHash u = user("u1");
  append(u, {make_event(EventKind::kBlacklist, kNow - 400 * kMicrosPerDay, "5")});
  EXPECT_TRUE(blacklist_of(u).empty());
  append(u, {make_event(EventKind::kBlacklist, kNow - kMicrosPerDay, "5")});
  EXPECT_EQ(blacklist_of(u), (std::vector<ItemRef>{{1, "5"}}));
  EXPECT_EQ(events_of(u).size(), 2u);
}

TEST_F(StoreTest, BlacklistIsPerUserAndCustomer) {
  const UserHash u1 = user("u1");
  const UserHash u2 = user("u2");
  append(u1, {make_event(EventKind::kBlacklist, kNow - 1, "5")});
  append(u2, {make_event(EventKind::kBlacklist, kNow - 1, "6")});
  append(u1, {make_event(EventKind::kBlacklist, kNow - 1, "7")}, "000000");
  EXPECT_EQ(blacklist_of(u1), (std::vector<ItemRef>{{1, "5"}}));
  EXPECT_EQ(blacklist_of(u2), (std::vector<ItemRef>{{1, "6"}}));
  EXPECT_EQ(blacklist_of(u1, kNow, "000000"), (std::vector<ItemRef>{{1, "7"}}));
  EXPECT_TRUE(blacklist_of(user("u3")).empty());
}

}  // namespace
}  // namespace recod::store::test
