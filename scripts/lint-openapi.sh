#!/usr/bin/env bash
# Lints the committed OpenAPI documents (tests/EGov.Clients.Tests/openapi, the ones the clients are generated
# from and OpenApiSnapshotTests holds equal to the served ones) with Spectral's `spectral:oas` rules and Redocly's
# `recommended` rules, at the versions pinned in tests/openapi/package-lock.json. Fails on any error; warnings
# are printed. Run by ./test.sh before the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

tools=tests/openapi
documents=(tests/EGov.Clients.Tests/openapi/{g2c,g2b,g2g,g2e,notify,platform}.json)

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "lint-openapi: Node.js and npm are required to lint the OpenAPI documents (apt-get install nodejs npm)." >&2
  exit 1
fi

# No telemetry, no update checks.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true SCARF_ANALYTICS=false \
  NO_UPDATE_NOTIFIER=1 NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false

stamp="$tools/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$tools/package-lock.json" -nt "$stamp" ]; then
  echo "lint-openapi: installing the pinned linters (npm ci)..."
  (cd "$tools" && npm ci --silent --no-audit --no-fund)
fi

status=0
echo "lint-openapi: spectral lint (spectral:oas)"
"$tools/node_modules/.bin/spectral" lint --ruleset "$tools/.spectral.yaml" --fail-severity error "${documents[@]}" || status=1
echo "lint-openapi: redocly lint (recommended)"
# Node 20 is enough for this version; the banner about newer versions needing Node 22 is not about these documents.
"$tools/node_modules/.bin/redocly" lint --config "$tools/redocly.yaml" --format stylish "${documents[@]}" 2>&1 \
  | grep -v '^ *[╔║╚]' || true
"$tools/node_modules/.bin/redocly" lint --config "$tools/redocly.yaml" --format summary "${documents[@]}" >/dev/null 2>&1 || status=1

if [ "$status" -ne 0 ]; then
  echo "lint-openapi: errors in the OpenAPI documents (fix them in the server's declarations, see docs/clients.md)." >&2
else
  echo "lint-openapi: no errors"
fi
exit "$status"
