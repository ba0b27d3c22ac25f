#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "cooccurrence.hpp"
#include "recod/model/builder.hpp"

namespace recod::model {
namespace {

// Expected values: G^2 = 2 * sum k_ij * ln(k_ij * N / (row_i * col_j)), computed with
// python3 in the direct form (not the entropy form the code uses).
TEST(LogLikelihoodRatioTest, MatchesHandComputedValues) {
  EXPECT_NEAR(log_likelihood_ratio(10, 0, 0, 10), 27.725887222397812, 1e-9);  // 40 ln 2
  EXPECT_NEAR(log_likelihood_ratio(1, 0, 0, 1), 2.772588722239781, 1e-9);     // 4 ln 2
  EXPECT_NEAR(log_likelihood_ratio(3, 1, 2, 94), 15.761522539399996, 1e-9);
  EXPECT_NEAR(log_likelihood_ratio(1, 2, 3, 4), 0.08043486460964827, 1e-9);
  EXPECT_NEAR(log_likelihood_ratio(100, 900, 200, 98800), 553.0001537858827, 1e-6);
}

TEST(LogLikelihoodRatioTest, IndependentTableScoresZero) {
  const double g2 = log_likelihood_ratio(10, 10, 10, 10);
  EXPECT_GE(g2, 0.0);
  EXPECT_NEAR(g2, 0.0, 1e-9);
  EXPECT_NEAR(log_likelihood_ratio(5, 15, 45, 135), 0.0, 1e-9);  // rows 1:3, columns 1:9
}

TEST(LogLikelihoodRatioTest, DegenerateTablesScoreZero) {
  EXPECT_EQ(log_likelihood_ratio(0, 0, 0, 0), 0.0);
  EXPECT_EQ(log_likelihood_ratio(5, 0, 0, 0), 0.0);
  EXPECT_EQ(log_likelihood_ratio(0, 0, 0, 7), 0.0);
  EXPECT_EQ(log_likelihood_ratio(3, 4, 0, 0), 0.0);  // one row empty
  EXPECT_EQ(log_likelihood_ratio(3, 0, 4, 0), 0.0);  // one column empty
}

TEST(LogLikelihoodRatioTest, IsSymmetricUnderTranspositionAndSwaps) {
  for (std::uint64_t a : {0, 1, 3, 20}) {
    for (std::uint64_t b : {0, 2, 7}) {
      for (std::uint64_t c : {0, 1, 9}) {
        for (std::uint64_t d : {0, 5, 1000}) {
          const double g2 = log_likelihood_ratio(a, b, c, d);
          EXPECT_GE(g2, 0.0);
          EXPECT_NEAR(log_likelihood_ratio(a, c, b, d), g2, 1e-9);  // transpose
          EXPECT_NEAR(log_likelihood_ratio(c, d, a, b), g2, 1e-9);  // swap rows
          EXPECT_NEAR(log_likelihood_ratio(b, a, d, c), g2, 1e-9);  // swap columns
        }
      }
    }
  }
}

TEST(LogLikelihoodRatioTest, GrowsWithEvidence) {
  // The same proportions over ten times the users are ten times the evidence.
  EXPECT_NEAR(log_likelihood_ratio(30, 10, 20, 940), 10 * log_likelihood_ratio(3, 1, 2, 94), 1e-6);
  EXPECT_GT(log_likelihood_ratio(4, 0, 0, 96), log_likelihood_ratio(2, 0, 0, 98));
}

TEST(LogLikelihoodRatioTest, StaysFiniteForLargeCounts) {
  const double g2 = log_likelihood_ratio(1000000, 2000000, 3000000, 4000000000ull);
  EXPECT_TRUE(std::isfinite(g2));
  EXPECT_GT(g2, 0.0);
}

// The builder's table-driven LLR must give the same numbers as the reference function.
TEST(LlrTableTest, AgreesWithLogLikelihoodRatio) {
  const std::uint64_t total = 500;
  const internal::LlrTable llr(total);
  EXPECT_EQ(llr.total(), total);
  for (std::uint64_t n_a : {1, 2, 7, 60, 499, 500}) {
    for (std::uint64_t n_b : {1, 3, 50, 250, 500}) {
      for (std::uint64_t k11 = 0; k11 <= std::min(n_a, n_b); k11 += 1 + k11 / 3) {
        if (n_a + n_b > total + k11) continue;  // no such table
        const double expected =
            log_likelihood_ratio(k11, n_a - k11, n_b - k11, total - n_a - n_b + k11);
        EXPECT_NEAR(llr(k11, n_a, n_b), expected, 1e-9 * (1 + expected))
            << k11 << " " << n_a << " " << n_b;
      }
    }
  }
}

}  // namespace
}  // namespace recod::model
