#!/usr/bin/env bash
# The session benchmark (docs/performance.md): the platform's session grains against a Redis and an EF Core/PostgreSQL
# baseline with the same HTTP contract and JWT validation, driven by bench/EGov.Bench.Load from a separate process.
#
#   ./bench/run.sh           full run (under 10 minutes on 2 cores once built)
#   ./bench/run.sh --quick   quick run (about 3 minutes once built)
#   ./bench/run.sh --quick --cluster-only   only the two-node cluster and failover phase (for working on it; the
#                            results stay in bench/results/tmp, sessions.json and sessions.md are not rewritten)
#
# It provisions everything under bench/.data (git-ignored): a PostgreSQL cluster of its own (scripts/postgres.sh) and a
# Redis (Debian package redis-server, installed when missing), each on a free loopback port; builds the platform and the
# bench projects in Release; starts the platform with the development issuer and DevelopmentIssuer:SyntheticCitizens;
# gets one real token per synthetic citizen from the token endpoint; runs the workloads; and writes
# bench/results/sessions.json and bench/results/sessions.md (a full run also the results section of docs/performance.md).
#
# It takes no lock itself. On a machine shared with others, hold the build lock for the whole run so nobody builds
# while it measures:  flock /tmp/egov-build.lock ./bench/run.sh --quick
#
# Knobs (environment): BENCH_CITIZENS (default 10000 quick / 20000 full), BENCH_CONNECTIONS (32),
# BENCH_SERVICES (comma-separated service codes of the drafts, default birth-certificate-copy, a seeded service), BENCH_FIELDS (field names
# of those services' forms, default personName,placeOfBirth), BENCH_REDIS_APPENDFSYNC (everysec),
# BENCH_FAILOVER_RATE (offered ops/s of the failover run; default half the two-node saturated rate),
# BENCH_BUSINESSES (companies registered for the business-session runs, default 1000 quick / 5000 full; at most the citizens).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
started_at=$(date +%s)

quick=false
cluster_only=false
for arg in "$@"; do
  case "$arg" in
    --quick) quick=true ;;
    --cluster-only) cluster_only=true ;;
    *) echo "usage: ./bench/run.sh [--quick] [--cluster-only]" >&2; exit 2 ;;
  esac
done

if $quick; then
  citizens=${BENCH_CITIZENS:-10000}; warmup=1; saturate=3; fixed=3; hot=2; auth=2; cold=3000; businesses=${BENCH_BUSINESSES:-1000}
  cluster_citizens=1000; cluster_warmup=3; cluster_saturate=5; failover_duration=12; failover_kill_after=5
else
  citizens=${BENCH_CITIZENS:-20000}; warmup=10; saturate=30; fixed=30; hot=10; auth=10; cold=10000; businesses=${BENCH_BUSINESSES:-5000}
  cluster_citizens=10000; cluster_warmup=20; cluster_saturate=15; failover_duration=40; failover_kill_after=15
fi
connections=${BENCH_CONNECTIONS:-32}
services=${BENCH_SERVICES:-birth-certificate-copy}
fields=${BENCH_FIELDS:-personName,placeOfBirth}
hot_citizens=8

data=$root/bench/.data
tmp=$root/bench/results/tmp
rm -rf "$tmp"
mkdir -p "$tmp" "$data"
chmod 755 "$data"

log() { printf '[bench %4ss] %s\n' "$(( $(date +%s) - started_at ))" "$*"; }

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not on PATH)." >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is required." >&2; exit 1; }

# --- processes we start, stopped on exit by their own ids -----------------------------------------------------------
pids=()
pg_data=$data/postgres
redis_dir=$data/redis
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -f "$redis_dir/redis.pid" ]; then kill "$(cat "$redis_dir/redis.pid")" 2>/dev/null || true; fi
  pg_stop "$pg_data" 2>/dev/null || true
}
trap cleanup EXIT

stop_pid() {
  local pid=$1 keep=() p
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${pids[@]}"; do [ "$p" = "$pid" ] || keep+=("$p"); done
  pids=("${keep[@]}")
}

