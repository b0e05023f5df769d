"""Writes of committee evaluation. Each service checks who acts, locks what two people could
change at once (``select_for_update``), validates, saves and writes the audit log.

Errors a person can fix raise :class:`EvaluationError` with a Chinese ``message``; views show it.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhicheng.accounts.identity import identity_forget
from zhicheng.audit.services import audit_record
from zhicheng.cases.registry import application_bar_for
from zhicheng.catalog.selectors import committees_managed_by
from zhicheng.common.exceptions import ServiceError
from zhicheng.orgs.constants import Role
from zhicheng.orgs.models import Membership
from zhicheng.orgs.permissions import DutyConflict, expert_pool_add_check
from zhicheng.workcalendar.models import MIN_NOTICE_WORKING_DAYS
from zhicheng.workcalendar.services import notice_ends_recompute
from zhicheng.workcalendar.workdays import add_working_days

from .holds import meeting_holds
from .lifecycle import stage_move
from .models import (
    NOT_LIVE_OUTCOMES,
    Ballot,
    DrawKind,
    EvaluationResult,
    ExpertProfile,
    Meeting,
    MeetingMessage,
    MeetingMessageKind,
    MeetingStatus,
    Objection,
    ObjectionStatus,
    Outcome,
    PanelDraw,
    PanelMember,
    PublicNotice,
    StageMove,
)
from .rules import Vote, case_passes, meeting_is_valid
from .selectors import application_personnel_units, has_pending_objection

#: Default length of an expert's term (聘期) when the pool manager gives no end date.
DEFAULT_TERM_YEARS = 3


class EvaluationError(ServiceError):
    """A committee's evaluation step that cannot be done (meeting, panel, vote, 公示, report)."""

    default_message = "无法办理该评审事项。"


class NotAllowed(EvaluationError):
    def __init__(self, message: str = "您无权办理此事项。"):
        super().__init__(message)


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _check_office(user, committee) -> None:
    if not (user is not None and committees_managed_by(user=user).filter(pk=committee.pk).exists()):
        raise NotAllowed()


def _check_pool_manager(user, committee) -> None:
    """The committee's office or one of its expert-pool managers (专家库管理员)."""
    if not (
        user is not None
        and user.is_authenticated
        and user.is_active
        and Membership.objects.in_force()
        .filter(
            user=user,
            organisation_id=committee.organisation_id,
            role__in=(Role.COMMITTEE_OFFICE, Role.EXPERT_POOL_MANAGER),
        )
        .exists()
    ):
        raise NotAllowed()


# -- expert pool -------------------------------------------------------------------------------
@transaction.atomic
def expert_add(*, committee, user, employer, actor, specialty=None, title: str = "",
               term_ends_on: dt.date | None = None) -> ExpertProfile:
    """Add a registered person to the committee's pool (or reactivate them) and grant the expert role.

    ``term_ends_on``: last day of the expert's term (聘期); after it the expert is not drawn. Default:
    ``DEFAULT_TERM_YEARS`` years from today (the day before the anniversary). Refused
    (``EvaluationError``) while an integrity record bars the person (``cases.registry.application_bar_for``,
    role "expert")."""
    from zhicheng.catalog.eligibility import anniversary

    _check_pool_manager(actor, committee)
    if term_ends_on is None:
        term_ends_on = anniversary(timezone.localdate(), DEFAULT_TERM_YEARS) - dt.timedelta(days=1)
    try:
        expert_pool_add_check(actor=actor, user=user)
    except DutyConflict as exc:
        raise NotAllowed(exc.messages[0]) from exc
    bar = application_bar_for(user=user, on_date=timezone.localdate(), role="expert")
    if bar is not None:  # an integrity record in force (诚信档案, zhicheng.integrity)
        raise EvaluationError(f"此人{bar.message}")
    expert = ExpertProfile.objects.select_for_update().filter(user=user, committee=committee).first()
    created = expert is None
    if expert is None:
        expert = ExpertProfile(user=user, committee=committee)
    elif expert.is_active:
        raise EvaluationError("此人已在本评委会专家库中。")
    expert.employer, expert.specialty, expert.title, expert.is_active = employer, specialty, title.strip(), True
    expert.term_ends_on = term_ends_on
    expert.full_clean()
    expert.save()
    Membership.objects.update_or_create(
        user=user, organisation=committee.organisation, role=Role.EXPERT, defaults={"is_active": True}
    )
    audit_record(
        action="evaluation.expert_add" if created else "evaluation.expert_reactivate",
        actor=actor, organisation=committee.organisation, obj=expert,
        detail={"expert": user.audit_label, "employer": employer.name, "title": expert.title,
                "term_ends_on": term_ends_on.isoformat() if term_ends_on else ""},
    )
    return expert


@transaction.atomic
def expert_term_set(*, expert: ExpertProfile, term_ends_on: dt.date | None, actor) -> ExpertProfile:
    """Set (renew or shorten) the last day of an expert's term (聘期); audited ``evaluation.expert_term``."""
    expert = ExpertProfile.objects.select_for_update().get(pk=expert.pk)
    _check_pool_manager(actor, expert.committee)
    before = expert.term_ends_on
    expert.term_ends_on = term_ends_on
    expert.full_clean()
    expert.save(update_fields=["term_ends_on", "updated_at"])
    audit_record(
        action="evaluation.expert_term", actor=actor, organisation=expert.committee.organisation, obj=expert,
        detail={"expert": expert.user.audit_label, "before": before.isoformat() if before else "",
                "after": term_ends_on.isoformat() if term_ends_on else ""},
    )
    return expert


# -- panel rules (issue 21) ----------------------------------------------------------------------
def may_edit_panel_rules(*, user, committee) -> bool:
    """The committee's managing HR bureau (a 审核人员 or 单位管理员 in force there) or a system administrator."""
    from zhicheng.accounts.models import AdminDuty

    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.admin_duty == AdminDuty.SYSTEM:
        return True
    return Membership.objects.in_force().filter(
        user=user, organisation_id=committee.managing_bureau_id, role__in=(Role.REVIEWER, Role.ORG_ADMIN),
    ).exists()


