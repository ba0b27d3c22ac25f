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
caller_dir=$PWD
cd "$(dirname "$0")/../.."
absolute() { if [[ $1 == /* ]]; then echo "$1"; else echo "$caller_dir/$1"; fi; }

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
[[ $mode == track || $mode == reco ]] || { echo "--mode is track or reco" >&2; exit 2; }
store=build/bench/http-store-1000000
[[ -f $store.items ]] || { echo "no $store: run bench/http/run.sh --quick once" >&2; exit 1; }
for tool in wrk taskset curl; do
  command -v "$tool" >/dev/null || { echo "$tool not found (scripts/install-deps.sh --bench)" >&2; exit 1; }
done

users=$(cat "$store.users")
load=("$mode" "$users" 100000)
[[ $mode == reco ]] && load+=("$store.items")
wrk_headers=()
if [[ $headers == 1 ]]; then
  while IFS= read -r line; do
    [[ -z $line || $line == \#* ]] && continue
    wrk_headers+=(-H "$line")
  done <bench/http/browser-headers.txt
fi
hz=$(getconf CLK_TCK)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/recod-alternate.XXXXXX")
pid=""
cleanup() {
  [[ -n $pid ]] && { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cpu_ticks() { awk '{print $14 + 0, $15 + 0}' "/proc/$1/stat"; }

for ((round = 1; round <= runs; ++round)); do
  for bin in "${bins[@]}"; do
    rm -rf "$tmp/data" "$tmp/port"
    cp -a "$store" "$tmp/data"
    cat >"$tmp/recod.json" <<EOC
{
  "server": { "listen": "127.0.0.1", "port": 0, "threads": 1 },
  "storage": { "data_dir": "$tmp/data", "durability": "$durability" },
  "model": { "rebuild_interval": "1d" },
  "customers": { "bench": { "license_key": "bench-license-key", "demo_data": false } }
}
EOC
    taskset -c 0 "$bin" serve --config "$tmp/recod.json" --port-file "$tmp/port" 2>"$tmp/log" &
    pid=$!
    for _ in $(seq 300); do [[ -s $tmp/port ]] && break; sleep 0.2; done
    [[ -s $tmp/port ]] || { echo "$bin did not start: $(tail -3 "$tmp/log")" >&2; exit 1; }
    url=http://127.0.0.1:$(cat "$tmp/port")
    for _ in $(seq 600); do curl -sf "$url/readyz" >/dev/null && break; sleep 0.5; done
    taskset -c 1 wrk -t1 -c"$connections" -d3s "${wrk_headers[@]}" -s bench/http/load.lua "$url" \
      -- "${load[@]}" >/dev/null
    read -r user0 sys0 < <(cpu_ticks "$pid")
    result=$(taskset -c 1 wrk -t1 -c"$connections" -d"${duration}s" "${wrk_headers[@]}" \
      -s bench/http/load.lua "$url" -- "${load[@]}" | grep RESULT)
    read -r user1 sys1 < <(cpu_ticks "$pid")
    kill -TERM "$pid"
    wait "$pid" || true
    pid=""
    answered=$(grep -o 'requests=[0-9]*' <<<"$result" | cut -d= -f2)
    awk -v label="$bin" -v round="$round" -v n="$answered" -v secs="$duration" \
      -v p99="$(grep -o 'p99_us=[0-9]*' <<<"$result" | cut -d= -f2)" -v hz="$hz" \
      -v user=$((user1 - user0)) -v sys=$((sys1 - sys0)) \
      'BEGIN { printf "%s run=%d req_s=%d p99_us=%d user_us=%.2f sys_us=%.2f\n",
               label, round, n / secs, p99, user / hz * 1e6 / n, sys / hz * 1e6 / n }'
  done
done
