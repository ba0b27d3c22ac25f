#include "progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <utility>

namespace recod::cli {
namespace {

constexpr auto kTerminalInterval = std::chrono::milliseconds(100);
constexpr auto kLogInterval = std::chrono::seconds(5);
constexpr int kBarWidth = 30;

}  // namespace

Progress::Progress(std::string what, std::string things, std::uint64_t total)
    : what_(std::move(what)),
      things_(std::move(things)),
      total_(total),
      terminal_(isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void Progress::update(std::uint64_t done, std::uint64_t count) {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ <
      (terminal_ ? kTerminalInterval
                 : std::chrono::duration_cast<std::chrono::milliseconds>(kLogInterval))) {
    return;
  }
  last_draw_ = now;
  draw(done, count, false);
}

void Progress::finish(std::uint64_t done, std::uint64_t count) { draw(done, count, true); }

void Progress::draw(std::uint64_t done, std::uint64_t count, bool final) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double fraction =
      total_ > 0 ? static_cast<double>(done) / static_cast<double>(total_) : (final ? 1.0 : 0.0);
  const auto percent = static_cast<int>(std::lround(fraction * 100.0));
  if (terminal_) {
    const int filled = static_cast<int>(fraction * kBarWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(kBarWidth - filled), '.');
    std::fprintf(stderr, "\r%-10s [%s] %3d%%  %llu %s  %.1f s%s", what_.c_str(), bar.c_str(),
                 percent, static_cast<unsigned long long>(count), things_.c_str(), seconds,
                 final ? "\n" : "");
  } else {
    std::fprintf(stderr, "%s: %d%% (%llu %s, %.1f s)\n", what_.c_str(), percent,
                 static_cast<unsigned long long>(count), things_.c_str(), seconds);
  }
  std::fflush(stderr);
}

}  // namespace recod::cli
