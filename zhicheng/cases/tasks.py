"""Celery tasks of the case engine (the schedule is ``CELERY_BEAT_SCHEDULE`` in settings)."""

from celery import shared_task

from .reminders import deadlines_daily


@shared_task(name="zhicheng.cases.deadlines_daily")
def deadlines_daily_task() -> str:
    """Stage deadlines passed, corrections overdue and reminders (:func:`zhicheng.cases.reminders.deadlines_daily`)."""
    return deadlines_daily().summary
