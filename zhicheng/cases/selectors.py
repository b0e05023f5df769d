"""Reads of the case engine. ``cases_visible_to`` is the single object-level permission rule:

* the applicant sees their own cases;
* staff see a case that is now waiting at one of their organisations, or that was at one of
  them before (a history row names the organisation). A supervising unit therefore sees only
  what has reached it. Anything else is a 404 for pages, API and admin alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from zhicheng.accounts.models import typed_document_digests, users_holding_documents
from zhicheng.common.querysets import filter_given
from zhicheng.common.validators import normalize_person_name
from zhicheng.orgs.constants import Role
from zhicheng.orgs.models import Membership, Organisation
from zhicheng.orgs.permissions import may_decide_case

from .constants import CaseStatus, Decision
from .models import Case, CaseHistory, CaseStep, Notification
from .permissions import staff_can_act_at
from .registry import business_decision_label, route_continuation_of

_UNSET = object()

# The roles that work cases (every route step names one of them). An organisation administrator
# manages staff, window staff recover accounts and experts see only what their panel is given:
# none of them opens an organisation's cases or its queue (least privilege, 等保 访问控制).
CASE_ROLES = (Role.REVIEWER, Role.COMMITTEE_OFFICE)


def _staff_org_ids(user):
    return Membership.objects.in_force().filter(user=user, role__in=CASE_ROLES).values("organisation_id")


def cases_visible_to(*, user) -> QuerySet[Case]:
    """The cases ``user`` may see: their own as applicant, those now at an organisation where they hold a
    case role (reviewer, committee office) in force, and those that have passed one (a history row
    there). None for an anonymous or inactive user. The rule behind every case page (404 otherwise)."""
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
        Membership.objects.in_force().filter(user=user, organisation_id=organisation_id, role__in=CASE_ROLES)
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
    qs = filter_given(
        qs, business_type=filters.business_type, status=filters.status,
        submitted_at__date__gte=filters.submitted_from, submitted_at__date__lte=filters.submitted_to,
    )
    q = (filters.q or "").strip()
    if q:
        # A number of any identity document (the applicant's own or one linked at a window), or a name.
        digests = typed_document_digests(q)
        by_name = Q(applicant__real_name__contains=normalize_person_name(q))
        if digests:
            qs = qs.filter(Q(applicant__in=users_holding_documents(digests).values("pk")) | by_name)
        else:
            qs = qs.filter(by_name)
    # Only what a queue row shows: an applicant's row also holds the encrypted phone number and
    # other columns that would be decrypted and built for nothing (20 rows a page).
    return qs.select_related("applicant", "current_organisation").only(*QUEUE_ROW_FIELDS).order_by("submitted_at", "id")


QUEUE_ROW_FIELDS = (
    "applicant", "business_type", "summary", "status", "submitted_at", "current_step_order", "current_organisation",
    "applicant__real_name", "applicant__id_number", "current_organisation__name", "taken_in_at",
)


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
        Membership.objects.in_force().filter(user=user, role__in=CASE_ROLES)
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
    #: A return: the titles of the parts to correct, the period in working days and its last day; a
    #: 逾期未补正 row: the deadline that passed (``CaseHistory.correction_*``).
    parts: list[str] = field(default_factory=list)
    correction_days: int | None = None
    correction_due_on: dt.date | None = None
    #: A line of the later life (``route_continuation_register``): what the step was about, e.g. the meeting.
    note: str = ""
    #: A line of the later life says itself whether it is a decision against the applicant (未通过 …).
    negative: bool = False

    @property
    def is_negative(self) -> bool:
        """A decision against the applicant (returned, refused, lapsed, not passed …): shown in red."""
        return self.negative or self.decision_code in NEGATIVE_DECISIONS


#: ``RouteEntry.decision_code`` values of the case engine shown as decisions against the applicant.
NEGATIVE_DECISIONS = frozenset({Decision.RETURN, Decision.REFUSE, Decision.DENY, Decision.LAPSE})


def _continued(cases: list[Case], entries: dict[int, list[RouteEntry]]) -> dict[int, list[RouteEntry]]:
    """Append the later life of accepted cases, and the steps still ahead of submitted ones (waiting at a
    reviewer, before 受理), from ``registry.route_continuation_of``; no query when none."""
    by_business: dict[str, list[Case]] = {}
    for c in cases:
        if (c.status in (CaseStatus.ACCEPTED, CaseStatus.SUBMITTED)
                and route_continuation_of(c.business_type) is not None):
            by_business.setdefault(c.business_type, []).append(c)
    for code, accepted in by_business.items():
        for case_id, more in route_continuation_of(code)(accepted).items():
            entries[case_id].extend(more)
    return entries


def _part_titles(parts) -> list[str]:
    return [str(p.get("title", "")) for p in (parts or []) if isinstance(p, dict)]


def returned_entry_of(route: list[RouteEntry]) -> RouteEntry | None:
    """The latest return (退回补正) in a case's route: who returned it, why, the parts to correct and by
    when — what the applicant of a returned case is shown (case page and workbench)."""
    return next((e for e in reversed(route) if e.decision_code == Decision.RETURN), None)


def case_history(*, case: Case) -> list[CaseHistory]:
    """The case's history rows in order, without the applicant's 保存 rows, with organisation and actor."""
    return list(
        case.history.exclude(decision=Decision.SAVE).select_related("organisation", "actor").order_by("id")
    )


def _route_entries(case: Case, history: list[CaseHistory], steps: list[CaseStep]) -> list[RouteEntry]:
    entries = [
        RouteEntry(
            kind="done",
            label=h.step_label or "申报人",
            # a renamed unit's history reads under the name it had then
            organisation=h.organisation.name_at(h.created_at) if h.organisation else "",
            decision=business_decision_label(case.business_type, h.decision),
            decision_code=h.decision,
            actor=h.actor.real_name if h.actor_id else "系统",
            opinion=h.opinion,
            at=h.created_at,
            parts=_part_titles(h.correction_parts),
            correction_days=h.correction_days,
            correction_due_on=h.correction_due_on,
        )
        for h in history
    ]
    if case.status == CaseStatus.SUBMITTED and case.current_step_order is not None:
        for s in steps:
            if s.order < case.current_step_order:
                continue
            entries.append(
                RouteEntry(
                    kind="current" if s.order == case.current_step_order else "pending",
                    label=s.label,
                    organisation=s.organisation.name,
                    decision="正在办理" if s.order == case.current_step_order else "待办理",
                )
            )
    return entries


def case_route(*, case: Case) -> list[RouteEntry]:
    """Every decision so far (from the history), then where the case is now and what follows."""
    return case_routes(cases=[case])[case.pk]


def case_routes(*, cases) -> dict[int, list[RouteEntry]]:
    """``case_route`` of several cases at once (two queries whatever their number): by case pk.

    Reads plain values, not model instances: a route line needs five columns, and an instance
    per row (with its organisation and its actor, whose ID and phone numbers are decrypted on
    load) cost more than the queries on the applicant's dashboard.
    """
    cases = list(cases)
    if not cases:
        return {}
    business_of = {c.pk: c.business_type for c in cases}
    entries: dict[int, list[RouteEntry]] = {c.pk: [] for c in cases}
    for case_id, label, org_name, decision, actor_name, opinion, at, parts, days, due_on in (
        CaseHistory.objects.filter(case_id__in=list(entries)).exclude(decision=Decision.SAVE)
        .order_by("case_id", "id")
        .values_list("case_id", "step_label", "organisation__name", "decision", "actor__real_name", "opinion",
                     "created_at", "correction_parts", "correction_days", "correction_due_on")
    ):
        entries[case_id].append(
            RouteEntry(
                kind="done",
                label=label or "申报人",
                organisation=org_name or "",
                decision=business_decision_label(business_of[case_id], decision),
                decision_code=decision,
                actor=actor_name or "系统",
                opinion=opinion,
                at=at,
                parts=_part_titles(parts),
                correction_days=days,
                correction_due_on=due_on,
            )
        )
    current = {c.pk: c.current_step_order for c in cases
               if c.status == CaseStatus.SUBMITTED and c.current_step_order is not None}
    if current:
        for case_id, order, label, org_name in (
            CaseStep.objects.filter(case_id__in=list(current)).order_by("case_id", "order")
            .values_list("case_id", "order", "label", "organisation__name")
        ):
            if order < current[case_id]:
                continue
            now = order == current[case_id]
            entries[case_id].append(RouteEntry(
                kind="current" if now else "pending", label=label, organisation=org_name,
                decision="正在办理" if now else "待办理",
            ))
    return _continued(cases, entries)


# A history row with the names it shows: not the actor's whole account (whose ID and phone
# numbers would be decrypted for every row) nor the organisation's other columns.
_HISTORY_FIELDS = (
    *(f.name for f in CaseHistory._meta.concrete_fields), "organisation__name", "organisation__kind",
    "actor__real_name",
)


@dataclass
class CaseDetailData:
    """What the case page needs from the history and the steps, each read once."""

    route: list[RouteEntry]
    current_step: CaseStep | None
    history: list[CaseHistory]


def case_detail_data(*, case: Case) -> CaseDetailData:
    """The route, the current step and every history row (``SAVE`` included) in two queries."""
    history = list(
        case.history.select_related("organisation", "actor").only(*_HISTORY_FIELDS)
        .prefetch_related("organisation__name_changes").order_by("id")
    )
    steps = []
    if case.status == CaseStatus.SUBMITTED and case.current_step_order is not None:
        steps = list(case.steps.select_related("organisation").filter(order__gte=case.current_step_order)
                     .order_by("order"))
    current = next((s for s in steps if s.order == case.current_step_order), None)
    route = _route_entries(case, [h for h in history if h.decision != Decision.SAVE], steps)
    route = _continued([case], {case.pk: route})[case.pk]
    return CaseDetailData(route=route, current_step=current, history=history)


def case_current_step(*, case: Case) -> CaseStep | None:
    """The step the case is waiting at (with its organisation), or None when it is at none (draft,
    returned, closed)."""
    if case.current_step_order is None:
        return None
    return case.steps.select_related("organisation").filter(order=case.current_step_order).first()


def case_actionable_step(*, case: Case, user, current_step=_UNSET) -> CaseStep | None:
    """The current step if ``user`` may decide on it now, else None. ``current_step``: already
    read by the caller (``case_detail_data``)."""
    step = case_current_step(case=case) if current_step is _UNSET else current_step
    if (step and staff_can_act_at(user=user, organisation_id=step.organisation_id, role=step.role)
            and may_decide_case(actor=user, case=case)):
        return step
    return None


def cases_of_applicant(*, user) -> QuerySet[Case]:
    """The applicant's own cases, most recently changed first, with the organisation each is at."""
    return Case.objects.filter(applicant=user).select_related("current_organisation").order_by("-updated_at")


