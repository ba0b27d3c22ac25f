#!/usr/bin/env bash
# bench/http/run.sh: recod's HTTP throughput and latency side by side with nginx, on this
# machine, in one run. docs/performance.md ("HTTP: recod side by side with nginx") has the
# figures and what they mean.
#
#   bench/http/run.sh [--quick] [--runs N] [--duration S] [--events N] [--out FILE]
#                     [--recod BIN] [--nice N] [--browser-headers]
#
#   --quick       1 run of 3 s per figure (about 2 minutes); default: 3 runs of 8 s (~12 min)
#   --runs N      measured runs per figure (the tables show medians)
#   --duration S  seconds per run
#   --events N    events in the generated store (default 1000000, over 100k items)
#   --out FILE    also write the report there (default build/bench/http-results.md)
#   --recod BIN   measure this recod binary instead of building one (e.g. an older build)
#   --nice N      niceness of the servers and of wrk (default -10 as root, else 0): on a
#                 machine shared with builds, a server at the default niceness gets a
#                 varying share of its core, and the ratios would measure the scheduler
#   --browser-headers  every request carries the 11 header fields of a browser's image
#                 request (bench/http/browser-headers.txt, ~600 bytes) besides wrk's Host:
#                 what a tracking pixel or a shop page's script sends
#
# What it does, all on 127.0.0.1, each step bounded in time:
# 1. Builds recod and bench/http/make_store in Release (build/bench), and generates the store
#    once (kept in build/bench/http-store-N; delete it to regenerate).
# 2. Starts recod (--threads 1) on a copy of the store, and nginx (worker_processes 1,
#    access_log off, `location /api/ { return 204; }`, and /api/v2/ answering a static copy of
#    a real recod answer: the same size), both pinned to core 0; waits for recod's model.
# 3. Runs wrk (-t1) pinned to core 1 with bench/http/load.lua: tracking clicks and
#    item-to-item recommendations (numrecs=10, Zipf context items over 100k items), at 1, 16,
#    64 and 256 connections; nginx and recod alternate run by run so that both see the same
#    machine, and before each of nginx's runs the harness waits (30 s at most) until recod's
#    flushes and compactions are idle, so that they do not take nginx's core. Tracking
#    again with a recod in `sync` durability. Reco at 64 connections with back-to-back
#    model rebuilds (POST /api/bench/model/rebuild) against idle. recod's /healthz
#    against nginx answering the same at 64 connections: the HTTP work alone.
# 4. Prints markdown tables: medians of req/s, p50, p99, the ratios to nginx, the CPU time
#    per request of both servers, the CPU use of recod, nginx and wrk, how long the thread
#    that answers was ready to run and not running (other tasks on its core: recod's
#    RocksDB threads, the kernel's, other processes; or an idle virtual CPU waking up) and
#    recod's RocksDB threads' CPU time, and the 1-minute load average; under each table
#    the worst p99 of a single run, and at the end how many RocksDB write stalls recod
#    logged (a run with one has a p99 of 100+ ms).
# Installs nothing: nginx-light and wrk come from `scripts/install-deps.sh --bench`.
set -euo pipefail

cd "$(dirname "$0")/../.."
repo=$(pwd)

runs=3
duration=8
warmup=2
events=1000000
items=100000
out="$repo/build/bench/http-results.md"
recod_bin=""
niceness=0
[[ $(id -u) -eq 0 ]] && niceness=-10
headers=()  # wrk -H arguments
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) runs=1; duration=3; warmup=1 ;;
    --runs) runs=$2; shift ;;
    --duration) duration=$2; shift ;;
    --events) events=$2; shift ;;
    --out) out=$2; shift ;;
    --nice) niceness=$2; shift ;;
    --recod) recod_bin=$(realpath "$2"); shift ;;
    --browser-headers)
      while IFS= read -r field; do headers+=(-H "$field"); done <"$repo/bench/http/browser-headers.txt"
      ;;
    -h|--help) sed -n '2,44p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [[ ${#headers[@]} -gt 0 ]]; then
  header_note="Host, and the $((${#headers[@]} / 2)) fields of a browser's image request (bench/http/browser-headers.txt)"
