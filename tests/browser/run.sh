#!/usr/bin/env bash
# CTest entry of the browser test: starts `recod serve` (the built-in default config, so the
# demo shop is loaded) on a free loopback port with a temp data dir, runs demo.spec.mjs
# against it, and stops recod. Usage: run.sh RECOD_BINARY
set -euo pipefail
recod=${1:?usage: run.sh RECOD_BINARY}
here="$(cd "$(dirname "$0")" && pwd)"
work=$(mktemp -d)
cleanup() {
  if [[ -n "${pid:-}" ]]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  echo "playwright-core is not installed: run npm ci --prefix tests/browser (scripts/test.sh does)" >&2
  exit 1
fi

"$recod" serve --data-dir "$work/data" --port 0 --port-file "$work/port" --log-level warn \
  >"$work/recod.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  [[ -s "$work/port" ]] && break
  sleep 0.1
done
port=$(cat "$work/port" 2>/dev/null || true)
if [[ -z "$port" ]]; then
  echo "recod did not start:" >&2
  cat "$work/recod.log" >&2
  exit 1
fi
# Ready once the demo data is loaded and the first model built.
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break
  sleep 0.1
done
node "$here/demo.spec.mjs" "http://127.0.0.1:$port"
