#!/usr/bin/env bash
# Runs every test of the platform against a throwaway PostgreSQL, in one `dotnet test` over the solution.
# Ends with the line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"
source scripts/postgres.sh
source scripts/smtp4dev.sh

pg_ensure_installed

# The portal's browser tests drive Debian's Chromium (Playwright's own browser download is not used).
if [ -z "${EGOV_CHROMIUM:-}" ] && ! command -v chromium >/dev/null; then
  echo "test: Chromium is not installed; installing it from Debian packages..." >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  command -v chromium >/dev/null || { echo "Chromium could not be installed." >&2; exit 1; }
fi
command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not on PATH)." >&2; exit 1; }

work=$(mktemp -d /tmp/egov-test.XXXXXX)
chmod 755 "$work"
port=$(pg_free_port 56432)
cleanup() { smtp4dev_stop "$work/smtp4dev"; pg_stop "$work/pg"; rm -rf "$work"; }
trap cleanup EXIT

# A throwaway cluster: durability settings off for speed (never do this with data you keep).
pg_start "$work/pg" "$port" -c fsync=off -c synchronous_commit=off -c full_page_writes=off
export EGOV_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Include Error Detail=false"
export EGOV_TEST_PG_DATA="$work/pg"
export EGOV_TEST_PG_PORT="$port"
# The SMTP server the notification tests mail to (smtp4dev; they read what it received through its HTTP API).
smtp_port=$(smtp4dev_free_port 52525)
smtp_api_port=$(smtp4dev_free_port 55080)
smtp4dev_start "$work/smtp4dev" "$smtp_port" "$smtp_api_port"
export EGOV_TEST_SMTP_PORT="$smtp_port"
export EGOV_TEST_SMTP_API="http://127.0.0.1:$smtp_api_port"
# Suites that summarise a run (the OpenAPI fuzzer's request counts) leave a text file here; shown at the end.
export EGOV_TEST_REPORTS="$work/reports"

# The committed OpenAPI documents (held equal to the served ones by OpenApiSnapshotTests) pass Spectral and Redocly.
if ! scripts/lint-openapi.sh; then
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

# The standard OpenID Connect relying party the identity tests run (tests/oidc-rp: openid-client, jose), pinned by
# its package-lock.json; installed like the OpenAPI linters.
rp=tests/oidc-rp
if [ ! -f "$rp/node_modules/.package-lock.json" ] || [ "$rp/package-lock.json" -nt "$rp/node_modules/.package-lock.json" ]; then
  echo "test: installing the pinned OpenID Connect relying party (npm ci in $rp)..."
  (cd "$rp" && NPM_CONFIG_UPDATE_NOTIFIER=false npm ci --silent --no-audit --no-fund)
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
# The names of failed tests, last, so a truncated log still shows them.
if [ "$failed" -gt 0 ]; then
  echo "Failed tests:"
  grep -aE '^\s*failed [A-Za-z_][A-Za-z0-9_.]*' "$log" | grep -avE 'failed with [0-9]+ error' | sed -E 's/^\s*/  /' | head -n 40 || true
fi
for report in "$EGOV_TEST_REPORTS"/*.txt; do
  if [ -f "$report" ]; then head -n 1 "$report"; fi
done
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
