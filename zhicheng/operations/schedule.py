"""The jobs that run on a schedule, in one list for Celery beat, cron and the embedded server.

* **outbox** — dispatch every outbox message whose attempt is due (:func:`zhicheng.outbox.services.outbox_sweep`);
  every ``OUTBOX_SWEEP_SECONDS`` (60 s).
* **deadlines** — stage deadlines passed, corrections overdue and the reminders N working days before a
  deadline (:func:`zhicheng.cases.reminders.deadlines_daily`); once a day, idempotent.
* **audit** — a signed audit checkpoint if there are new rows (:mod:`zhicheng.audit.checkpoints`).

Production runs them on Celery beat (``CELERY_BEAT_SCHEDULE``); without a beat, cron runs
``manage.py run_schedule`` (all jobs once) or ``run_schedule --only outbox``; ``./manage.sh run`` starts
``run_schedule --loop`` next to the web server, so the embedded default needs no other service
(docs/operations.md).
"""

from __future__ import annotations

from collections.abc import Callable


def _outbox() -> str:
    from zhicheng.outbox.services import outbox_sweep

    return f"发送队列：派发 {outbox_sweep()} 条到期消息"


def _deadlines() -> str:
    from zhicheng.cases.reminders import deadlines_daily

    return deadlines_daily().summary


def _audit() -> str:
    from zhicheng.audit.checkpoints import audit_checkpoint_write

    checkpoint = audit_checkpoint_write(reason="interval", only_if_changed=True)
    return f"审计检查点：{'已写入 ' + str(checkpoint.seq) if checkpoint else '无新记录'}"


JOBS: dict[str, Callable[[], str]] = {"outbox": _outbox, "deadlines": _deadlines, "audit": _audit}


def schedule_run(*, only: list[str] | None = None) -> list[str]:
    """Run the named jobs (all of :data:`JOBS` by default) once, in order; returns one Chinese line per job.
    Raises ``KeyError`` for an unknown job name. Every job is idempotent: running it twice does nothing twice."""
    names = only or list(JOBS)
    unknown = [n for n in names if n not in JOBS]
    if unknown:
        raise KeyError(", ".join(unknown))
    return [JOBS[name]() for name in names]
