#pragma once
// A directory under /tmp that is removed with everything in it when the object goes.

#include <filesystem>
#include <string>

namespace recod::test {

class TempDir final {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  /// path() / name, as a string.
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

/// Writes `text` to `path` (replacing it).
void write_file(const std::string& path, const std::string& text);
/// The whole content of `path`; "" if it cannot be read.
[[nodiscard]] std::string read_file(const std::string& path);

}  // namespace recod::test
