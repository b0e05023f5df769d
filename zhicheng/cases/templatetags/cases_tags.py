"""Template helpers for the workbench: the user's memberships with waiting counts (one query)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from zhicheng.workcalendar.workdays import WorkCalendar

from ..registry import business_status_label
from ..selectors import memberships_with_waiting_counts, notifications_unread_count

register = template.Library()


@register.simple_tag
def workbench_memberships(user):
    if not user.is_authenticated:
        return []
    return memberships_with_waiting_counts(user=user)


@register.simple_tag
def unread_notifications(user):
    return notifications_unread_count(user=user) if user.is_authenticated else 0


@register.filter
def status_label(case) -> str:
    """The case's status in its business's words (已入库, 已认定通过, 不予补发…): ``{{ case|status_label }}``.
    A case taken in by a deciding bureau reads 已受理，待决定."""
    if getattr(case, "taken_in_at", None) is not None and case.status == "submitted":
        return "已受理，待决定"
    return business_status_label(case.business_type, case.status)


@register.filter
def working_days_left(due_on) -> str:
    """How long is left until ``due_on`` (a correction deadline), in working days on the official calendar:
    “还剩 3 个工作日” / “今天截止” / “已逾期”. ``{{ entry.correction_due_on|working_days_left }}``."""
    if not isinstance(due_on, dt.date):
        return ""
    today = timezone.localdate()
    if due_on < today:
        return "已逾期"
    if due_on == today:
        return "今天截止"
    left = WorkCalendar().between(today, due_on)
    return f"还剩 {left} 个工作日" if left else "即将截止"


@register.filter
def site_links(text) -> str:
    """``{{ n.body|site_links }}``: the text escaped, with this site's addresses in it as links
    (``zhicheng.common.links.link_site_addresses``)."""
    from zhicheng.common.links import link_site_addresses

    return link_site_addresses(text)
