#!/usr/bin/env bash
# Installs the Debian 12 packages recod needs to build, run and test, if any are missing.
# Only Debian packages, by name; nothing else is downloaded.
#   scripts/install-deps.sh          build + run
#   scripts/install-deps.sh --test   also what the tests and CI checks need
#   scripts/install-deps.sh --bench  also the HTTP benchmark's baseline and load generator
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libboost1.81-dev libboost-url1.81-dev
  librocksdb-dev nlohmann-json3-dev libspdlog-dev libexpat1-dev
)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(googletest libgtest-dev libbenchmark-dev clang-format clang-tidy curl chromium)
  # scripts/fuzz.sh: libFuzzer and the sanitizer runtimes come with clang's runtime package.
  packages+=(clang libclang-rt-14-dev)
  # The browser test's npm packages need npm; a node installed another way is fine too.
  if ! command -v npm >/dev/null; then
    packages+=(nodejs npm)
  fi
fi
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(nginx-light wrk)  # bench/http/run.sh
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "Installing missing Debian packages: ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
