"""Celery tasks of the shared ground: rendering a kept document ahead of its first download."""

from celery import shared_task

from .kept import kept_render_by_id


@shared_task(name="zhicheng.common.kept_render", acks_late=True)
def kept_render_task(kind: str, object_id: int) -> str:
    """Render and keep the current version of ``kind`` for ``object_id``
    (:func:`zhicheng.common.kept.kept_render_by_id`; idempotent, so a repeated delivery does nothing)."""
    return kept_render_by_id(kind=kind, object_id=object_id)
