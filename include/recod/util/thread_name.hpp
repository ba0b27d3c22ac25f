#pragma once
// Names for recod's threads, as `top -H`, `ps -L`, perf and gdb show them: at 3 a.m. the
// question is which thread takes the CPU (an I/O thread, the event writer, the model
// builder), and unnamed they are all "recod". RocksDB names its own ("rocksdb:high").

#include <cstddef>
#include <string>
#include <string_view>

namespace recod::util {

/// Linux keeps at most this many characters of a thread's name.
inline constexpr std::size_t kMaxThreadNameLength = 15;

/// Names the calling thread `name`, cut to kMaxThreadNameLength characters. Best effort:
/// a name is a debugging aid, so a failure is ignored.
void name_this_thread(std::string_view name) noexcept;

/// The calling thread's name ("" if it cannot be read).
[[nodiscard]] std::string this_thread_name();

}  // namespace recod::util
