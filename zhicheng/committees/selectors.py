"""Reads of committee evaluation, and the object-level permission rules (anything else is a 404):

* committee office (``Role.COMMITTEE_OFFICE`` at ``committee.organisation``): its committees'
  experts, meetings, results and objections;
* expert: the meetings on whose panel they sit (the vote page);
* HR bureau reviewer at ``committee.managing_bureau``: reported results to confirm;
* applicant: their own results; the public: current notices and their passed entries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from zhicheng.cases.constants import CaseStatus
from zhicheng.cases.models import CaseStep
from zhicheng.catalog.models import Committee
from zhicheng.catalog.selectors import committees_managed_by
from zhicheng.certificates.models import CertificateStatus
from zhicheng.orgs.constants import OrgKind, Role
from zhicheng.orgs.models import Membership, Organisation, in_force_q
from zhicheng.profiles.models import Profile, ProfileVersion

from .holds import meeting_holds
from .models import (
    NOT_LIVE_OUTCOMES,
    Ballot,
    EvaluationResult,
    ExpertProfile,
    Meeting,
    Objection,
    ObjectionStatus,
    Outcome,
    PanelMember,
    PublicNotice,
)


def _active(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


# -- committee office ------------------------------------------------------------------------
POOL_ROLES = (Role.COMMITTEE_OFFICE, Role.EXPERT_POOL_MANAGER)


def committees_of_pool_manager(*, user) -> QuerySet[Committee]:
    """Committees whose expert pool the user manages: its office, or its expert-pool managers."""
    if not _active(user):
        return Committee.objects.none()
    orgs = Membership.objects.in_force().filter(user=user, role__in=POOL_ROLES).values("organisation_id")
    return Committee.objects.filter(organisation_id__in=orgs).select_related("organisation", "managing_bureau")


def committees_with_panel_rules_for(*, user) -> QuerySet[Committee]:
    """Committees whose panel rules the user may read: their office and pool managers, the managing HR
    bureau's staff (who edit them), and system administrators (all committees on this system)."""
    from zhicheng.accounts.models import AdminDuty
    from zhicheng.catalog.constants import RunsOn

    if not _active(user):
        return Committee.objects.none()
    qs = Committee.objects.select_related("organisation", "managing_bureau", "series")
    if user.admin_duty == AdminDuty.SYSTEM:
        return qs.filter(runs_on=RunsOn.THIS_SYSTEM)
    bureaus = Membership.objects.in_force().filter(
        user=user, role__in=(Role.REVIEWER, Role.ORG_ADMIN), organisation__kind=OrgKind.HR_BUREAU,
    ).values("organisation_id")
    own = Membership.objects.in_force().filter(user=user, role__in=POOL_ROLES).values("organisation_id")
    return qs.filter(Q(organisation_id__in=own) | Q(managing_bureau_id__in=bureaus)).distinct()


def experts_visible_to(*, user) -> QuerySet[ExpertProfile]:
    """The experts of the pools ``user`` manages (``committees_of_pool_manager``: the committee's office
    or its expert-pool managers), with user, employer, specialty and committee loaded."""
    return ExpertProfile.objects.filter(committee__in=committees_of_pool_manager(user=user)).select_related(
        "user", "employer", "specialty", "committee__organisation"
    )


def meetings_managed_by(*, user) -> QuerySet[Meeting]:
    """The meetings of the committees whose office ``user`` staffs (``committees_managed_by``)."""
    return Meeting.objects.filter(committee__in=committees_managed_by(user=user)).select_related(
        "committee__organisation", "plan"
    )


def meetings_on_panel_of(*, user) -> QuerySet[Meeting]:
    """Meetings on whose panel the user sits (as one of their expert profiles)."""
    if not _active(user):
        return Meeting.objects.none()
    on_panel = PanelMember.objects.filter(meeting=OuterRef("pk"), expert__user=user)
    return Meeting.objects.filter(Exists(on_panel)).select_related("committee__organisation", "plan")


