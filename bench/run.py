# ruff: noqa: S603, S608, S310 - a local benchmark driver: fixed commands, names and 127.0.0.1 only
"""Load benchmarks on gunicorn + PostgreSQL; writes docs/benchmarks.md.  Entry point: ``./manage.sh bench``.

Orchestration only (no Django import here): for a small and a full data set it creates a
PostgreSQL database of its own on 127.0.0.1:5432, migrates it, loads the demo data and
the scale data (``python bench/run.py generate``, bench/scale_data.py), prepares sessions and
request lists (``python bench/run.py prepare``, a subprocess with the bench environment), starts
gunicorn on 127.0.0.1, and drives it with ``wrk`` (bounded with ``-d``). Every figure is also given
as a ratio to a floor measured in the same run on the same server: a minimal Django view through
the same middleware stack (HTTP) and a ``pgbench`` script doing the same single-row work (number allocation).

    python bench/run.py [--scale 1] [--small-scale 0.01] [--duration 15] [--connections 32] [--reuse]
    python bench/run.py deadline-day [--minutes 3] [--users 200] [--scale 0.01]   (bench/deadline/run.py)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
WRK = shutil.which("wrk") or "/usr/bin/wrk"
PGBENCH = shutil.which("pgbench") or "/usr/lib/postgresql/15/bin/pgbench"
PG = "postgres://postgres@127.0.0.1:5432"
PORT = int(os.environ.get("BENCH_PORT", "8077"))
BASE = f"http://127.0.0.1:{PORT}"
WORK = Path(os.environ.get("BENCH_WORK_DIR", str(ROOT / "var" / "bench")))
FIELD_KEY = "bench-field-key-not-a-secret-0123456789"  # synthetic data only


def log(msg: str) -> None:
    print(f"[bench {dt.datetime.now().astimezone():%H:%M:%S}] {msg}", flush=True)


def cache_url(db: str) -> str:
    """A Redis database per data set (5 full, 6 small, 8 the deadline-day scenario's): kept pages, counters
    and kept identities never cross (a kept identity of user 42 of one database would end user 42's
    session in another)."""
    number = 6 if db.endswith("small") else 8 if db.endswith("deadline") else 5
    return f"redis://127.0.0.1:6379/{number}"


def cache_flush(db: str) -> None:
    """Every server starts with an empty cache: no kept page or rate-limit counter from a run before."""
    import redis  # in the venv (requirements.txt)

    redis.Redis.from_url(cache_url(db)).flushdb()


def bench_env(db: str) -> dict:
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": f"{PG}/{db}",
        "DJANGO_SECRET_KEY": "bench-secret-key-not-for-production-0123456789abcdef",
        "ZHICHENG_FIELD_KEY": FIELD_KEY,
        "ZHICHENG_AUDIT_KEY": "bench-audit-key-not-for-production-0123456789abcdef",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "ZHICHENG_VAR_DIR": str(WORK / "var"),
        "CACHE_URL": cache_url(db),
        "CELERY_TASK_ALWAYS_EAGER": "1",
        "ZHICHENG_REQUIRE_2FA": "0",  # sessions are made directly; 2FA is not what is measured
        "ZHICHENG_BENCH_FLOOR": "1",
        "ZHICHENG_API_RATE_LIMIT": "1000000000",
        "ZHICHENG_CERTIFICATE_VERIFY_LIMIT": "1000000000",
        "ZHICHENG_PUBLIC_BASE_URL": BASE,
        "PYTHONPATH": str(ROOT),
    })
    return env


def sh(cmd: list[str], env: dict | None = None, check: bool = True, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, env=env, check=check, cwd=ROOT, text=True, capture_output=True, **kw)


def psql(sql: str, db: str = "postgres") -> str:
    return sh(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atc", sql]).stdout.strip()


# ---------------------------------------------------------------------------------------------
# databases


def database_build(db: str, scale: float, reuse: bool) -> dict:
    manifest = WORK / f"{db}.manifest.json"
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{db}'") == "1"
    if reuse and exists and manifest.exists():
        log(f"reusing database {db} (migrating it to the current schema)")
        sh([PY, "manage.py", "migrate", "--noinput", "-v0"], bench_env(db))
        return json.loads(manifest.read_text())
    env = bench_env(db)
    psql(f'DROP DATABASE IF EXISTS "{db}"')
    psql(f'CREATE DATABASE "{db}"')
    log(f"{db}: migrate + demo data")
    sh([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    sh([PY, "manage.py", "load_demo_data", "--quiet-logins"], env)
    log(f"{db}: bench/run.py generate --scale {scale}")
    t = time.perf_counter()
    out = sh([PY, str(ROOT / "bench" / "run.py"), "generate", "--scale", str(scale), "--manifest", str(manifest)], env)
    data = json.loads(manifest.read_text())
    data["wall_seconds"] = round(time.perf_counter() - t, 1)
    data["log"] = out.stdout[-2000:]
    manifest.write_text(json.dumps(data, ensure_ascii=False, indent=2))
    log(f"{db}: generated in {data['wall_seconds']}s")
    return data


# ---------------------------------------------------------------------------------------------
# gunicorn and wrk


class Server:
    def __init__(self, db: str, workers: int):
        self.env = bench_env(db)
        self.db = db
        self.workers = workers
        self.proc: subprocess.Popen | None = None
        self.errlog = WORK / f"gunicorn-{db}.log"

    def __enter__(self):
        cache_flush(self.db)
        self.proc = subprocess.Popen(
            [GUNICORN, "config.wsgi:application", "--bind", f"127.0.0.1:{PORT}", "--workers", str(self.workers),
             "--worker-class", "sync", "--backlog", "2048", "--timeout", "60", "--error-logfile", str(self.errlog),
             "--log-level", "warning"],
            env=self.env, cwd=ROOT, start_new_session=True,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"{BASE}/bench/floor/", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not come up")

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # the process group this script started
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def wrk(url: str, *, duration: int, connections: int, threads: int = 2, method: str = "GET", cookie: str = "",
        listfile: str = "", body: str | None = None, headers: str = "") -> dict:
    env = dict(os.environ)
    env.update({"BENCH_METHOD": method, "BENCH_COOKIE": cookie, "BENCH_LIST": listfile, "BENCH_HEADERS": headers,
                "BENCH_THREADS": str(threads)})
    if body is not None:
        env["BENCH_BODY"] = body
        env["BENCH_RUN_TAG"] = f"{os.getpid()}-{time.time_ns()}"
    else:
        env.pop("BENCH_BODY", None)
    cmd = [WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
           "-s", str(ROOT / "bench" / "lua" / "common.lua"), url]
    out = subprocess.run(cmd, env=env, text=True, capture_output=True, timeout=duration + 60).stdout
    m = re.search(r"BENCH_JSON (\{.*\})", out)
    if not m:
        raise RuntimeError(f"wrk gave no summary:\n{out}")
    return json.loads(m.group(1))


# ---------------------------------------------------------------------------------------------
# runs


READ_PAGES = ["dashboard", "dashboard_many", "queue", "detail", "verify", "verify_many", "unit_search", "stats"]
LABELS = {
    "floor_anon": "最小视图（匿名）floor", "floor_auth": "最小视图（已登录）floor",
    "dashboard": "申报人首页 /profile/（同一人反复打开：留存页）",
    "dashboard_many": "申报人首页 /profile/（每次不同的人，首次打开：生成）",
    "queue": "工作队列（1万件待办单位）", "detail": "业务详情（审核人员）",
    "verify": "证书公开查询（二维码链接，同一证书反复扫码）", "verify_many": "证书公开查询（每次不同证书，首次扫码）",
    "unit_search": "单位拼音首字母搜索",
    "stats": "统计分析（人社部门，本地区全部申报）",
    "approve": "审核通过（加锁+办理记录）", "submit": "提交个人基本信息",
    "api1": "API 申请编号，每批1个", "api100": "API 申请编号，每批100个",
}


def first_request_ms(url: str, cookie: str) -> float:
    """Wall time of one GET of ``url`` with ``cookie`` (e.g. the statistics page counting its report
    before wrk reads the kept one)."""
    import urllib.request

    request = urllib.request.Request(url, headers={"Cookie": cookie})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - 127.0.0.1 only
        response.read()
    return (time.perf_counter() - started) * 1000


def page_runs(fx: dict, *, duration: int, connections: int, with_floor: bool = True) -> dict:
    res = {}
    auth, anon = fx["cookie_applicant"], ""
    plan = {
        "floor_anon": ("/bench/floor/", anon),
        "floor_auth": ("/bench/floor/", auth),
        "dashboard": ("/profile/", auth),
        "queue": (f"/cases/queue/{fx['hot_unit_id']}/", fx["cookie_reviewer"]),
        "detail": (f"/cases/{fx['detail_case_id']}/", fx["cookie_reviewer"]),
        "verify": (fx["verify_path"], anon),
        "unit_search": (fx["unit_search_path"], auth),
        "stats": (fx["stats_path"], fx["cookie_stats"]),
    }
    if with_floor:
        wrk(BASE + "/bench/floor/", duration=3, connections=connections, cookie=auth)  # warm-up
    def report(name: str) -> None:
        log(f"  {name}: {res[name]['rps']:.0f} req/s p50 {res[name]['p50_ms']:.0f} ms p95 {res[name]['p95_ms']:.0f} ms"
            f" non-2xx/3xx {res[name]['non_2xx_3xx']}")

    for name, (path, cookie) in plan.items():
        if not with_floor and name.startswith("floor"):
            continue
        first_ms = first_request_ms(BASE + path, cookie) if name == "stats" else None
        res[name] = wrk(BASE + path, duration=duration, connections=connections, cookie=cookie)
        if first_ms is not None:  # the report counted once, then kept for ZHICHENG_STATS_KEPT_SECONDS
            res[name]["first_ms"] = first_ms
            log(f"  {name}: first request (counts the report) {first_ms:.0f} ms")
        report(name)
        if name == "dashboard" and fx.get("dashboard_list"):  # then many persons, each opening it once
            res["dashboard_many"] = wrk(BASE + "/", duration=duration, connections=connections,
                                        listfile=fx["dashboard_list"])
            res["dashboard_many"]["distinct"] = fx["n_dashboard_many"]
            report("dashboard_many")
        if name == "verify":  # then the same page for many certificates, each scanned once
            res["verify_many"] = wrk(BASE + "/", duration=duration, connections=connections, listfile=fx["verify_list"])
            res["verify_many"]["distinct"] = fx["n_verify_many"]
            report("verify_many")
    return res


def write_runs(fx: dict, db: str, *, duration: int, connections: int) -> dict:
    res = {}
    count = "SELECT count(*) FROM cases_casehistory WHERE decision = '{}'"
    for name in ("approve", "submit"):
        before = int(psql(count.format(name), db))
        res[name] = wrk(BASE + "/", duration=duration, connections=connections, method="POST",
                        listfile=fx[f"{name}_list"])
        res[name]["effective"] = int(psql(count.format(name), db)) - before
        res[name]["effective_per_s"] = res[name]["effective"] / res[name]["seconds"]
        log(f"  {name}: {res[name]['rps']:.0f} req/s, {res[name]['effective_per_s']:.0f} effective/s,"
            f" p95 {res[name]['p95_ms']:.0f} ms")
    hdr = f"Authorization: Bearer {fx['api_token']}|Content-Type: application/json"
    for name, batch in (("api1", 1), ("api100", 100)):
        body = json.dumps({"holders": fx["api_holders"][:batch]}, ensure_ascii=False)
        res[name] = wrk(BASE + "/api/v1/numbers/allocate", duration=duration, connections=connections,
                        method="POST", body=body, headers=hdr)
        res[name]["numbers_per_s"] = res[name]["rps"] * batch
        log(f"  {name}: {res[name]['rps']:.0f} req/s = {res[name]['numbers_per_s']:.0f} numbers/s")
    errors = WORK / f"gunicorn-{db}.log"
    text = errors.read_text(errors="replace") if errors.exists() else ""
    res["server_errors"] = len(re.findall(r"Traceback|Internal Server Error", text))
    res["deadlocks"] = len(re.findall(r"deadlock detected", text))
    return res


def pgbench_floor(db: str, duration: int) -> dict:
    sh(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-q", "-f", str(ROOT / "bench/pgbench/setup.sql")])
    out = {}
    for clients in (1, 8):
        r = sh([PGBENCH, "-h", "127.0.0.1", "-U", "postgres", "-n", "-c", str(clients), "-j", str(min(clients, 2)),
                "-T", str(duration), "-f", str(ROOT / "bench/pgbench/allocate.sql"), db])
        m = re.search(r"tps = ([\d.]+)", r.stdout)
        lat = re.search(r"latency average = ([\d.]+) ms", r.stdout)
        out[f"c{clients}"] = {"tps": float(m.group(1)), "latency_ms": float(lat.group(1)) if lat else None}
    psql("DROP TABLE bench_number; DROP TABLE bench_counter;", db)
    return out


def machine() -> dict:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = ""
    try:
        mem = f"{int(open('/proc/meminfo').readline().split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory": mem, "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": psql("SHOW server_version"),
        "wrk": (subprocess.run([WRK, "-v"], capture_output=True, text=True).stdout.splitlines() or [""])[0],
        "load_before": open("/proc/loadavg").read().strip() if os.path.exists("/proc/loadavg") else "",
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--small-scale", type=float, default=0.01)
    ap.add_argument("--duration", type=int, default=15)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    ap.add_argument("--reuse", action="store_true", help="reuse databases built by an earlier run")
    ap.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    ap.add_argument("--results", default=str(WORK / "results.json"))
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "var").mkdir(exist_ok=True)
    results: dict = {"started": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "args": vars(args),
                     "machine": machine(), "sets": {}}
    prefix = os.environ.get(
        "BENCH_DB_PREFIX", "zhicheng_bench"
    )  # another prefix: a smoke run beside the real databases
    small_db, full_db = f"{prefix}_small", f"{prefix}_full"
    env = bench_env(full_db)
    log("collectstatic")
    sh([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    for label, scale, db in (("small", args.small_scale, small_db), ("full", args.scale, full_db)):
        gen = database_build(db, scale, args.reuse)
        fx_file = WORK / f"{db}.fixtures.json"
        sh([PY, str(ROOT / "bench" / "run.py"), "prepare", "--manifest", str(WORK / f"{db}.manifest.json"),
            "--out", str(fx_file)], bench_env(db))
        fx = json.loads(fx_file.read_text())
        entry: dict = {
            "scale": scale,
            "db": db,
            "generation": gen,
            "fixtures": {k: v for k, v in fx.items() if k.startswith("n_")},
        }
        log(f"{label}: gunicorn with {args.workers} workers, wrk -c{args.connections} -d{args.duration}s")
        with Server(db, args.workers):
            entry["pages"] = page_runs(fx, duration=args.duration, connections=args.connections)
            if label == "full":
                entry["writes"] = write_runs(fx, db, duration=args.duration, connections=args.connections)
        if label == "full":
            log("pgbench floor")
            entry["pgbench"] = pgbench_floor(db, args.duration)
            log("in-process: number allocation and PDF rendering")
            out = sh([PY, str(ROOT / "bench" / "run.py"), "inproc", "--manifest", str(WORK / f"{db}.manifest.json"),
                      "--seconds", str(args.duration)], bench_env(db))
            entry["inproc"] = json.loads(out.stdout.strip().splitlines()[-1])
        results["sets"][label] = entry
        Path(args.results).write_text(json.dumps(results, ensure_ascii=False, indent=2))
    results["finished"] = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    results["machine"]["load_after"] = open("/proc/loadavg").read().strip()
    Path(args.results).write_text(json.dumps(results, ensure_ascii=False, indent=2))
    from report import report_write  # bench/report.py

    report_write(results, Path(args.out))
    log(f"wrote {args.out}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    if len(sys.argv) > 1 and sys.argv[1] == "deadline-day":  # bench/deadline/run.py (issue 23)
        from deadline.run import main as deadline_main

        tempfile.tempdir = str(WORK)
        deadline_main(sys.argv[2:])
    elif len(sys.argv) > 1 and sys.argv[1] in ("prepare", "inproc", "profile", "generate", "deadline-prepare",
                                               "deadline-check"):
        import django

        if sys.argv[1] == "profile" and "DJANGO_SETTINGS_MODULE" not in os.environ:
            # run by hand after a bench run: the bench settings of the database it names
            db = next((sys.argv[i + 1] for i, a in enumerate(sys.argv[:-1]) if a == "--db"), "zhicheng_bench_full")
            os.environ.update(bench_env(db))
            sys.path.insert(0, str(ROOT))
            if "--fixtures" not in sys.argv:
                sys.argv += ["--fixtures", str(WORK / f"{db}.fixtures.json")]
        django.setup()
        from djangoside import deadline_check, deadline_prepare, inproc, prepare, profile  # bench/djangoside.py
        from scale_data import generate_main  # bench/scale_data.py

        {"prepare": prepare, "inproc": inproc, "profile": profile, "generate": generate_main,
         "deadline-prepare": deadline_prepare, "deadline-check": deadline_check}[sys.argv[1]](sys.argv[2:])
    else:
        tempfile.tempdir = str(WORK)
        main()