@transaction.atomic
def panel_rule_set(*, committee, level: int, min_pool_size: int, min_panel_size: int, odd_panel: bool, source: str,
                   actor):
    """Set the committee's own panel rule for ``level`` (sizes in experts; ``source`` — the rule cited).

    Raises ``NotAllowed`` unless ``may_edit_panel_rules``; ``ValidationError`` for a level outside the
    committee's range, sizes below 1 or a panel minimum above the pool minimum. Audited ``evaluation.panel_rule_set``.
    """
    from .models import PanelRule
    from .panel_rules import panel_rules_for

    if not may_edit_panel_rules(user=actor, committee=committee):
        raise NotAllowed()
    if not committee.max_level <= int(level) <= committee.min_level:
        raise ValidationError({"level": "该评委会不评审此级别。"})
    if min_panel_size and min_pool_size and min_panel_size > min_pool_size:
        raise ValidationError({"min_panel_size": "评审组最少人数不能多于专家库最少人数。"})
    before = next(r for r in panel_rules_for(committee) if r.level == int(level)).as_json()
    rule = PanelRule.objects.select_for_update().filter(committee=committee, level=level).first() or PanelRule(
        committee=committee, level=level)
    rule.min_pool_size, rule.min_panel_size, rule.odd_panel = min_pool_size, min_panel_size, bool(odd_panel)
    rule.source, rule.updated_by = (source or "").strip(), actor
    rule.full_clean()
    rule.save()
    audit_record(
        action="evaluation.panel_rule_set", actor=actor, organisation=committee.managing_bureau, obj=rule,
        detail={"committee": committee.name, "level": int(level), "before": before,
                "after": {"min_pool_size": min_pool_size, "min_panel_size": min_panel_size,
                          "odd_panel": bool(odd_panel), "source": rule.source}},
    )
    return rule


@transaction.atomic
def expert_deactivate(*, expert: ExpertProfile, actor) -> ExpertProfile:
    """Take an expert out of the pool (no longer drawn); panels already drawn keep them."""
    expert = ExpertProfile.objects.select_for_update().get(pk=expert.pk)
    _check_pool_manager(actor, expert.committee)
    if not expert.is_active:
        raise EvaluationError("该专家已停用。")
    expert.is_active = False
    expert.save(update_fields=["is_active", "updated_at"])
    Membership.objects.filter(
        user=expert.user, organisation_id=expert.committee.organisation_id, role=Role.EXPERT
    ).update(is_active=False)
    identity_forget(expert.user_id)  # the update() above sends no signal
    audit_record(
        action="evaluation.expert_deactivate", actor=actor, organisation=expert.committee.organisation, obj=expert,
        detail={"expert": expert.user.audit_label},
    )
    return expert


@transaction.atomic
def experts_remove_everywhere(*, user, actor, organisation, reason: str) -> list[ExpertProfile]:
    """Take ``user`` out of every expert pool they are active in (an integrity finding against them,
    ``zhicheng.integrity``: an expert found at fault leaves every pool). The caller has checked that
    ``actor`` may record the finding; pool managers' own check does not apply. Panels already drawn keep
    them. Each removal is audited ``evaluation.expert_deactivate`` with ``reason``. Returns the experts removed."""
    removed = list(ExpertProfile.objects.select_for_update().filter(user=user, is_active=True)
                   .select_related("committee__organisation"))
    for expert in removed:
        expert.is_active = False
        expert.save(update_fields=["is_active", "updated_at"])
        Membership.objects.filter(
            user=user, organisation_id=expert.committee.organisation_id, role=Role.EXPERT
        ).update(is_active=False)
        audit_record(
            action="evaluation.expert_deactivate", actor=actor, organisation=organisation, obj=expert,
            detail={"expert": user.audit_label, "committee": expert.committee.name, "reason": reason},
        )
    if removed:
        identity_forget(user.pk)  # the update() above sends no signal
    return removed


# -- meetings ----------------------------------------------------------------------------------
@transaction.atomic
def meeting_create(*, plan, name: str, held_on: dt.date, place: str, applications: list, actor) -> Meeting:
    """A meeting of ``plan``'s committee with the chosen accepted applications of that plan.

    Each application moves 待上会 → 已排会 (``lifecycle.stage_move``, ``schedule``). An application held back by
    a registered hold (``holds.meeting_holds``: 评审费 unpaid after its deadline, decision 0035) is refused
    with its reason (``EvaluationError``), whatever the page offered."""
    from zhicheng.cases.constants import CaseStatus

    committee = plan.committee
    _check_office(actor, committee)
    if not applications:
        raise EvaluationError("请至少选择一名申报人。")
    held = meeting_holds(applications=applications)
    if held:
        names = "；".join(f"{a.applicant.real_name}：{held[a.pk]}" for a in applications if a.pk in held)
        raise EvaluationError(f"以下申请暂不能提交评审会议：{names}。")
    meeting = Meeting(committee=committee, plan=plan, name=name.strip(), held_on=held_on, place=place.strip(),
                      created_by=actor)
    meeting.full_clean()
    meeting.save()
    units = application_personnel_units(applications)  # for all at once, not a query or more each
    for application in applications:
        if application.plan_id != plan.pk or application.case.status != CaseStatus.ACCEPTED:
            raise EvaluationError(f"{application.applicant.real_name}的申请不是本计划已受理的申请。")
        if EvaluationResult.objects.filter(application=application).exclude(outcome__in=NOT_LIVE_OUTCOMES).exists():
            raise EvaluationError(f"{application.applicant.real_name}的申请已安排在其他评审会议。")
        unit = units[application.pk]
        result = EvaluationResult(
            meeting=meeting, application=application, unit=unit, unit_name=unit.name if unit else ""
        )
        result.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                result.save()
        except IntegrityError:
            raise EvaluationError(f"{application.applicant.real_name}的申请已安排在其他评审会议。") from None
        stage_move(application=application, move=StageMove.SCHEDULE, actor=actor, result=result,
                   organisation=committee.organisation)
    audit_record(
        action="evaluation.meeting_create", actor=actor, organisation=committee.organisation, obj=meeting,
        detail={"plan": plan.title, "held_on": held_on.isoformat(), "place": meeting.place,
                "applications": [a.pk for a in applications]},
    )
    return meeting


