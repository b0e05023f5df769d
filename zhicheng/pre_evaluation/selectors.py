"""Reading 评前公示: the public list, a unit's own list, a case's notice."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from zhicheng.cases.constants import CaseStatus
from zhicheng.orgs.constants import OrgKind, Role
from zhicheng.orgs.models import Organisation
from zhicheng.orgs.selectors import units_matching

from .models import PreEvaluationNotice, PreEvaluationObjection

#: A unit's own list shows notices ended in the last this many days besides the running ones.
UNIT_LIST_DAYS = 180


def notices_public(*, q: str = "", today: dt.date | None = None) -> QuerySet[PreEvaluationNotice]:
    """Running notices (published_on ≤ today ≤ ends_on) whose case is still submitted, newest first;
    ``q`` narrows to units whose name matches as typed (``orgs.selectors.units_matching``: width,
    brackets, pinyin). Constant queries: one for the list."""
    today = today or timezone.localdate()
    qs = (PreEvaluationNotice.objects
          .filter(published_on__lte=today, ends_on__gte=today, case__status=CaseStatus.SUBMITTED)
          .select_related("organisation"))
    if q.strip():
        units = units_matching(Organisation.objects.all(), q).values("pk")
        qs = qs.filter(organisation_id__in=units)
    return qs.order_by("organisation__name", "-published_on", "pk")


def notice_public_get(*, pk: int, today: dt.date | None = None) -> PreEvaluationNotice | None:
    """A running notice by id (what the public objection form opens), or None."""
    return notices_public(today=today).filter(pk=pk).first()


def _with_objections(qs: QuerySet[PreEvaluationNotice]) -> QuerySet[PreEvaluationNotice]:
    return qs.prefetch_related(Prefetch(
        "objections", queryset=PreEvaluationObjection.objects.select_related("lodged_by").order_by("pk")))


def publishing_unit_ids(*, user) -> list[int]:
    """The personnel units (人事管理单位, who publish 评前公示) where ``user`` is a reviewer."""
    return [org for org, role, kind in user.active_membership_rows
            if role == Role.REVIEWER and kind == OrgKind.PERSONNEL_UNIT]


def notices_of_units(*, user, today: dt.date | None = None) -> QuerySet[PreEvaluationNotice]:
    """The notices of the personnel units where ``user`` is a reviewer: running ones and those ended in
    the last ``UNIT_LIST_DAYS`` days, with their objections (two queries)."""
    today = today or timezone.localdate()
    org_ids = publishing_unit_ids(user=user)
    qs = (PreEvaluationNotice.objects
          .filter(organisation_id__in=org_ids, ends_on__gte=today - dt.timedelta(days=UNIT_LIST_DAYS))
          .select_related("organisation", "case"))
    return _with_objections(qs).order_by("-published_on", "-pk")


def notices_of_case(*, case) -> list[PreEvaluationNotice]:
    """Every notice of ``case``, newest first, with objections and changes (three queries)."""
    return list(_with_objections(case.pre_evaluation_notices.all()).prefetch_related("changes")
                .order_by("-published_on", "-pk"))


def objection_managed_by(*, user, pk: int) -> PreEvaluationObjection | None:
    """An objection to a notice of a unit where ``user`` is a reviewer, or None (the page answers 404)."""
    org_ids = [org for org, role, _ in user.active_membership_rows if role == Role.REVIEWER]
    return (PreEvaluationObjection.objects.filter(pk=pk, notice__organisation_id__in=org_ids)
            .select_related("notice__organisation", "notice__case", "lodged_by").first())
