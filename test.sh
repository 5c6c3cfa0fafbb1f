#!/usr/bin/env bash
# Runs every FlipFlow test, installing what they need first (Chromium, PostgreSQL, npm packages):
#   1. build with warnings as errors;
#   2. all tests on SQLite: domain, integration over HTTP on a real Kestrel port, browser tests in Chromium;
#   3. the integration suite again on PostgreSQL.
# A missing prerequisite fails the run; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")"

scripts/test-prerequisites.sh
dotnet tool restore >/dev/null
dotnet build FlipFlow.sln --nologo -v quiet -clp:NoSummary

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

run_suite() {
  local name=$1; shift
  local code=0
  echo
  echo "=== $name ==="
  "$@" --no-build --nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" > "$results/$name.log" 2>&1 || code=$?
  grep -E '^\s*(Failed|Passed!|Failed!|Error Message)|\[FAIL\]' "$results/$name.log" || true
  if [ "$code" -ne 0 ]; then
    echo "--- $name: dotnet test exited $code; each failure with its message (up to 40 lines):"
    awk '/^  Failed /{show=1; lines=0} show{print; lines++; if (/^  Stack Trace:/ || lines >= 40) show=0}' "$results/$name.log"
    echo "--- $name: the end of its output:"
    tail -n 30 "$results/$name.log"
  fi
  return "$code"
}

status=0
run_suite sqlite dotnet test FlipFlow.Tests || status=1
FLIPFLOW_TEST_PROVIDER=PostgreSql run_suite postgresql dotnet test FlipFlow.Tests --filter "Category=Integration" || status=1

# One closing line over both runs, counted from their result files.
passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  passed=$((passed + $(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")))
  failed=$((failed + $(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")))
done
echo
if [ "$passed" -eq 0 ]; then
  echo "No test ran." >&2
  status=1
fi
echo "$passed passed, $failed failed"
exit $status
