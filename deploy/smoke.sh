#!/usr/bin/env bash
# Black-box smoke test of a running EGov.Platform deployment.
#
#   deploy/smoke.sh URL                       e.g. deploy/smoke.sh http://localhost:8080
#   KEYCLOAK_URL=http://localhost:8081 deploy/smoke.sh http://localhost:8080     (compose: tokens from Keycloak)
#
# Checks liveness and readiness, the OpenID discovery document, a password-grant token for demo users, and one call
# per module (G2G agencies list, G2C session, G2B and G2E OpenAPI documents plus the platform's module list).
# Needs bash, curl and python3. Exits non-zero on the first failure, naming it.
#
# Environment: KEYCLOAK_URL (default: URL, where the development issuer answers), REALM (egov), CLIENT_ID
# (egov-portal), CLIENT_SECRET (egov-portal-dev-secret), DEMO_PASSWORD (egov-demo), ADMIN_USER (admin.jan), CITIZEN_USER (citizen.anna), TIMEOUT (10 s per call).
set -uo pipefail

if [ $# -lt 1 ] || [ -z "$1" ]; then
  echo "usage: $0 URL   (the platform's base URL, e.g. http://localhost:8080)" >&2
  exit 2
fi
for tool in curl python3; do
  command -v "$tool" >/dev/null || { echo "smoke: $tool is required" >&2; exit 2; }
done

base="${1%/}"
keycloak="${KEYCLOAK_URL:-$base}"; keycloak="${keycloak%/}"
realm="${REALM:-egov}"
client_id="${CLIENT_ID:-egov-portal}"
client_secret="${CLIENT_SECRET:-egov-portal-dev-secret}"
password="${DEMO_PASSWORD:-egov-demo}"
admin_user="${ADMIN_USER:-admin.jan}"
citizen_user="${CITIZEN_USER:-citizen.anna}"
timeout="${TIMEOUT:-10}"

body=$(mktemp); trap 'rm -f "$body"' EXIT
passed=0

pass() { passed=$((passed + 1)); printf '  ok    %s\n' "$1"; }
fail() { printf '  FAIL  %s\n' "$1" >&2; [ -s "$body" ] && head -c 400 "$body" | sed 's/^/        /' >&2 && echo >&2; echo "smoke: FAILED after $passed checks" >&2; exit 1; }

# request NAME EXPECTED_STATUS curl-args... : runs curl, keeps the body in $body, fails unless the status matches.
request() {
  local name=$1 expected=$2; shift 2
  local status
  status=$(curl -sS -o "$body" -w '%{http_code}' --max-time "$timeout" "$@" 2>"$body.err") || { cat "$body.err" > "$body"; rm -f "$body.err"; fail "$name: no answer"; }
  rm -f "$body.err"
  [ "$status" = "$expected" ] || fail "$name: HTTP $status, expected $expected"
}

# json EXPRESSION : evaluates a Python expression on the parsed body (as `d`); fails the check when it is false.
json() {
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$body" "$1" 2>/dev/null
}

token_for() {
  local user=$1
  request "token for $user" 200 -X POST "$keycloak/realms/$realm/protocol/openid-connect/token" \
    --data-urlencode grant_type=password --data-urlencode "client_id=$client_id" --data-urlencode "client_secret=$client_secret" \
    --data-urlencode "username=$user" --data-urlencode "password=$password" --data-urlencode scope=openid
  json 'd.get("token_type","").lower()=="bearer" and d["access_token"].count(".")==2' || fail "token for $user: no bearer access token"
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["access_token"])' "$body"
}

echo "Smoke test of $base (tokens from $keycloak/realms/$realm)"

request "liveness /health/live" 200 "$base/health/live"; pass "liveness"
request "readiness /health/ready" 200 "$base/health/ready"
json 'd["status"] in ("Healthy","Degraded")' || fail "readiness: status is not Healthy"
pass "readiness ($(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["status"])' "$body"))"

request "discovery document" 200 "$keycloak/realms/$realm/.well-known/openid-configuration"
json 'd["issuer"].endswith("/realms/'"$realm"'") and "jwks_uri" in d and "token_endpoint" in d' || fail "discovery document: issuer, jwks_uri or token_endpoint missing"
pass "discovery document (issuer $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["issuer"])' "$body"))"

admin_token=$(token_for "$admin_user") || exit 1; pass "token for $admin_user"
citizen_token=$(token_for "$citizen_user") || exit 1; pass "token for $citizen_user"

request "platform: who am I" 200 -H "Authorization: Bearer $admin_token" "$base/api/platform/me"
json 'd["username"]=="'"$admin_user"'" and "platform-admin" in d["roles"]' || fail "platform: $admin_user is not seen as platform-admin"
pass "platform: the API accepts the token ($admin_user, platform-admin)"

request "platform: anonymous call refused" 401 "$base/api/platform/me"; pass "platform: anonymous call refused (401)"

request "platform: modules" 200 "$base/api/platform/modules"
for code in g2c g2b g2g g2e; do
  json 'any(m["code"]=="'"$code"'" for m in d)' || fail "platform: module $code is not running"
done
pass "platform: modules g2c g2b g2g g2e running"

request "G2G: agencies list" 200 -H "Authorization: Bearer $admin_token" "$base/api/g2g/agencies"
json 'isinstance(d.get("items", d), list)' || fail "G2G: agencies list is not a list"
pass "G2G: agencies list"

request "G2C: citizen session" 200 -H "Authorization: Bearer $citizen_token" "$base/api/g2c/session"
json '"drafts" in d' || fail "G2C: session has no drafts"
pass "G2C: session of $citizen_user"

request "G2C: session refused to a non-citizen" 403 -H "Authorization: Bearer $admin_token" "$base/api/g2c/session"
pass "G2C: session refused to $admin_user (403)"

for code in g2b g2e; do
  request "${code^^}: OpenAPI document" 200 "$base/openapi/$code.json"
  json 'd["openapi"].startswith("3.") and "paths" in d' || fail "${code^^}: not an OpenAPI document"
  pass "${code^^}: OpenAPI document"
done

echo "smoke: all $passed checks passed"
