#pragma once
// Progress of a long command on stderr: a bar redrawn in place on a terminal, plain lines
// every few seconds otherwise (logs, CI). Private to cli/.

#include <chrono>
#include <cstdint>
#include <string>

namespace recod::cli {

class Progress final {
 public:
  /// `what` names the step ("checking", "importing"), `things` what is counted ("items",
  /// "clicks"); `total` is in the same unit as the updates (bytes, say); 0 = unknown.
  Progress(std::string what, std::string things, std::uint64_t total);

  /// Reports `done` units and `count` things so far; redraws when due.
  void update(std::uint64_t done, std::uint64_t count);

  /// Draws the final state and ends the line.
  void finish(std::uint64_t done, std::uint64_t count);

 private:
  void draw(std::uint64_t done, std::uint64_t count, bool final);

  std::string what_;
  std::string things_;
  std::uint64_t total_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace recod::cli
