"""Celery tasks of the audit log (the schedule is ``CELERY_BEAT_SCHEDULE`` in settings)."""

from celery import shared_task

from .checkpoints import audit_checkpoint_write


@shared_task(name="zhicheng.audit.checkpoint")
def audit_checkpoint_periodic() -> int | None:
    """Write a checkpoint if there are new audit rows since the last one (run by Celery beat
    every ``ZHICHENG_AUDIT_CHECKPOINT_SECONDS``). Returns its sequence number, or None."""
    checkpoint = audit_checkpoint_write(reason="interval", only_if_changed=True)
    return checkpoint.seq if checkpoint else None