def _draw_exclusions(meeting: Meeting, candidates: list[ExpertProfile]) -> list[dict]:
    """回避: experts employed by an applicant's personnel unit (or who are an applicant)."""
    results = list(meeting.results.select_related("application__applicant", "unit"))
    excluded = []
    for expert in candidates:
        reasons = []
        for r in results:
            if r.application.applicant_id == expert.user_id:
                reasons.append(f"本人为申报人（{r.application.applicant.real_name}）")
            elif r.unit_id and r.unit_id == expert.employer_id:
                reasons.append(f"与申报人{r.application.applicant.real_name}同单位（{r.unit.name}）")
        if reasons:
            excluded.append({"id": expert.pk, "name": expert.user.real_name, "reason": "；".join(reasons)})
    return excluded


def draw_compute(*, seed: str, candidate_ids: list[int], excluded_ids: list[int], size: int) -> list[int]:
    """The draw itself: a seeded sample of the eligible candidates (ascending ids), reproducible."""
    eligible = sorted(set(candidate_ids) - set(excluded_ids))
    if size > len(eligible):
        raise EvaluationError(
            f"可抽取的专家只有 {len(eligible)} 人（已排除回避专家），不足 {size} 人，请减少抽取人数或先补充专家库。"
        )
    return random.Random(seed).sample(eligible, size)  # noqa: S311 - a recorded, re-checkable draw, not a secret


def _panel_candidates(meeting: Meeting, on: dt.date) -> tuple[list[ExpertProfile], list[ExpertProfile]]:
    """(candidates, term_ended): the pool's active experts whose term has not ended by ``on``, and the others."""
    pool = list(
        ExpertProfile.objects.filter(committee=meeting.committee, is_active=True).select_related("user").order_by("pk")
    )
    return [e for e in pool if not e.term_ended_on(on)], [e for e in pool if e.term_ended_on(on)]


def _meeting_rule(meeting: Meeting):
    from .panel_rules import panel_rule_strictest

    return panel_rule_strictest(meeting.committee, set(meeting.results.values_list("application__level", flat=True)))


def _whole_panel_draw(*, meeting: Meeting, size: int, actor, today: dt.date | None, kind: str,
                      reason: str = "") -> PanelDraw:
    """Draw ``size`` experts for the whole panel of the locked ``meeting`` and make them its panel."""
    from .panel_rules import panel_rule_breach

    if size is None or size < 1:
        raise EvaluationError("抽取人数至少为 1 人。")
    on = max(_today(today), meeting.held_on)
    candidates, term_ended = _panel_candidates(meeting, on)
    rule = _meeting_rule(meeting)
    breach = panel_rule_breach(rule, available=len(candidates), size=size)
    if breach:
        raise EvaluationError(breach)
    excluded = _draw_exclusions(meeting, candidates)
    seed = secrets.token_hex(16)
    candidate_ids = [e.pk for e in candidates]
    chosen = draw_compute(seed=seed, candidate_ids=candidate_ids, excluded_ids=[x["id"] for x in excluded], size=size)
    before = list(meeting.panel.order_by("position").values_list("expert_id", flat=True))
    draw = PanelDraw(meeting=meeting, kind=kind, seed=seed, size=size, candidate_ids=candidate_ids, excluded=excluded,
                     chosen_ids=chosen, rule=rule.as_json(), reason=reason, drawn_by=actor)
    draw.full_clean()
    draw.save()
    meeting.panel.all().delete()  # no ballot yet (checked by the callers): nothing refers to the members
    PanelMember.objects.bulk_create(
        PanelMember(meeting=meeting, expert_id=expert_id, position=i) for i, expert_id in enumerate(chosen, start=1)
    )
    detail = {"seed": seed, "size": size, "candidates": candidate_ids, "excluded": excluded, "chosen": chosen,
              "term_ended": [e.pk for e in term_ended], "rule": rule.as_json()}
    if kind == DrawKind.REDRAW:
        detail.update(before=before, after=chosen, reason=reason)
    audit_record(
        action="evaluation.panel_draw" if kind == DrawKind.DRAW else "evaluation.panel_redraw", actor=actor,
        organisation=meeting.committee.organisation, obj=meeting, detail=detail,
    )
    return draw


@transaction.atomic
def panel_draw(*, meeting: Meeting, size: int, actor, today: dt.date | None = None) -> PanelDraw:
    """Draw the meeting's panel (评审组) at random from the committee's pool and record it.

    Args: ``size`` — number of experts to draw; ``today`` — the draw date (default: today).
    Candidates are the pool's active experts whose term (``term_ends_on``) has not ended by the later
    of the draw date and the meeting date; experts of an applicant's unit are excluded (回避).
    The committee's panel rule (``panel_rules.panel_rule_strictest`` over the meeting's levels; default
    人社部令第40号 第十一条: ≥ 25 / ≥ 11 experts, odd panels) must hold, else ``EvaluationError`` citing it.
    Raises ``NotAllowed`` for anyone but the committee's office; ``EvaluationError`` for a closed or
    cancelled meeting, a second draw (use :func:`panel_redraw`), too few experts. Audited as ``evaluation.panel_draw``.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_office(actor, meeting.committee)
    _meeting_open_check(meeting, cancelled="会议已取消，不能抽取专家。", closed="会议已结束，不能抽取专家。")
    if PanelDraw.objects.filter(meeting=meeting).exists():
        raise EvaluationError("本次会议已抽取评审专家；表决开始前如需更换，请在“修改会议”中重新抽取或替换专家。")
    return _whole_panel_draw(meeting=meeting, size=size, actor=actor, today=today, kind=DrawKind.DRAW)


@dataclass
class DrawCheck:
    matches: bool
    recomputed: list[int]


def panel_from_draws(draws: list[PanelDraw], *, recompute: bool = False) -> list[int]:
    """The panel (ExpertProfile ids in position order) the recorded ``draws`` of one meeting make, in order:
    the latest draw or redraw, with each later replacement put in the replaced member's place. With
    ``recompute``, each draw's choice is computed again from its seed instead of read from the record."""
    panel: list[int] = []
    for draw in draws:
        if recompute:
            try:
                chosen = draw_compute(seed=draw.seed, candidate_ids=draw.candidate_ids,
                                      excluded_ids=draw.excluded_ids, size=draw.size)
            except EvaluationError:
                chosen = []
        else:
            chosen = list(draw.chosen_ids)
        if draw.kind != DrawKind.REPLACE:
            panel = chosen
        elif draw.replaced_id in panel and chosen:
            panel[panel.index(draw.replaced_id)] = chosen[0]
    return panel