else
  header_note="Host only (wrk's)"
fi

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
die() { echo "bench/http/run.sh: $*" >&2; exit 1; }

nginx_bin=/usr/sbin/nginx
[[ -x $nginx_bin ]] || die "nginx is missing: scripts/install-deps.sh --bench (Debian nginx-light)"
command -v wrk >/dev/null || die "wrk is missing: scripts/install-deps.sh --bench"
for tool in taskset curl cmake pgrep; do
  command -v $tool >/dev/null || die "$tool is missing"
done
[[ $(nproc) -ge 2 ]] || die "needs 2 cores (server on core 0, load generator on core 1)"

# --- build -------------------------------------------------------------------------------
build=$repo/build/bench
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DRECOD_BENCH=ON -DRECOD_TESTS=OFF >/dev/null
if [[ -n $recod_bin ]]; then
  log "building make_store (Release) in $build; measuring $recod_bin"
  cmake --build "$build" -j2 --target make_store >/dev/null
else
  log "building recod and make_store (Release) in $build"
  cmake --build "$build" -j2 --target recod make_store >/dev/null
  recod_bin=$build/src/recod
fi
store=$build/http-store-$events
if [[ ! -f $store.items ]]; then
  log "generating $events events over $items items into $store (once)"
  rm -rf "$store" "$store.items" "$store.users"
  "$build/bench/http/make_store" --dir "$store" --events "$events" --items "$items" >&2
fi
users=$(cat "$store.users")

# --- processes and cleanup ---------------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/recod-http-bench.XXXXXX")
chmod 755 "$tmp"  # nginx's worker may run as nobody: it must read www/
recod_pid=""
nginx_pid=""
rebuild_pid=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [[ -n $rebuild_pid ]] && { touch "$tmp/stop-rebuilds"; kill "$rebuild_pid" 2>/dev/null || true; }
  [[ -n $recod_pid ]] && { kill -TERM "$recod_pid" 2>/dev/null || true; wait "$recod_pid" 2>/dev/null || true; }
  [[ -n $nginx_pid ]] && { kill -TERM "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; }
  rm -rf "$tmp"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for() {  # wait_for SECONDS COMMAND...: until the command succeeds
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    [[ $SECONDS -lt $deadline ]] || return 1
    sleep 0.2
  done
}

license=bench-license-key
start_recod() {  # start_recod wal|sync
  local mode=$1
  rm -rf "$tmp/data"
  cp -a "$store" "$tmp/data"
  cat >"$tmp/recod.json" <<EOF
{
  "server": { "listen": "127.0.0.1", "port": 0, "threads": 1 },
  "storage": { "data_dir": "$tmp/data", "durability": "$mode" },
  "log": { "level": "info" },
  "model": { "rebuild_interval": "1d" },
  "customers": { "bench": { "license_key": "$license", "demo_data": false } }
}
EOF
  rm -f "$tmp/recod.port"
  nice -n "$niceness" taskset -c 0 "$recod_bin" serve --config "$tmp/recod.json" --port-file "$tmp/recod.port" \
    2>>"$tmp/recod.log" &
  recod_pid=$!
  wait_for 60 test -s "$tmp/recod.port" || die "recod did not start: $(tail -5 "$tmp/recod.log")"
  recod_port=$(cat "$tmp/recod.port")
  recod_url=http://127.0.0.1:$recod_port
  # /readyz: serving, and every customer's first model built.
  wait_for 300 curl -sf "$recod_url/readyz" || die "recod's model was not built in time"
  log "recod ($mode) on port $recod_port: model $(curl -s -u "bench:$license" "$recod_url/api/bench/model")"
}
stop_recod() {
  kill -TERM "$recod_pid"
  wait "$recod_pid" || true
  recod_pid=""
}

start_nginx() {
  mkdir -p "$tmp/nginx/logs" "$tmp/nginx/tmp" "$tmp/www"
  nginx_port=$((20000 + RANDOM % 20000))
  cat >"$tmp/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/tmp/body;
  proxy_temp_path $tmp/nginx/tmp/proxy;
  fastcgi_temp_path $tmp/nginx/tmp/fastcgi;
  uwsgi_temp_path $tmp/nginx/tmp/uwsgi;
  scgi_temp_path $tmp/nginx/tmp/scgi;
  sendfile on;
  keepalive_requests 100000000;
  server {
    listen 127.0.0.1:$nginx_port;
    # Recommendations: a copy of a real recod answer (the same size), any path and query.
    location /api/v2/ {
      root $tmp/www;
      default_type "application/json; charset=utf-8";
      rewrite ^ /reco.json break;
    }
    # Tracking.
    location /api/ { return 204; }
    # recod's /healthz: the same answer ("ok" and a newline, as text).
    location = /healthz {
      default_type "text/plain; charset=utf-8";
      return 200 "ok\n";
    }
  }
}
EOF
  nice -n "$niceness" taskset -c 0 "$nginx_bin" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/logs/error.log" &
  nginx_pid=$!
  nginx_url=http://127.0.0.1:$nginx_port
  wait_for 10 curl -sf "$nginx_url/api/x" || die "nginx did not start: $(cat "$tmp/nginx/logs/error.log")"
}