def meetings_visible_to(*, user) -> QuerySet[Meeting]:
    """The meetings ``user`` may see: those of the committees whose office they staff, and those whose
    panel they sit on. None for an anonymous or inactive user."""
    if not _active(user):
        return Meeting.objects.none()
    office = committees_managed_by(user=user).values("pk")
    on_panel = PanelMember.objects.filter(meeting=OuterRef("pk"), expert__user=user)
    return Meeting.objects.filter(Q(committee_id__in=office) | Exists(on_panel)).select_related(
        "committee__organisation", "plan"
    )


def objections_visible_to(*, user) -> QuerySet[Objection]:
    """The objections (异议) to the results of meetings of the committees whose office ``user`` staffs."""
    return Objection.objects.filter(result__meeting__committee__in=committees_managed_by(user=user)).select_related(
        "result__application__applicant", "result__meeting", "lodged_by"
    )


def panel_expert_of(*, meeting: Meeting, user) -> ExpertProfile | None:
    """The expert profile through which ``user`` sits on the panel of ``meeting``, or None when they do not."""
    member = PanelMember.objects.filter(meeting=meeting, expert__user=user).select_related("expert").first()
    return member.expert if member else None


def accepted_applications_for(*, plan, exclude_in_meetings: bool = True, include_held: bool = False, today=None):
    """Accepted 评审申请 of a plan that are not in a (valid or still open) meeting yet: never put before a
    meeting, or only before meetings that were invalid or cancelled.

    Applications held back by a registered hold (``holds.meeting_holds``, e.g. 评审费 unpaid after its
    deadline, decision 0035) on ``today`` are left out unless ``include_held``; :func:`held_applications_for`
    lists them with their reasons."""
    from zhicheng.businesses.models import EvaluationApplication
    from zhicheng.cases.constants import CaseStatus

    qs = EvaluationApplication.objects.filter(plan=plan, case__status=CaseStatus.ACCEPTED).select_related(
        "applicant", "qualification", "specialty", "case", "plan"
    )
    if exclude_in_meetings:
        live = EvaluationResult.objects.filter(application=OuterRef("pk")).exclude(outcome__in=NOT_LIVE_OUTCOMES)
        qs = qs.exclude(Exists(live))
    qs = qs.order_by("case__closed_at", "pk")
    if not include_held:
        held = meeting_holds(applications=qs, today=today)
        if held:
            qs = qs.exclude(pk__in=list(held))
    return qs


def held_applications_for(*, plan, today=None) -> list[tuple[Any, str]]:
    """[(application, reason)]: the accepted 评审申请 of ``plan`` not yet in a meeting that a registered hold
    keeps from being put before one on ``today`` (what the office sees under the candidates, with why)."""
    applications = list(accepted_applications_for(plan=plan, include_held=True, today=today))
    held = meeting_holds(applications=applications, today=today)
    return [(a, held[a.pk]) for a in applications if a.pk in held]


def application_personnel_units(applications) -> dict[int, Organisation | None]:
    """{application pk: personnel unit} for many applications in at most three queries, whatever their
    number (the new meeting's candidate list): the personnel unit step of each case's route, else the
    profile version the application was submitted with, else the applicant's stored profile."""
    applications = list(applications)
    units: dict[int, Organisation | None] = {}
    by_case = {a.case_id: a for a in applications}
    steps = (CaseStep.objects.filter(case_id__in=list(by_case), organisation__kind=OrgKind.PERSONNEL_UNIT)
             .select_related("organisation").order_by("case_id", "order"))
    for step in steps:
        units.setdefault(by_case[step.case_id].pk, step.organisation)
    rest = [a for a in applications if a.pk not in units]
    versions = {v.pk: v.personnel_unit for v in ProfileVersion.objects.filter(
        pk__in=[a.profile_version_id for a in rest if getattr(a, "profile_version_id", None)],
        personnel_unit__isnull=False).select_related("personnel_unit")}
    for a in rest:
        if versions.get(getattr(a, "profile_version_id", None)) is not None:
            units[a.pk] = versions[a.profile_version_id]
    rest = [a for a in rest if a.pk not in units]
    profiles = {p.user_id: p.personnel_unit for p in Profile.objects.filter(
        user_id__in=[a.applicant_id for a in rest]).select_related("personnel_unit")} if rest else {}
    for a in rest:
        units[a.pk] = profiles.get(a.applicant_id)
    return units