def panel_draw_recheck(*, draw: PanelDraw, actor) -> DrawCheck:
    """Recompute every recorded draw of ``draw``'s meeting from its stored seed and candidates, and the panel
    they make (:func:`panel_from_draws`); it matches when each recomputed choice equals the record and the
    panel equals the stored members. Audited ``evaluation.panel_recheck``."""
    _check_office(actor, draw.meeting.committee)
    draws = list(PanelDraw.objects.filter(meeting_id=draw.meeting_id).order_by("id"))
    recomputed = panel_from_draws(draws, recompute=True)
    stored_panel = list(draw.meeting.panel.order_by("position").values_list("expert_id", flat=True))
    check = DrawCheck(matches=recomputed == panel_from_draws(draws) == stored_panel, recomputed=recomputed)
    audit_record(
        action="evaluation.panel_recheck", actor=actor, organisation=draw.meeting.committee.organisation,
        obj=draw.meeting, detail={"matches": check.matches},
    )
    return check


# -- managing a meeting before the vote (issue 21) -------------------------------------------------
def _meeting_open_check(meeting: Meeting, *, cancelled: str, closed: str) -> None:
    """Refuse to act on a meeting that is no longer open: ``EvaluationError(cancelled)`` when it was
    cancelled, ``EvaluationError(closed)`` when it has ended."""
    if meeting.is_cancelled:
        raise EvaluationError(cancelled)
    if not meeting.is_open:
        raise EvaluationError(closed)


def meeting_edit_blocker(*, meeting: Meeting) -> str:
    """Why the meeting's date, place and panel can no longer be changed ("" while they can): it is
    cancelled or closed, or a ballot has been cast (the vote has started)."""
    if meeting.is_cancelled:
        return "会议已取消，不能修改。"
    if not meeting.is_open:
        return "会议已结束，不能修改。"
    if Ballot.objects.filter(meeting=meeting).exists():
        return "已有专家投票，表决已经开始，不能再修改会议日期、地点和评审组。"
    return ""


def _lock_editable(meeting: Meeting, actor) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("committee__organisation").get(pk=meeting.pk)
    _check_office(actor, meeting.committee)
    blocker = meeting_edit_blocker(meeting=meeting)
    if blocker:
        raise EvaluationError(blocker)
    return meeting


def _reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message})
    return reason


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _iso(value):
    return value.isoformat() if isinstance(value, dt.date) else value


@transaction.atomic
def meeting_edit(*, meeting: Meeting, actor, name: str, held_on: dt.date, place: str,
                 today: dt.date | None = None) -> list[str]:
    """Change a meeting's name, date and place before the vote starts.

    Raises ``NotAllowed`` for anyone but the committee's office; ``EvaluationError`` once the meeting is
    closed or cancelled or a ballot has been cast (:func:`meeting_edit_blocker`); ``ValidationError`` (by
    field) for an empty name or place, or a new date after the end of a panel member's term (replace them
    first). Audited ``evaluation.meeting_edit`` with before/after; the panel members are told of a new date
    or place. Returns the names of the fields changed (``[]``, and nothing audited, when nothing differs).
    """
    meeting = _lock_editable(meeting, actor)
    after = {"name": (name or "").strip(), "held_on": held_on, "place": (place or "").strip()}
    before = {f: getattr(meeting, f) for f in after}
    changed = [f for f in after if after[f] != before[f]]
    if not changed:
        return []
    if "held_on" in changed and held_on is not None:
        on = max(_today(today), held_on)
        ended = [m.expert.user.real_name for m in meeting.panel.select_related("expert__user")
                 if m.expert.term_ended_on(on)]
        if ended:
            raise ValidationError({"held_on": f"评审组专家{'、'.join(ended)}的聘期在{_date(on)}前届满，"
                                              "请先替换这些专家，或选择更早的日期。"})
    for f in changed:
        setattr(meeting, f, after[f])
    meeting.full_clean()
    meeting.save(update_fields=changed)
    audit_record(
        action="evaluation.meeting_edit", actor=actor, organisation=meeting.committee.organisation, obj=meeting,
        detail={"before": {f: _iso(before[f]) for f in changed}, "after": {f: _iso(after[f]) for f in changed}},
    )
    if {"held_on", "place"} & set(changed):
        from zhicheng.cases.services import notification_send

        for member in meeting.panel.select_related("expert__user"):
            notification_send(
                user=member.expert.user, title=f"评审会议时间地点变更：{meeting.name}",
                body=f"{meeting.committee.name}“{meeting.name}”改于{_date(meeting.held_on)}在{meeting.place}举行"
                     f"（原定{_date(before['held_on'])}，{before['place']}）。",
            )
    return changed


@transaction.atomic
def panel_redraw(*, meeting: Meeting, size: int, actor, reason: str, today: dt.date | None = None) -> PanelDraw:
    """Draw the whole panel again before the vote starts (the earlier draws stay on record).

    Same candidates, recusal and panel rule as :func:`panel_draw`; ``reason`` is required (``ValidationError``
    on ``reason``). Raises ``NotAllowed`` for anyone but the office; ``EvaluationError`` before a first draw,
    once a ballot is cast or the meeting is closed or cancelled, or when the rule is broken (citing it).
    Audited ``evaluation.panel_redraw`` with the panel before and after."""
    meeting = _lock_editable(meeting, actor)
    if not PanelDraw.objects.filter(meeting=meeting).exists():
        raise EvaluationError("尚未抽取评审专家，请先抽取。")
    reason = _reason(reason, "请填写重新抽取的原因。")
    return _whole_panel_draw(meeting=meeting, size=size, actor=actor, today=today, kind=DrawKind.REDRAW,
                             reason=reason[:200])


