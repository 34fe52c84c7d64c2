#!/usr/bin/env bash
# Builds the portal's stylesheet (GOV.UK Frontend's Sass with the platform's brand, host/EGov.Portal/assets/_brand.scss)
# and copies GOV.UK Frontend's script into host/EGov.Portal/wwwroot. The output is committed, so neither ./test.sh,
# ./run.sh nor a container build needs Node; run this after changing the brand or the pinned versions
# (host/EGov.Portal/assets/package.json), then commit wwwroot. The versions used are written to wwwroot/VERSIONS.txt.
set -euo pipefail
cd "$(dirname "$0")/../host/EGov.Portal/assets"
command -v npm >/dev/null || { echo "npm is required to build the portal's assets." >&2; exit 1; }
npm ci --no-audit --no-fund --ignore-scripts >/dev/null
node build.mjs
