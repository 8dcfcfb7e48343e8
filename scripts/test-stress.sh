#!/usr/bin/env bash
# `npm run test:stress`: two full test suites at once, each with the CPU shared by the other (as on
# a busy CI machine), so a test that leans on timing shows up. Builds dist/ once first (the bin
# runs it), then reports both results; fails when either suite fails.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh || exit 1
logs=$(mktemp -d -t normforge-stress-XXXXXX)
start=$(date +%s)
npx vitest run >"$logs/suite-1.log" 2>&1 &
first=$!
npx vitest run >"$logs/suite-2.log" 2>&1 &
second=$!
wait "$first"
code1=$?
wait "$second"
code2=$?
for n in 1 2; do
  code_var="code$n"
  echo "suite $n: exit ${!code_var} (log: $logs/suite-$n.log)"
  sed 's/\x1b\[[0-9;]*m//g' "$logs/suite-$n.log" | grep -E '^ *(Test Files|Tests|Duration) ' | sed 's/^/  /'
  sed 's/\x1b\[[0-9;]*m//g' "$logs/suite-$n.log" | grep -E '^ *(FAIL|×) ' | sed 's/^/  /'
done
echo "both suites together: $(($(date +%s) - start)) s wall"
[ "$code1" -eq 0 ] && [ "$code2" -eq 0 ]