def application_presented_achievements(application) -> list:
    """The stored achievements the applicant chose to present (what the panel reviews)."""
    from zhicheng.profiles.models import Achievement

    ids = [i for i in (application.selected_achievement_ids or []) if isinstance(i, int)]
    if not ids:
        return []
    return list(
        Achievement.objects.filter(pk__in=ids, profile__user_id=application.applicant_id).order_by("-date", "id")
    )


# -- meeting pages ------------------------------------------------------------------------------
def meeting_applications(*, meeting: Meeting) -> list:
    """The meeting's 评审申请 in the order of its results, with what the 一览表 prints (profile version)."""
    from zhicheng.businesses.models import EvaluationApplication

    return list(
        EvaluationApplication.objects.filter(evaluation_results__meeting=meeting)
        .select_related("case", "applicant", "qualification", "specialty", "profile_version")
        .order_by("evaluation_results__id")
    )


def meeting_results(*, meeting: Meeting) -> list[EvaluationResult]:
    """The meeting's results (one per application evaluated), in id order, with the application,
    applicant, title, unit and certificate loaded."""
    return list(
        meeting.results.select_related(
            "application__applicant", "application__qualification", "application__specialty", "application__case",
            "unit", "certificate",
        ).order_by("id")
    )


def meeting_panel(*, meeting: Meeting) -> list[PanelMember]:
    """The meeting's panel members in ``position`` order, with the experts loaded."""
    return list(meeting.panel.select_related("expert__user", "expert__employer").order_by("position"))


@dataclass
class PanelRow:
    member: PanelMember
    votes_cast: int
    by_office: int


def meeting_panel_progress(*, meeting: Meeting) -> list[PanelRow]:
    """Each panel member with how many votes they have cast (never which way: 无记名投票)."""
    rows = []
    ballots = list(Ballot.objects.filter(meeting=meeting).values_list("expert_id", "by_office"))
    for member in meeting_panel(meeting=meeting):
        mine = [b for b in ballots if b[0] == member.expert_id]
        rows.append(PanelRow(member=member, votes_cast=len(mine), by_office=sum(1 for b in mine if b[1])))
    return rows


def ballots_of_expert(*, meeting: Meeting, expert: ExpertProfile) -> dict[int, Ballot]:
    """The ballots ``expert`` has cast at ``meeting``, by result id."""
    return {b.result_id: b for b in Ballot.objects.filter(meeting=meeting, expert=expert)}


def meeting_live_tally(*, meeting: Meeting) -> dict[int, dict[str, int]]:
    """Counts per result so far (for the office while the meeting runs)."""
    counts: dict[int, dict[str, int]] = {}
    for result_id, choice in Ballot.objects.filter(meeting=meeting).values_list("result_id", "choice"):
        counts.setdefault(result_id, {"agree": 0, "disagree": 0, "abstain": 0})[choice] += 1
    return counts


# -- public notices -----------------------------------------------------------------------------
def notices_current(*, today: dt.date | None = None) -> QuerySet[PublicNotice]:
    """The public notices (公示) running on ``today`` (default today): published on or before it and
    ending on or after it."""
    today = today or timezone.localdate()
    return PublicNotice.objects.filter(published_on__lte=today, ends_on__gte=today).select_related(
        "meeting__committee__organisation"
    )


