#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian 12 machine: the servers and native libraries the
# connectors talk to, and the npm engines the interop tests compare against. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libzstd1 postgresql-15 librdkafka1)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${missing[@]}"
fi

# The interop tests compare against DuckDB, Polars, apache-arrow and friends from npm, pinned by lockfiles.
for lock in Otters.Tests/Fixtures/*/tools/package-lock.json; do
  [ -e "$lock" ] || continue
  dir=$(dirname "$lock")
  if [ ! -d "$dir/node_modules" ] || [ "$lock" -nt "$dir/node_modules" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
