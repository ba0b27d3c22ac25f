#pragma once
// Command-line flags of the sub-commands: "--name value" or "--name=value". Private to cli/.

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace recod::cli {

/// A usage error; what() says what is wrong, for printing before the usage text.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Args final {
 public:
  /// Parses `argv` (the words after the sub-command); every flag must be in `known` and
  /// takes a value. Throws UsageError on an unknown flag, a missing value or a stray word.
  Args(const std::vector<std::string>& argv, const std::set<std::string>& known);

  [[nodiscard]] std::optional<std::string> get(const std::string& name) const;
  /// The value of a required flag; UsageError if absent.
  [[nodiscard]] std::string require(const std::string& name) const;
  /// An integer flag within [min, max], if given.
  [[nodiscard]] std::optional<long long> get_int(const std::string& name, long long min,
                                                 long long max) const;

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace recod::cli
