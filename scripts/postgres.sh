#!/usr/bin/env bash
# A PostgreSQL server of the project's own on loopback, for the tests and the benchmark:
# installs Debian's postgresql when it is missing, makes a cluster in target/postgres on first
# use (trust authentication, loopback only, durability settings off: it holds test data only),
# starts it if it is not running, and prints its URL (without a database name), e.g.
#   postgres://espace@127.0.0.1:54329
# `scripts/postgres.sh stop` stops it, `remove` deletes it, `fresh` starts a new one. Idempotent. PostgreSQL refuses to run as root, so as
# root the server runs as Debian's postgres user.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${POSTGRES_PORT:-54329} # for a new cluster
DATA="$PWD/target/postgres"
log() { printf '\033[1m[postgres]\033[0m %s\n' "$*" >&2; }

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  log "installing Debian postgresql"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  # the package starts a cluster of its own on 5432; ours is separate
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() { [ -f "$DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null || true; }
case "${1:-}" in
  stop) stop; exit 0 ;;
  # the test run's databases go with the cluster: the next run starts from a new one
  remove) stop; rm -rf "$DATA"; exit 0 ;;
  fresh) stop; rm -rf "$DATA" ;;
esac

if [ ! -f "$DATA/PG_VERSION" ]; then
  log "making a cluster in $DATA"
  mkdir -p "$DATA"
  [ "$(id -u)" = 0 ] && chown postgres: "$DATA"
  chmod 700 "$DATA"
  # C.UTF-8: text sorts by code point, as SQLite's BINARY collation does
  as_owner "$BIN/initdb" -D "$DATA" -U espace --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  cat >> "$DATA/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DATA'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
# no replica, no archive: the WAL is recycled after each checkpoint instead of growing to 1 GB
wal_level = minimal
max_wal_senders = 0
max_wal_size = 64MB
EOF
fi

# the port the cluster was made with
PORT=$(sed -n 's/^port = //p' "$DATA/postgresql.conf" | tail -1)

if ! as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  log "starting on 127.0.0.1:$PORT"
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w start >/dev/null
fi
echo "postgres://espace@127.0.0.1:$PORT"
