#!/usr/bin/env bash
# zhicheng: one entry point for newcomers, CI and operators.
#   ./manage.sh run     set everything up and serve the system at http://127.0.0.1:8000
#   ./manage.sh test    set everything up and run the whole test suite
#   ./manage.sh setup   only set up (system packages, venv, dependencies)
#   ./manage.sh bench   load benchmarks on gunicorn + PostgreSQL; writes docs/benchmarks.md (bench/run.py --help)
#   ./manage.sh bench deadline-day [--minutes 3] [--users 200]   the deadline-day scenario with Locust (decision 0030)
#   ./manage.sh <any manage.py command>
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
DEB_PACKAGES=(chromium fonts-noto-cjk libharfbuzz-subset0 poppler-utils libpango-1.0-0 libpangoft2-1.0-0)

# Progress in a calm colour (cyan) and failures in red, coloured only on a terminal.
log() { if [ -t 1 ]; then printf '\033[36m[zhicheng]\033[0m %s\n' "$*"; else printf '[zhicheng] %s\n' "$*"; fi; }
fail() { if [ -t 2 ]; then printf '\033[1;31m[zhicheng]\033[0m %s\n' "$*" >&2; else printf '[zhicheng] %s\n' "$*" >&2; fi; }

# pip as the machine configures it. A machine may name local file:// package indexes in its pip.conf
# (extra-index-url) that hold only some packages; pip then warns "Location 'file:///…/<name>/' is ignored"
# once per requirement missing from each (about 125 lines on a fresh .venv). Those lines say nothing about
# this project and are dropped; every other message, and pip's exit status, is kept.
pip_run() {
  local err status=0
  err="$(mktemp)"
  "$VENV/bin/pip" "$@" 2>"$err" || status=$?
  grep -v "^WARNING: Location 'file://[^']*' is ignored" "$err" >&2 || true
  rm -f "$err"
  return "$status"
}

ensure_system_packages() {
  local missing=()
  for pkg in "${DEB_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    log "installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

ensure_venv() {
  if [ ! -x "$PY" ]; then
    log "creating virtualenv in .venv"
    python3 -m venv "$VENV"
  fi
  local stamp="$VENV/.requirements.sha256"
  local want
  want="$(sha256sum requirements.txt | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    log "installing Python dependencies (requirements.txt)"
    pip_run install -q --upgrade pip >/dev/null
    pip_run install -q -r requirements.txt
    echo "$want" > "$stamp"
  fi
}

setup() {
  ensure_system_packages
  ensure_venv
  mkdir -p -m 700 var  # the database, keys and uploads: this user only (config/settings/base.py)
}

prepare_database() {
  "$PY" manage.py migrate --noinput -v0
  "$PY" manage.py createcachetable
  "$PY" manage.py load_demo_data
}

cmd="${1:-help}"
shift || true
case "$cmd" in
  setup)
    setup
    ;;
  run)
    setup
    BIND="${ZHICHENG_BIND:-127.0.0.1:8000}"  # ZHICHENG_BIND=127.0.0.1:8765 ./manage.sh run serves on another port
    export ZHICHENG_SITE_URL="http://$BIND"
    # Addresses in messages and on e-certificates point at this server unless the public one is given.
    export ZHICHENG_PUBLIC_BASE_URL="${ZHICHENG_PUBLIC_BASE_URL:-$ZHICHENG_SITE_URL}"
    prepare_database
    # The development outbox (/dev/outbox/) shows recovery codes: only the system administrator
    # or whoever has this run's token reads it.
    if [ -z "${ZHICHENG_DEV_OUTBOX_TOKEN:-}" ]; then
      ZHICHENG_DEV_OUTBOX_TOKEN="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(18))')"
      export ZHICHENG_DEV_OUTBOX_TOKEN
    fi
    log "开发环境消息箱 $ZHICHENG_SITE_URL/dev/outbox/  口令：$ZHICHENG_DEV_OUTBOX_TOKEN （或以系统管理员 13700000001 登录后查看）"
    # Background work runs in-process (CELERY_TASK_ALWAYS_EAGER): messages are sent right after the
    # change commits. The scheduled jobs (retries of failed sends, deadline checks and reminders, audit
    # checkpoints) run in this companion process, stopped with the server: no other service to start.
    "$PY" manage.py run_schedule --loop &
    SCHEDULE_PID=$!
    trap 'kill "$SCHEDULE_PID" 2>/dev/null || true' EXIT INT TERM
    log "serving at $ZHICHENG_SITE_URL  (Ctrl-C to stop)"
    # config/gunicorn.conf.py: the access log masks ID and phone numbers in paths and query strings
    "$VENV/bin/gunicorn" -c config/gunicorn.conf.py config.wsgi:application \
      --bind "$BIND" --workers "${ZHICHENG_WORKERS:-3}" "$@"
    ;;
  test)
    setup
    export DJANGO_SETTINGS_MODULE=config.settings.test
    "$PY" manage.py check --fail-level WARNING
    "$PY" manage.py makemigrations --check --dry-run >/dev/null || { fail "missing migrations"; exit 1; }
    set +e
    "$PY" -m pytest "$@"
    status=$?
    set -e
    if [ "$status" -eq 5 ]; then
      fail "pytest collected no tests: that is a failure"
      exit 1
    fi
    exit "$status"
    ;;
  bench)
    setup
    ensure_system_packages wrk postgresql-client  # the load generator and pgbench (the database floor)
    exec "$PY" bench/run.py "$@"
    ;;
  lint)
    setup
    "$VENV/bin/ruff" check .
    "$VENV/bin/lint-imports"  # the layers of the apps (pyproject.toml, decision 0029)
    ;;
  help|-h|--help)
    sed -n '2,8p' "$0"
    ;;
  *)
    setup
    exec "$PY" manage.py "$cmd" "$@"
    ;;
esac
