# ruff: noqa: S603, S608 - a local benchmark driver: fixed commands, names and 127.0.0.1 only
"""``./manage.sh bench deadline-day [--minutes 3] [--users 200] [--scale 0.01] [--reuse]`` (issue 23, decision 0030).

A whole deadline day in a few minutes: Locust (headless, bounded by ``--minutes``) drives the
journeys of bench/deadline/locustfile.py — applicants registering, saving sections, uploading a
scan and submitting; reviewers approving and returning; the public scanning certificates; blank
forms downloaded — all at once against gunicorn + PostgreSQL + Redis + a Celery worker. Then it
checks zero errors (Locust's failures and the server's tracebacks) and zero lost writes (every
submission and decision the site confirmed is found in the database in that state), and writes
p50/p95 per step into the "Deadline day" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import run  # bench/run.py  # noqa: E402

LOCUST = str(run.ROOT / ".venv" / "bin" / "locust")
BEGIN, END = "<!-- deadline-day:begin -->", "<!-- deadline-day:end -->"
BROKER = "redis://127.0.0.1:6379/7"  # the scenario's own Celery queue


def env_for(db: str) -> dict:
    env = run.bench_env(db)
    env.update(
        {
            # each simulated applicant has an address of their own
            "ZHICHENG_TRUSTED_PROXY_IP_HEADER": "HTTP_X_FORWARDED_FOR",
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "CELERY_BROKER_URL": BROKER,  # mail and SMS through the worker, as deployed
        }
    )
    return env


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(prog="bench/run.py deadline-day")
    ap.add_argument("--minutes", type=float, default=3)
    ap.add_argument(
        "--users",
        type=int,
        default=200,
        help="simulated people at once (applicants 6 : reviewers 2 : public 3 : downloads 1)",
    )
    ap.add_argument("--spawn-rate", type=float, default=20)
    ap.add_argument("--scale", type=float, default=0.01, help="scale of the generated data set")
    ap.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    ap.add_argument("--reuse", action="store_true", help="reuse the database of an earlier run")
    ap.add_argument("--db", default="", help="the database (default <BENCH_DB_PREFIX>_deadline); with --reuse, "
                                             "e.g. the small set of a ./manage.sh bench run")
    ap.add_argument("--out", default=str(run.ROOT / "docs" / "benchmarks.md"))
    args = ap.parse_args(argv)
    run.WORK.mkdir(parents=True, exist_ok=True)
    (run.WORK / "var").mkdir(exist_ok=True)
    db = args.db or f"{os.environ.get('BENCH_DB_PREFIX', 'zhicheng_bench')}_deadline"
    env = env_for(db)
    if not (args.reuse and (run.WORK / "var" / "static" / "staticfiles.json").exists()):  # minutes on a busy machine
        run.log("collectstatic")
        run.sh([run.PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    gen = run.database_build(db, args.scale, args.reuse)
    fx_file = run.WORK / f"{db}.deadline.json"
    run.sh([run.PY, str(run.ROOT / "bench" / "run.py"), "deadline-prepare", "--manifest",
            str(run.WORK / f"{db}.manifest.json"), "--out", str(fx_file)], env)
    journal = run.WORK / f"{db}.journal.json"
    csv_prefix = run.WORK / "deadline"
    load_before = open("/proc/loadavg").read().strip()
    started = dt.datetime.now().astimezone()
    worker_log = run.WORK / "celery-deadline.log"
    worker = subprocess.Popen(
        [run.PY, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1", "--loglevel=WARNING",
         "--logfile", str(worker_log)], env=env, cwd=run.ROOT, start_new_session=True,
    )
    server = run.Server(db, args.workers)
    server.env = env
    try:
        with server:
            run.log(f"locust: {args.users} users for {args.minutes} min against gunicorn ({args.workers} workers)")
            subprocess.run(
                [LOCUST, "-f", str(run.ROOT / "bench" / "deadline" / "locustfile.py"), "--headless",
                 "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{int(args.minutes * 60)}s",
                 "--host", run.BASE, "--csv", str(csv_prefix), "--only-summary", "--stop-timeout", "20",
                 "--loglevel", "WARNING"],
                env={**os.environ, "DEADLINE_FIXTURES": str(fx_file), "DEADLINE_JOURNAL": str(journal)},
                cwd=run.ROOT, check=False, timeout=args.minutes * 60 + 300,
            )
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)  # the worker this script started
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
    finished = dt.datetime.now().astimezone()
    check = json.loads(run.sh([run.PY, str(run.ROOT / "bench" / "run.py"), "deadline-check", "--journal", str(journal)],
                              env).stdout.strip().splitlines()[-1])
    errlog = server.errlog.read_text(errors="replace") if server.errlog.exists() else ""
    result = {
        "started": started.isoformat(timespec="seconds"), "finished": finished.isoformat(timespec="seconds"),
        "args": vars(args), "scale": args.scale, "generation": {k: gen.get(k) for k in ("counts", "wall_seconds")},
        "load_before": load_before, "load_after": open("/proc/loadavg").read().strip(),
        "steps": _stats(Path(f"{csv_prefix}_stats.csv")), "failures": _failures(Path(f"{csv_prefix}_failures.csv")),
        "check": check, "tracebacks": len(re.findall(r"Traceback", errlog)),
    }
    (run.WORK / "deadline-results.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    section_write(Path(args.out), report(result))
    run.log(f"wrote {args.out}: {sum(s['failures'] for s in result['steps'])} failures, "
            f"{len(check['lost'])} lost writes, {result['tracebacks']} tracebacks")


def _stats(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows.append({"name": r["Name"], "method": r["Type"], "requests": int(r["Request Count"]),
                         "failures": int(r["Failure Count"]), "rps": float(r["Requests/s"]),
                         "p50": r["50%"], "p95": r["95%"], "max": r["Max Response Time"]})
    return rows


def _failures(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as fh:
        return [
            {"name": r["Name"], "error": r["Error"][:200], "count": int(r["Occurrences"])} for r in csv.DictReader(fh)
        ]


def report(r: dict) -> str:
    a, c = r["args"], r["check"]
    total = next((s for s in r["steps"] if s["name"] == "Aggregated"), None)
    steps = [s for s in r["steps"] if s["name"] != "Aggregated"]
    failures = sum(s["failures"] for s in steps)
    lines = [
        BEGIN,
        "## Deadline day (Locust, whole journeys at once)",
        "",
        f"Generated by `./manage.sh bench deadline-day --minutes {a['minutes']:g} --users {a['users']} "
        f"--scale {a['scale']:g}"
        f"{' --reuse' if a['reuse'] else ''}{' --db ' + a['db'] if a['db'] else ''}` "
        f"(bench/deadline/, decision 0030); run {r['started']} → {r['finished']}. "
        f"gunicorn {a['workers']} sync workers (`config.settings.production`, sessions and identities in Redis), "
        "PostgreSQL, Redis, one Celery worker; Locust on the same machine.",
        f"Load average before / after: {r['load_before']} / {r['load_after']}.",
        *(
            []
            if a["users"] >= 200 and a["minutes"] >= 3
            else [
                "",
                "*A short run proving the scenario (fewer people or minutes than issue 23 asks); the full run "
                "(`--users 300 --minutes 5` or more, on a quiet machine) is pending.*",
            ]
        ),
        "",
        f"**Result: {failures} failed requests, {r['tracebacks']} server tracebacks, {len(c['lost'])} lost writes** "
        f"({c['submit']} submissions, {c['approve']} approvals and {c['return']} returns confirmed to the simulated "
        "users, each found afterwards in the database in the state confirmed).",
        "",
        "| step | requests | failures | req/s | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for s in sorted(steps, key=lambda s: s["name"]):
        lines.append(
            f"| {s['name']} ({s['method']}) | {s['requests']} | {s['failures']} | {s['rps']:.1f} | {s['p50']} | "
            f"{s['p95']} | {float(s['max']):.0f} |"
        )
    if total:
        lines.append(f"| **all** | {total['requests']} | {total['failures']} | {total['rps']:.1f} | {total['p50']} | "
                     f"{total['p95']} | {float(total['max']):.0f} |")
    if r["failures"]:
        lines += ["", "Failures (Locust's reasons):", ""]
        lines += [f"- {f['name']}: {f['error']} × {f['count']}" for f in r["failures"][:15]]
    if c["lost"]:
        lines += ["", "Lost writes:", ""] + [f"- {json.dumps(x, ensure_ascii=False)}" for x in c["lost"][:15]]
    lines.append(END)
    return "\n".join(lines) + "\n"


def section_write(path: Path, section: str) -> None:
    """Put the section into docs/benchmarks.md in place of the previous one (bench/report.py keeps
    it when it rewrites the rest of the file)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    text = section_strip(text)
    path.write_text(text.rstrip("\n") + "\n\n" + section, encoding="utf-8")


def section_strip(text: str) -> str:
    return re.sub(re.escape(BEGIN) + r".*?" + re.escape(END) + r"\n?", "", text, flags=re.S)


def section_of(text: str) -> str:
    m = re.search(re.escape(BEGIN) + r".*?" + re.escape(END) + r"\n?", text, flags=re.S)
    return m.group(0) if m else ""