# wait_http PID URL WHAT LOG [STATUS]: until URL answers STATUS (default 200), while process PID lives.
wait_http() {
  local pid=$1 url=$2 what=$3 log_file=$4 want=${5:-200} i
  for i in $(seq 1 240); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = "$want" ]; then return 0; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  echo "$what did not become ready at $url; last lines of $log_file:" >&2
  tail -n 30 "$log_file" >&2
  exit 1
}

# --- PostgreSQL ----------------------------------------------------------------------------------------------------
source scripts/postgres.sh
# free_port FROM: the first port from FROM on that nothing listens on and no socket uses in any state. All ports start
# below Linux's ephemeral range (32768-60999 by default), so no outgoing connection (to PostgreSQL, between silos, of
# the load generator) can take one between this check and the bind.
free_port() {
  local port=$1
  while :; do
    port=$(pg_free_port "$port") || return 1
    if ! command -v ss >/dev/null || [ -z "$(ss -Htan "( sport = :$port or dport = :$port )" 2>/dev/null)" ]; then
      echo "$port"; return 0
    fi
    port=$(( port + 1 ))
  done
}
pg_ensure_installed
pg_port=$(pg_free_port 25432)
log "PostgreSQL: own cluster in bench/.data/postgres on port $pg_port"
pg_start "$pg_data" "$pg_port"
for db in egov_bench bench_postgres; do
  pg_psql "$pg_port" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  pg_psql "$pg_port" -c "CREATE DATABASE $db"
done

# --- Redis -----------------------------------------------------------------------------------------------------------
if ! command -v redis-server >/dev/null; then
  log "Redis is not installed; installing redis-server from Debian packages"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
redis_port=$(pg_free_port 26379)
rm -rf "$redis_dir"; mkdir -p "$redis_dir"
redis-server --port "$redis_port" --bind 127.0.0.1 --protected-mode yes --dir "$redis_dir" --daemonize yes \
  --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" --save "" \
  --appendonly yes --appendfsync "${BENCH_REDIS_APPENDFSYNC:-everysec}"
for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
log "Redis $(redis-server --version | grep -o 'v=[0-9.]*') in bench/.data/redis on port $redis_port (appendonly, appendfsync ${BENCH_REDIS_APPENDFSYNC:-everysec})"

# --- build -----------------------------------------------------------------------------------------------------------
log "building the platform and the bench projects (Release)"
for project in host/EGov.Host/EGov.Host.csproj bench/EGov.Bench.Baseline/EGov.Bench.Baseline.csproj bench/EGov.Bench.Load/EGov.Bench.Load.csproj; do
  dotnet build "$project" -c Release -nologo -v q -clp:ErrorsOnly >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; exit 1; }
done
host_dir=$root/host/EGov.Host/bin/Release/net10.0
load=(dotnet "$root/bench/EGov.Bench.Load/bin/Release/net10.0/EGov.Bench.Load.dll")

# --- the platform ----------------------------------------------------------------------------------------------------
platform_port=$(free_port 28080)
silo_port=$(free_port 21111)
gateway_port=$(free_port 23000)
platform_url=http://127.0.0.1:$platform_port
authority=$platform_url/realms/egov
platform_pid=""
start_platform() {
  (
    cd "$host_dir"
    export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=$platform_url Keycloak__ServerUrl=$platform_url
    export ConnectionStrings__Platform="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=egov_bench"
    export Orleans__SiloPort=$silo_port Orleans__GatewayPort=$gateway_port
    export DevelopmentIssuer__SyntheticCitizens=$citizens DevelopmentIssuer__AccessTokenLifetimeSeconds=7200
    export DevelopmentIssuer__KeyFile=$data/dev-issuer/signing-key.pem
    export Logging__LogLevel__Default=Warning
    # Metrics at /metrics (the cluster phase reads Orleans' messaging counters there).
    export Telemetry__PrometheusEnabled=true
    exec dotnet EGov.Host.dll
  ) >>"$tmp/platform.log" 2>&1 &
  platform_pid=$!
  pids+=("$platform_pid")
  wait_http "$platform_pid" "$platform_url/health/ready" "The platform" "$tmp/platform.log"
}

