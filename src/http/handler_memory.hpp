#pragma once
// Memory for a connection's asynchronous operation in progress. Private to http/.
//
// Asio allocates the state of every read and write (the operation, with the handler chain
// inside it) through the handler's associated allocator. The default one keeps a cache of
// two freed blocks per thread; a turn of the event loop frees the operations of every
// connection it served and then starts theirs anew, so most of them missed that cache and
// went to malloc: 1.6 aligned allocations per tracked click. A connection has one read or
// one write in progress at a time, and Asio frees an operation's memory before it calls
// the handler that may start the next one, so one block per connection serves them all.
// Anything that does not fit, or comes while the block is taken, goes to operator new.

#include <cstddef>
#include <new>

namespace recod::http::detail {

class HandlerMemory final {
 public:
  HandlerMemory() = default;
  HandlerMemory(const HandlerMemory&) = delete;
  HandlerMemory& operator=(const HandlerMemory&) = delete;

  [[nodiscard]] void* allocate(std::size_t size, std::size_t alignment) {
    if (!in_use_ && size <= sizeof storage_ && alignment <= alignof(std::max_align_t)) {
      in_use_ = true;
      return storage_;
    }
    return ::operator new (size, std::align_val_t{alignment});
  }

  void deallocate(void* p, std::size_t alignment) noexcept {
    if (p == storage_) {
      in_use_ = false;
      return;
    }
    ::operator delete (p, std::align_val_t{alignment});
  }

 private:
  // A read of a request header is the largest: Beast's read operations around the socket's.
  alignas(std::max_align_t) unsigned char storage_[1024];
  bool in_use_ = false;
};

/// The allocator to bind to a connection's handlers (boost::asio::bind_allocator).
template <typename T>
class HandlerAllocator final {
 public:
  using value_type = T;

  explicit HandlerAllocator(HandlerMemory& memory) noexcept : memory_(&memory) {}
  template <typename U>
  HandlerAllocator(const HandlerAllocator<U>& other) noexcept  // NOLINT: rebinding converts
      : memory_(other.memory_) {}

  [[nodiscard]] T* allocate(std::size_t n) {
    return static_cast<T*>(memory_->allocate(sizeof(T) * n, alignof(T)));
  }
  void deallocate(T* p, std::size_t /*n*/) noexcept { memory_->deallocate(p, alignof(T)); }

  template <typename U>
  bool operator==(const HandlerAllocator<U>& other) const noexcept {
    return memory_ == other.memory_;
  }

 private:
  template <typename>
  friend class HandlerAllocator;
  HandlerMemory* memory_;
};

}  // namespace recod::http::detail
