#include "args.hpp"

#include "recod/util/numbers.hpp"

namespace recod::cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& known) {
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& word = argv[i];
    if (!word.starts_with("--")) throw UsageError("unexpected argument '" + word + "'");
    std::string name = word.substr(2);
    std::string value;
    if (const auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    } else {
      if (i + 1 >= argv.size()) throw UsageError("--" + name + " needs a value");
      value = argv[++i];
    }
    if (!known.contains(name)) throw UsageError("unknown option --" + name);
    values_[name] = value;
  }
}

std::optional<std::string> Args::get(const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string Args::require(const std::string& name) const {
  auto v = get(name);
  if (!v) throw UsageError("--" + name + " is required");
  return *v;
}

std::optional<long long> Args::get_int(const std::string& name, long long min,
                                       long long max) const {
  const auto v = get(name);
  if (!v) return std::nullopt;
  const auto n = util::parse_uint(*v, min < 0 ? 0 : min, max);
  if (!n) {
    throw UsageError("--" + name + " must be an integer from " + std::to_string(min) + " to " +
                     std::to_string(max));
  }
  return *n;
}

}  // namespace recod::cli
