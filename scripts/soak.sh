#!/usr/bin/env bash
# Soak test: recod under mixed tracking + recommendation load with a model rebuild every
# 30 s, for a bounded time (default 10 minutes), on 127.0.0.1 only. Prints the server's
# RSS and the error count every 10 s, then a verdict: no errors, memory levels off, and a
# clean SIGTERM exit. docs/reliability.md has the results.
#
#   scripts/soak.sh [SECONDS] [BUILD_DIR]     (default: 600 build/bench)
#
# RECOD_SOAK_MAX_GROWTH (default 0.10) is how much the last quarter's peak RSS may exceed
# the second quarter's; the short CI run (ctest soak_smoke) checks errors and the clean
# exit only, as 20 s is still warm-up.
# Builds recod and bench/soak/soak_load in BUILD_DIR (Release) if they are not there.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
build=${2:-build/bench}
report_every=$(( seconds >= 120 ? 10 : 2 ))
rebuild_every=$(( seconds >= 120 ? 30 : 5 ))

if [[ ! -x $build/src/recod || ! -x $build/bench/soak/soak_load ]]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DRECOD_BENCH=ON -DRECOD_TESTS=OFF >/dev/null
  cmake --build "$build" -j"$(nproc)" --target recod soak_load
fi

work=$(mktemp -d)
pid=""
cleanup() {
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The default config, on loopback and an ephemeral port; the demo customer 00000 gets its
# demo catalog and shoppers on first start, as a fresh install would.
sed -e 's/"listen": "0.0.0.0"/"listen": "127.0.0.1"/' config/recod.json >"$work/recod.json"
"$build/src/recod" serve --config "$work/recod.json" --data-dir "$work/data" --port 0 \
  --port-file "$work/port" --threads 2 2>"$work/recod.log" &
pid=$!
for _ in $(seq 1 300); do
  [[ -s $work/port ]] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/recod.log"; echo "recod did not start"; exit 1; }
  sleep 0.1
done
port=$(cat "$work/port")
echo "soak: recod pid $pid on 127.0.0.1:$port for ${seconds}s ($(nproc) cores)"

status=0
"$build/bench/soak/soak_load" --port "$port" --pid "$pid" --seconds "$seconds" \
  --report-every "$report_every" --rebuild-every "$rebuild_every" \
  --max-growth "${RECOD_SOAK_MAX_GROWTH:-0.10}" || status=$?

kill -TERM "$pid"
exit_code=0
wait "$pid" || exit_code=$?
pid=""
echo "recod exit code after SIGTERM: $exit_code"
errors=$(grep -c -E " (error|critical) " "$work/recod.log" || true)
echo "error lines in recod's log: $errors"
if [[ $errors -gt 0 ]]; then grep -E " (error|critical) " "$work/recod.log" | head -20; fi
if [[ $status -ne 0 || $exit_code -ne 0 || $errors -gt 0 ]]; then
  echo "soak: FAILED"
  exit 1
fi
echo "soak: passed"
