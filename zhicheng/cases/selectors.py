"""Reads of the case engine. ``cases_visible_to`` is the single object-level permission rule:

* the applicant sees their own cases;
* staff see a case that is now waiting at one of their organisations, or that was at one of
  them before (a history row names the organisation). A supervising unit therefore sees only
  what has reached it. Anything else is a 404 for pages, API and admin alike.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from zhicheng.accounts.models import id_digest
from zhicheng.common.validators import normalize_id_number
from zhicheng.orgs.constants import Role
from zhicheng.orgs.models import Membership, Organisation

from .constants import CaseStatus, Decision
from .models import Case, CaseHistory, CaseStep, Notification
from .permissions import staff_can_act_at

ID_NUMBER_SHAPE = re.compile(r"^\d{17}[\dXx]$")

# The roles that work cases (every route step names one of them). An organisation administrator
# manages staff, window staff recover accounts and experts see only what their panel is given:
# none of them opens an organisation's cases or its queue (least privilege, 等保 访问控制).
CASE_ROLES = (Role.REVIEWER, Role.COMMITTEE_OFFICE)


def _staff_org_ids(user):
    return Membership.objects.filter(user=user, is_active=True, role__in=CASE_ROLES).values("organisation_id")


def cases_visible_to(*, user) -> QuerySet[Case]:
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    orgs = _staff_org_ids(user)
    was_at = CaseHistory.objects.filter(case=OuterRef("pk"), organisation_id__in=orgs)
    return Case.objects.filter(Q(applicant=user) | Q(current_organisation_id__in=orgs) | Exists(was_at))


def cases_visible_to_org(*, organisation_id: int) -> QuerySet[Case]:
    """Cases now or previously at one organisation (its staff's view through that unit)."""
    was_at = CaseHistory.objects.filter(case=OuterRef("pk"), organisation_id=organisation_id)
    return Case.objects.filter(Q(current_organisation_id=organisation_id) | Exists(was_at))


def staff_membership(*, user, organisation_id: int) -> Membership | None:
    """The user's active membership at an organisation (None → the queue is a 404)."""
    if not user.is_authenticated or not user.is_active:
        return None
    return (
        Membership.objects.filter(user=user, organisation_id=organisation_id, is_active=True, role__in=CASE_ROLES)
        .select_related("organisation")
        .first()
    )


@dataclass
class QueueFilters:
    scope: str = "waiting"  # waiting | all
    business_type: str = ""
    status: str = ""
    submitted_from: dt.date | None = None
    submitted_to: dt.date | None = None
    q: str = ""


def case_queue(*, organisation: Organisation, filters: QueueFilters) -> QuerySet[Case]:
    """The work queue of one organisation: one query with the applicant and current unit joined."""
    if filters.scope == "all":
        qs = cases_visible_to_org(organisation_id=organisation.pk)
    else:
        qs = Case.objects.filter(current_organisation=organisation, status=CaseStatus.SUBMITTED)
    if filters.business_type:
        qs = qs.filter(business_type=filters.business_type)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.submitted_from:
        qs = qs.filter(submitted_at__date__gte=filters.submitted_from)
    if filters.submitted_to:
        qs = qs.filter(submitted_at__date__lte=filters.submitted_to)
    q = (filters.q or "").strip()
    if q:
        number = normalize_id_number(q)
        if ID_NUMBER_SHAPE.match(number):
            qs = qs.filter(applicant__id_number_digest=id_digest(number))
        else:
            qs = qs.filter(applicant__real_name__contains=q)
    return qs.select_related("applicant", "current_organisation").order_by("submitted_at", "id")


def memberships_with_waiting_counts(*, user) -> list[Membership]:
    """The user's active memberships, each with ``waiting`` (cases waiting there): one query."""
    waiting = (
        Case.objects.filter(current_organisation_id=OuterRef("organisation_id"), status=CaseStatus.SUBMITTED)
        .order_by()
        .values("current_organisation_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return list(
        Membership.objects.filter(user=user, is_active=True, role__in=CASE_ROLES)
        .select_related("organisation")
        .annotate(waiting=Coalesce(Subquery(waiting, output_field=IntegerField()), Value(0)))
        .order_by("organisation__name", "role")
    )


@dataclass
class RouteEntry:
    """One line of a case's route as the applicant and reviewers see it."""

    kind: str  # done | current | pending
    label: str
    organisation: str
    decision: str = ""
    decision_code: str = ""
    actor: str = ""
    opinion: str = ""
    at: dt.datetime | None = None


def case_history(*, case: Case) -> list[CaseHistory]:
    return list(
        case.history.exclude(decision=Decision.SAVE).select_related("organisation", "actor").order_by("id")
    )


def case_route(*, case: Case) -> list[RouteEntry]:
    """Every decision so far (from the history), then where the case is now and what follows."""
    entries = [
        RouteEntry(
            kind="done",
            label=h.step_label or "申报人",
            organisation=h.organisation.name if h.organisation else "",
            decision=h.get_decision_display(),
            decision_code=h.decision,
            actor=h.actor.real_name,
            opinion=h.opinion,
            at=h.created_at,
        )
        for h in case_history(case=case)
    ]
    if case.status == CaseStatus.SUBMITTED:
        for s in case.steps.select_related("organisation").filter(order__gte=case.current_step_order):
            entries.append(
                RouteEntry(
                    kind="current" if s.order == case.current_step_order else "pending",
                    label=s.label,
                    organisation=s.organisation.name,
                    decision="正在办理" if s.order == case.current_step_order else "待办理",
                )
            )
    return entries


def case_current_step(*, case: Case) -> CaseStep | None:
    if case.current_step_order is None:
        return None
    return case.steps.select_related("organisation").filter(order=case.current_step_order).first()


def case_actionable_step(*, case: Case, user) -> CaseStep | None:
    """The current step if ``user`` may decide on it now, else None."""
    step = case_current_step(case=case)
    if step and staff_can_act_at(user=user, organisation_id=step.organisation_id, role=step.role):
        return step
    return None


def cases_of_applicant(*, user) -> QuerySet[Case]:
    return Case.objects.filter(applicant=user).select_related("current_organisation").order_by("-updated_at")


def notifications_of(*, user, limit: int = 10) -> list[Notification]:
    return list(Notification.objects.filter(user=user).order_by("-created_at", "-id")[:limit])


def notifications_unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