@transaction.atomic
def panel_member_replace(*, meeting: Meeting, expert_id: int, actor, reason: str,
                         today: dt.date | None = None) -> PanelDraw:
    """Replace one panel member (``expert_id``, an ExpertProfile on the panel) by one drawn at random.

    The replacement is drawn (seeded and recorded like a draw) from the pool's active experts in term on the
    later of today and the meeting date, less the experts recused for an applicant's unit and the current
    members (the one replaced included); the pool must still meet the panel rule's minimum. ``reason`` is
    required (``ValidationError``). Raises ``NotAllowed`` for anyone but the office; ``EvaluationError`` for an
    expert not on the panel, once a ballot is cast or the meeting is closed or cancelled, or when nobody may be
    drawn. Audited ``evaluation.panel_replace`` with before/after."""
    from .panel_rules import panel_rule_breach

    meeting = _lock_editable(meeting, actor)
    member = meeting.panel.select_related("expert__user").filter(expert_id=expert_id).first()
    if member is None:
        raise EvaluationError("该专家不在本次会议评审组中。")
    reason = _reason(reason, "请填写替换专家的原因。")
    on = max(_today(today), meeting.held_on)
    candidates, _ended = _panel_candidates(meeting, on)
    panel_ids = list(meeting.panel.order_by("position").values_list("expert_id", flat=True))
    rule = _meeting_rule(meeting)
    if len(candidates) < rule.min_pool_size:
        raise EvaluationError(panel_rule_breach(rule, available=len(candidates), size=len(panel_ids)))
    excluded = _draw_exclusions(meeting, candidates)
    names = {e.pk: e.user.real_name for e in candidates}
    recused = {x["id"] for x in excluded}
    for expert_pk in panel_ids:
        if expert_pk not in recused:
            excluded.append({"id": expert_pk, "name": names.get(expert_pk, ""),
                             "reason": "被替换" if expert_pk == expert_id else "已在评审组"})
    candidate_ids = [e.pk for e in candidates]
    if not set(candidate_ids) - {x["id"] for x in excluded}:
        raise EvaluationError("专家库中没有可替换的专家（已排除回避、聘期届满和评审组现有专家），请先补充专家库。")
    seed = secrets.token_hex(16)
    chosen = draw_compute(seed=seed, candidate_ids=candidate_ids, excluded_ids=[x["id"] for x in excluded], size=1)
    draw = PanelDraw(meeting=meeting, kind=DrawKind.REPLACE, seed=seed, size=1, candidate_ids=candidate_ids,
                     excluded=excluded, chosen_ids=chosen, rule=rule.as_json(), replaced_id=expert_id,
                     reason=reason[:200], drawn_by=actor)
    draw.full_clean()
    draw.save()
    old_name = member.expert.user.real_name
    member.expert_id = chosen[0]
    member.save(update_fields=["expert"])
    audit_record(
        action="evaluation.panel_replace", actor=actor, organisation=meeting.committee.organisation, obj=meeting,
        detail={"before": {"expert": expert_id, "name": old_name},
                "after": {"expert": chosen[0], "name": names.get(chosen[0], "")}, "position": member.position,
                "seed": seed, "candidates": candidate_ids, "excluded": excluded, "reason": reason},
    )
    return draw


def _results_back_to_waiting(results: list[EvaluationResult], *, actor, organisation) -> None:
    """The applications of a cancelled meeting wait for a meeting again: their results become ``cancelled``
    (not live: ``selectors.accepted_applications_for`` offers them to the next meeting) and each application
    moves 已排会 → 待上会 (``lifecycle.stage_move``, ``cancel``)."""
    for result in results:
        result.outcome = Outcome.CANCELLED
        result.save(update_fields=["outcome"])
        stage_move(application=result.application, move=StageMove.CANCEL, actor=actor, result=result,
                   organisation=organisation)


def _tell_once(*, meeting: Meeting, user, kind: str, title: str, body: str, case=None) -> bool:
    """Notify ``user`` (in the system, and SMS and e-mail through the outbox) of ``kind`` of ``meeting`` unless
    they were told already (:class:`MeetingMessage`, unique per meeting, user and kind). Returns whether sent."""
    from zhicheng.cases.services import notification_send

    try:
        with transaction.atomic():
            MeetingMessage.objects.create(meeting=meeting, user=user, kind=kind)
    except IntegrityError:
        return False
    notification_send(user=user, case=case, title=title, body=body)
    return True


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor, reason: str) -> Meeting:
    """Cancel an open meeting with a reason (已取消): its applications wait for another meeting.

    Each result becomes ``cancelled`` (the application may be put before another meeting); ballots already
    cast stay on record and are never counted. Each applicant and panel member is told once.
    Raises ``NotAllowed`` for anyone but the committee's office; ``ValidationError`` on ``reason`` when it is
    empty; ``EvaluationError`` for a closed or already cancelled meeting. Audited ``evaluation.meeting_cancel``
    with the status and the results before/after."""
    meeting = Meeting.objects.select_for_update().select_related("committee__organisation").get(pk=meeting.pk)
    _check_office(actor, meeting.committee)
    _meeting_open_check(meeting, cancelled="会议已取消，请勿重复操作。", closed="会议已结束，不能取消。")
    reason = _reason(reason, "请填写取消原因。")
    results = list(EvaluationResult.objects.select_for_update().filter(meeting=meeting)
                   .select_related("application__applicant", "application__case").order_by("id"))
    before = {r.application_id: r.outcome for r in results}
    _results_back_to_waiting(results, actor=actor, organisation=meeting.committee.organisation)
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancelled_at, meeting.cancelled_by, meeting.cancel_reason = timezone.now(), actor, reason[:500]
    meeting.full_clean()
    meeting.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    audit_record(
        action="evaluation.meeting_cancel", actor=actor, organisation=meeting.committee.organisation, obj=meeting,
        detail={"reason": reason, "before": {"status": MeetingStatus.OPEN, "results": before},
                "after": {"status": MeetingStatus.CANCELLED, "results": {r.application_id: r.outcome for r in results}},
                "ballots": Ballot.objects.filter(meeting=meeting).count()},
    )
    title = f"评审会议已取消：{meeting.name}"
    for r in results:
        _tell_once(
            meeting=meeting,
            user=r.application.applicant,
            kind=MeetingMessageKind.CANCELLED,
            title=title,
            case=r.application.case,
            body=f"原定于{_date(meeting.held_on)}召开的{meeting.committee.name}评审会议已取消（原因：{reason}）。"
            "您的评审申请仍然有效，评委会将另行安排评审会议。",
        )
    for member in meeting.panel.select_related("expert__user"):
        _tell_once(
            meeting=meeting,
            user=member.expert.user,
            kind=MeetingMessageKind.CANCELLED,
            title=title,
            body=f"原定于{_date(meeting.held_on)}在{meeting.place}召开的“{meeting.name}”已取消（原因：{reason}）。",
        )
    return meeting