baseline_pid=""
baseline_port=$(free_port 28180)
baseline_url=http://127.0.0.1:$baseline_port
start_baseline() {
  local store=$1
  (
    export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=$baseline_url
    export Bench__Store=$store Bench__Authority=$authority Bench__Powers=$data/powers.txt
    export ConnectionStrings__Redis="127.0.0.1:$redis_port"
    export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=bench_postgres"
    export Logging__LogLevel__Default=Warning
    exec dotnet "$root/bench/EGov.Bench.Baseline/bin/Release/net10.0/EGov.Bench.Baseline.dll"
  ) >>"$tmp/baseline-$store.log" 2>&1 &
  baseline_pid=$!
  pids+=("$baseline_pid")
  wait_http "$baseline_pid" "$baseline_url/api/g2c/session" "The $store baseline" "$tmp/baseline-$store.log" 401
}

rss() { awk '/^VmRSS:/ { print $2 * 1024 }' "/proc/$1/status"; }
# The live managed heap of the platform in bytes: dotnet-gcdump forces a full collection and counts what survives
# (0 when the tool cannot be installed or attached).
gcdump=$data/tools/dotnet-gcdump
if [ ! -x "$gcdump" ]; then
  dotnet tool install dotnet-gcdump --tool-path "$data/tools" >"$tmp/gcdump-install.log" 2>&1 || log "dotnet-gcdump could not be installed (see $tmp/gcdump-install.log): no managed-heap figure"
fi
heap() {
  local dump=$tmp/heap-$2.gcdump
  if [ -x "$gcdump" ] && "$gcdump" collect -p "$1" -o "$dump" >/dev/null 2>&1; then
    "$gcdump" report "$dump" 2>/dev/null | awk '/GC Heap bytes/ { gsub(",", "", $1); print $1; exit }'
  else
    echo 0
  fi
}
ops_per_sec() { jq -r '.opsPerSec' "$tmp/$1.json"; }

workload=(--services "$services" --fields "$fields" --connections "$connections" --tokens "$data/tokens.txt")

log "starting the platform on $platform_url (silo $silo_port, gateway $gateway_port, $citizens synthetic citizens)"
start_platform

log "getting $citizens tokens from the token endpoint"
"${load[@]}" tokens --base "$platform_url" --count "$citizens" --out "$data/tokens.txt" --concurrency 8

# --- (a) session grains ----------------------------------------------------------------------------------------------
# (--cluster-only skips everything up to the cluster phase)
if ! $cluster_only; then
sleep 2
heap_cold=$(heap "$platform_pid" cold)
# Every token is used once first (GET /api/platform/me activates no grain), so the validated-token cache is full
# before the sessions are counted and its share is reported on its own.
"${load[@]}" sweep --target "$platform_url" --tokens "$data/tokens.txt" --path /api/platform/me --concurrency "$connections" \
  --label token-warmup --out "$tmp/token-warmup.json" >/dev/null
rss_before=$(rss "$platform_pid"); heap_before=$(heap "$platform_pid" before)
log "grain: one ~1 KB draft per citizen ($citizens grains activated and written)"
"${load[@]}" prefill --target "$platform_url" --tokens "$data/tokens.txt" --services "$services" --fields "$fields" \
  --bytes 1024 --concurrency 64 --label prefill-grain --out "$tmp/prefill-grain.json"
sleep 2
rss_after=$(rss "$platform_pid"); heap_after=$(heap "$platform_pid" after)
printf '{"grains": %s, "bytesPerDraft": 1024, "rssBeforeBytes": %s, "rssAfterBytes": %s, "heapColdBytes": %s, "heapBeforeBytes": %s, "heapAfterBytes": %s}\n' \
  "$citizens" "$rss_before" "$rss_after" "$heap_cold" "$heap_before" "$heap_after" >"$tmp/memory.json"

run_store() {
  local store=$1 url=$2
  "${load[@]}" load --target "$url" "${workload[@]}" --warmup "$warmup" --duration "$saturate" --label "sat-$store" --out "$tmp/sat-$store.json"
  "${load[@]}" load --target "$url" "${workload[@]}" --warmup 1 --duration "$hot" --hot "$hot_citizens" --label "hot-$store" --out "$tmp/hot-$store.json"
}

