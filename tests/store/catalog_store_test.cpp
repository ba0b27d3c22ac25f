// The catalog side of the store: item records, deletions, the categories that catalog
// items replace, and erasing a user (all written through the EventWriter).
#include <algorithm>
#include <map>

#include "store_test_util.hpp"
#include "support/temp_dir.hpp"

namespace recod::store::test {
namespace {

constexpr std::int64_t kT = 1700000000LL * 1000000;

catalog::Item item(std::uint32_t type, std::string id, std::vector<std::string> paths = {}) {
  catalog::Item i;
  i.type = type;
  i.id = std::move(id);
  i.category_paths = std::move(paths);
  i.content.push_back({"title", "Title of " + i.id});
  return i;
}

class CatalogStore : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_store(dir_.path().string());
    writer_ = std::make_unique<EventWriter>(*store_, EventWriter::Options{});
  }
  void TearDown() override {
    writer_->stop();
    writer_.reset();
    store_.reset();
  }
  std::map<std::string, std::vector<std::string>> categories(const std::string& customer = "c") {
    std::map<std::string, std::vector<std::string>> out;
    EXPECT_TRUE(
        store_
            ->scan_categories(customer,
                              [&](std::uint32_t t, std::string_view id, std::string_view path) {
                                out[std::to_string(t) + "/" + std::string(id)].emplace_back(path);
                              })
            .is_ok());
    return out;
  }

  recod::test::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<EventWriter> writer_;
};

TEST_F(CatalogStore, ImportedItemsReadBackAloneAndInBatches) {
  ASSERT_TRUE(write_and_wait(*writer_, ImportItems{"c", {item(1, "10"), item(2, "abc")}}).is_ok());
  const auto one = store_->catalog_item("c", 1, "10");
  ASSERT_TRUE(one.is_ok());
  ASSERT_TRUE(one->has_value());
  EXPECT_EQ(**one, item(1, "10"));
  EXPECT_FALSE(store_->catalog_item("c", 1, "11")->has_value());
  EXPECT_FALSE(store_->catalog_item("other", 1, "10")->has_value());  // per customer

  const std::vector<ItemRef> refs{{2, "abc"}, {1, "99"}, {1, "10"}};
  const auto many = store_->catalog_items("c", refs);
  ASSERT_TRUE(many.is_ok());
  ASSERT_EQ(many->size(), 3u);
  EXPECT_EQ((*many)[0], item(2, "abc"));
  EXPECT_FALSE((*many)[1].has_value());
  EXPECT_EQ((*many)[2], item(1, "10"));

  int scanned = 0;
  ASSERT_TRUE(store_->scan_catalog("c", [&](const catalog::Item&) { ++scanned; }).is_ok());
  EXPECT_EQ(scanned, 2);
}

TEST_F(CatalogStore, ImportingAgainReplacesTheItem) {
  ASSERT_TRUE(write_and_wait(*writer_, ImportItems{"c", {item(1, "10", {"A"})}}).is_ok());
  auto second = item(1, "10", {"B"});
  second.content.clear();
  ASSERT_TRUE(write_and_wait(*writer_, ImportItems{"c", {second}}).is_ok());
  EXPECT_EQ(*store_->catalog_item("c", 1, "10").value(), second);
}

TEST_F(CatalogStore, DeletionRemovesTheRecordAndIsRememberedUntilImportedAgain) {
  ASSERT_TRUE(write_and_wait(*writer_, ImportItems{"c", {item(1, "10")}}).is_ok());
  ASSERT_TRUE(write_and_wait(*writer_, DeleteItem{"c", 1, "10", kT}).is_ok());
  ASSERT_TRUE(write_and_wait(*writer_, DeleteItem{"c", 1, "20", kT}).is_ok());  // events only
  EXPECT_FALSE(store_->catalog_item("c", 1, "10")->has_value());
  std::vector<std::string> deleted;
  const auto collect = [&] {
    deleted.clear();
    EXPECT_TRUE(store_
                    ->scan_deleted_items("c",
                                         [&](std::uint32_t t, std::string_view id) {
                                           deleted.push_back(std::to_string(t) + "/" +
                                                             std::string(id));
                                         })
                    .is_ok());
  };
  collect();
  EXPECT_EQ(deleted, (std::vector<std::string>{"1/10", "1/20"}));
  ASSERT_TRUE(write_and_wait(*writer_, ImportItems{"c", {item(1, "10")}}).is_ok());
  collect();
  EXPECT_EQ(deleted, (std::vector<std::string>{"1/20"}));
}

