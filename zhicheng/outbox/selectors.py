"""Reads of the outbox for the system administrator's page."""

from __future__ import annotations

from django.db.models import Count, Q

from .models import MessageStatus, OutgoingMessage


def messages_failed():
    """Failed messages, newest failure first (the /messages/failed/ list; the user's name in one join)."""
    return (
        OutgoingMessage.objects.filter(status=MessageStatus.FAILED)
        .select_related("user")
        .only(
            "channel",
            "purpose",
            "recipient_masked",
            "subject",
            "body",
            "sensitive",
            "expires_at",
            "status",
            "attempts",
            "last_error",
            "created_at",
            "failed_at",
            "resend_count",
            "user__real_name",
        )
        .order_by("-failed_at", "-id")
    )


def outbox_counts() -> dict[str, int]:
    """{"failed": messages waiting for the administrator, "retrying": pending after at least one failed
    attempt} in one query."""
    return OutgoingMessage.objects.aggregate(
        failed=Count("id", filter=Q(status=MessageStatus.FAILED)),
        retrying=Count("id", filter=Q(status=MessageStatus.PENDING, attempts__gt=0)),
    )