log "grain: saturated and hot-citizen runs"
run_store grain "$platform_url"
rate=$(jq -r '(.opsPerSec / 2 | floor)' "$tmp/sat-grain.json")
[ "$rate" -gt 0 ] || { echo "The grain saturation run measured no throughput." >&2; exit 1; }
log "fixed-rate runs at half the grain store's saturated throughput: $rate ops/s"
"${load[@]}" load --target "$platform_url" "${workload[@]}" --warmup "$warmup" --duration "$fixed" --rate "$rate" --label fixed-grain --out "$tmp/fixed-grain.json"

# Business sessions: one company per citizen for the first $businesses citizens, registered through the API by the
# registrar with that citizen as director, so every session start and every draft write checks a real power in the register.
businesses=$(( businesses < citizens ? businesses : citizens ))
log "registering $businesses companies (business sessions)"
"${load[@]}" businesses --base "$platform_url" --tokens "$data/tokens.txt" --count "$businesses" \
  --out "$data/businesses.txt" --powers "$data/powers.txt" --concurrency 8
business_workload=(--businesses "$data/businesses.txt" --connections "$connections" --tokens "$data/tokens.txt")
run_business() {
  local store=$1 url=$2 rate_of_store=${3:-}
  "${load[@]}" prefill --target "$url" "${business_workload[@]}" --bytes 1024 --concurrency 64 --label "prefill-$store-business" --out "$tmp/prefill-$store-business.json"
  "${load[@]}" load --target "$url" "${business_workload[@]}" --warmup "$warmup" --duration "$saturate" --label "sat-$store-business" --out "$tmp/sat-$store-business.json"
  [ -n "$rate_of_store" ] || rate_of_store=$(jq -r '(.opsPerSec / 2 | floor)' "$tmp/sat-grain-business.json")
  "${load[@]}" load --target "$url" "${business_workload[@]}" --warmup "$warmup" --duration "$fixed" --rate "$rate_of_store" --label "fixed-$store-business" --out "$tmp/fixed-$store-business.json"
}
log "grain: business sessions (prefill, saturated, fixed rate at half the saturated throughput)"
run_business grain "$platform_url"

# --- (b) Redis and (c) EF Core on PostgreSQL -------------------------------------------------------------------------
for store in redis postgres; do
  log "$store baseline on $baseline_url"
  start_baseline "$store"
  "${load[@]}" prefill --target "$baseline_url" --tokens "$data/tokens.txt" --services "$services" --fields "$fields" \
    --bytes 1024 --concurrency 64 --label "prefill-$store" --out "$tmp/prefill-$store.json"
  run_store "$store" "$baseline_url"
  "${load[@]}" load --target "$baseline_url" "${workload[@]}" --warmup "$warmup" --duration "$fixed" --rate "$rate" --label "fixed-$store" --out "$tmp/fixed-$store.json"
  if [ "$store" = redis ]; then
    log "authenticated versus anonymous GET session (Redis baseline)"
    "${load[@]}" load --target "$baseline_url" "${workload[@]}" --read-share 1 --warmup 1 --duration "$auth" --label auth-redis --out "$tmp/auth-redis.json"
    "${load[@]}" load --target "$baseline_url" "${workload[@]}" --read-share 1 --warmup 1 --duration "$auth" \
      --anonymous-prefix /anon/g2c/session --label anon-redis --out "$tmp/anon-redis.json"
  fi
  log "$store baseline: business sessions"
  run_business "$store" "$baseline_url"
  stop_pid "$baseline_pid"
done

# --- cold activations ------------------------------------------------------------------------------------------------
log "restarting the platform: cold activations (every session loaded from PostgreSQL)"
stop_pid "$platform_pid"
start_platform
"${load[@]}" sweep --target "$platform_url" --tokens "$data/tokens.txt" --limit "$cold" --concurrency "$connections" --label cold --out "$tmp/cold.json"
fi
stop_pid "$platform_pid"