# -- votes -------------------------------------------------------------------------------------
def _ballot_save(*, meeting: Meeting, result: EvaluationResult, expert: ExpertProfile, choice: str, comment: str,
                 actor, by_office: bool) -> Ballot:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _meeting_open_check(meeting, cancelled="会议已取消，不能投票。", closed="会议已结束，不能再投票。")
    if result.meeting_id != meeting.pk:
        raise EvaluationError("该申报人不在本次会议中。")
    if not PanelMember.objects.filter(meeting=meeting, expert=expert).exists():
        raise NotAllowed("该专家不是本次会议评审组成员。")
    if choice not in Vote.values:
        raise EvaluationError("请选择同意、不同意或弃权。")
    if Ballot.objects.filter(meeting=meeting, expert=expert, result=result).exists():
        raise EvaluationError(
            f"{expert.user.real_name}已对{result.application.applicant.real_name}投票，每人每案只能投一票。"
        )
    ballot = Ballot(meeting=meeting, result=result, expert=expert, choice=choice, comment=(comment or "").strip(),
                    recorded_by=actor, by_office=by_office)
    ballot.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            ballot.save()
    except IntegrityError:
        raise EvaluationError("已投票，每人每案只能投一票。") from None
    audit_record(
        action="evaluation.vote_paper" if by_office else "evaluation.vote",
        actor=actor, organisation=meeting.committee.organisation if by_office else None, obj=meeting,
        detail={"application": result.application_id, "applicant": result.application.applicant.real_name,
                "expert": expert.user.real_name, "by_office": by_office},
    )
    return ballot


@transaction.atomic
def vote_cast(*, meeting: Meeting, result: EvaluationResult, actor, choice: str, comment: str = "") -> Ballot:
    """A panel member votes on one applicant (once)."""
    expert = PanelMember.objects.filter(meeting=meeting, expert__user=actor).select_related("expert__user").first()
    if expert is None:
        raise NotAllowed("您不是本次会议评审组成员。")
    return _ballot_save(meeting=meeting, result=result, expert=expert.expert, choice=choice, comment=comment,
                        actor=actor, by_office=False)


@transaction.atomic
def vote_record_paper(*, meeting: Meeting, result: EvaluationResult, expert: ExpertProfile, choice: str, actor,
                      comment: str = "") -> Ballot:
    """The office records an expert's paper ballot (marked as recorded by the office)."""
    _check_office(actor, meeting.committee)
    return _ballot_save(meeting=meeting, result=result, expert=expert, choice=choice, comment=comment, actor=actor,
                        by_office=True)


@transaction.atomic
def meeting_close(*, meeting: Meeting, actor) -> Meeting:
    """End the vote: compute validity (≥ 2/3 of the panel present) and each applicant's result.

    Each application moves from 已排会 to 评审通过 (``pass``), 未通过 (``fail``) or, when the meeting is not
    valid, back to 待上会 (``invalidate``)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_office(actor, meeting.committee)
    _meeting_open_check(meeting, cancelled="会议已取消，不能结束。", closed="会议已结束，请勿重复操作。")
    panel_size = meeting.panel.count()
    if panel_size == 0:
        raise EvaluationError("尚未抽取评审专家，不能结束会议。")
    ballots = list(Ballot.objects.filter(meeting=meeting).values_list("expert_id", "result_id", "choice"))
    present = len({b[0] for b in ballots})
    valid = meeting_is_valid(panel_size, present)
    summary = {}
    for result in EvaluationResult.objects.select_for_update().filter(meeting=meeting):
        mine = [b[2] for b in ballots if b[1] == result.pk]
        result.agree = mine.count(Vote.AGREE)
        result.disagree = mine.count(Vote.DISAGREE)
        result.abstain = mine.count(Vote.ABSTAIN)
        result.present = present
        if not valid:
            result.outcome = Outcome.INVALID
        else:
            result.outcome = Outcome.PASSED if case_passes(present, result.agree) else Outcome.FAILED
        result.save(update_fields=["agree", "disagree", "abstain", "present", "outcome"])
        move = {Outcome.INVALID: StageMove.INVALIDATE, Outcome.PASSED: StageMove.PASS}.get(
            result.outcome, StageMove.FAIL
        )
        stage_move(application=result.application, move=move, actor=actor, result=result,
                   organisation=meeting.committee.organisation)
        summary[result.application_id] = [result.outcome, result.agree, result.disagree, result.abstain]
    meeting.status = MeetingStatus.CLOSED
    meeting.present_count = present
    meeting.is_valid = valid
    meeting.closed_by = actor
    meeting.closed_at = timezone.now()
    meeting.full_clean()
    meeting.save()
    audit_record(
        action="evaluation.meeting_close", actor=actor, organisation=meeting.committee.organisation, obj=meeting,
        detail={"panel_size": panel_size, "present": present, "valid": valid, "results": summary},
    )
    for result in meeting.results.select_related("application__applicant", "application__case").order_by("id"):
        _tell_once(
            meeting=meeting, user=result.application.applicant, kind=MeetingMessageKind.CLOSED,
            case=result.application.case, title=f"您参加的评审会议已结束：{meeting.name}",
            body=(f"{meeting.committee.name}于{_date(meeting.held_on)}召开的评审会议已结束，"
                  + ("评审结果可登录系统在工作台“我的评审结果”中查看；评审通过的将进行公示。" if valid else
                     "因出席专家不足三分之二，会议无效，评委会将另行安排评审会议。")),
        )
    return meeting


# -- 公示 and objections -------------------------------------------------------------------------
@transaction.atomic
def notice_publish(*, meeting: Meeting, actor, working_days: int = MIN_NOTICE_WORKING_DAYS, title: str = "",
                   body: str = "", today: dt.date | None = None) -> PublicNotice:
    """Publish the closed meeting's passed list for ``working_days`` working days from ``today``; each
    passed application moves 评审通过 → 公示中 (``publish``). Raises ``EvaluationError`` for an open or
    invalid meeting, a second notice, no passed entry or a period under five working days."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_office(actor, meeting.committee)
    if meeting.is_cancelled:
        raise EvaluationError("会议已取消，没有可公示的评审结果。")
    if meeting.is_open:
        raise EvaluationError("会议尚未结束，不能发布公示。")
    if not meeting.is_valid:
        raise EvaluationError("会议无效，没有可公示的评审结果。")
    if PublicNotice.objects.filter(meeting=meeting).exists():
        raise EvaluationError("本次会议的评审结果已发布公示。")
    if not meeting.results.filter(outcome=Outcome.PASSED).exists():
        raise EvaluationError("本次会议没有评审通过人员，无需公示。")
    if working_days is None or working_days < MIN_NOTICE_WORKING_DAYS:
        raise EvaluationError(f"公示期不得少于 {MIN_NOTICE_WORKING_DAYS} 个工作日。")
    published_on = _today(today)
    notice = PublicNotice(
        meeting=meeting,
        title=(title or f"{meeting.committee.name}{meeting.plan.year}年度职称评审通过人员名单公示").strip(),
        body=body.strip(), working_days=working_days, published_on=published_on,
        ends_on=add_working_days(published_on, working_days), published_by=actor,
    )
    notice.full_clean()
    notice.save()
    for result in meeting.results.filter(outcome=Outcome.PASSED).select_related("application").order_by("id"):
        stage_move(application=result.application, move=StageMove.PUBLISH, actor=actor, result=result,
                   organisation=meeting.committee.organisation)
    audit_record(
        action="evaluation.notice_publish", actor=actor, organisation=meeting.committee.organisation, obj=notice,
        detail={"meeting": meeting.pk, "working_days": working_days, "published_on": published_on.isoformat(),
                "ends_on": notice.ends_on.isoformat()},
    )
    link = notice_public_link(notice)
    for result in meeting.results.filter(outcome=Outcome.PASSED).select_related(
            "application__applicant", "application__case").order_by("id"):
        _tell_once(
            meeting=meeting, user=result.application.applicant, kind=MeetingMessageKind.NOTICE,
            case=result.application.case, title="您的评审结果正在公示",
            body=(f"{notice.title}已发布，公示期自{_date(published_on)}至{_date(notice.ends_on)}，名单中有您。"
                  f"公示页面：{link}"),
        )
    return notice


