#include "handler_memory.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace recod::http::detail {
namespace {

TEST(HandlerMemoryTest, OneOperationAtATimeGetsTheConnectionsBlock) {
  HandlerMemory memory;
  HandlerAllocator<std::byte> alloc(memory);
  std::byte* first = alloc.allocate(600);
  alloc.deallocate(first, 600);
  // The next operation, started after the last one's memory went back, gets the same block.
  std::byte* second = alloc.allocate(900);
  EXPECT_EQ(second, first);
  alloc.deallocate(second, 900);
}

TEST(HandlerMemoryTest, ASecondOperationOrALargeOneGetsItsOwnMemory) {
  HandlerMemory memory;
  HandlerAllocator<std::byte> alloc(memory);
  std::byte* held = alloc.allocate(100);
  std::byte* beside = alloc.allocate(100);  // the block is taken
  EXPECT_NE(beside, held);
  std::memset(beside, 0xab, 100);  // real memory, checked by the sanitizer build
  alloc.deallocate(beside, 100);
  alloc.deallocate(held, 100);

  std::byte* large = alloc.allocate(4096);  // larger than the block
  std::memset(large, 0xcd, 4096);
  std::byte* small = alloc.allocate(64);  // the block is still free
  EXPECT_NE(small, large);
  alloc.deallocate(large, 4096);
  alloc.deallocate(small, 64);
}

TEST(HandlerMemoryTest, ReboundAllocatorsShareTheBlockAndRespectAlignment) {
  struct alignas(64) Overaligned {
    std::uint8_t bytes[64];
  };
  HandlerMemory memory;
  const HandlerAllocator<std::byte> bytes(memory);
  HandlerAllocator<std::uint64_t> words(bytes);
  EXPECT_TRUE(bytes == words);
  std::uint64_t* w = words.allocate(8);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(w) % alignof(std::uint64_t), 0U);
  HandlerAllocator<Overaligned> wide(bytes);
  Overaligned* o = wide.allocate(1);  // the block is taken; and its alignment is too small
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(o) % 64, 0U);
  wide.deallocate(o, 1);
  words.deallocate(w, 8);
  Overaligned* again = wide.allocate(1);  // free block, but not aligned enough for this
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(again) % 64, 0U);
  wide.deallocate(again, 1);
}

}  // namespace
}  // namespace recod::http::detail
