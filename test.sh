#!/usr/bin/env bash
# Runs every test of the platform against a throwaway PostgreSQL, in one `dotnet test` over the solution.
# Ends with the line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"
source scripts/postgres.sh

pg_ensure_installed
command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not on PATH)." >&2; exit 1; }

work=$(mktemp -d /tmp/egov-test.XXXXXX)
chmod 755 "$work"
port=$(pg_free_port 56432)
cleanup() { pg_stop "$work/pg"; rm -rf "$work"; }
trap cleanup EXIT

# A throwaway cluster: durability settings off for speed (never do this with data you keep).
pg_start "$work/pg" "$port" -c fsync=off -c synchronous_commit=off -c full_page_writes=off
export EGOV_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Include Error Detail=false"
export EGOV_TEST_PG_DATA="$work/pg"
export EGOV_TEST_PG_PORT="$port"
# Suites that summarise a run (the OpenAPI fuzzer's request counts) leave a text file here; shown at the end.
export EGOV_TEST_REPORTS="$work/reports"

# The committed OpenAPI documents (held equal to the served ones by OpenApiSnapshotTests) pass Spectral and Redocly.
if ! scripts/lint-openapi.sh; then
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

log="$work/test.log"
set +e
dotnet test --solution EGov.Platform.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

passed=$(grep -aE '^\s*succeeded: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
failed=$(grep -aE '^\s*failed: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
skipped=$(grep -aE '^\s*skipped: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
for report in "$EGOV_TEST_REPORTS"/*.txt; do
  if [ -f "$report" ]; then head -n 1 "$report"; fi
done
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
