#!/usr/bin/env bash
# Load run: gunicorn (2 workers) on the city demo, wrk for 60 s over the read-only pages
# (county overview, a branch roll, the members API, the organization list) as the county persona.
#   DATABASE_URL=... bench/load.sh [duration=60s] [connections=8]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-60s}
CONNECTIONS=${2:-8}
PORT=${LOAD_PORT:-8123}
export DJANGO_ENV=${DJANGO_ENV:-development}  # the demo data uses the public dev keys
mapfile -t lines < <(.venv/bin/python -m bench.load_session county)
export LOAD_SESSION=${lines[0]}
export LOAD_PATHS=${LOAD_PATHS_OVERRIDE:-$(IFS=,; echo "${lines[*]:1}")}
# one persona hammers the members API: lift the per-user API throttle (600/min) for the measurement
JICENG_API_RATE_USER=${JICENG_API_RATE_USER:-1000000/min} DJANGO_DEBUG=0 .venv/bin/gunicorn config.wsgi --workers 2 --bind 127.0.0.1:$PORT --log-level warning &
GPID=$!
trap 'kill $GPID' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break; sleep 0.2; done
echo "paths: $LOAD_PATHS"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s bench/load.lua "http://127.0.0.1:$PORT"
