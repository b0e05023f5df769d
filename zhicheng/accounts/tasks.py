"""Celery tasks of accounts (the schedule is ``CELERY_BEAT_SCHEDULE`` in settings)."""

from celery import shared_task

from zhicheng.orgs.memberships import memberships_expire


@shared_task(name="zhicheng.accounts.memberships_expire")
def memberships_expire_daily() -> int:
    """End the staff roles whose end date has passed (daily; idempotent). Returns how many."""
    return memberships_expire()
