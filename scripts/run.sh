#!/usr/bin/env bash
# The run command: install what is missing, build recod (release), and start it on the
# default config (config/recod.json: port 8080, data under ./data, demo customer 00000).
# Extra arguments go to `recod serve`, e.g. scripts/run.sh --port 9090 --log-level debug
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DRECOD_TESTS=OFF >/dev/null
cmake --build build/release --target recod -j"$(nproc)"
exec build/release/src/recod serve --config config/recod.json "$@"
