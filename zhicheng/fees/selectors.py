"""Reads of the 评审费 pages (decision 0035): which plans and notices a user may see, and the status filter."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from zhicheng.catalog.models import EvaluationPlan
from zhicheng.catalog.selectors import committees_managed_by, plans_visible_to

from .models import FeeNotice, FeeStatus


def fee_plans_managed_by(*, user) -> QuerySet[EvaluationPlan]:
    """The plans of the committees whose office ``user`` staffs that charge the fee or have issued notices,
    with ``notice_count``."""
    return (plans_visible_to(user=user).filter(Q(fee_required=True) | Q(fee_notices__isnull=False))
            .annotate(notice_count=Count("fee_notices", distinct=True)).order_by("-year", "-opens_at", "-id"))


def notices_visible_to_office(*, user) -> QuerySet[FeeNotice]:
    """Payment notices of the plans of the committees whose office ``user`` staffs (else none: a 404)."""
    return FeeNotice.objects.filter(plan__committee__in=committees_managed_by(user=user).values("pk")).select_related(
        "plan__committee__organisation", "applicant", "case")


def status_q(status: str, today: dt.date) -> Q:
    """The rows of a ``FeeStatus`` on ``today`` (the same rule as ``FeeNotice.status_on``), for a queryset
    annotated with ``net`` (paid minus refunded)."""
    unpaid = Q(refunded_amount=0, net__lt=F("amount"))
    return {
        FeeStatus.DUE: unpaid & Q(due_on__gte=today),
        FeeStatus.OVERDUE: unpaid & Q(due_on__lt=today),
        FeeStatus.PAID: Q(refunded_amount=0, net__gte=F("amount")),
        FeeStatus.REFUNDED: Q(refunded_amount__gt=0, net__lte=0),
        FeeStatus.PART_REFUNDED: Q(refunded_amount__gt=0, net__gt=0),
    }[FeeStatus(status)]


def notices_of_plan(*, plan, status: str = "", today: dt.date | None = None) -> list[FeeNotice]:
    """The plan's notices (status ``status`` on ``today`` if given), by deadline, each with ``status``."""
    today = today or timezone.localdate()
    qs = (FeeNotice.objects.filter(plan=plan).annotate(net=F("paid_amount") - F("refunded_amount"))
          .select_related("applicant", "case__evaluation_application__qualification").order_by("due_on", "id"))
    if status:
        qs = qs.filter(status_q(status, today))
    notices = list(qs)
    for n in notices:
        n.status = n.status_on(today)
    return notices


def status_counts(*, plan, today: dt.date | None = None) -> dict[str, int]:
    """{status value: number of the plan's notices in it on ``today``}."""
    today = today or timezone.localdate()
    counts = {s.value: 0 for s in FeeStatus}
    for n in FeeNotice.objects.filter(plan=plan).only("amount", "paid_amount", "refunded_amount", "due_on"):
        counts[n.status_on(today).value] += 1
    return counts


def notice_of_case(*, case) -> FeeNotice | None:
    """The fee notice (缴费通知) of ``case``, with its plan, payments and refunds loaded, or None."""
    return FeeNotice.objects.filter(case=case).select_related("plan").prefetch_related("payments", "refunds").first()
