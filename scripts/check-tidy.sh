#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy) over recod's sources; any finding fails.
#   scripts/check-tidy.sh BUILD_DIR    (a configured build dir with compile_commands.json)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:?usage: scripts/check-tidy.sh BUILD_DIR}
mapfile -t files < <(git ls-files 'src/*.cpp')
out=$(printf '%s\n' "${files[@]}" | xargs -P"$(nproc)" -n4 clang-tidy -p "$build_dir" --quiet 2>/dev/null || true)
if grep -q "warning:\|error:" <<<"$out"; then
  grep -A3 "warning:\|error:" <<<"$out"
  echo "clang-tidy found problems" >&2
  exit 1
fi
echo "clang-tidy: clean (${#files[@]} files)"