# --- two-node cluster and SIGKILL failover -------------------------------------------------------------------------
# Nodes A and B: one PostgreSQL database (a copy of the grain store's, so every citizen has a draft), PostgreSQL
# membership, each with its own HTTP, silo and gateway ports on loopback. Both run the development issuer with the same
# signing key and the same issuer URL as the single node ($platform_url, answered from memory, never over the network),
# so the tokens fetched above are valid on both and killing either node leaves the other one validating them.
cluster_db=egov_cluster
cluster_id=bench-$$
pg_psql "$pg_port" -c "DROP DATABASE IF EXISTS $cluster_db WITH (FORCE)"
pg_psql "$pg_port" -c "CREATE DATABASE $cluster_db TEMPLATE egov_bench"
node_urls=(); node_pids=(); node_logs=()
launch_node() {
  local name=$1 n=${#node_urls[@]} port silo gateway url
  port=$(free_port $(( platform_port + 10 + n * 10 )))
  silo=$(free_port $(( silo_port + 10 + n * 10 )))
  gateway=$(free_port $(( gateway_port + 10 + n * 10 )))
  url=http://127.0.0.1:$port
  (
    cd "$host_dir"
    export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=$url Keycloak__ServerUrl=$platform_url
    export ConnectionStrings__Platform="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$cluster_db"
    export Orleans__Membership=PostgreSQL Orleans__ClusterId=$cluster_id Orleans__AdvertisedIPAddress=127.0.0.1
    export Orleans__SiloPort=$silo Orleans__GatewayPort=$gateway
    export DevelopmentIssuer__SyntheticCitizens=$citizens DevelopmentIssuer__AccessTokenLifetimeSeconds=7200
    export DevelopmentIssuer__KeyFile=$data/dev-issuer/signing-key.pem
    export Logging__LogLevel__Default=Warning Telemetry__PrometheusEnabled=true
    exec dotnet EGov.Host.dll
  ) >>"$tmp/node-$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  node_urls+=("$url"); node_pids+=("$pid"); node_logs+=("$tmp/node-$name.log")
  log "node $name on $url (silo $silo, gateway $gateway, pid $pid)"
}
active_silos() {
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -d "$cluster_db" -qtA \
    -c "SELECT count(*) FROM orleans.membership WHERE deployment_id = '$cluster_id' AND status = 3"
}
log "cluster: two nodes on PostgreSQL membership (database $cluster_db, cluster id $cluster_id), started together"
launch_node A
launch_node B
for i in 0 1; do wait_http "${node_pids[$i]}" "${node_urls[$i]}/health/ready" "Node $i" "${node_logs[$i]}"; done
for _ in $(seq 1 120); do [ "$(active_silos)" = 2 ] && break; sleep 0.5; done
[ "$(active_silos)" = 2 ] || { echo "The cluster did not reach 2 active silos; see $tmp/node-*.log" >&2; exit 1; }
cluster_targets=$(IFS=,; echo "${node_urls[*]}")
# The single-node runs found every session active (the prefill activated them); activate them here too, through both
# nodes, so the saturated run measures the same thing and not cold activations.
# The cluster phase uses the first $cluster_citizens citizens (fewer than the single-node runs, to keep its time down).
cluster_citizens=$(( cluster_citizens < citizens ? cluster_citizens : citizens ))
head -n "$cluster_citizens" "$data/tokens.txt" >"$tmp/cluster-tokens.txt"
log "cluster: activating $cluster_citizens sessions through both nodes"
"${load[@]}" sweep --target "$cluster_targets" --tokens "$tmp/cluster-tokens.txt" --concurrency "$connections" --label cluster-activate --out "$tmp/cluster-activate.json"
log "cluster: saturated run through both nodes ($connections connections split across A and B)"
# The nodes are fresh processes (the single node had minutes of work behind it): a longer warm-up lets their JIT
# finish tiering up before the measurement.
"${load[@]}" load --target "$cluster_targets" "${workload[@]}" --tokens "$tmp/cluster-tokens.txt" --warmup "$cluster_warmup" --duration "$cluster_saturate" \
  --cluster-metrics --label sat-cluster --out "$tmp/sat-cluster.json"
# Half of what the two nodes sustained together: on one machine two nodes share the cores, so half of the one-node
# rate can exceed the cluster's capacity, and an overloaded run never shows a recovery.
failover_rate=${BENCH_FAILOVER_RATE:-$(jq -r '(.opsPerSec / 2 | floor)' "$tmp/sat-cluster.json")}
[ "$failover_rate" -gt 0 ] || { echo "The two-node saturation run measured no throughput." >&2; exit 1; }
log "failover: $failover_rate ops/s through both nodes for ${failover_duration} s, SIGKILL to node B after ${failover_kill_after} s"
"${load[@]}" failover --targets "$cluster_targets" --tokens "$tmp/cluster-tokens.txt" --services "$services" --fields "$fields" \
  --connections "$connections" --rate "$failover_rate" --duration "$failover_duration" --kill-after "$failover_kill_after" \
  --kill-pid "${node_pids[1]}" --kill-target 1 --label failover --out "$tmp/failover.json" || true
# Node B is dead (killed by the generator, by its pid): reap it and forget its pid, never signal it again.
wait "${node_pids[1]}" 2>/dev/null || true
keep=(); for p in "${pids[@]}"; do [ "$p" = "${node_pids[1]}" ] || keep+=("$p"); done; pids=("${keep[@]}")
psql -h 127.0.0.1 -p "$pg_port" -U postgres -d "$cluster_db" -qtA -F ' ' \
  -c "SELECT port, status FROM orleans.membership WHERE deployment_id = '$cluster_id' ORDER BY port" >"$tmp/membership-after.txt" || true
stop_pid "${node_pids[0]}"
if $cluster_only; then
  log "done (--cluster-only): results in $tmp"
  jq -c 'del(.timeline)' "$tmp/sat-cluster.json" "$tmp/failover.json" 2>/dev/null || true
  exit 0
fi

# --- report ----------------------------------------------------------------------------------------------------------
model=$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)
memory=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
machine="$(nproc) CPUs ($model), $memory RAM, $(uname -sr), .NET $(dotnet --version), PostgreSQL $(pg_as_owner "$(pg_bin_dir)/postgres" --version | grep -o '[0-9][0-9.]*' | head -n 1), Redis $(redis-server --version | grep -o 'v=[0-9.]*' | cut -c3-)"
command_line="./bench/run.sh$($quick && echo ' --quick' || true)"
notes="Load generator, platform, baselines, PostgreSQL and Redis share the same $(nproc) CPUs, so every figure includes the generator's own CPU use.|Workload: $connections connections, 80 % GET /api/g2c/session and 20 % PUT /api/g2c/session/drafts/{code} of one small field, citizens uniform over all $citizens (hot variant: $hot_citizens citizens); each citizen holds a ~1 KB draft first.|Saturated: closed loop, ${saturate} s after ${warmup} s warm-up; latencies: fixed rate of half the grain store's saturated ops/s for ${fixed} s, measured from each request's intended send time (coordinated-omission corrected).|Business sessions: the first $businesses citizens, each the director of one company registered through the API; 80 % GET /api/g2b/businesses/{number}/session and 20 % PUT …/session/drafts/{kind} of one small member (kinds ChangeOfAddress and Appointment), each session holding a ~1 KB draft filing first; the power to act is checked on every request (the platform: the register's officers in PostgreSQL on every session start and every write; the baselines: a set in the same store); fixed rate at half the grain's saturated business-session ops/s.|Durability differs: grain and PostgreSQL baseline commit to PostgreSQL (fsync on) before answering; Redis answers before its append-only file is fsynced (everysec)."
"${load[@]}" report --dir "$tmp" --json bench/results/sessions.json --markdown "$tmp/table.md" \
  --command "$command_line" --machine "$machine" --citizens "$citizens" --notes "$notes" $($quick && echo --quick || true)

# The table: bench/results/sessions.md on every run; a full run also rewrites the results section of docs/performance.md.
cp "$tmp/table.md" bench/results/sessions.md
doc=docs/performance.md
if ! $quick && grep -q '<!-- bench:results:start -->' "$doc"; then
  awk -v table="$tmp/table.md" '
    /<!-- bench:results:start -->/ { print; while ((getline line < table) > 0) print line; skipping = 1; next }
    /<!-- bench:results:end -->/ { skipping = 0 }
    !skipping { print }' "$doc" >"$tmp/performance.md"
  cp "$tmp/performance.md" "$doc"
fi
log "done: bench/results/sessions.json and bench/results/sessions.md$($quick || echo " and $doc")"
cat "$tmp/table.md"
