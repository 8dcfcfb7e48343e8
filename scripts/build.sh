#!/usr/bin/env bash
# Builds dist/ (what bin/normforge.js runs; `npm ci` runs this as `prepare`): the CLI bundled by
# scripts/bundle.mjs into a fresh folder that then replaces dist/ whole, so no chunk of an earlier
# build lingers. Types are checked by `tsc --noEmit` in `npm test`, not here. The stamp dist/.built
# keeps the time the build started, so a source edited during the build still counts as newer and
# the bin falls back to the sources instead of running stale code.
set -euo pipefail
cd "$(dirname "$0")/.."
next=$(mktemp -d dist.next.XXXXXX)
trap 'rm -rf "$next"' EXIT
chmod 755 "$next"
touch "$next/.built"
node scripts/bundle.mjs "$next"
rm -rf dist
mv "$next" dist
