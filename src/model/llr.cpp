// Dunning's log-likelihood ratio, in the entropy form popularised by Mahout's
// LogLikelihood: G^2 = 2 * (H(rows) + H(columns) - H(matrix)), with H over raw counts
// (H(k...) = xlogx(sum k) - sum xlogx(k)). It needs no division by expected counts, so
// zero cells are safe: xlogx(0) = 0.

#include <cmath>

#include "recod/model/builder.hpp"

namespace recod::model {
namespace {

double x_log_x(std::uint64_t x) {
  if (x == 0) return 0.0;
  const auto d = static_cast<double>(x);
  return d * std::log(d);
}

double entropy(std::uint64_t a, std::uint64_t b) {
  return x_log_x(a + b) - x_log_x(a) - x_log_x(b);
}

double entropy(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d) {
  return x_log_x(a + b + c + d) - x_log_x(a) - x_log_x(b) - x_log_x(c) - x_log_x(d);
}

}  // namespace

double log_likelihood_ratio(std::uint64_t k11, std::uint64_t k12, std::uint64_t k21,
                            std::uint64_t k22) noexcept {
  const double rows = entropy(k11 + k12, k21 + k22);
  const double columns = entropy(k11 + k21, k12 + k22);
  const double matrix = entropy(k11, k12, k21, k22);
  // Independent or degenerate tables give 0 up to rounding; never return a negative.
  if (rows + columns < matrix) return 0.0;
  return 2.0 * (rows + columns - matrix);
}

}  // namespace recod::model
