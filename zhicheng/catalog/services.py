"""Writes for the title catalogue and committees."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from zhicheng.audit.services import audit_record

from .constants import ONLINE_ATTACHMENT_CHOICES, Education, PlanStatus, TitleLevel
from .models import (
    FEE_FIELDS,
    Committee,
    EligibilityPath,
    EligibilityRule,
    EvaluationPlan,
    PlanLevel,
    Qualification,
    Series,
    Specialty,
)

CATALOG_FILE = Path(settings.BASE_DIR) / "data" / "catalog" / "titles.json"


@transaction.atomic
def catalog_load(*, path: Path = CATALOG_FILE) -> dict[str, int]:
    """Load series, specialties and qualifications; idempotent."""
    data = json.loads(path.read_text(encoding="utf-8"))
    counts = {"series": 0, "specialties": 0, "qualifications": 0}
    for item in data["series"]:
        series, _ = Series.objects.update_or_create(
            code=item["code"], defaults={"name": item["name"], "sort": item["sort"]}
        )
        counts["series"] += 1
        for spec in item["specialties"]:
            Specialty.objects.update_or_create(
                series=series, name=spec["name"], defaults={"track": spec.get("track", "")}
            )
            counts["specialties"] += 1
        for qual in item["qualifications"]:
            Qualification.objects.update_or_create(
                series=series, level=qual["level"], track=qual.get("track", ""), defaults={"name": qual["name"]}
            )
            counts["qualifications"] += 1
    counts["eligibility_rules"] = eligibility_rules_load()
    return counts


# -- eligibility rules ---------------------------------------------------------------------------
ELIGIBILITY_FILE = Path(settings.BASE_DIR) / "data" / "catalog" / "eligibility.json"
PATH_FIELDS = ("min_education", "min_years_since_graduation", "required_level", "min_years_at_required_level")


def _choice(enum, value):
    """A JSON value for an IntegerChoices field: its lower-case member name ("bachelor") or the number."""
    if value is None or isinstance(value, int):
        return value
    return int(enum[value.upper()])


def _paths_replace(*, rule: EligibilityRule, paths: list[dict]) -> None:
    rule.paths.all().delete()
    for i, item in enumerate(paths):
        path = EligibilityPath(rule=rule, sort=i, **{name: item.get(name) for name in PATH_FIELDS})
        path.full_clean()
        path.save()


def _paths_snapshot(rule: EligibilityRule | None) -> list[dict]:
    if rule is None:
        return []
    return [{name: getattr(p, name) for name in PATH_FIELDS} for p in rule.paths.all()]


@transaction.atomic
def eligibility_rules_load(*, path: Path = ELIGIBILITY_FILE) -> int:
    """Load the provincial default rules; idempotent (the file's rules replace the stored defaults)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    count = 0
    for item in data["rules"]:
        level = _choice(TitleLevel, item["target_level"])
        series = Series.objects.get(code=item["series"]) if item.get("series") else None
        rule, _ = EligibilityRule.objects.update_or_create(
            committee=None, series=series, target_level=level, defaults={"source": item.get("source", "")}
        )
        paths = [
            {
                "min_education": _choice(Education, p.get("min_education")),
                "min_years_since_graduation": p.get("min_years_since_graduation"),
                "required_level": _choice(TitleLevel, p.get("required_level")),
                "min_years_at_required_level": p.get("min_years_at_required_level"),
            }
            for p in item["paths"]
        ]
        if paths != _paths_snapshot(rule):
            _paths_replace(rule=rule, paths=paths)
        count += 1
    return count


@transaction.atomic
def eligibility_rule_override(
    *, committee: Committee, target_level: int, paths: list[dict], actor, source: str = ""
) -> EligibilityRule:
    """Set the committee's own conditions for a level (they override the provincial default)."""
    if not committee.max_level <= target_level <= committee.min_level:
        raise ValidationError("本评委会不评审该级别")
    paths = [p for p in paths if any(p.get(name) is not None for name in PATH_FIELDS)]
    if not paths:
        raise ValidationError("请至少填写一种情形的条件")
    rule = (
        EligibilityRule.objects.select_for_update()
        .filter(committee=committee, series=None, target_level=target_level).first()
    )
    before = _paths_snapshot(rule)
    if rule is None:
        rule = EligibilityRule(committee=committee, series=None, target_level=target_level)
    rule.source = source
    rule.full_clean(validate_unique=False)
    rule.save()
    _paths_replace(rule=rule, paths=paths)
    audit_record(
        action="eligibility_rule.override", actor=actor, organisation=committee.organisation, obj=rule,
        detail={"target_level": target_level, "before": before, "after": _paths_snapshot(rule), "source": source},
    )
    return rule


@transaction.atomic
def eligibility_rule_reset(*, committee: Committee, target_level: int, actor) -> bool:
    """Drop the committee's own conditions for a level, so the provincial default applies again."""
    rule = EligibilityRule.objects.filter(committee=committee, series=None, target_level=target_level).first()
    if rule is None:
        return False
    before = _paths_snapshot(rule)
    audit_record(
        action="eligibility_rule.reset", actor=actor, organisation=committee.organisation, obj=rule,
        detail={"target_level": target_level, "before": before},
    )
    rule.delete()
    return True


# -- evaluation plans ------------------------------------------------------------------------------
PLAN_TRANSITIONS: dict[str, tuple[set[str], str]] = {
    # action: (allowed from, to)
    "publish": ({PlanStatus.DRAFT, PlanStatus.CLOSED}, PlanStatus.PUBLISHED),
    "close": ({PlanStatus.PUBLISHED}, PlanStatus.CLOSED),
}
PLAN_EDITABLE = {PlanStatus.DRAFT, PlanStatus.PUBLISHED}


def _plan_scope_check(*, committee: Committee, specialties: list[Specialty], levels: list[int]) -> None:
    errors: dict[str, list[str]] = {}
    levels = sorted({int(v) for v in levels})
    if not levels:
        errors["levels"] = ["请至少选择一个评审级别"]
    else:
        outside = [v for v in levels if not committee.max_level <= v <= committee.min_level]
        if outside:
            allowed = "、".join(str(TitleLevel(v).label) for v in range(committee.max_level, committee.min_level + 1))
            errors["levels"] = [
                f"本评委会只能评审{allowed}，不能评审{'、'.join(str(TitleLevel(v).label) for v in outside)}"
            ]
    scope_ids = {s.pk for s in committee.specialties.all()}
    bad = [s for s in specialties if s.series_id != committee.series_id or (scope_ids and s.pk not in scope_ids)]
    if bad:
        errors["specialties"] = [f"不在本评委会评审范围内的专业：{'、'.join(s.name for s in bad)}"]
    if errors:
        raise ValidationError(errors)


def _plan_snapshot(plan: EvaluationPlan) -> dict:
    return {
        "year": plan.year, "title": plan.title, "status": plan.status,
        "opens_at": plan.opens_at.isoformat(), "closes_at": plan.closes_at.isoformat(),
        **{name: (getattr(plan, name).isoformat() if getattr(plan, name) else None) for name in STAGE_DEADLINE_FIELDS},
        "correction_working_days": plan.correction_working_days, "reminder_working_days": plan.reminder_working_days,
        "levels": plan.level_values, "specialties": sorted(s.name for s in plan.specialties.all()),
        "notes": plan.notes, "pledge_text": plan.pledge_text,
        "online_attachments_required": list(plan.online_attachments_required or []), "paper_first": plan.paper_first,
        "pre_evaluation_notice": plan.pre_evaluation_notice,
        **{name: getattr(plan, name) for name in FEE_FIELDS if name != "fee_amount"},
        "fee_amount": f"{plan.fee_amount:.2f}" if plan.fee_amount is not None else None,
    }


def _plan_fee_set(plan: EvaluationPlan, fee: dict | None) -> None:
    """Copy the 评审费 settings ``fee`` (keys of ``FEE_FIELDS``; None: unchanged) onto ``plan``; the payee's
    texts are trimmed. ``EvaluationPlan.clean`` refuses a fee switched on without amount or payee."""
    if fee is None:
        return
    unknown = set(fee) - set(FEE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fee fields {sorted(unknown)}")
    for name, value in fee.items():
        if name in ("fee_payee_name", "fee_payee_account", "fee_payee_bank"):
            value = (value or "").strip()
        elif name == "fee_required":
            value = bool(value)
        elif name == "fee_payment_working_days" and value is None:
            continue
        setattr(plan, name, value)


def _plan_options_set(
    plan: EvaluationPlan, *, pledge_text: str | None, reminder_working_days: int | None,
    online_attachments_required: list[str] | None, paper_first: bool | None, pre_evaluation_notice: bool | None,
    fee: dict | None,
) -> None:
    """Copy the plan's optional settings onto ``plan``; None leaves a setting as it is (a new plan: its default)."""
    if pledge_text is not None:
        plan.pledge_text = pledge_text.strip()
    if reminder_working_days is not None:
        plan.reminder_working_days = reminder_working_days
    if online_attachments_required is not None:
        plan.online_attachments_required = [
            v for v, _label in ONLINE_ATTACHMENT_CHOICES if v in online_attachments_required
        ]
    if paper_first is not None:
        plan.paper_first = bool(paper_first)
    if pre_evaluation_notice is not None:
        plan.pre_evaluation_notice = pre_evaluation_notice
    _plan_fee_set(plan, fee)


def _plan_write(*, plan: EvaluationPlan, specialties, levels) -> None:
    specialties = list(specialties)
    _plan_scope_check(committee=plan.committee, specialties=specialties, levels=levels)
    plan.full_clean()
    plan.save()
    plan.specialties.set(specialties)
    wanted = {int(v) for v in levels}
    plan.levels.exclude(level__in=wanted).delete()
    have = set(plan.levels.values_list("level", flat=True))
    PlanLevel.objects.bulk_create([PlanLevel(plan=plan, level=v) for v in sorted(wanted - have)])


STAGE_DEADLINE_FIELDS = ("unit_deadline", "supervisor_deadline", "acceptance_deadline")


@transaction.atomic
def plan_create(
    *, committee: Committee, actor, year: int, title: str, opens_at: dt.date, closes_at: dt.date,
    levels: list[int], specialties=(), notes: str = "", unit_deadline: dt.date | None = None,
    supervisor_deadline: dt.date | None = None, acceptance_deadline: dt.date | None = None,
    correction_working_days: int | None = None, pledge_text: str | None = None,
    reminder_working_days: int | None = None, online_attachments_required: list[str] | None = None,
    paper_first: bool | None = None, pre_evaluation_notice: bool | None = None, fee: dict | None = None,
) -> EvaluationPlan:
    """A new draft plan; the applicants see it only once published.

    Besides the application window, the plan may set stage deadlines (dates by which the personnel
    units, the supervising units and the committee office must act; each not before the one before
    it), the working days an applicant has to correct a returned case, and ``reminder_working_days``: from
    how many working days before each deadline the people who must act are reminded (None: the
    ``REMINDER_WORKING_DAYS`` setting; 0: on the day itself). ``pledge_text`` is the
    诚信承诺书 its applicants sign at submission (None: ``DEFAULT_PLEDGE_TEXT``).
    ``online_attachments_required``: the attachment kinds (``ONLINE_ATTACHMENT_CHOICES``) a case's record
    must carry online when the personnel unit passes it; ``paper_first`` (先交纸质材料，后补网上信息): the unit
    may instead cite its paper review listing the missing ones as checked (decision 0032; None: unchanged /
    none and off).
    ``pre_evaluation_notice``: whether personnel units publish a 评前公示 before forwarding (None: on,
    the default of a new plan; issue 21). ``fee``: the 评审费 settings, a dict of ``FEE_FIELDS`` (switch,
    amount in yuan as ``Decimal``, payee name/account/bank, payment period in working days after 受理;
    None: off; decision 0035). Raises ``ValidationError`` by field.
    """
    plan = EvaluationPlan(
        committee=committee, year=year, title=title, opens_at=opens_at, closes_at=closes_at, notes=notes,
        status=PlanStatus.DRAFT, unit_deadline=unit_deadline, supervisor_deadline=supervisor_deadline,
        acceptance_deadline=acceptance_deadline, correction_working_days=correction_working_days,
    )
    _plan_options_set(
        plan, pledge_text=pledge_text, reminder_working_days=reminder_working_days,
        online_attachments_required=online_attachments_required, paper_first=paper_first,
        pre_evaluation_notice=pre_evaluation_notice, fee=fee,
    )
    _plan_write(plan=plan, specialties=specialties, levels=levels)
    audit_record(
        action="plan.create", actor=actor, organisation=committee.organisation, obj=plan,
        detail={"after": _plan_snapshot(plan)},
    )
    return plan


@transaction.atomic
def plan_update(
    *, plan: EvaluationPlan, actor, year: int, title: str, opens_at: dt.date, closes_at: dt.date,
    levels: list[int], specialties=(), notes: str = "", unit_deadline: dt.date | None = None,
    supervisor_deadline: dt.date | None = None, acceptance_deadline: dt.date | None = None,
    correction_working_days: int | None = None, pledge_text: str | None = None,
    reminder_working_days: int | None = None, online_attachments_required: list[str] | None = None,
    paper_first: bool | None = None, pre_evaluation_notice: bool | None = None, fee: dict | None = None,
) -> EvaluationPlan:
    """Change a plan that is not closed (same fields and errors as :func:`plan_create`); audited with
    the fields that changed. A changed correction period applies to cases returned from now on; a
    changed ``pledge_text`` (None: unchanged) applies to submissions from now on, never to pledges
    already signed; a changed ``reminder_working_days`` (None: unchanged) to the next daily reminder run; a
    changed ``pre_evaluation_notice`` (None: unchanged) to the next forwarding by a personnel unit; changed
    ``fee`` settings (None: unchanged) to payment notices issued from now on (an issued notice keeps its
    amount, payee and deadline; switching the fee off lifts the hold on unpaid cases, decision 0035)."""
    plan = EvaluationPlan.objects.select_for_update().select_related("committee__organisation").get(pk=plan.pk)
    if plan.status not in PLAN_EDITABLE:
        raise ValidationError("已关闭的评审计划不能修改，请先重新发布")
    before = _plan_snapshot(plan)
    plan.year, plan.title, plan.opens_at, plan.closes_at, plan.notes = year, title, opens_at, closes_at, notes
    plan.unit_deadline, plan.supervisor_deadline = unit_deadline, supervisor_deadline
    plan.acceptance_deadline, plan.correction_working_days = acceptance_deadline, correction_working_days
    _plan_options_set(
        plan, pledge_text=pledge_text, reminder_working_days=reminder_working_days,
        online_attachments_required=online_attachments_required, paper_first=paper_first,
        pre_evaluation_notice=pre_evaluation_notice, fee=fee,
    )
    _plan_write(plan=plan, specialties=specialties, levels=levels)
    after = _plan_snapshot(plan)
    audit_record(
        action="plan.update", actor=actor, organisation=plan.committee.organisation, obj=plan,
        detail={"before": {k: v for k, v in before.items() if after[k] != v},
                "after": {k: v for k, v in after.items() if before[k] != v}},
    )
    return plan


def _plan_transition(*, plan: EvaluationPlan, actor, action: str) -> EvaluationPlan:
    allowed, target = PLAN_TRANSITIONS[action]
    plan = EvaluationPlan.objects.select_for_update().select_related("committee__organisation").get(pk=plan.pk)
    if plan.status not in allowed:
        raise ValidationError(f"该评审计划当前状态为“{plan.get_status_display()}”，不能执行此操作")
    before = plan.status
    plan.status = target
    plan.full_clean()
    plan.save(update_fields=["status", "updated_at"])
    audit_record(
        action=f"plan.{action}", actor=actor, organisation=plan.committee.organisation, obj=plan,
        detail={"from": before, "to": target},
    )
    return plan


@transaction.atomic
def plan_publish(*, plan: EvaluationPlan, actor) -> EvaluationPlan:
    """Publish (or re-open) a plan: applicants can choose the committee while its window is open."""
    return _plan_transition(plan=plan, actor=actor, action="publish")


@transaction.atomic
def plan_close(*, plan: EvaluationPlan, actor) -> EvaluationPlan:
    """Stop accepting cases under this plan, whatever its window says."""
    return _plan_transition(plan=plan, actor=actor, action="close")
