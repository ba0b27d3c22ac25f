#!/usr/bin/env bash
# The test command (and what CI runs): install what is missing, then
#   1. check formatting (clang-format),
#   2. build with -Wall -Wextra -Werror (benchmarks too, so they keep compiling) and run
#      every test, then run clang-tidy over the sources, then run each fuzz target
#      (scripts/fuzz.sh) for RECOD_FUZZ_SECONDS (default 20),
#   3. build with AddressSanitizer + UndefinedBehaviorSanitizer and run every test again.
# Set RECOD_SKIP_SANITIZE=1 to skip step 3 on a quick local run.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

scripts/install-deps.sh --test
# The browser test's npm packages, by name from npm's registry (playwright-core drives
# Debian's chromium; it downloads no browser of its own).
npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error

echo "== format check"
scripts/check-format.sh

echo "== build (warnings are errors) and test"
cmake -S . -B build/ci -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRECOD_WERROR=ON -DRECOD_BENCH=ON >/dev/null
cmake --build build/ci -j"$jobs"
ctest --test-dir build/ci --output-on-failure -j"$jobs"

echo "== clang-tidy"
scripts/check-tidy.sh build/ci

# libFuzzer targets (clang build in build/fuzz), a bounded run each; docs/reliability.md.
echo "== fuzz (each target ${RECOD_FUZZ_SECONDS:-20}s)"
scripts/fuzz.sh "${RECOD_FUZZ_SECONDS:-20}"

if [[ "${RECOD_SKIP_SANITIZE:-0}" != "1" ]]; then
  echo "== build with address+undefined sanitizers and test"
  cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DRECOD_WERROR=ON -DRECOD_SANITIZE=ON \
    -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" >/dev/null
  cmake --build build/asan -j"$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build/asan --output-on-failure -j"$jobs"
fi
echo "== all tests passed"