# CPU time (clock ticks) used so far by the given processes, all threads: "user system".
cpu_ticks() {
  local user=0 system=0 pid u s
  for pid in "$@"; do
    read -r u s < <(awk '{ sub(/^.*\) /, ""); print $12, $13 }' "/proc/$pid/stat" 2>/dev/null ||
      echo 0 0)
    user=$((user + u))
    system=$((system + s))
  done
  echo "$user $system"
}
clk_tck=$(getconf CLK_TCK)

# The threads that answer requests: nginx's worker, recod's I/O threads (named recod-io-N;
# an older recod without thread names has none, and its "waited" figures read "-").
request_threads() {
  local t
  if [[ $1 == nginx ]]; then
    for t in $(pgrep -P "$nginx_pid"); do echo "/proc/$t/task/$t"; done
  else
    for t in /proc/"$recod_pid"/task/*; do
      [[ $(cat "$t/comm" 2>/dev/null) == recod-io-* ]] && echo "$t"
    done
  fi
  return 0
}
# recod's RocksDB threads (flushes and compactions), which share the servers' core.
background_threads() {
  local t
  [[ -n $recod_pid ]] || return 0
  for t in /proc/"$recod_pid"/task/*; do
    [[ $(cat "$t/comm" 2>/dev/null) == rocksdb:* ]] && echo "$t"
  done
  return 0
}
# schedstat_us FIELD TASKDIR...: the sum of one field of the threads' /proc schedstat, in
# µs (1: time on a CPU, 2: time ready to run but waiting for one); "-" without threads.
schedstat_us() {
  local field=$1
  shift
  [[ $# -gt 0 ]] || { echo -; return 0; }
  local dir
  for dir in "$@"; do cat "$dir/schedstat" 2>/dev/null || true; done |
    awk -v f="$field" '{ t += $f } END { printf "%.0f", t / 1000 }'
}
# Waits until recod's RocksDB threads have been idle for half a second (30 s at most): a
# flush or compaction that recod's last run left would otherwise take nginx's core during
# nginx's run (at 64 connections nginx got 86 % of it, before this wait).
quiesce_recod() {
  local -a threads
  mapfile -t threads < <(background_threads)
  [[ ${#threads[@]} -gt 0 ]] || return 0
  local deadline=$((SECONDS + 30)) last now
  last=$(schedstat_us 1 "${threads[@]}")
  while ((SECONDS < deadline)); do
    sleep 0.5
    now=$(schedstat_us 1 "${threads[@]}")
    [[ $now == "$last" ]] && return 0
    last=$now
  done
  log "recod's flushes or compactions still run after 30 s; measuring nginx anyway"
}

results=$tmp/results.txt
: >"$results"
# measure GROUP SERVER MODE CONNS SECONDS RECORD: one wrk run; RECORD=0 for a warm-up.
# Appends "group server conns rps p50_ms p99_ms non2xx sockerr cpu% load1 bytes/resp
# cpu_us/req wrk_cpu% waited_ms background_ms user_us/req system_us/req" (cpu% is the CPU
# time of the server per
# second of the run, all threads; wrk_cpu% the same for wrk: near 100 %, wrk is the limit,
# not the server; waited_ms how long the threads that answer requests were ready to run
# and not running; background_ms the CPU time of recod's RocksDB threads, in nginx's runs
# too).
measure() {
  local group=$1 server=$2 mode=$3 conns=$4 secs=$5 record=$6
  local url pids
  if [[ $server == nginx ]]; then
    url=$nginx_url
    pids="$nginx_pid $(pgrep -P "$nginx_pid" | tr '\n' ' ')"
  else
    url=$recod_url
    pids=$recod_pid
  fi
  local args=("$mode" "$users" "$items")
  [[ $mode == reco ]] && args+=("$store.items")
  local user0 system0 user1 system1 line wrk_cpu
  local -a answering background
  [[ $server == nginx ]] && quiesce_recod
  mapfile -t answering < <(request_threads "$server")
  mapfile -t background < <(background_threads)
  local waited0 bg0 waited1 bg1
  waited0=$(schedstat_us 2 "${answering[@]}")
  bg0=$(schedstat_us 1 "${background[@]}")
  # shellcheck disable=SC2086
  read -r user0 system0 <<<"$(cpu_ticks $pids)"
  {
    TIMEFORMAT='%U %S'
    time nice -n "$niceness" taskset -c 1 wrk -t1 -c"$conns" -d"${secs}s" --timeout 5s \
      ${headers[@]+"${headers[@]}"} -s "$repo/bench/http/load.lua" "$url" -- "${args[@]}" \
      >"$tmp/wrk.out"
  } 2>"$tmp/wrk.time"
  line=$(grep '^RESULT' "$tmp/wrk.out") || die "wrk failed against $server"
  wrk_cpu=$(tail -1 "$tmp/wrk.time" | awk -v s="$secs" '{ printf "%.0f", ($1 + $2) * 100 / s }')
  # shellcheck disable=SC2086
  read -r user1 system1 <<<"$(cpu_ticks $pids)"
  waited1=$(schedstat_us 2 "${answering[@]}")
  bg1=$(schedstat_us 1 "${background[@]}")
  [[ $record == 1 ]] || return 0
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  local user=$(((user1 - user0) * 100 / clk_tck)) system=$(((system1 - system0) * 100 / clk_tck))
  awk -v g="$group" -v s="$server" -v c="$conns" -v cpu=$((user + system)) -v user="$user" \
    -v sys="$system" -v secs="$secs" -v load="$load" -v wrk="$wrk_cpu" -v w0="$waited0" -v w1="$waited1" \
    -v b0="$bg0" -v b1="$bg1" '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      sec = v["duration_us"] / 1e6
      n = v["requests"]
      printf "%s %s %s %.0f %.3f %.3f %d %d %.0f %s %.0f %.1f %s %s %s %.1f %.1f\n", g, s, c, n / sec,
        v["p50_us"] / 1000, v["p99_us"] / 1000, v["non2xx"],
        v["connect"] + v["read"] + v["write"] + v["timeout"], cpu / secs, load,
        (n > 0 ? v["bytes"] / n : 0), (n > 0 ? cpu * 1e4 / n : 0), wrk,
        (w0 == "-" ? "-" : sprintf("%.1f", (w1 - w0) / 1000)),
        (b0 == "-" ? "-" : sprintf("%.1f", (b1 - b0) / 1000)),
        (n > 0 ? user * 1e4 / n : 0), (n > 0 ? sys * 1e4 / n : 0)
    }' <<<"$line" >>"$results"
}

connections=(1 16 64 256)
# side_by_side GROUP MODE: for each connection count, a warm-up of each server, then runs
# alternating nginx and recod.
side_by_side() {
  local group=$1 mode=$2 c r
  for c in "${connections[@]}"; do
    log "$group, $c connections"
    measure "$group" nginx "$mode" "$c" "$warmup" 0
    measure "$group" recod "$mode" "$c" "$warmup" 0
    for ((r = 0; r < runs; r++)); do
      measure "$group" nginx "$mode" "$c" "$duration" 1
      measure "$group" recod "$mode" "$c" "$duration" 1
    done
  done
}

# Rebuilds the model back to back until $tmp/stop-rebuilds exists; counts them.
rebuild_loop() {
  local n=0
  rm -f "$tmp/stop-rebuilds"
  while [[ ! -e $tmp/stop-rebuilds ]]; do
    taskset -c 1 curl -sf --max-time 300 -u "bench:$license" -X POST \
      "$recod_url/api/bench/model/rebuild" -o /dev/null || break
    n=$((n + 1))
  done
  echo $n >"$tmp/rebuilds"
}

# --- run ---------------------------------------------------------------------------------
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
uptime_start=$(uptime)
log "load: $uptime_start"
start_nginx
start_recod wal

# nginx's static answer: recod's own answer for the most popular item with a full one.
first_item=$(head -1 "$store.items" | cut -d' ' -f2)
curl -sf "$recod_url/api/v2/bench/user0/also_clicked.json?contextitems=$first_item&numrecs=10" \
  -o "$tmp/www/reco.json" || die "recod did not answer a recommendation"
chmod 644 "$tmp/www/reco.json"
reco_bytes=$(stat -c %s "$tmp/www/reco.json")
log "a typical answer is $reco_bytes bytes; nginx serves a copy"

side_by_side reco reco

log "reco at 64 connections, idle and during back-to-back rebuilds"
measure rebuild idle reco 64 "$warmup" 0
rebuilds_total=0
for ((r = 0; r < runs; r++)); do
  measure rebuild idle reco 64 "$duration" 1
  rebuild_loop &
  rebuild_pid=$!
  sleep 0.5  # the first rebuild has started
  measure rebuild rebuilding reco 64 "$duration" 1
  touch "$tmp/stop-rebuilds"
  wait "$rebuild_pid" || true  # until the rebuild in progress is done
  rebuild_pid=""
  rebuilds_total=$((rebuilds_total + $(cat "$tmp/rebuilds")))
done

# recod's /healthz has no store or model behind it: what is left of a request is the HTTP
# work that both servers do (receive, parse, route, answer, send). Its ratio is the ceiling
# of any of recod's routes on this machine. Before tracking: no flush of recod's runs on.
log "the HTTP work alone (/healthz), 64 connections"
measure http nginx health 64 "$warmup" 0
measure http recod health 64 "$warmup" 0
for ((r = 0; r < runs; r++)); do
  measure http nginx health 64 "$duration" 1
  measure http recod health 64 "$duration" 1
done

side_by_side track track
stop_recod
start_recod sync
side_by_side track-sync track
stop_recod
uptime_end=$(uptime)

# --- report ------------------------------------------------------------------------------
# median GROUP SERVER CONNS FIELD: the median over the runs of one column of results.txt.
median() {
  awk -v g="$1" -v s="$2" -v c="$3" -v f="$4" '$1 == g && $2 == s && $3 == c { print $f }' \
    "$results" | sort -g | awk '{ v[NR] = $1 } END {
      if (NR == 0) { print "-"; exit }
      print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
sum() {
  awk -v g="$1" -v s="$2" -v f="$3" '$1 == g && $2 == s { t += $f } END { print t + 0 }' "$results"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }
# worst GROUP SERVER: the highest p99 of a single run of the group, and its connections.
worst() {
  awk -v g="$1" -v s="$2" '$1 == g && $2 == s && (n++ == 0 || $6 + 0 > m + 0) { m = $6; c = $3; w = $14 }
    END { if (n == 0) print "-"; else printf "%s ms (%s connections; waited %s ms)", m, c, w }' "$results"
}

table() {  # table GROUP TITLE BASELINE
  local group=$1 c
  echo
  echo "### $2"
  echo
  echo "| conns | recod req/s | nginx req/s | ratio | recod p50 ms | recod p99 ms | nginx p50 ms | nginx p99 ms | p99 ratio | recod CPU µs/req | nginx CPU µs/req | ratio | recod CPU % | nginx CPU % | wrk CPU % | recod / nginx waited ms | recod background CPU ms in recod's / nginx's runs | load |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for c in "${connections[@]}"; do
    local rr nr r50 r99 n50 n99 rc nc cpu ncpu wrk waited background load
    rr=$(median "$group" recod "$c" 4); nr=$(median "$group" nginx "$c" 4)
    r50=$(median "$group" recod "$c" 5); r99=$(median "$group" recod "$c" 6)
    n50=$(median "$group" nginx "$c" 5); n99=$(median "$group" nginx "$c" 6)
    rc=$(median "$group" recod "$c" 12); nc=$(median "$group" nginx "$c" 12)
    cpu=$(median "$group" recod "$c" 9); ncpu=$(median "$group" nginx "$c" 9)
    wrk="$(median "$group" recod "$c" 13) / $(median "$group" nginx "$c" 13)"
    waited="$(median "$group" recod "$c" 14) / $(median "$group" nginx "$c" 14)"
    background="$(median "$group" recod "$c" 15) / $(median "$group" nginx "$c" 15)"
    load=$(median "$group" recod "$c" 10)
    echo "| $c | $rr | $nr | $(ratio "$rr" "$nr") | $r50 | $r99 | $n50 | $n99 | $(ratio "$r99" "$n99") | $rc | $nc | $(ratio "$rc" "$nc") | $cpu | $ncpu | $wrk | $waited | $background | $load |"
  done
  echo
  echo "Non-2xx answers: recod $(sum "$group" recod 7), nginx $(sum "$group" nginx 7); socket errors: recod $(sum "$group" recod 8), nginx $(sum "$group" nginx 8). Bytes per answer (headers included): recod $(median "$group" recod 64 11), nginx $(median "$group" nginx 64 11). The worst p99 of a single run (the table shows medians): recod $(worst "$group" recod), nginx $(worst "$group" nginx). CPU per request at 64 connections, user / system: recod $(median "$group" recod 64 16) / $(median "$group" recod 64 17) µs, nginx $(median "$group" nginx 64 16) / $(median "$group" nginx 64 17) µs."
}

met() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {
  x = v + 0; if (v == "-") { print "?"; exit }
  ok = (op == ">=") ? (x >= t) : (x <= t); printf "%.2fx %s %s: %s", x, op, t, ok ? "met" : "NOT met" }'; }
num() { local r; r=$(ratio "$1" "$2"); echo "${r%x}"; }

{
  echo "## recod vs nginx, $started"
  echo
  echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'). Servers on core 0 (recod --threads 1: \`$recod_bin\`, nginx worker_processes 1), wrk -t1 on core 1, all three at niceness $niceness; $runs run(s) of ${duration}s per figure after a ${warmup}s warm-up, medians; store: $events generated events over $items items; a typical answer $reco_bytes bytes; request header fields: $header_note."
  echo
  echo "Load average at the start: \`${uptime_start##*load average: }\`, at the end: \`${uptime_end##*load average: }\`. The \"load\" column is the 1-minute load average at the end of recod's runs (the median). \"CPU µs/req\" is the server's CPU time (all threads, user and system, without the kernel's softirq time for the loopback packets) per answered request; \"CPU %\" the CPU time per second of the run (100 % = a whole core), for wrk during recod's / nginx's runs: near 100 %, the load generator set the pace, not the server. \"Waited ms\" is how long the thread that answers (recod's I/O thread, nginx's worker) was ready to run and not running, per run (/proc schedstat): while other tasks had its core (for recod its own RocksDB threads among them, \"background CPU ms\" being their CPU time in the run; before each of nginx's runs the harness waits until they are idle; for both the kernel's threads and any other process), and while an idle virtual CPU woke up. See docs/performance.md, \"Where the tracking p99 comes from\"."
  table track "Tracking (click events, durability wal) vs nginx return 204"
  table track-sync "Tracking, durability sync (fsync before the answer) vs nginx return 204"
  table reco "Recommendations (also_clicked, numrecs 10, Zipf context item) vs nginx static JSON"
  echo
  echo "### The HTTP work alone at 64 connections: recod's /healthz vs nginx return 200 \"ok\""
  echo
  echo "| | req/s | p50 ms | p99 ms | CPU µs/req | user / system µs/req | CPU % | wrk CPU % | waited ms |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for s in recod nginx; do
    echo "| $s | $(median http $s 64 4) | $(median http $s 64 5) | $(median http $s 64 6) | $(median http $s 64 12) | $(median http $s 64 16) / $(median http $s 64 17) | $(median http $s 64 9) | $(median http $s 64 13) | $(median http $s 64 14) |"
  done
  echo
  echo "Ratio of req/s: $(ratio "$(median http recod 64 4)" "$(median http nginx 64 4)"), of CPU per request: $(ratio "$(median http recod 64 12)" "$(median http nginx 64 12)"). No store, no model, no event behind the answer: the ceiling of any of recod's routes on this machine."
  idle99=$(median rebuild idle 64 6); busy99=$(median rebuild rebuilding 64 6)
  echo
  echo "### Recommendations at 64 connections while the model is rebuilt"
  echo
  echo "| | req/s | p50 ms | p99 ms | recod CPU µs/req | recod CPU % | wrk CPU % | load |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for s in idle rebuilding; do
    echo "| $s | $(median rebuild $s 64 4) | $(median rebuild $s 64 5) | $(median rebuild $s 64 6) | $(median rebuild $s 64 12) | $(median rebuild $s 64 9) | $(median rebuild $s 64 13) | $(median rebuild $s 64 10) |"
  done
  echo
  echo "$rebuilds_total rebuilds completed during the $runs measured run(s); p99 during rebuilds / idle: $(ratio "$busy99" "$idle99")."
  echo
  echo "### Targets"
  echo
  echo "- tracking throughput >= 0.9x nginx (64 connections): $(met "$(num "$(median track recod 64 4)" "$(median track nginx 64 4)")" ">=" 0.9)"
  echo "- (no target) tracking throughput in sync durability (64 connections): $(ratio "$(median track-sync recod 64 4)" "$(median track-sync nginx 64 4)") nginx"
  echo "- (no target) the HTTP work alone, /healthz (64 connections): $(ratio "$(median http recod 64 4)" "$(median http nginx 64 4)") nginx"
  echo "- recommendation throughput >= 0.7x nginx (64 connections): $(met "$(num "$(median reco recod 64 4)" "$(median reco nginx 64 4)")" ">=" 0.7)"
  echo "- tracking p99 at 64 connections <= 2x nginx: $(met "$(num "$(median track recod 64 6)" "$(median track nginx 64 6)")" "<=" 2)"
  echo "- recommendation p99 at 64 connections <= 2x nginx: $(met "$(num "$(median reco recod 64 6)" "$(median reco nginx 64 6)")" "<=" 2)"
  echo "- recommendation p99 during rebuilds <= 1.5x idle: $(met "$(num "$busy99" "$idle99")" "<=" 1.5)"
  echo
  echo "Write stalls in recod's log over the whole run (\`storage is stalling writes\`: RocksDB stopped writes until a memtable flush caught up): $(grep -c 'storage is stalling writes' "$tmp/recod.log" || true). A run that contains one has a p99 of a tenth of a second or more (docs/performance.md, \"Background work on a saturated core\")."
} | tee "$out"
log "report written to $out"
