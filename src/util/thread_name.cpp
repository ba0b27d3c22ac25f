#include "recod/util/thread_name.hpp"

#include <pthread.h>

#include <array>

namespace recod::util {

void name_this_thread(std::string_view name) noexcept {
  std::array<char, kMaxThreadNameLength + 1> text{};  // zero-terminated
  name.copy(text.data(), kMaxThreadNameLength);
  (void)pthread_setname_np(pthread_self(), text.data());
}

std::string this_thread_name() {
  std::array<char, kMaxThreadNameLength + 1> text{};
  if (pthread_getname_np(pthread_self(), text.data(), text.size()) != 0) return {};
  return text.data();
}

}  // namespace recod::util
