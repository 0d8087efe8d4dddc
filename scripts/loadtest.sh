#!/usr/bin/env bash
# Load test: 50 concurrent users against gunicorn, then a check of the database (bench/LOADTEST.md).
# DATABASE_URL=postgres://… tests PostgreSQL (the database is created when missing);
# otherwise a throwaway SQLite file under bench/.
# Knobs: LOADTEST_USERS (50), LOADTEST_SPAWN_RATE (10), LOADTEST_TIME (30s),
# LOADTEST_WORKERS (2 × cores + 1), LOADTEST_THREADS (1), LOADTEST_WORKER_CLASS (sync, or gthread),
# LOADTEST_FRESH=1 (SQLite: seed from scratch instead of from the cached seeded copy).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
USERS=${LOADTEST_USERS:-50}
SPAWN_RATE=${LOADTEST_SPAWN_RATE:-10}
RUN_TIME=${LOADTEST_TIME:-30s}
WORKERS=${LOADTEST_WORKERS:-$((2 * $(nproc) + 1))}
THREADS=${LOADTEST_THREADS:-1}
WORKER_CLASS=${LOADTEST_WORKER_CLASS:-sync}
OUT=bench/loadtest
# Seeding 200 candidates × 60 recruiters takes minutes: SQLite runs start from a copy of the last
# seeded file (git-ignored), which migrate and the idempotent seed_demo then bring up to date.
SEED_CACHE=bench/loadtest-seed.sqlite3

if [[ ! -x $BIN/locust ]]; then
  echo "== Installing locust into $BIN (the 'load' extra)"
  $BIN/python -m pip install --quiet ".[load]"
fi

sqlite_copy() {
  $BIN/python -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).backup(sqlite3.connect(sys.argv[2]))' "$1" "$2"
}

WORKDIR=$(mktemp -d)
SQLITE_FILE=""
if [[ -z ${DATABASE_URL:-} ]]; then
  SQLITE_FILE=$PWD/bench/loadtest-$$.sqlite3
  # The settings give any SQLite database IMMEDIATE transactions and a 20 s busy timeout.
  export DATABASE_URL="sqlite:///$SQLITE_FILE"
  if [[ -f $SEED_CACHE && ${LOADTEST_FRESH:-0} != 1 ]]; then
    sqlite_copy "$SEED_CACHE" "$SQLITE_FILE"
  fi
fi
export SECRET_KEY=${SECRET_KEY:-loadtest-only-secret-key-not-for-production}
export DEBUG=0 HTTPS=0 ALLOWED_HOSTS=127.0.0.1,localhost
export STATIC_ROOT=$WORKDIR/static
export LOADTEST_PASSWORD=${LOADTEST_PASSWORD:-load-test-Pa55word}
export LOADTEST_PLAN=$WORKDIR/plan.json
export LOADTEST_SUBMISSIONS=${OUT}_submissions.jsonl
PORT=$($BIN/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
GUNICORN_PID=""

cleanup() {
  if [[ -n $GUNICORN_PID ]] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID"
    wait "$GUNICORN_PID" 2>/dev/null || true
  fi
  rm -rf "$WORKDIR"
  [[ -z $SQLITE_FILE ]] || rm -f "$SQLITE_FILE" "$SQLITE_FILE-wal" "$SQLITE_FILE-shm" "$SQLITE_FILE-journal"
}
trap cleanup EXIT

# Scheme and database name only: the URL may hold a password.
echo "== Database: ${DATABASE_URL%%://*} ${DATABASE_URL##*/}"
$BIN/python scripts/ensure_database.py
$BIN/python manage.py migrate --noinput --verbosity 0
echo "== Demo data (200 candidates, 60 recruiters; idempotent, minutes the first time)"
$BIN/python manage.py seed_demo --candidates 200 --interviewers 60 --shortlist 12 --verbosity 0
[[ -z $SQLITE_FILE ]] || sqlite_copy "$SQLITE_FILE" "$SEED_CACHE"
$BIN/python bench/loadtest_setup.py --plan "$LOADTEST_PLAN"
$BIN/python manage.py collectstatic --noinput --verbosity 0

echo "== gunicorn on 127.0.0.1:$PORT: $WORKERS workers × $THREADS threads ($WORKER_CLASS)"
# The server's log: Django logs each 409 as a warning, and each 5xx with its traceback.
$BIN/gunicorn cmquality.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --threads "$THREADS" --worker-class "$WORKER_CLASS" --backlog 256 --timeout 60 \
  --log-level warning 2>"${OUT}_gunicorn.log" &
GUNICORN_PID=$!
for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then break; fi
  kill -0 "$GUNICORN_PID" || { echo "gunicorn died: see ${OUT}_gunicorn.log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null

echo "== locust: $USERS users (spawn rate $SPAWN_RATE/s) for $RUN_TIME"
# --stop-timeout lets each user finish the task in flight, so that no submit is cut between
# the server's commit and locust's record of it. The run is judged after the check has printed.
LOCUST_STATUS=0
$BIN/locust -f bench/locustfile.py --headless -u "$USERS" -r "$SPAWN_RATE" -t "$RUN_TIME" \
  --stop-timeout 60 --only-summary --csv "$OUT" --host "http://127.0.0.1:$PORT" \
  --loglevel WARNING || LOCUST_STATUS=$?

kill -TERM "$GUNICORN_PID"
wait "$GUNICORN_PID" 2>/dev/null || true
GUNICORN_PID=""
SERVER_ERRORS=$(grep -c "Traceback" "${OUT}_gunicorn.log" || true)

echo "== Check"
CHECK_STATUS=0
$BIN/python bench/loadtest_check.py --plan "$LOADTEST_PLAN" --submissions "$LOADTEST_SUBMISSIONS" \
  --stats "${OUT}_stats.csv" || CHECK_STATUS=$?
if ((SERVER_ERRORS > 0)); then
  echo "gunicorn logged $SERVER_ERRORS tracebacks: see ${OUT}_gunicorn.log" >&2
fi
if ((LOCUST_STATUS != 0)); then
  echo "locust exited with status $LOCUST_STATUS (a failed request or an error in the locustfile)" >&2
fi
((CHECK_STATUS == 0 && LOCUST_STATUS == 0 && SERVER_ERRORS == 0))
