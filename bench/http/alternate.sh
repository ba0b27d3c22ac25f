#!/usr/bin/env bash
# bench/http/alternate.sh: recod binaries against each other, in alternating runs under the
# same load (no nginx): what a change did to req/s, p99 and CPU per request, with the
# machine's moods spread over all binaries alike. docs/performance.md cites it.
#
#   bench/http/alternate.sh [--runs N] [--duration S] [--connections N] [--mode track|reco]
#                           [--browser-headers] [--sync] BIN...
#
#   --runs N          rounds; each round runs every BIN once, in the order given (default 5)
#   --duration S      seconds per measured run, after a 3 s warm-up (default 8)
#   --connections N   wrk's connections (default 64)
#   --mode            load.lua's tracking clicks (default) or item-to-item recommendations
#   --browser-headers every request carries bench/http/browser-headers.txt besides Host
#   --sync            recod in sync durability (default wal)
#
# Each run: a fresh copy of the harness's 1M-event store (build/bench/http-store-1000000,
# made by bench/http/run.sh), BIN serve --threads 1 pinned to core 0, wrk -t1 pinned to core
# 1 on 127.0.0.1, bounded in time; the server is stopped after the run. One line per run:
#   LABEL run=R req_s=N p99_us=N user_us=N sys_us=N   (CPU per answered request)
set -euo pipefail
# shellcheck source=bench/http/compare-common.sh
source "$(dirname "$0")/compare-common.sh"  # and on from the repository's root

runs=5 duration=8 connections=64 mode=track durability=wal headers=0
while [[ $# -gt 0 && $1 == --* ]]; do
  case $1 in
    --runs) runs=$2; shift ;;
    --duration) duration=$2; shift ;;
    --connections) connections=$2; shift ;;
    --mode) mode=$2; shift ;;
    --browser-headers) headers=1 ;;
    --sync) durability=sync ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[[ $# -gt 0 ]] || { echo "usage: bench/http/alternate.sh [options] BIN..." >&2; exit 2; }
bins=()
for bin in "$@"; do bins+=("$(absolute "$bin")"); done
prepare_load "$mode" "$headers"
for tool in wrk taskset curl; do
  command -v "$tool" >/dev/null || { echo "$tool not found (scripts/install-deps.sh --bench)" >&2; exit 1; }
done
hz=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + 0, $15 + 0}' "/proc/$1/stat"; }
make_workspace alternate

for ((round = 1; round <= runs; ++round)); do
  for bin in "${bins[@]}"; do
    start_server "$durability" taskset -c 0 "$bin" serve
    taskset -c 1 wrk -t1 -c"$connections" -d3s "${wrk_headers[@]}" -s bench/http/load.lua "$url" \
      -- "${load[@]}" >/dev/null
    read -r user0 sys0 < <(cpu_ticks "$pid")
    result=$(taskset -c 1 wrk -t1 -c"$connections" -d"${duration}s" "${wrk_headers[@]}" \
      -s bench/http/load.lua "$url" -- "${load[@]}" | grep RESULT)
    read -r user1 sys1 < <(cpu_ticks "$pid")
    stop_server
    answered=$(grep -o 'requests=[0-9]*' <<<"$result" | cut -d= -f2)
    awk -v label="$bin" -v round="$round" -v n="$answered" -v secs="$duration" \
      -v p99="$(grep -o 'p99_us=[0-9]*' <<<"$result" | cut -d= -f2)" -v hz="$hz" \
      -v user=$((user1 - user0)) -v sys=$((sys1 - sys0)) \
      'BEGIN { printf "%s run=%d req_s=%d p99_us=%d user_us=%.2f sys_us=%.2f\n",
               label, round, n / secs, p99, user / hz * 1e6 / n, sys / hz * 1e6 / n }'
  done
done