def notices_recent(*, today: dt.date | None = None, days: int = 90) -> QuerySet[PublicNotice]:
    """Notices whose period ended in the last ``days`` days (shown below the current ones)."""
    today = today or timezone.localdate()
    return PublicNotice.objects.filter(ends_on__lt=today, ends_on__gte=today - dt.timedelta(days=days)).select_related(
        "meeting__committee__organisation"
    )


def notice_entries(*, notice: PublicNotice) -> list[EvaluationResult]:
    """The published list: results that passed (including ones later withdrawn, marked as such)."""
    return list(
        notice.meeting.results.filter(outcome__in=[Outcome.PASSED, Outcome.WITHDRAWN])
        .select_related("application__applicant", "application__qualification", "application__specialty")
        .order_by("id")
    )


def has_pending_objection(result: EvaluationResult) -> bool:
    """Whether an objection (异议) to ``result`` is still pending (the result cannot be confirmed then)."""
    return result.objections.filter(status=ObjectionStatus.PENDING).exists()


# -- HR bureau confirmation ----------------------------------------------------------------------
def bureaus_confirming(*, user) -> QuerySet[Organisation]:
    """The HR bureaus where ``user`` is a reviewer in force: they confirm the results of the committees
    they manage. None for an anonymous or inactive user."""
    if not _active(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        in_force_q("memberships__"),
        kind=OrgKind.HR_BUREAU, memberships__user=user, memberships__role=Role.REVIEWER,
    )


def results_to_confirm_by(*, user) -> QuerySet[EvaluationResult]:
    """Reported, not yet confirmed results of committees managed by the user's HR bureaus."""
    bureaus = bureaus_confirming(user=user).values("pk")
    return (
        EvaluationResult.objects.filter(
            meeting__committee__managing_bureau_id__in=bureaus,
            outcome=Outcome.PASSED, reported_at__isnull=False, confirmed_at__isnull=True,
        )
        .select_related(
            "application__applicant", "application__qualification", "application__specialty",
            "meeting__committee__organisation",
        )
        .order_by("reported_at", "id")
    )


def results_confirmed_by_bureaus_of(*, user, limit: int = 50) -> list[EvaluationResult]:
    """The results confirmed by the bureaus ``user`` confirms for (``bureaus_confirming``), most recent
    first, at most ``limit``."""
    bureaus = bureaus_confirming(user=user).values("pk")
    return list(
        EvaluationResult.objects.filter(meeting__committee__managing_bureau_id__in=bureaus, confirmed_at__isnull=False)
        .select_related("application__applicant", "application__qualification", "certificate",
                        "meeting__committee__organisation")
        .order_by("-confirmed_at")[:limit]
    )


# -- the applicant -------------------------------------------------------------------------------
@dataclass
class EvaluationOutcome:
    """What the applicant sees of their evaluation after acceptance."""

    stage: str  # unaccepted | waiting | meeting | passed | failed | invalid | withdrawn | notice | reported | confirmed
    label: str
    result: EvaluationResult | None = None
    notice: PublicNotice | None = None
    certificate_number: str = ""
    certificate_id: int | None = None


def evaluation_outcome_of(application, *, today: dt.date | None = None) -> EvaluationOutcome:
    """The latest evaluation state of an 评审申请 (for the applicant's case view)."""
    return evaluation_outcomes_of(applications=[application], today=today)[application.pk]


def evaluation_outcomes_of(*, applications, today: dt.date | None = None) -> dict[int, EvaluationOutcome]:
    """``evaluation_outcome_of`` of several 评审申请 at once (two queries whatever their number), by
    application pk: the applicant's list of businesses shows each one's stage."""
    today = today or timezone.localdate()
    ids = [a.pk for a in applications]
    latest: dict[int, EvaluationResult] = {}
    for result in (EvaluationResult.objects.filter(application_id__in=ids)
                   .select_related("meeting", "certificate").order_by("-id")):
        latest.setdefault(result.application_id, result)
    notices = {n.meeting_id: n for n in PublicNotice.objects.filter(
        meeting_id__in={r.meeting_id for r in latest.values() if r.outcome == Outcome.PASSED}
    )}
    return {pk: _outcome(latest.get(pk), notices, today) for pk in ids}


