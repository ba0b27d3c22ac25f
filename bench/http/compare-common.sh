# shellcheck shell=bash
# Sourced by bench/http/callgrind.sh and bench/http/alternate.sh: the harness's store, the
# load, and one recod on a fresh copy of the store. Sourcing it enters the repository's root.

caller_dir=$PWD
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1

# Resolves a path given on the command line against the directory the script was run from.
absolute() { if [[ $1 == /* ]]; then echo "$1"; else echo "$caller_dir/$1"; fi; }

# Sets `load` (load.lua's arguments for MODE) and `wrk_headers` (wrk's -H options: the
# browser's fields if HEADERS is 1), from the store that bench/http/run.sh generates.
prepare_load() {  # prepare_load MODE HEADERS
  store=build/bench/http-store-1000000
  [[ $1 == track || $1 == reco ]] || { echo "--mode is track or reco" >&2; exit 2; }
  [[ -f $store.items ]] || { echo "no $store: run bench/http/run.sh --quick once" >&2; exit 1; }
  load=("$1" "$(cat "$store.users")" 100000)
  [[ $1 == reco ]] && load+=("$store.items")
  wrk_headers=()
  if [[ $2 == 1 ]]; then
    local line
    while IFS= read -r line; do
      [[ -z $line || $line == \#* ]] && continue
      wrk_headers+=(-H "$line")
    done <bench/http/browser-headers.txt
  fi
}

# Makes `tmp`, and stops the server in `pid` (if any) and removes `tmp` on exit.
make_workspace() {  # make_workspace NAME
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/recod-$1.XXXXXX")
  pid=""
  trap 'stop_server; rm -rf "$tmp"' EXIT
  trap 'exit 130' INT TERM
}

stop_server() {
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}

# Starts COMMAND... (which ends in `BIN serve`) on a fresh copy of the store with a config of
# one I/O thread in DURABILITY; sets `pid` and `url` once the server's model is built.
start_server() {  # start_server DURABILITY COMMAND...
  local durability=$1
  shift
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
  "$@" --config "$tmp/recod.json" --port-file "$tmp/port" 2>"$tmp/log" &
  pid=$!
  local _
  for _ in $(seq 600); do [[ -s $tmp/port ]] && break; sleep 0.5; done
  [[ -s $tmp/port ]] || { echo "recod did not start: $(tail -3 "$tmp/log")" >&2; exit 1; }
  url=http://127.0.0.1:$(cat "$tmp/port")
  for _ in $(seq 1200); do curl -sf "$url/readyz" >/dev/null && break; sleep 0.5; done
}
