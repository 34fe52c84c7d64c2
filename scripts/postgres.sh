# Local PostgreSQL clusters for ./run.sh and ./test.sh, from Debian's packages.
# Never touches a system cluster: every cluster here lives in a folder of its own (the caller's, or, when the
# postgres user cannot reach that, one under /var/lib/egov-platform linked from it), on a port of its own,
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
  # From /, so postgres does not complain about a working folder it cannot enter; every path given here is absolute.
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
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

# Where clusters live whose own folder the postgres user cannot reach (see pg_data_dir).
pg_system_dir() {
  echo "${EGOV_PG_SYSTEM_DIR:-/var/lib/egov-platform}"
}

# pg_can_reach DIR: whether the cluster owner can traverse DIR and every folder above it. As root the cluster runs
# as 'postgres', which cannot pass a mode-700 home such as /root; as anyone else it runs as that user.
pg_can_reach() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- test -x "$1" 2>/dev/null; else test -x "$1"; fi
}

# pg_data_dir DATA_DIR: the folder PostgreSQL really uses for DATA_DIR, as an absolute path: DATA_DIR itself, or the
# target of the link an earlier pg_start made to a folder under pg_system_dir.
pg_data_dir() {
  realpath -m "$1"
}

# pg_relocate DATA_DIR: when the cluster owner cannot reach DATA_DIR's parent, keeps the data in
# $(pg_system_dir)/<hash of DATA_DIR's path>/postgres (owned by postgres) and makes DATA_DIR a link to it, so the
# next run finds the same data through the same path. Nothing in the user's folders changes mode.
pg_relocate() {
  local data="$1" parent key home target
  [ -L "$data" ] && return 0
  parent=$(dirname "$data")
  mkdir -p "$parent"
  pg_can_reach "$parent" && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL cannot reach $parent (a parent folder is not traversable by $(id -un))." >&2
    return 1
  fi
  key=$(printf '%s' "$(realpath -m "$data")" | sha256sum | cut -c1-16)
  home="$(pg_system_dir)/$key"
  target="$home/postgres"
  mkdir -p "$home"
  chmod 755 "$(pg_system_dir)" "$home"
  printf '%s\n' "$(realpath -m "$data")" >"$home/data-for"
  if [ -d "$data" ]; then
    # A folder left by an earlier attempt (nothing could be initialised in it) or moved here by hand: keep its content.
    if [ -e "$target" ]; then rmdir "$data" 2>/dev/null || { echo "Both $data and $target exist; remove one." >&2; return 1; }
    else mv "$data" "$target"; fi
  fi
  mkdir -p "$target"
  chown postgres:postgres "$target"
  ln -s "$target" "$data"
  pg_can_reach "$target" || { echo "The postgres user cannot reach $target either." >&2; return 1; }
  echo "The postgres user cannot reach $parent, so the data of $data lives in $target ($data links to it)." >&2
}

# pg_start DATA_DIR PORT [extra postgres options]
# Creates the cluster when DATA_DIR is empty (trust auth on 127.0.0.1 only), then starts it. When the postgres user
# cannot reach DATA_DIR (a clone in /root), the data goes to a folder of its own under pg_system_dir (pg_relocate).
pg_start() {
  local data="$1" port="$2"; shift 2
  local bin; bin=$(pg_bin_dir)
  pg_relocate "$data" || return 1
  data=$(pg_data_dir "$data")
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
  local data bin; data=$(pg_data_dir "$1"); bin=$(pg_bin_dir)
  [ -f "$data/postmaster.pid" ] && pg_as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1
  return 0
}

pg_is_running() {
  local data bin; data=$(pg_data_dir "$1"); bin=$(pg_bin_dir)
  pg_as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

# pg_psql PORT SQL...
pg_psql() {
  local port="$1"; shift
  psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}
