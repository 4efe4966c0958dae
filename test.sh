#!/usr/bin/env bash
# Runs every test: installs the real data the tests read (scripts/setup.sh), builds, tests,
# and ends with one line `tests: N passed, M failed` summed over every test assembly.
set -uo pipefail
cd "$(dirname "$0")"

bash scripts/setup.sh || { echo "setup failed"; echo "tests: 0 passed, 1 failed"; exit 1; }

results="$(pwd)/TestResults"
rm -rf "$results"
dotnet build CnnGen.sln -c Release -nologo -v quiet || { echo "build failed"; echo "tests: 0 passed, 1 failed"; exit 1; }
dotnet test CnnGen.sln -c Release --no-build -nologo --logger trx --results-directory "$results" "$@"
status=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
  f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
echo "tests: $passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