def _outcome(result: EvaluationResult | None, notices: dict, today: dt.date) -> EvaluationOutcome:
    if result is None:
        return EvaluationOutcome("waiting", "已受理，等待评委会安排评审会议")
    meeting = result.meeting
    if result.outcome == Outcome.PENDING:
        return EvaluationOutcome("meeting", f"已安排评审会议（{meeting.held_on:%Y-%m-%d}），等待评审", result)
    if result.outcome == Outcome.INVALID:
        return EvaluationOutcome("invalid", "评审会议出席专家不足三分之二，会议无效，等待重新安排评审", result)
    if result.outcome == Outcome.CANCELLED:
        return EvaluationOutcome(
            "waiting", f"原定于{meeting.held_on:%Y-%m-%d}的评审会议已取消，等待评委会重新安排评审会议", result
        )
    if result.outcome == Outcome.FAILED:
        return EvaluationOutcome("failed", "评审未通过", result)
    if result.outcome == Outcome.WITHDRAWN:
        return EvaluationOutcome("withdrawn", "公示期间异议经核实成立，撤销评审通过结果", result)
    if result.certificate_id:
        certificate = result.certificate
        if certificate.status != CertificateStatus.VALID:  # voided or replaced: its e-certificate is gone
            return EvaluationOutcome(
                "confirmed", f"评审通过，人社部门已确认备案；该证书{certificate.get_status_display()}", result,
                certificate_number=certificate.number,
            )
        return EvaluationOutcome(
            "confirmed", "评审通过，人社部门已确认备案并发放证书", result,
            certificate_number=certificate.number, certificate_id=result.certificate_id,
        )
    if result.reported_at:
        return EvaluationOutcome("reported", "评审通过，公示期满，已上报人社部门等待确认备案", result)
    notice = notices.get(meeting.pk)
    if notice is not None:
        if notice.is_current_on(today):
            label = f"评审通过，正在公示（至{notice.ends_on:%Y-%m-%d}）"
        else:
            label = f"评审通过，公示已于{notice.ends_on:%Y-%m-%d}期满，等待上报"
        return EvaluationOutcome("notice", label, result, notice=notice)
    return EvaluationOutcome("passed", "评审通过，等待公示", result)


@dataclass
class ApplicantEvaluation:
    """One 评审申请 of the applicant's 我的评审 page: the application, where it stands, and its route (what
    was done and the steps still ahead, ``cases.selectors.case_routes`` continued by :func:`lifecycle_routes`)."""

    application: object
    outcome: EvaluationOutcome
    route: list


def evaluations_of_applicant(*, user, today: dt.date | None = None) -> list[ApplicantEvaluation]:
    """The applicant's 评审申请 from submission on, newest first: those waiting for 受理 (stage ``unaccepted``,
    "待受理", with the reviewer who has it now) and the accepted ones with their evaluation outcome
    (:func:`evaluation_outcomes_of`). Drafts, returned, refused and withdrawn applications are not listed (the
    business pages show them). A constant number of queries whatever their number."""
    from zhicheng.businesses.models import EvaluationApplication
    from zhicheng.cases.selectors import case_routes

    if not _active(user):
        return []
    applications = list(
        EvaluationApplication.objects.filter(
            applicant=user, case__status__in=(CaseStatus.SUBMITTED, CaseStatus.ACCEPTED)
        )
        .select_related("case__current_organisation", "qualification", "specialty", "committee")
        .order_by("-id")
    )
    accepted = [a for a in applications if a.case.status == CaseStatus.ACCEPTED]
    outcomes = evaluation_outcomes_of(applications=accepted, today=today)
    routes = case_routes(cases=[a.case for a in applications])
    rows = []
    for a in applications:
        outcome = outcomes.get(a.pk)
        if outcome is None:
            where = a.case.current_organisation.name if a.case.current_organisation_id else ""
            outcome = EvaluationOutcome("unaccepted", f"待受理（{where}正在审核）" if where else "待受理")
        rows.append(ApplicantEvaluation(application=a, outcome=outcome, route=routes.get(a.case_id, [])))
    return rows


