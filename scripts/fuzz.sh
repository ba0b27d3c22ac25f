#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang with AddressSanitizer + UndefinedBehaviorSanitizer)
# in build/fuzz and runs each one, in turn, for SECONDS on a copy of its seed corpus
# (fuzz/corpus/<target>/). Fails if any target crashes, leaks, times out (5 s on one input)
# or runs out of memory (2 GiB), and prints the input that did it. docs/reliability.md.
#
#   scripts/fuzz.sh                     every target for 20 s (what CI runs)
#   scripts/fuzz.sh 3600                every target for an hour
#   scripts/fuzz.sh 600 tracking config only these targets (fuzz/fuzz_<name>.cpp)
#   scripts/fuzz.sh --merge 600         and then add the inputs that found new coverage to
#                                       fuzz/corpus/<target>/ (for a commit)
#
# The working corpus, the logs and any crash inputs are under build/fuzz/run/<target>/; the
# repository's corpus only changes with --merge.
set -euo pipefail
cd "$(dirname "$0")/.."

merge=0
if [[ "${1:-}" == "--merge" ]]; then
  merge=1
  shift
fi
seconds=${1:-20}
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [[ "$seconds" -lt 1 ]]; then
  echo "usage: scripts/fuzz.sh [--merge] [SECONDS_PER_TARGET] [TARGET...]" >&2
  exit 2
fi
shift || true
if [[ $# -gt 0 ]]; then
  targets=("$@")
else
  targets=()
  for f in fuzz/fuzz_*.cpp; do
    f=${f#fuzz/fuzz_}
    targets+=("${f%.cpp}")
  done
fi

build=build/fuzz
count() { find "$1" -type f | wc -l; }
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang -DRECOD_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

# Leaks count as failures; UBSan findings abort (the code is built with
# -fno-sanitize-recover) with a stack trace.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

failed=()
for t in "${targets[@]}"; do
  bin=$build/fuzz/fuzz_$t
  run=$build/run/$t
  rm -rf "$run"
  mkdir -p "$run/corpus"
  if [[ -d fuzz/corpus/$t ]]; then
    cp fuzz/corpus/"$t"/* "$run/corpus/"
  fi
  args=(-max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1
    -artifact_prefix="$run/")
  if [[ -f fuzz/$t.dict ]]; then
    args+=(-dict="fuzz/$t.dict")
  fi
  # More libFuzzer flags, e.g. RECOD_FUZZ_ARGS="-fork=4 -ignore_crashes=1" for a long run.
  read -r -a extra <<<"${RECOD_FUZZ_ARGS:-}"
  args+=(${extra[@]+"${extra[@]}"})
  echo "== fuzz_$t: ${seconds}s"
  if "$bin" "${args[@]}" "$run/corpus" >"$run/log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run/log")
    cov=$(grep -o 'cov: [0-9]*' "$run/log" | tail -1 || true)
    echo "   ok: ${runs:-?} runs, ${cov:-cov: ?}, corpus $(count "$run/corpus") inputs"
    if [[ $merge -eq 1 ]]; then
      mkdir -p "fuzz/corpus/$t"
      before=$(count "fuzz/corpus/$t")
      "$bin" -merge=1 -timeout=5 -rss_limit_mb=2048 "fuzz/corpus/$t" "$run/corpus" >"$run/merge.log" 2>&1
      echo "   merged: fuzz/corpus/$t has $before -> $(count "fuzz/corpus/$t") inputs"
    fi
  else
    # libFuzzer prints the stack, then "Test unit written to <file>".
    grep -v '^#[0-9]\+[[:space:]]\+\(NEW\|REDUCE\|pulse\|INITED\|RELOAD\)' "$run/log" | tail -60 >&2
    input=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$run/log" | tail -1)
    echo "!! fuzz_$t FAILED; log: $run/log" >&2
    if [[ -n "$input" ]]; then
      echo "!! reproducer: $input" >&2
      echo "!! reproduce:  $bin $input" >&2
    fi
    failed+=("$t")
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzzing found problems in: ${failed[*]}" >&2
  exit 1
fi
echo "== fuzz: ${#targets[@]} targets clean (${seconds}s each)"