TEST_F(CatalogStore, ImportedCategoriesReplaceTheClickedOnes) {
  const auto user = store_->hash_user("c", "u");
  ASSERT_TRUE(append_and_wait(*writer_, "c", user,
                              {click(kT, "10", "Clicked/Path"), click(kT + 1, "11", "Kept")})
                  .is_ok());
  EXPECT_EQ(categories()["1/10"], (std::vector<std::string>{"Clicked/Path"}));
  ASSERT_TRUE(
      write_and_wait(*writer_, ImportItems{"c", {item(1, "10", {"Sport/Football", "America/USA"})}})
          .is_ok());
  auto c = categories();
  EXPECT_EQ(c["1/10"], (std::vector<std::string>{"Sport/Football", "America/USA"}));
  EXPECT_EQ(c["1/11"], (std::vector<std::string>{"Kept"}));
  // A catalog item without paths leaves the clicked ones alone.
  ASSERT_TRUE(write_and_wait(*writer_, ImportItems{"c", {item(1, "11")}}).is_ok());
  EXPECT_EQ(categories()["1/11"], (std::vector<std::string>{"Kept"}));
}

TEST_F(CatalogStore, EraseUserRemovesEventsBlacklistAndBothSidesOfLogins) {
  const auto anon = store_->hash_user("c", "anon");
  const auto user = store_->hash_user("c", "user");
  const auto other = store_->hash_user("c", "other");
  ASSERT_TRUE(append_and_wait(*writer_, "c", anon, {click(kT, "1")}).is_ok());
  ASSERT_TRUE(append_and_wait(
                  *writer_, "c", user,
                  {click(kT + 1, "2"), make_event(tracking::EventKind::kBlacklist, kT + 2, "3")})
                  .is_ok());
  ASSERT_TRUE(
      write_and_wait(*writer_, MergeUsers{"c", anon, user, login_event(kT + 3, anon)}).is_ok());
  ASSERT_TRUE(append_and_wait(*writer_, "c", other, {click(kT + 4, "5")}).is_ok());
  ASSERT_EQ(store_->user_events("c", user)->size(), 4u);

  auto erased = std::make_shared<std::uint64_t>(0);
  ASSERT_TRUE(write_and_wait(*writer_, EraseUser{"c", user, erased}).is_ok());
  // 4 events + blacklist + the login link + anon's reverse link.
  EXPECT_EQ(*erased, 7u);
  EXPECT_TRUE(store_->user_events("c", user)->empty());
  EXPECT_TRUE(store_->blacklist("c", user, kT)->empty());
  EXPECT_EQ(store_->user_events("c", other)->size(), 1u);  // nobody else is touched
  EXPECT_EQ(scan_all(*store_, "c").size(), 1u);

  ASSERT_TRUE(write_and_wait(*writer_, EraseUser{"c", user, erased}).is_ok());
  EXPECT_EQ(*erased, 0u);
  // Erasing the source of a login removes the target's side of the link too.
  ASSERT_TRUE(
      write_and_wait(*writer_, MergeUsers{"c", other, user, login_event(kT + 5, other)}).is_ok());
  ASSERT_TRUE(write_and_wait(*writer_, EraseUser{"c", other, erased}).is_ok());
  EXPECT_EQ(*erased, 2u);  // other's reverse link and user's forward link
  ASSERT_TRUE(write_and_wait(*writer_, EraseUser{"c", user, erased}).is_ok());
  EXPECT_EQ(*erased, 2u);  // user's two events (moved click, login); no link left
}

}  // namespace
}  // namespace recod::store::test
