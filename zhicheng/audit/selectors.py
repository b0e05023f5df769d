"""Reads of the audit log. Only the audit administrator (审计管理员) sees it; everyone else gets none."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from zhicheng.common.querysets import filter_given

from .constants import action_label
from .models import AuditEvent


def user_is_audit_admin(user) -> bool:
    """Whether ``user`` is an active, signed-in audit administrator (``User.is_audit_admin``; read by the
    property so that audit, below accounts, imports nothing from it — decision 0029)."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)
                and getattr(user, "is_audit_admin", False))


def audit_events_visible_to(*, user) -> QuerySet[AuditEvent]:
    """The one place that decides who may read audit events (三权分立: the audit administrator only)."""
    if not user_is_audit_admin(user):
        return AuditEvent.objects.none()
    return AuditEvent.objects.select_related("organisation")


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_event_search(*, user, filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    """Events visible to ``user`` matching the cleaned filters of ``AuditSearchForm``, newest first.

    Dates are calendar days in the site's time zone, both ends included.
    """
    date_from, date_to = filters.get("date_from"), filters.get("date_to")
    qs = filter_given(
        audit_events_visible_to(user=user),
        created_at__gte=_day_start(date_from) if date_from else None,
        created_at__lt=_day_start(date_to + dt.timedelta(days=1)) if date_to else None,
        actor_label__icontains=filters.get("actor"),
        organisation__name__icontains=filters.get("organisation"),
        action=filters.get("action"),
        result=filters.get("result"),
        object_type__icontains=filters.get("object_type"),
        object_id=filters.get("object_id"),
        client_ip__startswith=filters.get("client_ip"),
        request_id=filters.get("request_id"),
    )
    return qs.order_by("-id")


def audit_action_choices() -> list[tuple[str, str]]:
    """Every action present in the log, labelled in Chinese; one query."""
    codes = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
    choices = [(code, action_label(code)) for code in codes]
    return sorted(choices)
