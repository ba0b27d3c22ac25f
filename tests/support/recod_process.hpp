#pragma once
// Runs the real recod binary for integration tests: `recod serve` on an ephemeral loopback
// port with a temp data dir, and one-shot sub-commands such as `recod events`.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace recod::test {

/// Path of the recod binary under test (set by CMake).
[[nodiscard]] std::string recod_binary();

struct CommandResult {
  int exit_code = -1;
  std::string out;  ///< stdout
  std::string err;  ///< stderr
};

/// Runs `recod args...` to completion (at most `timeout`; killed after that).
[[nodiscard]] CommandResult run_recod(const std::vector<std::string>& args,
                                      std::chrono::seconds timeout = std::chrono::seconds(60));

/// A config for tests: loopback, port 0, two I/O threads, data in `data_dir`, customers
/// "00000" (numeric ids, the reference's license key, the default scenarios), "strings"
/// (string ids), "secure" (recommendations need Basic auth) and "custom" (scenarios
/// "viewed", "clicked_only", "fresh", "two_types"; see recod_process.cpp).
/// `extra_storage` adds members to "storage", `extra_top_level` to the top-level object.
[[nodiscard]] std::string minimal_config(const std::string& data_dir,
                                         const std::string& extra_top_level = "",
                                         const std::string& extra_storage = "");

/// `recod serve` as a child process.
class RecodServer final {
 public:
  /// Starts `recod serve --config config_path --port-file ...` plus `extra_args` (no
  /// --config if config_path is empty) and waits until it listens. Its output goes to
  /// work_dir/recod.log.
  RecodServer(const std::string& config_path, const std::string& work_dir,
              const std::vector<std::string>& extra_args = {});
  /// Kills the process if it still runs.
  ~RecodServer();
  RecodServer(const RecodServer&) = delete;
  RecodServer& operator=(const RecodServer&) = delete;

  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  [[nodiscard]] pid_t pid() const noexcept { return pid_; }

  /// Sends `signal` and waits for the exit; returns the exit status (128+n if killed by n),
  /// or -1 if it did not exit within `timeout`.
  int stop(int signal, std::chrono::milliseconds timeout = std::chrono::seconds(20));

  /// What the server wrote to stderr so far.
  [[nodiscard]] std::string log() const;

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::string log_path_;
};

}  // namespace recod::test
