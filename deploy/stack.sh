#!/usr/bin/env bash
# The whole production layout on one machine, on loopback, from Debian packages:
# PostgreSQL with a streaming replica, Redis, two gunicorn app servers and
# Varnish in front. Everything lives under var/stack/ and listens on
# 127.0.0.1:$STACK_PORT.. (default 58000): see docs/operations.md.
#
#   deploy/stack.sh start   # `make stack`: create (once), start, migrate, import the seeds, print the URLs
#   deploy/stack.sh stop    # `make stack-stop`: stop what start started
#
# Needs: postgresql-15, redis-server, varnish, varnish-modules (apt-get install …)
# and the project's virtualenv (.venv).
set -euo pipefail
cd "$(dirname "$0")/.."

ROOT=$PWD
STACK=$ROOT/var/stack
PY=${PY:-$ROOT/.venv/bin/python}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
BASE=${STACK_PORT:-58000}
PG_PRIMARY=$((BASE + 32)) PG_REPLICA=$((BASE + 33)) REDIS=$((BASE + 79))
APP1=$((BASE + 1)) APP2=$((BASE + 2)) VARNISH=$((BASE + 80))

# PostgreSQL refuses to run as root: its tools then run as the postgres user.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {  # data directory, port
  as_postgres "$PG_BIN/pg_ctl" -D "$1" -l "$1.log" -w \
    -o "-p $2 -k $STACK -c listen_addresses=127.0.0.1" start >/dev/null
}

app_env() {
  cat <<EOF
DJANGO_SETTINGS_MODULE=newsroom.settings.prod
SECRET_KEY=$(cat "$STACK/secret_key")
ALLOWED_HOSTS=127.0.0.1,localhost
DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PRIMARY/newsroom
DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:$PG_REPLICA/newsroom
REDIS_URL=redis://127.0.0.1:$REDIS/0
STATIC_ROOT=$STACK/static
MEDIA_ROOT=$STACK/media
SECURE_SSL_REDIRECT=0
PAGE_CACHE_SECONDS=300
SHARED_CACHE_SECONDS=3600
VARNISH_PURGE_URLS=http://127.0.0.1:$VARNISH
EOF
}

start() {
  for tool in "$PG_BIN/initdb" redis-server varnishd; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install postgresql-15 redis-server varnish varnish-modules" >&2; exit 1; }
  done
  mkdir -p "$STACK"
  chmod 755 "$STACK"
  [ -s "$STACK/secret_key" ] || "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$STACK/secret_key"
  chmod 600 "$STACK/secret_key"
  [ "$(id -u)" = 0 ] && chown postgres "$STACK"

  # PostgreSQL: a primary that streams its WAL, and a standby made from it.
  if [ ! -d "$STACK/pg-primary" ]; then
    echo "== creating the PostgreSQL primary (port $PG_PRIMARY)"
    as_postgres "$PG_BIN/initdb" -D "$STACK/pg-primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    printf "wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\n" >>"$STACK/pg-primary/postgresql.conf"
    echo "host replication postgres 127.0.0.1/32 trust" >>"$STACK/pg-primary/pg_hba.conf"
    pg_start "$STACK/pg-primary" "$PG_PRIMARY"
    as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PRIMARY" -U postgres -qc "CREATE DATABASE newsroom" postgres
    echo "== creating the streaming replica (port $PG_REPLICA)"
    as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PRIMARY" -U postgres -D "$STACK/pg-replica" -R -X stream
  else
    pg_start "$STACK/pg-primary" "$PG_PRIMARY"
  fi
  pg_start "$STACK/pg-replica" "$PG_REPLICA"

  echo "== Redis (port $REDIS)"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS" --dir "$STACK" \
    --pidfile "$STACK/redis.pid" --logfile "$STACK/redis.log" --save "" --appendonly no

  set -a; eval "$(app_env)"; set +a
  echo "== migrate, import the seeds, collect static files"
  "$PY" manage.py migrate --noinput -v0
  "$PY" manage.py import_seeds -v1
  "$PY" manage.py collectstatic --noinput -v0
  "$PY" manage.py ensure_admin

  for port in "$APP1" "$APP2"; do
    echo "== gunicorn (port $port)"
    "$PY" -m gunicorn newsroom.wsgi:application --daemon --bind "127.0.0.1:$port" \
      --workers 2 --worker-class gthread --threads 4 \
      --pid "$STACK/app-$port.pid" --error-logfile "$STACK/app-$port.log"
  done

  echo "== Varnish (port $VARNISH)"
  cat >"$STACK/site.vcl" <<EOF
import directors;
probe healthz { .url = "/healthz"; .interval = 5s; .timeout = 2s; .window = 5; .threshold = 3; }
backend app1 { .host = "127.0.0.1"; .port = "$APP1"; .probe = healthz; }
backend app2 { .host = "127.0.0.1"; .port = "$APP2"; .probe = healthz; }
sub vcl_init { new app = directors.round_robin(); app.add_backend(app1); app.add_backend(app2); }
sub newsroom_backend { set req.backend_hint = app.backend(); }
acl purgers { "127.0.0.1"; }
acl tls_terminators { "127.0.0.1"; }
EOF
  # -j none: no privilege separation on a development machine (Debian's service sets up the varnish user).
  varnishd -j none -a "127.0.0.1:$VARNISH" -n "$STACK/varnish" -P "$STACK/varnish.pid" -T none \
    -f "$ROOT/deploy/varnish/default.vcl" -p "vcl_path=$STACK:$ROOT/deploy/varnish" -s malloc,256m

  for _ in $(seq 50); do
    curl -fsS -o /dev/null "http://127.0.0.1:$VARNISH/healthz" 2>/dev/null && break
    sleep 0.2
  done
  cat <<EOF

  Site (through Varnish):  http://127.0.0.1:$VARNISH/
  Admin:                   http://127.0.0.1:$VARNISH/admin/
  App servers:             http://127.0.0.1:$APP1/  http://127.0.0.1:$APP2/
  PostgreSQL:              primary 127.0.0.1:$PG_PRIMARY, replica 127.0.0.1:$PG_REPLICA (database newsroom)
  Redis:                   127.0.0.1:$REDIS
  Logs and data:           var/stack/      Stop with: make stack-stop

EOF
}

stop_pidfile() {  # pid file, name
  local pid
  pid=$(cat "$1" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    echo "== stopping $2"
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$1"
}

stop() {
  stop_pidfile "$STACK/varnish.pid" Varnish
  for port in "$APP1" "$APP2"; do stop_pidfile "$STACK/app-$port.pid" "gunicorn ($port)"; done
  stop_pidfile "$STACK/redis.pid" Redis
  for cluster in pg-replica pg-primary; do
    if [ -f "$STACK/$cluster/postmaster.pid" ]; then
      echo "== stopping PostgreSQL ($cluster)"
      as_postgres "$PG_BIN/pg_ctl" -D "$STACK/$cluster" -m fast -w stop >/dev/null
    fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