# -- the later life on the route (decision 0031) --------------------------------------------------
#: move -> (the route's step, what was decided); a move in ``_NEGATIVE`` is shown in red.
_MOVE_LINES: dict[str, tuple[str, str]] = {
    "schedule": ("安排评审会议", "已排会"),
    "pass": ("评审会议表决", "评审通过"),
    "fail": ("评审会议表决", "未通过"),
    "invalidate": ("评审会议表决", "会议无效"),
    "cancel": ("安排评审会议", "评审会议取消"),
    "publish": ("评审结果公示", "已发布公示"),
    "object": ("评审结果公示", "收到异议"),
    "dismiss": ("异议处理", "异议不成立"),
    "uphold": ("异议处理", "异议成立，撤销评审通过结果"),
    "report": ("报送人社部门", "已报送"),
    "confirm": ("确认备案并发证", "已确认备案"),
}
_NEGATIVE = frozenset({"fail", "invalidate", "cancel", "uphold"})


def lifecycle_routes(cases) -> dict:
    """The later life of accepted 评审申请 as route lines, by case pk: every stage move so far (with its date,
    who acted and what it was about), then the current step and those that follow (``lifecycle.MAIN_LINE``).
    A case not yet accepted (submitted, waiting at a reviewer) gets every step of ``MAIN_LINE`` as still ahead.

    Registered with ``zhicheng.cases.registry.route_continuation_register`` (``apps.py``), so the applicant's
    and the reviewers' case pages show one route. Four queries whatever the number of cases (three when no
    notice is running, one when none is accepted). Objectors are not named (the applicant reads this route)."""
    from zhicheng.businesses.models import EvaluationApplication
    from zhicheng.cases.selectors import RouteEntry

    from .lifecycle import MAIN_LINE, TERMINAL
    from .models import ApplicationStage, Stage, StageChange

    cases = list(cases)
    apps = list(EvaluationApplication.objects.filter(case_id__in=[c.pk for c in cases]).values(
        "pk", "case_id", "committee__organisation__name", "committee__managing_bureau__name"))
    if not apps:
        return {}
    accepted = {c.pk for c in cases if c.status == CaseStatus.ACCEPTED}
    accepted_apps = [a["pk"] for a in apps if a["case_id"] in accepted]
    if not accepted_apps:  # none accepted yet: no stage and no move to read
        return {a["case_id"]: _lifecycle_ahead(None, None, None, a["committee__organisation__name"],
                                               a["committee__managing_bureau__name"], MAIN_LINE) for a in apps}
    stages = {pk: (state, result) for pk, state, result in ApplicationStage.objects.filter(
        pk__in=accepted_apps).values_list("pk", "state", "result_id")}
    changes: dict[int, list[dict]] = {}
    for row in (StageChange.objects.filter(application_id__in=accepted_apps).order_by("at", "id")
                .values("application_id", "move", "at", "actor__real_name", "result__meeting__name",
                        "result__meeting__held_on", "result__meeting__place", "result__agree", "result__present",
                        "result__meeting_id", "result__certificate__number")):
        changes.setdefault(row["application_id"], []).append(row)
    noticed = [r for s, r in stages.values() if s in (Stage.IN_NOTICE, Stage.OBJECTED) and r]
    notices = {}
    if noticed:
        notices = {n.meeting_id: n for n in PublicNotice.objects.filter(meeting__results__in=noticed)}
    today = timezone.localdate()
    routes: dict[int, list] = {}
    for app in apps:
        committee, bureau = app["committee__organisation__name"], app["committee__managing_bureau__name"]
        if app["case_id"] not in accepted:  # before 受理: the whole later life is ahead
            routes[app["case_id"]] = _lifecycle_ahead(None, None, today, committee, bureau, MAIN_LINE)
            continue
        lines = []
        last_meeting = None
        for row in changes.get(app["pk"], []):
            move = row["move"]
            label, decision = _MOVE_LINES[move]
            note = ""
            if move == "schedule" and row["result__meeting__name"]:
                note = (
                    f"{row['result__meeting__name']}（{row['result__meeting__held_on']:%Y-%m-%d}，"
                    f"{row['result__meeting__place']}）"
                )
            elif move in ("pass", "fail") and row["result__present"] is not None:
                note = f"同意 {row['result__agree']} 票，出席专家 {row['result__present']} 人"
            elif move == "invalidate":
                note = "出席专家不足评审组的三分之二，等待重新安排评审会议"
            elif move == "cancel":
                note = "评审会议已取消，等待重新安排评审会议"
            elif move == "confirm" and row["result__certificate__number"]:
                note = f"证书编号 {row['result__certificate__number']}"
            last_meeting = row["result__meeting_id"] or last_meeting
            lines.append(RouteEntry(
                kind="done", label=label, organisation=bureau if move == "confirm" else committee,
                decision=decision, decision_code=f"stage:{move}", negative=move in _NEGATIVE,
                actor="" if move == "object" else (row["actor__real_name"] or "系统"), at=row["at"], note=note,
            ))
        state, _ = stages.get(app["pk"], (Stage.AWAITING, None))
        if state not in TERMINAL:
            lines.extend(_lifecycle_ahead(state, notices.get(last_meeting), today, committee, bureau, MAIN_LINE))
        routes[app["case_id"]] = lines
    return routes