def notifications_with_unread_count(*, user, limit: int = 10) -> tuple[list[Notification], int]:
    """The latest notifications and how many of all are unread, in one query (the count rides on
    each row as a subquery; no notification at all means none unread)."""
    unread = (
        Notification.objects.filter(user=user, read_at__isnull=True).order_by()
        .values("user_id").annotate(n=Count("id")).values("n")
    )
    rows = list(
        Notification.objects.filter(user=user)
        .annotate(unread_total=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)))
        .order_by("-created_at", "-id")[:limit]
    )
    return rows, (rows[0].unread_total if rows else 0)


def notifications_of(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    """All in-system notifications of ``user``, newest first (the 消息通知 page pages through them);
    ``unread_only`` keeps those not yet read. Only the user's own, whoever asks."""
    qs = Notification.objects.filter(user=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def notifications_unread_count(*, user) -> int:
    """How many in-system notifications of ``user`` are unread (the badge in the header)."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def case_queue_next(*, organisation_id: int, after: Case | None = None) -> Case | None:
    """The case that waits longest at ``organisation_id`` (the queue's first row), other than
    ``after``: the 下一件 a reviewer goes to after deciding. One query."""
    qs = Case.objects.filter(current_organisation_id=organisation_id, status=CaseStatus.SUBMITTED)
    if after is not None:
        qs = qs.exclude(pk=after.pk)
    return qs.select_related("applicant").only("business_type", "applicant__real_name", "submitted_at") \
        .order_by("submitted_at", "id").first()


def case_decision_result_text(*, case: Case, decision: str) -> str:
    """What a reviewer's decision did, to whom, in one sentence (issue 17, finding 5), e.g.
    “已审核通过 张三 的评审申请，转 龙川县卫生健康局（主管单位）办理。” ``case``: as the decision left it."""
    from .registry import business_type_get

    business = business_type_get(case.business_type)
    who = f"{case.applicant.real_name} 的{business.label}"
    word = business.decision_label(decision)
    if decision == Decision.RETURN:
        due = f"，补正截止 {case.correction_due_on:%Y-%m-%d}" if case.correction_due_on else ""
        return f"已退回 {who}，由申报人修改后重新提交{due}。"
    if case.status == CaseStatus.SUBMITTED and case.current_organisation_id:
        if decision == Decision.ACCEPT:
            return f"已受理 {who}，请审查后作出{business.grant_label}或{business.deny_label}的决定。"
        step = case.steps.filter(order=case.current_step_order).only("label").first()
        label = f"（{step.label}）" if step else ""
        return f"已{word} {who}，转 {case.current_organisation.name}{label} 办理。"
    return f"{who}{business.status_label(case.status)}（{word}）。" if word not in business.status_label(case.status) \
        else f"{who}{business.status_label(case.status)}。"


@dataclass(frozen=True)
class ReturnPartGroup:
    """One group of what a reviewer may tick when returning a case: ``choices`` are ``(key, title)``."""

    title: str
    choices: list[tuple[str, str]]


def case_return_parts(*, case: Case, record: dict | None = None) -> list[ReturnPartGroup]:
    """What a reviewer may tick as "must be corrected" when returning ``case`` (issue 17), in page order:

    * 申报表 — the application's own sections (``BusinessType.return_parts(case)``; keys ``application:…``);
    * 个人基本信息 — each section of the record shown on the case page (keys ``record:<section>``);
    * 附件 — each attachment of that record (keys ``attachment:<id>``), named by its kind and file name.

    ``record``: ``BusinessType.record_of(case, viewer)`` as the page already built it (no query here).
    The keys are what the form accepts; the titles are stored with the return, as the reviewer saw them."""
    from .registry import business_type_get

    business = business_type_get(case.business_type)
    groups: list[ReturnPartGroup] = []
    own = list(business.return_parts(case)) if business.return_parts else []
    if own:
        groups.append(ReturnPartGroup("申报表", own))
    sections = (record or {}).get("sections") or []
    fields = [(f"record:{s.key}", s.title) for s in sections if s.key != "attachments"]
    if fields:
        groups.append(ReturnPartGroup("个人基本信息", fields))
    files = [
        (f"attachment:{i.id}", f"附件：{i.heading}")
        for s in sections if s.key == "attachments" for i in s.items if i.id and i.status != "removed"
    ]
    if files:
        groups.append(ReturnPartGroup("附件", files))
    return groups

