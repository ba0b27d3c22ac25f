#!/usr/bin/env bash
# bench/http/callgrind.sh: the instructions a recod binary spends per request under load,
# counted by callgrind. User space only, and steady from run to run and machine to machine
# where req/s are not: what docs/performance.md's "What changed" gives for most changes.
#
#   bench/http/callgrind.sh [--mode track|reco] [--browser-headers] [--warm-up S]
#                           [--seconds S] [--out FILE] BIN
#
#   --mode            load.lua's tracking clicks (default) or item-to-item recommendations
#   --browser-headers every request carries bench/http/browser-headers.txt besides Host
#   --warm-up S       seconds of load before counting (default 20: load.lua's requests
#                     repeat round robin, and the memtables' insertion hints pay off from
#                     the third round on)
#   --seconds S       seconds of load counted (default 10)
#   --out FILE        callgrind's output (default: a temporary file, removed); read it with
#                     callgrind_annotate --inclusive=yes FILE
#
# BIN serve --threads 1 runs under valgrind --tool=callgrind on a fresh copy of the
# harness's 1M-event store (build/bench/http-store-1000000, made by bench/http/run.sh), with
# counting switched on only for the measured load (wrk -t1 -c16 on 127.0.0.1, bounded in
# time). Prints the requests answered and the instructions per request: in all, in the
# memtable insertions (RocksDB's MemTable::Add, which varies with the memtable's fill), and
# the rest. A Release build counts what ships; RelWithDebInfo adds line numbers.
set -euo pipefail
# shellcheck source=bench/http/compare-common.sh
source "$(dirname "$0")/compare-common.sh"  # and on from the repository's root

mode=track headers=0 warm_up=20 seconds=10 out=""
while [[ $# -gt 0 && $1 == --* ]]; do
  case $1 in
    --mode) mode=$2; shift ;;
    --browser-headers) headers=1 ;;
    --warm-up) warm_up=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --out) out=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[[ $# -eq 1 ]] || { echo "usage: bench/http/callgrind.sh [options] BIN" >&2; exit 2; }
bin=$(absolute "$1")
prepare_load "$mode" "$headers"
for tool in valgrind callgrind_control callgrind_annotate wrk curl; do
  command -v "$tool" >/dev/null || { echo "$tool not found (apt-get install valgrind wrk curl)" >&2; exit 1; }
done
make_workspace callgrind
if [[ -n $out ]]; then out=$(absolute "$out"); else out=$tmp/callgrind.out; fi
start_server wal valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out" "$bin" serve

wrk -t1 -c16 -d"${warm_up}s" "${wrk_headers[@]}" -s bench/http/load.lua "$url" -- "${load[@]}" >/dev/null
callgrind_control -i on "$pid" >/dev/null 2>&1
result=$(wrk -t1 -c16 -d"${seconds}s" "${wrk_headers[@]}" -s bench/http/load.lua "$url" \
  -- "${load[@]}" | grep RESULT)
callgrind_control -i off "$pid" >/dev/null 2>&1
stop_server  # callgrind writes its file as the server exits

requests=$(grep -o 'requests=[0-9]*' <<<"$result" | cut -d= -f2)
instructions() {  # instructions FUNCTION: inclusive count of the first line naming it, or 0
  # awk reads to the end: a reader that stops early would fail the pipeline (SIGPIPE).
  callgrind_annotate --inclusive=yes "$out" 2>/dev/null |
    awk -v name="$1" 'index($0, name) && !found { gsub(",", "", $1); count = $1; found = 1 }
                      END { print count + 0 }'
}
total=$(callgrind_annotate "$out" 2>/dev/null | grep 'PROGRAM TOTALS' | awk '{gsub(",", "", $1); print $1}')
memtable=$(instructions 'rocksdb::MemTable::Add(')
echo "requests=$requests instructions_per_request=$((total / requests))" \
  "memtable=$((memtable / requests)) rest=$(((total - memtable) / requests))"