def _lifecycle_ahead(state, notice, today, committee: str, bureau: str, main_line) -> list:
    """The current step of a stage and the steps that follow, as route lines; ``state`` None (not yet
    accepted): every step of ``main_line``, none current."""
    from zhicheng.cases.selectors import RouteEntry

    from .models import Stage

    if state is None:
        return [
            RouteEntry(
                kind="pending",
                label=label,
                organisation=bureau if reached == Stage.CONFIRMED else committee,
                decision="待办理",
            )
            for reached, label in main_line
        ]
    current: dict[str, tuple[str, str]] = {
        Stage.AWAITING: (Stage.SCHEDULED, "待上会"),
        Stage.SCHEDULED: (Stage.PASSED, "待表决"),
        Stage.PASSED: (Stage.IN_NOTICE, "待公示"),
        Stage.IN_NOTICE: (Stage.IN_NOTICE, "公示中"),
        Stage.OBJECTED: (Stage.IN_NOTICE, "异议处理中"),
        Stage.REPORTED: (Stage.CONFIRMED, "待确认备案"),
    }
    at_step, decision = current[state]
    lines = []
    if state == Stage.IN_NOTICE and notice is not None and notice.has_ended_on(today):
        lines.append(RouteEntry(kind="done", label="评审结果公示", organisation=committee,
                                decision=f"公示期满（{notice.ends_on:%Y-%m-%d}）", decision_code="stage:notice_ended"))
        at_step, decision = Stage.REPORTED, "待报送"
    elif state in (Stage.IN_NOTICE, Stage.OBJECTED) and notice is not None:
        decision = f"{decision}（公示期 {notice.published_on:%Y-%m-%d} 至 {notice.ends_on:%Y-%m-%d}）"
    steps = [s for s, _ in main_line]
    for reached, label in main_line[steps.index(at_step):]:
        now = reached == at_step
        lines.append(RouteEntry(
            kind="current" if now else "pending", label=label,
            organisation=bureau if reached == Stage.CONFIRMED else committee,
            decision=decision if now else "待办理", decision_code=f"stage:{reached}" if now else "",
        ))
    return lines
