#!/usr/bin/env bash
# Property-based test of the data exchange API (/api/v1/) against its own OpenAPI document.
#
# Starts the app with gunicorn on a free local port, on a throw-away SQLite database with the
# demo data and the demo external system, runs Schemathesis with the demo token, stops the
# server and exits non-zero on any failure (a 5xx, or a response that does not match the
# schema: every status an operation can return is declared with the error schema).
#
# The checks hold the API to its documents (issue 18, finding 8): besides "no 5xx" and "every
# answer matches its schema", every status and content type must be a documented one, invalid
# data (a boolean for an id, a malformed Idempotency-Key, a wrong type) must be refused with a 4xx,
# a request without the required Idempotency-Key header must be refused, and a wrong method gets
# 405 with an Allow header. Schemathesis generates valid and invalid data (--mode all, its
# default); repeats of a key with another body get the documented 422 idempotency_key_reused.
# The 415 (a body that is not JSON) and 413 (a body over the limit) answers have their own tests
# in zhicheng/exchange/tests/test_api_contract.py.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
PY="$ROOT/.venv/bin/python"
DEMO_TOKEN="zc_demo_guangzhou_0000000000000000000000000000"

VAR_DIR="$(mktemp -d)"
export ZHICHENG_VAR_DIR="$VAR_DIR"
export DJANGO_SETTINGS_MODULE=config.settings.base
export DJANGO_DEBUG=false
export ZHICHENG_LOG_LEVEL="${ZHICHENG_LOG_LEVEL:-WARNING}"
export ZHICHENG_DEV_OUTBOX=false
export ZHICHENG_API_RATE_LIMIT="${ZHICHENG_API_RATE_LIMIT:-1000000}"  # the fuzzer is one very busy client
unset DATABASE_URL CACHE_URL

PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
BASE="http://127.0.0.1:$PORT"
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$VAR_DIR"
}
trap cleanup EXIT

echo "== schemathesis: preparing a temporary database in $VAR_DIR =="
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py createcachetable
"$PY" manage.py load_demo_data --quiet-logins >/dev/null
"$PY" manage.py load_exchange_demo

echo "== schemathesis: starting gunicorn on $BASE =="
"$ROOT/.venv/bin/gunicorn" config.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --timeout 60 \
  --log-level warning >"$VAR_DIR/gunicorn.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 60); do
  if "$PY" -c "import urllib.request, sys; urllib.request.urlopen('$BASE/api/v1/openapi.json', timeout=2)" 2>/dev/null; then
    break
  fi
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$VAR_DIR/gunicorn.log"; echo "gunicorn did not start"; exit 1; }
  sleep 1
done

CHECKS=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
CHECKS=$CHECKS,negative_data_rejection,missing_required_header,unsupported_method,allow_header_conformance

echo "== schemathesis: running =="
set +e
# Run from the temporary directory so that Schemathesis' own cache does not land in the repository.
(cd "$VAR_DIR" && "$ROOT/.venv/bin/schemathesis" run "$BASE/api/v1/openapi.json" \
  -H "Authorization: Bearer $DEMO_TOKEN" \
  --checks "$CHECKS" \
  --mode all \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-40}" \
  --generation-database none \
  --no-color "$@")
status=$?
set -e
if [ "$status" -ne 0 ]; then
  echo "== schemathesis FAILED (exit $status); server log follows =="
  tail -n 100 "$VAR_DIR/gunicorn.log" || true
fi
exit "$status"
