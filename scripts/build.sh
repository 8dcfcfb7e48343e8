#!/usr/bin/env bash
# Compiles src/ to dist/ (what bin/normforge.js runs; `npm ci` runs this as `prepare`). The stamp
# dist/.built keeps the time the build started, so a source edited during the build still counts
# as newer and the bin falls back to the sources instead of running stale code.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p dist
stamp=$(mktemp dist/.built.XXXXXX)
trap 'rm -f "$stamp"' EXIT
tsc -p tsconfig.build.json
mv "$stamp" dist/.built