def notice_public_link(notice: PublicNotice) -> str:
    """The public address of a 公示 page (``ZHICHENG_PUBLIC_BASE_URL`` + its path), as put in messages."""
    from django.conf import settings
    from django.urls import reverse

    return settings.DEFAULT_PUBLIC_BASE_URL.rstrip("/") + reverse("evaluation:notice_detail", args=[notice.pk])


def notices_recompute(*, year: int, actor, reason: str, today: dt.date | None = None) -> list[str]:
    """Recompute the end of every open 公示 (not ended by ``today``) whose period touches ``year``.

    Registered with :func:`zhicheng.workcalendar.services.deadline_recomputer_register`; called in the
    transaction that enters ``year``'s holiday arrangement. The rule and the record (:class:`PublicNoticeChange`,
    shown on the notice's page, and the audit) are :func:`zhicheng.workcalendar.services.notice_ends_recompute`'s.
    Returns one line per moved notice.
    """
    return notice_ends_recompute(
        notices=PublicNotice.objects.select_related("meeting__committee__organisation"), year=year, actor=actor,
        reason=reason, today=today, action="evaluation.notice_recompute",
        organisation_of=lambda notice: notice.meeting.committee.organisation,
        label_of=lambda notice: f"公示“{notice.title}”",
    )


@transaction.atomic
def objection_lodge(*, result: EvaluationResult, actor, text: str, contact: str = "",
                    today: dt.date | None = None) -> Objection:
    """Anyone logged in, during the notice period, against a passed entry; the application moves to
    异议处理中 (``object``) until every objection is resolved."""
    if actor is None or not actor.is_authenticated:
        raise NotAllowed("请先登录后再提出异议。")
    notice = PublicNotice.objects.filter(meeting_id=result.meeting_id).first()
    if notice is None or not notice.is_current_on(_today(today)):
        raise EvaluationError("不在公示期内，不能提出异议。")
    if result.outcome != Outcome.PASSED:
        raise EvaluationError("该人员不在公示名单中。")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "请填写异议内容。"})
    objection = Objection(result=result, text=text, contact=(contact or "").strip(), lodged_by=actor)
    objection.full_clean()
    objection.save()
    stage_move(application=result.application, move=StageMove.OBJECT, actor=actor, result=result)
    audit_record(
        action="evaluation.objection_lodge", actor=actor, obj=objection,
        detail={"result": result.pk, "applicant": result.application.applicant.real_name},
    )
    return objection


@transaction.atomic
def objection_resolve(*, objection: Objection, actor, upheld: bool, resolution: str) -> Objection:
    """The committee office resolves an objection: upheld withdraws the pass (异议处理中 → 撤销, ``uphold``);
    dismissed returns the application to 公示中 once no other objection is pending (``dismiss``). A result
    already withdrawn does not move again."""
    objection = Objection.objects.select_for_update().select_related("result__meeting__committee").get(pk=objection.pk)
    committee = objection.result.meeting.committee
    _check_office(actor, committee)
    if objection.status != ObjectionStatus.PENDING:
        raise EvaluationError("该异议已处理。")
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationError({"resolution": "请填写处理意见。"})
    result = EvaluationResult.objects.select_for_update().get(pk=objection.result_id)
    if upheld and result.confirmed_at:
        raise EvaluationError("该结果已确认备案，请通过证书作废处理。")
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    objection.resolution, objection.resolved_by, objection.resolved_at = resolution, actor, timezone.now()
    objection.full_clean()
    objection.save()
    if result.outcome == Outcome.PASSED:
        others_pending = result.objections.filter(status=ObjectionStatus.PENDING).exists()
        stage_move(application=result.application, move=StageMove.UPHOLD if upheld else StageMove.DISMISS,
                   actor=actor, result=result, organisation=committee.organisation, others_pending=others_pending)
    if upheld and result.outcome == Outcome.PASSED:
        result.outcome = Outcome.WITHDRAWN
        result.reported_at = None
        result.reported_by = None
        result.save(update_fields=["outcome", "reported_at", "reported_by"])
    audit_record(
        action="evaluation.objection_resolve", actor=actor, organisation=committee.organisation, obj=objection,
        detail={"result": result.pk, "status": objection.status, "resolution": resolution[:200],
                "outcome": result.outcome},
    )
    return objection


