# Local PostgreSQL clusters for ./run.sh and ./test.sh, from Debian's packages.
# Never touches a system cluster: every cluster here lives in a folder of its own, on a port of its own,
# listening on 127.0.0.1 only. Sourced, not run.

pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

pg_ensure_installed() {
  if [ -n "$(pg_bin_dir)" ]; then return 0; fi
  echo "PostgreSQL is not installed; installing it from Debian packages..." >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # The package may try to start a system cluster; ours never uses it.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  [ -n "$(pg_bin_dir)" ] || { echo "PostgreSQL could not be installed." >&2; return 1; }
}

# Runs a PostgreSQL program as the cluster owner: 'postgres' when we are root (PostgreSQL refuses root).
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pg_free_port() {
  local port
  for port in $(seq "${1:-55432}" $(( ${1:-55432} + 200 ))); do
    if pg_port_free "$port"; then echo "$port"; return 0; fi
  done
  return 1
}

# pg_start DATA_DIR PORT [extra postgres options]
# Creates the cluster when DATA_DIR is empty (trust auth on 127.0.0.1 only), then starts it.
pg_start() {
  local data="$1" port="$2"; shift 2
  local bin; bin=$(pg_bin_dir)
  mkdir -p "$data"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$data"
    if ! runuser -u postgres -- test -w "$data"; then
      echo "The postgres user cannot reach $data (a parent folder is not traversable)." >&2
      return 1
    fi
  fi
  chmod 700 "$data"
  if [ ! -f "$data/PG_VERSION" ]; then
    pg_as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$data/../initdb.log" 2>&1 \
      || { cat "$data/../initdb.log" >&2; return 1; }
  fi
  mkdir -p "$data/socket" && [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data/socket"
  pg_as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-p $port -k $data/socket -c listen_addresses=127.0.0.1 -c max_connections=300 $*" start >/dev/null \
    || { tail -n 20 "$data/server.log" >&2; return 1; }
}

pg_stop() {
  local data="$1" bin; bin=$(pg_bin_dir)
  [ -f "$data/postmaster.pid" ] && pg_as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1
  return 0
}

pg_is_running() {
  local data="$1" bin; bin=$(pg_bin_dir)
  pg_as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

# pg_psql PORT SQL...
pg_psql() {
  local port="$1"; shift
  psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}
