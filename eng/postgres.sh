#!/usr/bin/env bash
# A private PostgreSQL cluster for the PosAuth tests (and CI): never the machine's own server, never a system port.
#
#   eng/postgres.sh start   install Debian's postgresql if missing (as root, after apt-get update), initdb a cluster in
#                           a private folder as an unprivileged user, listen on a Unix socket in that folder and on a
#                           free port of 127.0.0.1 only, create the database, and print the environment to use:
#                               eval "$(eng/postgres.sh start)"
#                           Idempotent: a cluster that exists is started again (same port, same data).
#   eng/postgres.sh env     print the same export lines for a started cluster
#   eng/postgres.sh stop    stop the cluster and delete its folder
#   eng/postgres.sh crash   stop it like a power cut (pg_ctl stop -m immediate), keeping the data; `start` recovers it
#   eng/postgres.sh status  exit 0 when the cluster is running
#
# Exports POSAUTH_TEST_POSTGRES (an Npgsql connection string) and POSAUTH_PG_DIR (the cluster folder).
# The folder is $POSAUTH_PG_DIR if set, otherwise one per checkout under ${TMPDIR:-/tmp}. PostgreSQL refuses to run as
# root, so as root the cluster belongs to the system user "posauth-pg" (created if missing); otherwise to the caller.
# Messages go to stderr; only the export lines go to stdout.
set -euo pipefail

command="${1:-}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${POSAUTH_PG_DIR:-${TMPDIR:-/tmp}/posauth-pg-$(printf '%s' "$repo" | cksum | cut -d' ' -f1)}"
pg_user="posauth-pg"
db_user="posauth"
database="posauth_test"

say() { echo "postgres.sh: $*" >&2; }
die() { say "$*"; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

find_bin() {
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$found" ] && [ -x "$found/initdb" ] && echo "$found"
}

install_postgres() {
  if find_bin >/dev/null; then return; fi
  is_root || die "PostgreSQL is not installed. Run this script as root (it installs Debian's postgresql) or install it yourself."
  say "installing Debian's postgresql (apt-get update first)"
  # Do not let the package create and start a 'main' cluster on port 5432: the tests use their own.
  if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    mkdir -p /etc/postgresql-common
    echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf
  fi
  # One apt at a time: CI installs its other prerequisites in the background with the same lock (eng/install-prerequisites.sh).
  exec 9>/tmp/posauth-apt.lock
  flock 9
  if ! find_bin >/dev/null; then
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confold postgresql >&2
  fi
  exec 9>&-
  find_bin >/dev/null || die "postgresql was installed but no /usr/lib/postgresql/*/bin/initdb was found"
}

ensure_user() {
  is_root || return 0
  if ! id "$pg_user" >/dev/null 2>&1; then
    say "creating system user $pg_user"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$pg_user"
  fi
}

# Runs a PostgreSQL program as the cluster's owner, from inside the cluster folder.
as_owner() {
  if is_root; then
    (cd "$dir" && runuser -u "$pg_user" -- "$@")
  else
    (cd "$dir" && "$@")
  fi
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pick_port() {
  local port i
  for i in $(seq 1 50); do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    if port_free "$port"; then echo "$port"; return; fi
  done
  die "no free loopback port found"
}

write_port_config() {
  local port="$1"
  echo "$port" >"$dir/port"
  cat >"$dir/data/posauth.conf" <<EOF
# Written by eng/postgres.sh. Durable settings on purpose: the crash tests rely on them.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/socket'
max_connections = 300
shared_buffers = 64MB
fsync = on
synchronous_commit = on
full_page_writes = on
logging_collector = off
EOF
  if is_root; then chown "$pg_user" "$dir/data/posauth.conf"; fi
}

running() {
  local bin
  bin="$(find_bin)" || return 1
  [ -f "$dir/data/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

print_env() {
  [ -f "$dir/port" ] && [ -f "$dir/password" ] || die "no cluster in $dir; run: eng/postgres.sh start"
  local port password
  port="$(cat "$dir/port")"
  password="$(cat "$dir/password")"
  echo "export POSAUTH_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Database=$database;Username=$db_user;Password=$password'"
  echo "export POSAUTH_PG_DIR='$dir'"
}

start() {
  install_postgres
  ensure_user
  local bin
  bin="$(find_bin)"
  mkdir -p "$dir"
  chmod 700 "$dir"
  if is_root; then chown "$pg_user" "$dir"; fi

  if [ ! -f "$dir/data/PG_VERSION" ]; then
    say "initdb in $dir/data"
    rm -rf "$dir/data" "$dir/socket"
    head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$dir/password"
    chmod 600 "$dir/password"
    if is_root; then chown "$pg_user" "$dir/password"; fi
    as_owner mkdir -p "$dir/socket"
    as_owner "$bin/initdb" -D "$dir/data" -U "$db_user" --pwfile="$dir/password" --auth=scram-sha-256 \
      --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    echo "include_if_exists = 'posauth.conf'" >>"$dir/data/postgresql.conf"
    write_port_config "$(pick_port)"
  fi

  if ! running; then
    local attempt
    for attempt in 1 2 3 4 5; do
      if ! port_free "$(cat "$dir/port")"; then write_port_config "$(pick_port)"; fi
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 start >&2; then break; fi
      [ "$attempt" -lt 5 ] || { tail -n 30 "$dir/server.log" >&2 || true; die "the server did not start"; }
      say "start failed (port taken?); trying another port"
      write_port_config "$(pick_port)"
    done
  fi

  local port
  port="$(cat "$dir/port")"
  export PGPASSWORD
  PGPASSWORD="$(cat "$dir/password")"
  if [ "$(as_owner env PGPASSWORD="$PGPASSWORD" "$bin/psql" -h "$dir/socket" -p "$port" -U "$db_user" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$database'")" != "1" ]; then
    as_owner env PGPASSWORD="$PGPASSWORD" "$bin/createdb" -h "$dir/socket" -p "$port" -U "$db_user" "$database"
  fi
  say "PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') running on 127.0.0.1:$port (socket in $dir/socket)"
  print_env
}

stop() {
  local bin
  if bin="$(find_bin)" && running; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >&2 || as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >&2 || true
  fi
  rm -rf "$dir"
  say "stopped and removed $dir"
}

crash() {
  local bin
  bin="$(find_bin)" || die "PostgreSQL is not installed"
  running || die "no running cluster in $dir"
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >&2
}

case "$command" in
  start) start ;;
  env) print_env ;;
  stop) stop ;;
  crash) crash ;;
  status) running ;;
  *) echo "usage: eng/postgres.sh start|stop|env|crash|status" >&2; exit 2 ;;
esac
