#!/usr/bin/env bash
# bench/http/profile.sh: where a recod binary's CPU time goes under load, as nanoseconds of
# CPU per answered request for each library and function. docs/performance.md cites it.
#
#   bench/http/profile.sh [--seconds S] [--connections N] [--mode track|reco]
#                         [--browser-headers] [--top N] BIN
#
#   --seconds S       seconds profiled, after a 3 s warm-up (default 10)
#   --connections N   wrk's connections (default 64)
#   --mode            load.lua's tracking clicks (default) or item-to-item recommendations
#   --browser-headers every request carries bench/http/browser-headers.txt besides Host
#   --top N           functions listed (default 40)
#
# A fresh copy of the harness's 1M-event store (bench/http/run.sh makes it), BIN serve
# --threads 1 pinned to core 0, wrk -t1 pinned to core 1 on 127.0.0.1, bounded in time;
# `perf record` samples every thread of the server at 2 kHz (cycles, or the CPU clock where
# the machine has no counters) while wrk runs. Two binaries profiled one after the other
# compare function by function: the figures are per request, not shares of the samples.
set -euo pipefail
# shellcheck source=bench/http/compare-common.sh
source "$(dirname "$0")/compare-common.sh"  # and on from the repository's root

seconds=10 connections=64 mode=track headers=0 top=40
while [[ $# -gt 0 && $1 == --* ]]; do
  case $1 in
    --seconds) seconds=$2; shift ;;
    --connections) connections=$2; shift ;;
    --mode) mode=$2; shift ;;
    --browser-headers) headers=1 ;;
    --top) top=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[[ $# -eq 1 ]] || { echo "usage: bench/http/profile.sh [options] BIN" >&2; exit 2; }
bin=$(absolute "$1")
prepare_load "$mode" "$headers"
for tool in wrk taskset curl perf; do
  command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 1; }
done
make_workspace profile
hz=2000

start_server wal taskset -c 0 "$bin" serve
taskset -c 1 wrk -t1 -c"$connections" -d3s "${wrk_headers[@]}" -s bench/http/load.lua "$url" \
  -- "${load[@]}" >/dev/null
# wrk runs a second longer on each side of the profile; its count of answers is scaled to
# the profiled seconds.
taskset -c 1 wrk -t1 -c"$connections" -d"$((seconds + 2))s" "${wrk_headers[@]}" \
  -s bench/http/load.lua "$url" -- "${load[@]}" >"$tmp/wrk" &
wrk_pid=$!
sleep 1
perf record -q -F "$hz" -p "$pid" -o "$tmp/perf.data" -- sleep "$seconds" >/dev/null 2>&1
wait "$wrk_pid"
stop_server
answered=$(grep -o 'requests=[0-9]*' "$tmp/wrk" | cut -d= -f2)
per_second=$((answered / (seconds + 2)))
echo "$(basename "$bin"): $per_second req/s over $((seconds + 2)) s, $connections connections, $mode"

# perf's sample counts: each sample stands for 1/hz s of one thread's CPU time.
perf report -i "$tmp/perf.data" --no-children --sort dso,sym -q -g none -n --percent-limit 0 \
  2>/dev/null | awk -v hz="$hz" -v requests="$((per_second * seconds))" -v top="$top" '
  $2 ~ /^[0-9]+$/ {
    ns = $2 * 1e9 / hz / requests
    dso = $3
    symbol = ""; for (i = 5; i <= NF; ++i) symbol = symbol (i > 5 ? " " : "") $i
    total += ns; by_dso[dso] += ns
    if (listed < top) { lines[listed++] = sprintf("%8.0f  %-22.22s %.100s", ns, dso, symbol) }
  }
  END {
    printf "CPU ns per request: %.0f\n", total
    for (d in by_dso) printf "%8.0f  %s\n", by_dso[d], d | "sort -rn"
    close("sort -rn")
    print "functions:"
    for (i = 0; i < listed; ++i) print lines[i]
  }'
