#!/usr/bin/env bash
# Builds dist/ (what bin/normforge.js runs; `npm ci` runs this as `prepare`): the CLI bundled by
# scripts/bundle.mjs into a fresh folder, then copied into dist/. Chunk names carry their content's
# hash, so a command already running from dist/ still finds the chunks it loads later: earlier
# builds' chunks are kept for a day, then removed. Types are checked by `tsc --noEmit` in
# `npm test`, not here. The stamp dist/.built keeps the time the build started and is copied last,
# so a half-copied dist/ never counts as fresh, and a source edited during the build still counts
# as newer: the bin then falls back to the sources instead of running stale code.
set -euo pipefail
cd "$(dirname "$0")/.."
next=$(mktemp -d dist.next.XXXXXX)
trap 'rm -rf "$next"' EXIT
touch "$next/.built"
node scripts/bundle.mjs "$next"
mkdir -p dist/chunks dist/cli
cp -p "$next"/chunks/* dist/chunks/
cp -p "$next"/cli/* dist/cli/
find dist/chunks -type f -mmin +1440 -delete
cp -p "$next/.built" dist/.built
