// Availability: windows and deletions, per customer, at once.
#include "recod/catalog/availability.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace recod::catalog {
namespace {

Item windowed(std::string id, std::optional<std::int64_t> from, std::optional<std::int64_t> to) {
  Item i;
  i.type = 1;
  i.id = std::move(id);
  i.valid_from_s = from;
  i.valid_to_s = to;
  return i;
}

TEST(Availability, EverythingIsAvailableUntilRestricted) {
  const Availability a;
  EXPECT_TRUE(a.available("c", 1, "10", 0));
  EXPECT_EQ(a.restricted(), 0u);
}

TEST(Availability, WindowsIncludeTheirEnds) {
  Availability a;
  a.imported("c", windowed("10", 100, 200));
  EXPECT_FALSE(a.available("c", 1, "10", 99));
  EXPECT_TRUE(a.available("c", 1, "10", 100));
  EXPECT_TRUE(a.available("c", 1, "10", 200));
  EXPECT_FALSE(a.available("c", 1, "10", 201));
  a.imported("c", windowed("11", 100, std::nullopt));  // open end
  EXPECT_TRUE(a.available("c", 1, "11", 1'000'000'000));
  EXPECT_FALSE(a.available("c", 1, "11", 50));
  EXPECT_TRUE(a.available("c", 2, "10", 0));  // another type
  EXPECT_TRUE(a.available("d", 1, "10", 0));  // another customer
}

TEST(Availability, ImportWithoutWindowLiftsRestrictionsAndDeletion) {
  Availability a;
  a.imported("c", windowed("10", 100, 200));
  a.deleted("c", 1, "20");
  EXPECT_EQ(a.restricted(), 2u);
  EXPECT_FALSE(a.available("c", 1, "20", 150));
  a.imported("c", windowed("10", std::nullopt, std::nullopt));
  a.imported("c", windowed("20", std::nullopt, std::nullopt));
  EXPECT_TRUE(a.available("c", 1, "10", 0));
  EXPECT_TRUE(a.available("c", 1, "20", 150));
  EXPECT_EQ(a.restricted(), 0u);
}

TEST(Availability, DeletionWinsOverAWindowUntilImportedAgain) {
  Availability a;
  a.imported("c", windowed("10", 100, 200));
  a.deleted("c", 1, "10");
  EXPECT_FALSE(a.available("c", 1, "10", 150));
  EXPECT_EQ(a.restricted(), 1u);
  a.imported("c", windowed("10", 100, 200));
  EXPECT_TRUE(a.available("c", 1, "10", 150));
}

TEST(Availability, ConcurrentReadersAndWriters) {
  Availability a;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&a, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string id = std::to_string(t * 10000 + i);
        a.deleted("c", 1, id);
        EXPECT_FALSE(a.available("c", 1, id, 0));
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(a.restricted(), 8000u);
}

}  // namespace
}  // namespace recod::catalog
