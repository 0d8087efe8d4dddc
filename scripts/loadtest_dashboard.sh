#!/usr/bin/env bash
# Issue 10's load test of the dashboard (bench/LOADTEST.md): a 50-candidate shortlist, 5 scorecards
# each, 2 sync gunicorn workers, 50 connections for 15 s, logged in as a hiring manager; /healthz
# with the same cookie in the same run. 127.0.0.1 only, a throwaway SQLite file and file cache.
# Knobs: LOADTEST_CONNECTIONS (50), LOADTEST_DURATION (15s), LOADTEST_WORKERS (2).
# Exits 1 when a target is missed.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
CONNECTIONS=${LOADTEST_CONNECTIONS:-50}
DURATION=${LOADTEST_DURATION:-15s}
WORKERS=${LOADTEST_WORKERS:-2}
OUT=bench/loadtest_dashboard

if ! command -v wrk >/dev/null 2>&1; then
  echo "== Installing wrk (Debian package)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

WORKDIR=$(mktemp -d)
GUNICORN_PID=""
cleanup() {
  if [[ -n $GUNICORN_PID ]] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID"
    wait "$GUNICORN_PID" 2>/dev/null || true
  fi
  rm -rf "$WORKDIR"
}
trap cleanup EXIT

export DATABASE_URL="sqlite:///$WORKDIR/db.sqlite3"
unset REDIS_URL  # the default cache: files shared by the workers of this machine
export CACHE_DIR=$WORKDIR/cache
export SECRET_KEY=${SECRET_KEY:-loadtest-only-secret-key-not-for-production}
export DEBUG=0 HTTPS=0 ALLOWED_HOSTS=127.0.0.1,localhost
export STATIC_ROOT=$WORKDIR/static

$BIN/python manage.py migrate --noinput --verbosity 0
$BIN/python manage.py collectstatic --noinput --verbosity 0
eval "$($BIN/python bench/loadtest_dashboard_setup.py)"
PORT=$($BIN/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT

echo "== gunicorn on 127.0.0.1:$PORT: $WORKERS sync workers"
$BIN/gunicorn cmquality.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --worker-class sync --backlog 2048 --timeout 60 --log-level warning 2>"${OUT}_gunicorn.log" &
GUNICORN_PID=$!
for _ in $(seq 1 60); do
  if curl -fsS "$BASE/healthz" >/dev/null 2>&1; then break; fi
  kill -0 "$GUNICORN_PID" || { echo "gunicorn died: see ${OUT}_gunicorn.log" >&2; exit 1; }
  sleep 0.5
done
# One view each worker may serve first: the dashboard is then as every later viewer finds it.
for _ in 1 2; do curl -fsS -o /dev/null -H "Cookie: $SESSION_COOKIE" "$BASE$DASHBOARD_PATH"; done

for page in healthz dashboard; do
  path=/healthz
  [[ $page == dashboard ]] && path=$DASHBOARD_PATH
  echo "== wrk: $page ($path), $CONNECTIONS connections, $DURATION"
  wrk --threads 2 --connections "$CONNECTIONS" --duration "$DURATION" --timeout 2s \
    --header "Cookie: $SESSION_COOKIE" --script bench/wrk_summary.lua "$BASE$path" | tee "${OUT}_$page.txt"
done

kill -TERM "$GUNICORN_PID"
wait "$GUNICORN_PID" 2>/dev/null || true
GUNICORN_PID=""
if grep -q "Traceback" "${OUT}_gunicorn.log"; then
  echo "gunicorn logged a traceback: see ${OUT}_gunicorn.log" >&2
  exit 1
fi
echo
$BIN/python bench/loadtest_dashboard_check.py "${OUT}_healthz.txt" "${OUT}_dashboard.txt"
