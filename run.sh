#!/usr/bin/env bash
# Runs the platform. With no ConnectionStrings__Platform set, it installs PostgreSQL from Debian packages if
# needed and starts a local cluster whose data lives in .data/postgres (git-ignored, reused by the next run),
# then runs the host with the embedded development identity issuer.
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not on PATH)." >&2; exit 1; }

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:8080}"
base_url="${ASPNETCORE_URLS%%;*}"
base_url="${base_url/0.0.0.0/localhost}"; base_url="${base_url/\[::\]/localhost}"; base_url="${base_url/+/localhost}"; base_url="${base_url/\*/localhost}"
export Keycloak__ServerUrl="${Keycloak__ServerUrl:-$base_url}"

started_pg=""
if [ -z "${ConnectionStrings__Platform:-}" ]; then
  source scripts/postgres.sh
  pg_ensure_installed
  data="$root/.data/postgres"
  port="${EGOV_PG_PORT:-55432}"
  if pg_is_running "$data"; then
    port=$(sed -n '4p' "$data/postmaster.pid")
  else
    pg_port_free "$port" || { echo "Port $port is taken; set EGOV_PG_PORT to a free port." >&2; exit 1; }
    echo "Starting the local PostgreSQL (data in .data/postgres, port $port)..."
    pg_start "$data" "$port"
    started_pg="$data"
  fi
  if [ "$(pg_psql "$port" -c "SELECT 1 FROM pg_database WHERE datname = 'egov'")" != "1" ]; then
    pg_psql "$port" -c "CREATE DATABASE egov"
  fi
  export ConnectionStrings__Platform="Host=127.0.0.1;Port=$port;Username=postgres;Database=egov"
fi

stop() { [ -n "$started_pg" ] && pg_stop "$started_pg"; }
trap stop EXIT

cat <<INFO

  EGov.Platform is starting on $base_url ($ASPNETCORE_ENVIRONMENT)
    API reference (Scalar):  $base_url/scalar
    OpenID discovery:        $base_url/realms/egov/.well-known/openid-configuration
    Readiness:               $base_url/health/ready
  A demo token (demo users and their roles: docs/identity.md; password egov-demo):
    curl -s -d grant_type=password -d client_id=egov-portal -d username=admin.jan -d password=egov-demo \\
      $base_url/realms/egov/protocol/openid-connect/token

INFO

dotnet run --project host/EGov.Host/EGov.Host.csproj -c Release --no-launch-profile