# -- reporting and confirmation ------------------------------------------------------------------
def _report_blocker(result: EvaluationResult, notice: PublicNotice | None, today: dt.date) -> str:
    name = result.application.applicant.real_name
    if result.outcome != Outcome.PASSED:
        return f"{name}：评审未通过或已撤销，不能上报。"
    if result.reported_at:
        return f"{name}：已上报。"
    if notice is None:
        return f"{name}：评审结果尚未公示。"
    if not notice.has_ended_on(today):
        return f"{name}：公示期未满（{notice.ends_on:%Y-%m-%d}截止），不能上报。"
    if has_pending_objection(result):
        return f"{name}：存在未处理的异议，须先处理异议后才能上报。"
    return ""


@transaction.atomic
def result_report(*, result: EvaluationResult, actor, today: dt.date | None = None) -> EvaluationResult:
    """Report one passed, unobjected result to the committee's managing HR bureau after the notice
    (公示中 → 已报送, ``report``)."""
    result = EvaluationResult.objects.select_for_update().select_related(
        "meeting__committee__organisation", "application__applicant"
    ).get(pk=result.pk)
    committee = result.meeting.committee
    _check_office(actor, committee)
    notice = PublicNotice.objects.filter(meeting_id=result.meeting_id).first()
    blocker = _report_blocker(result, notice, _today(today))
    if blocker:
        raise EvaluationError(blocker)
    result.reported_at, result.reported_by = timezone.now(), actor
    result.full_clean(validate_constraints=False)
    result.save(update_fields=["reported_at", "reported_by"])
    stage_move(application=result.application, move=StageMove.REPORT, actor=actor, result=result,
               organisation=committee.organisation)
    audit_record(
        action="evaluation.result_report", actor=actor, organisation=committee.organisation, obj=result,
        detail={"application": result.application_id, "to": committee.managing_bureau.name},
    )
    return result


@dataclass
class BatchOutcome:
    done: list = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def meeting_report(*, meeting: Meeting, actor, today: dt.date | None = None) -> BatchOutcome:
    """Report every passed result of the meeting that may be reported; say why the others may not."""
    _check_office(actor, meeting.committee)
    outcome = BatchOutcome()
    for result in meeting.results.filter(outcome=Outcome.PASSED, reported_at__isnull=True).order_by("id"):
        try:
            outcome.done.append(result_report(result=result, actor=actor, today=today))
        except EvaluationError as exc:
            outcome.failed.append(exc.message)
    if not outcome.done and not outcome.failed:
        outcome.failed.append("没有待上报的评审通过人员。")
    return outcome


def _is_confirming_reviewer(user, committee) -> bool:
    return bool(
        user is not None and user.is_authenticated and user.is_active
        and Membership.objects.in_force().filter(
            user=user, organisation_id=committee.managing_bureau_id, role=Role.REVIEWER
        ).exists()
    )


@transaction.atomic
def result_confirm(*, result: EvaluationResult, actor, today: dt.date | None = None) -> EvaluationResult:
    """确认备案 by the committee's managing HR bureau; issues the certificate in the same transaction
    (已报送 → 已确认备案, ``confirm``) and tells the applicant once (:class:`MeetingMessage` ``confirmed``)."""
    from zhicheng.certificates.numbering import certificate_number_grouped
    from zhicheng.certificates.services import certificate_issue

    result = EvaluationResult.objects.select_for_update().select_related(
        "meeting__committee__organisation", "meeting__committee__managing_bureau",
        "application__applicant", "application__qualification", "application__specialty", "application__case",
    ).get(pk=result.pk)
    committee = result.meeting.committee
    if not _is_confirming_reviewer(actor, committee):
        raise NotAllowed("只有该评委会的主管人社部门可以确认备案。")
    if result.confirmed_at:
        raise EvaluationError(f"{result.application.applicant.real_name}的评审结果已确认备案，请勿重复操作。")
    if result.outcome != Outcome.PASSED or not result.reported_at:
        raise EvaluationError(f"{result.application.applicant.real_name}的评审结果未上报或已撤销，不能确认。")
    if has_pending_objection(result):
        raise EvaluationError(f"{result.application.applicant.real_name}存在未处理的异议，不能确认备案。")
    application = result.application
    issued_on = _today(today)
    certificate = certificate_issue(
        holder=application.applicant, qualification=application.qualification, specialty=application.specialty,
        committee=committee, issuer=committee.managing_bureau, issued_on=issued_on, actor=actor,
        case_id=application.case_id,
    )
    result.confirmed_at, result.confirmed_by, result.certificate = timezone.now(), actor, certificate
    result.full_clean(validate_constraints=False)
    result.save(update_fields=["confirmed_at", "confirmed_by", "certificate"])
    stage_move(application=application, move=StageMove.CONFIRM, actor=actor, result=result,
               organisation=committee.managing_bureau)
    audit_record(
        action="evaluation.result_confirm", actor=actor, organisation=committee.managing_bureau, obj=result,
        detail={"application": application.pk, "case": application.case_id,
                "certificate": certificate_number_grouped(certificate.number)},
    )
    _tell_once(
        meeting=result.meeting,
        user=application.applicant,
        kind=MeetingMessageKind.CONFIRMED,
        case=application.case,
        title="您的职称评审结果已确认备案",
        body=(
            f"您申报的{application.qualification.name}经{committee.name}评审通过，"
            f"{committee.managing_bureau.name}已确认备案，证书编号 {certificate.number}，可在“我的证书”下载电子证书。"
        ),
    )
    return result


def results_confirm(*, result_ids: list[int], actor, today: dt.date | None = None) -> BatchOutcome:
    """Batch 确认备案: each result in its own transaction."""
    from .selectors import results_to_confirm_by

    outcome = BatchOutcome()
    allowed = results_to_confirm_by(user=actor)
    for result_id in dict.fromkeys(result_ids):
        result = allowed.filter(pk=result_id).first()
        if result is None:
            outcome.failed.append("所选结果不存在或已确认备案。")
            continue
        try:
            outcome.done.append(result_confirm(result=result, actor=actor, today=today))
        except (EvaluationError, ValidationError) as exc:
            outcome.failed.append(getattr(exc, "message", None) or "; ".join(exc.messages))
    return outcome
