"""Celery tasks of the outbox (the schedule is ``CELERY_BEAT_SCHEDULE`` in settings)."""

from celery import shared_task

from .services import message_deliver, outbox_sweep


@shared_task(name="zhicheng.outbox.deliver", bind=True, acks_late=True, max_retries=None)
def outbox_deliver(self, message_id: int) -> str:
    """One delivery attempt of one outbox message (:func:`zhicheng.outbox.services.message_deliver`).

    A failed attempt with attempts left is retried by Celery after the exponential backoff the row
    records. In the embedded (eager) mode no retry is queued in-process — the request that committed the
    message must not wait — and the next attempt is made by the sweep (``manage.py run_schedule``).
    """
    outcome = message_deliver(message_id=message_id)
    if outcome.status == "retry" and not self.request.is_eager:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task(name="zhicheng.outbox.sweep")
def outbox_sweep_periodic() -> int:
    """Dispatch every message whose attempt is due (Celery beat, every ``OUTBOX_SWEEP_SECONDS``)."""
    return outbox_sweep()
