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

# Outgoing email: with no SMTP server configured, a local smtp4dev receives every message (nothing leaves the machine).
started_smtp=""
mail_ui=""
if [ -z "${Notifications__Smtp__Host:-}" ]; then
  source scripts/smtp4dev.sh
  smtp_port="${EGOV_SMTP_PORT:-2525}"
  mail_port="${EGOV_MAIL_UI_PORT:-5080}"
  for p in "$smtp_port" "$mail_port"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "Port $p is taken; set EGOV_SMTP_PORT / EGOV_MAIL_UI_PORT to free ports, or Notifications__Smtp__Host to your SMTP server." >&2; exit 1
    fi
  done
  echo "Starting smtp4dev (SMTP on port $smtp_port, web on port $mail_port)..."
  smtp4dev_start "$root/.data/smtp4dev" "$smtp_port" "$mail_port"
  started_smtp="$root/.data/smtp4dev"
  mail_ui="http://127.0.0.1:$mail_port"
  export Notifications__Smtp__Host=127.0.0.1 Notifications__Smtp__Port="$smtp_port" Notifications__Smtp__Security=None
fi

stop() { [ -n "$started_smtp" ] && smtp4dev_stop "$started_smtp"; [ -n "$started_pg" ] && pg_stop "$started_pg"; }
trap stop EXIT

cat <<INFO

  EGov.Platform is starting on $base_url ($ASPNETCORE_ENVIRONMENT)
    API reference (Scalar):  $base_url/scalar
    OpenID discovery:        $base_url/realms/egov/.well-known/openid-configuration
    Readiness:               $base_url/health/ready
    Outgoing mail (smtp4dev): ${mail_ui:-Notifications__Smtp__Host=$Notifications__Smtp__Host}
  A demo token (demo users and their roles: docs/identity.md; password egov-demo):
    curl -s -d grant_type=password -d client_id=egov-portal -d client_secret=egov-portal-dev-secret -d username=admin.jan -d password=egov-demo \\
      $base_url/realms/egov/protocol/openid-connect/token

INFO

dotnet run --project host/EGov.Host/EGov.Host.csproj -c Release --no-launch-profile
