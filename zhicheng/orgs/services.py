"""Writes for regions and organisations."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from zhicheng.audit.services import audit_record
from zhicheng.common.validators import CREDIT_CHARSET, make_credit_code

from .constants import OrgKind, RegionLevel
from .models import Organisation, Region

REGIONS_FILE = Path(settings.BASE_DIR) / "data" / "regions" / "guangdong.csv"
PROVINCE_CODE = "440000"


def synthetic_credit_code(*, prefix: str, region_code: str, name: str) -> str:
    """A valid but fictitious 18-character unified social credit code (GB 32100, with the GB 11714 and GB
    32100 check characters): ``prefix`` (2 characters: registration authority and kind, e.g. "11" for a
    government body), ``region_code`` (6-digit GB/T 2260) and a body derived from ``name`` (the same
    name gives the same code). Returns the code; raises nothing."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    body = "".join(CREDIT_CHARSET[b % 10] for b in digest[:8])
    return make_credit_code(prefix, region_code, body)


@transaction.atomic
def regions_load(*, path: Path = REGIONS_FILE) -> int:
    """Load the GB/T 2260 region tree of Guangdong from ``path`` (a CSV with code, name, level,
    parent_code; default ``data/regions/guangdong.csv``); idempotent (codes are keys, names updated in
    place). Returns the number of rows read."""
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows.sort(key=lambda r: ({"province": 0, "city": 1, "county": 2}[r["level"]], r["code"]))
    for row in rows:
        Region.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "level": row["level"], "parent_id": row["parent_code"] or None},
        )
    return len(rows)


def hr_bureau_name(region: Region) -> str:
    """The name of the HR bureau of ``region``: 广东省人力资源和社会保障厅 for the province, else "<full region
    name>人力资源和社会保障局". Raises nothing."""
    if region.level == RegionLevel.PROVINCE:
        return "广东省人力资源和社会保障厅"
    return f"{region.full_name}人力资源和社会保障局"


@transaction.atomic
def hr_bureaus_ensure() -> int:
    """Make sure every region has its HR bureau (named by ``hr_bureau_name``, with a synthetic credit
    code); idempotent. Returns the number of regions seen."""
    count = 0
    for region in Region.objects.select_related("parent"):
        name = hr_bureau_name(region)
        Organisation.objects.update_or_create(
            kind=OrgKind.HR_BUREAU,
            region=region,
            defaults={
                "name": name,
                "credit_code": synthetic_credit_code(prefix="11", region_code=region.code, name=name),
            },
        )
        count += 1
    return count


@transaction.atomic
def organisation_upsert(
    *,
    name: str,
    kind: str,
    region_code: str,
    prefix: str,
    supervising_unit: Organisation | None = None,
    **flags,
) -> Organisation:
    """Create or update the organisation with the synthetic credit code of ``name``
    (``synthetic_credit_code`` from ``prefix`` and ``region_code``), setting ``name``, ``kind``
    (``OrgKind``), region, ``supervising_unit`` and any model field in ``flags`` (e.g.
    ``is_talent_market``). For reference data, the demo and tests, not for pages. Returns the
    ``Organisation``; raises ``ValidationError`` from ``full_clean`` when a change is invalid. Not
    audited."""
    credit_code = synthetic_credit_code(prefix=prefix, region_code=region_code, name=name)
    org, _ = Organisation.objects.get_or_create(
        credit_code=credit_code,
        defaults={"name": name, "kind": kind, "region_id": region_code, "supervising_unit": supervising_unit, **flags},
    )
    changed = False
    for field, value in {
        "name": name,
        "kind": kind,
        "region_id": region_code,
        "supervising_unit": supervising_unit,
        **flags,
    }.items():
        if getattr(org, field) != value:
            setattr(org, field, value)
            changed = True
    if changed:
        org.full_clean()
        org.save()
    return org


# -- HR bureaus manage the units of their region (issue 19) ------------------------------------


def _bureau_check(*, actor, bureau: Organisation, unit: Organisation | None = None) -> None:
    """``actor`` works at ``bureau`` (an HR bureau; reviewer or administrator) and ``unit`` (if
    given) is a personnel unit of the bureau's region. PermissionDenied otherwise."""
    from django.core.exceptions import PermissionDenied

    from .selectors import bureaus_managed_by, units_of_bureau

    if not bureaus_managed_by(user=actor).filter(pk=bureau.pk).exists():
        raise PermissionDenied("not staff of this HR bureau")
    if unit is not None and not units_of_bureau(bureau=bureau).filter(pk=unit.pk).exists():
        raise PermissionDenied("not a unit of this bureau's region")


@transaction.atomic
def unit_create(
    *, actor, bureau: Organisation, name: str, unit_type: str, credit_code: str, region: Region, scope_note: str,
    region_override_reason: str = "",
) -> Organisation:
    """An HR bureau (``actor`` its reviewer or administrator at ``bureau``) creates a 人才市场 or 非公申报点
    (``unit_type``) in ``region`` (one of the bureau's regions), supervised by the region's HR bureau,
    with ``scope_note`` saying whom it serves. The ``credit_code`` is checked (GB 32100) and its region
    digits against ``region``; a mismatch needs ``region_override_reason`` (recorded).

    Returns the new ``Organisation``. Raises ``PermissionDenied`` (not staff of the bureau) and
    ``ValidationError`` per field (name, unit_type, region, credit_code, region_override_reason,
    scope_note). Audited (organisation.create).
    """
    from zhicheng.common.validators import normalize_identifier, validate_credit_code

    from .models import UnitType
    from .registration import credit_code_region_problem
    from .selectors import regions_of_bureau

    _bureau_check(actor=actor, bureau=bureau)
    errors: dict[str, str] = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = "请填写名称。"
    if unit_type not in (UnitType.TALENT_MARKET, UnitType.NONPUBLIC_POINT):
        errors["unit_type"] = "请选择人才市场或非公申报点。"
    if not regions_of_bureau(bureau=bureau).filter(code=region.code).exists():
        errors["region"] = "只能在本人社部门管辖的区划内设立。"
    code = normalize_identifier(credit_code or "")
    try:
        validate_credit_code(code)
    except ValidationError as exc:
        errors["credit_code"] = exc.messages[0]
    else:
        if Organisation.objects.filter(credit_code=code).exists():
            errors["credit_code"] = "该统一社会信用代码的单位已存在。"
        elif "region" not in errors:
            problem = credit_code_region_problem(credit_code=code, region=region)
            if problem and not (region_override_reason or "").strip():
                errors["region_override_reason"] = problem + "如确需在所选区划设立，请填写说明。"
    if not (scope_note or "").strip():
        errors["scope_note"] = "请说明为哪些人员办理。"
    if errors:
        raise ValidationError(errors)
    supervisor = Organisation.objects.get(kind=OrgKind.HR_BUREAU, region=region)
    org = Organisation(
        name=name, credit_code=code, region=region, kind=OrgKind.PERSONNEL_UNIT, supervising_unit=supervisor,
        is_talent_market=unit_type == UnitType.TALENT_MARKET, is_nonpublic_point=unit_type == UnitType.NONPUBLIC_POINT,
        holds_personnel_files=unit_type == UnitType.TALENT_MARKET, scope_note=scope_note.strip()[:200],
    )
    org.full_clean()
    org.save()
    audit_record(action="organisation.create", actor=actor, organisation=bureau, obj=org,
                 detail={"name": name, "credit_code": code, "region": region.code, "unit_type": unit_type,
                         "region_override_reason": (region_override_reason or "").strip()})
    return org


@transaction.atomic
def unit_rename(*, actor, bureau: Organisation, unit: Organisation, name: str) -> Organisation:
    """Rename ``unit`` (a unit of the bureau's region) to ``name``; the old name is kept
    (OrganisationNameChange) so its history reads under it. Returns the ``Organisation``. Raises
    ``PermissionDenied`` (not staff of the bureau, or not its unit) and ``ValidationError`` keyed
    ``name`` (empty or unchanged). Audited (organisation.rename, before/after)."""
    from .models import OrganisationNameChange

    _bureau_check(actor=actor, bureau=bureau, unit=unit)
    unit = Organisation.objects.select_for_update().get(pk=unit.pk)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "请填写新名称。"})
    if name == unit.name:
        raise ValidationError({"name": "新名称与现名称相同。"})
    old = unit.name
    OrganisationNameChange.objects.create(organisation=unit, old_name=old, new_name=name, actor=actor)
    unit.name = name
    unit.full_clean()
    unit.save()
    audit_record(action="organisation.rename", actor=actor, organisation=bureau, obj=unit,
                 detail={"before": old, "after": name})
    return unit


@transaction.atomic
def unit_move(*, actor, bureau: Organisation, unit: Organisation, supervising_unit: Organisation) -> Organisation:
    """Put ``unit`` under ``supervising_unit`` — one of its region, its city or the province, or the
    region's HR bureau (cases under way finish on the chain they started with, SPEC §4.7). Returns the
    ``Organisation``. Raises ``PermissionDenied`` (not staff of the bureau, or not its unit) and
    ``ValidationError`` keyed ``supervising_unit`` (outside those regions, or already its supervising
    unit). Audited (organisation.move)."""
    from .registration import supervising_units_for

    _bureau_check(actor=actor, bureau=bureau, unit=unit)
    unit = Organisation.objects.select_for_update().get(pk=unit.pk)
    allowed = supervising_units_for(region=unit.region).filter(pk=supervising_unit.pk).exists() or (
        supervising_unit.kind == OrgKind.HR_BUREAU and supervising_unit.region_id == unit.region_id)
    if not allowed:
        raise ValidationError({"supervising_unit": "所选主管单位不在本单位所在区划、所在市或省级。"})
    if supervising_unit.pk == unit.supervising_unit_id:
        raise ValidationError({"supervising_unit": "已是该单位的主管单位。"})
    before = unit.supervising_unit
    unit.supervising_unit = supervising_unit
    unit.full_clean()
    unit.save()
    audit_record(action="organisation.move", actor=actor, organisation=bureau, obj=unit,
                 detail={"before": before.name if before else "", "after": supervising_unit.name})
    return unit


def _rehome(*, actor, bureau: Organisation, source: Organisation, target: Organisation, why: str) -> dict:
    """Move what waits at ``source`` to ``target``: submitted cases waiting there (and their later
    steps naming it), draft and stored profiles naming it; tell each person. Returns the counts."""
    from zhicheng.cases.constants import CaseStatus
    from zhicheng.cases.models import Case, CaseStep
    from zhicheng.cases.services import notification_send
    from zhicheng.profiles.models import Profile

    waiting = list(Case.objects.select_for_update().filter(status=CaseStatus.SUBMITTED, current_organisation=source)
                   .select_related("applicant"))
    for case in waiting:
        CaseStep.objects.filter(case=case, organisation=source, order__gte=case.current_step_order).update(
            organisation=target)
        Case.objects.filter(pk=case.pk).update(current_organisation=target)
    # Later steps of cases waiting elsewhere that would reach the source.
    later = CaseStep.objects.filter(organisation=source, case__status=CaseStatus.SUBMITTED)
    later_cases = set(later.values_list("case_id", flat=True))
    later.update(organisation=target)
    stored = list(Profile.objects.select_for_update().filter(personnel_unit=source).select_related("user"))
    drafts = list(Profile.objects.select_for_update().filter(draft_personnel_unit=source).select_related("user"))
    Profile.objects.filter(personnel_unit=source).update(personnel_unit=target)
    Profile.objects.filter(draft_personnel_unit=source).update(draft_personnel_unit=target)
    people = {c.applicant for c in waiting} | {p.user for p in stored} | {p.user for p in drafts}
    for person in people:
        notification_send(
            user=person, title=f"您的人事管理单位已由{source.name}转为{target.name}",
            body=f"{bureau.name}{why}：{source.name}的人员和待审核业务已转入{target.name}"
            f"（主管单位：{target.supervising_unit.name if target.supervising_unit else '—'}）。"
            "已提交的业务继续办理，无需重新提交。",
        )
    return {"waiting_cases": len(waiting), "later_steps": len(later_cases), "stored_people": len(stored),
            "draft_people": len(drafts), "notified": len(people)}


def _rehome_target_check(*, bureau: Organisation, source: Organisation, target: Organisation | None) -> None:
    from .selectors import units_of_bureau

    if target is None:
        return
    if target.pk == source.pk:
        raise ValidationError({"target": "不能并入本单位自身。"})
    if not target.is_active or not units_of_bureau(bureau=bureau).filter(pk=target.pk).exists():
        raise ValidationError({"target": "请选择本区划内启用中的人事管理单位。"})


@transaction.atomic
def unit_merge(*, actor, bureau: Organisation, source: Organisation, target: Organisation, reason: str) -> dict:
    """Merge ``source`` into ``target`` (both units of the bureau's region; ``reason`` required): waiting
    cases, their later steps and the people stored at (or drafting for) ``source`` move to ``target``
    and are told; ``source`` is deactivated and points to ``target`` (merged_into). Its staff keep their
    roles there (read-only history). Nothing is deleted; case history keeps the organisation it was at.

    Returns the counts as a dict: ``waiting_cases``, ``later_steps``, ``stored_people``,
    ``draft_people``, ``notified``. Raises ``PermissionDenied`` (not staff of the bureau, or not its
    unit) and ``ValidationError`` (source already inactive; keyed ``reason``; keyed ``target``: itself,
    inactive or outside the region). Audited (organisation.merge) with the counts.
    """
    _bureau_check(actor=actor, bureau=bureau, unit=source)
    source = Organisation.objects.select_for_update().get(pk=source.pk)
    if not source.is_active:
        raise ValidationError("该单位已停用。")
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写原因。"})
    _rehome_target_check(bureau=bureau, source=source, target=target)
    counts = _rehome(actor=actor, bureau=bureau, source=source, target=target, why=f"将{source.name}并入{target.name}")
    source.is_active, source.merged_into = False, target
    source.save(update_fields=["is_active", "merged_into"])
    audit_record(action="organisation.merge", actor=actor, organisation=bureau, obj=source,
                 detail={"source": source.name, "target": target.name, "reason": reason.strip(), **counts})
    return counts


@transaction.atomic
def unit_deactivate(*, actor, bureau: Organisation, unit: Organisation, reason: str,
                    target: Organisation | None = None) -> dict:
    """Deactivate ``unit`` (no longer offered to applicants; ``reason`` required). If people or waiting
    cases are at it, ``target`` is required and receives them as in ``unit_merge``.

    Returns the counts of ``unit_merge`` (an empty dict when nothing moved). Raises ``PermissionDenied``
    (not staff of the bureau, or not its unit) and ``ValidationError`` (already inactive; keyed
    ``reason``; keyed ``target``: missing while people or cases are at the unit, itself, inactive or
    outside the region). Audited (organisation.deactivate).
    """
    from zhicheng.cases.constants import CaseStatus
    from zhicheng.cases.models import Case, CaseStep
    from zhicheng.profiles.models import Profile

    _bureau_check(actor=actor, bureau=bureau, unit=unit)
    unit = Organisation.objects.select_for_update().get(pk=unit.pk)
    if not unit.is_active:
        raise ValidationError("该单位已停用。")
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写原因。"})
    _rehome_target_check(bureau=bureau, source=unit, target=target)
    has_people = (
        Case.objects.filter(status=CaseStatus.SUBMITTED, current_organisation=unit).exists()
        or CaseStep.objects.filter(organisation=unit, case__status=CaseStatus.SUBMITTED).exists()
        or Profile.objects.filter(personnel_unit=unit).exists()
        or Profile.objects.filter(draft_personnel_unit=unit).exists()
    )
    if has_people and target is None:
        raise ValidationError({"target": "该单位还有待审核的业务或已入库人员，请选择转入的单位。"})
    counts = _rehome(actor=actor, bureau=bureau, source=unit, target=target, why=f"停用{unit.name}") if target else {}
    unit.is_active = False
    unit.save(update_fields=["is_active"])
    audit_record(action="organisation.deactivate", actor=actor, organisation=bureau, obj=unit,
                 detail={"reason": reason.strip(), "target": target.name if target else "", **counts})
    return counts


# -- no case waits with nobody -------------------------------------------------------------------


@transaction.atomic
def unattended_units_flag(*, today=None, organisation_ids=None) -> list:
    """Flag each unit that has cases waiting and nobody in force to act on them to the reviewers and
    administrators of its supervising unit and of its region's HR bureau (in-system, SMS/e-mail), at
    most once a day per unit (UnattendedFlag; ``today`` defaults to the local date).
    ``organisation_ids`` limits the check (a submit checks the unit it reached). Run by the scheduler
    and after each submit.

    Returns the new ``UnattendedFlag`` rows. Raises nothing. Audited (organisation.unattended) per flag.
    """
    from django.utils import timezone

    from zhicheng.cases.services import notification_send

    from .models import Membership, UnattendedFlag
    from .selectors import units_unattended

    today = today or timezone.localdate()
    flags = []
    for unit, waiting in units_unattended(organisation_ids=organisation_ids):
        flag, created = UnattendedFlag.objects.get_or_create(organisation=unit, flagged_on=today,
                                                             defaults={"waiting": waiting})
        if not created:
            continue
        bureau = Organisation.objects.filter(kind=OrgKind.HR_BUREAU, region_id=unit.region_id).first()
        recipients = {unit.supervising_unit_id, bureau.pk if bureau else None} - {None}
        people = {m.user for m in Membership.objects.filter(
            organisation_id__in=recipients, role__in=["reviewer", "org_admin"], is_active=True).select_related("user")}
        for person in people:
            notification_send(
                user=person, title=f"{unit.name}有 {waiting} 件业务无人审核",
                body=f"{unit.name}（{unit.region.full_name}）有 {waiting} 件待审核业务，但目前没有有效的审核人员。"
                "请督促该单位管理员设置审核人员，或由人社部门调整该单位。",
            )
        audit_record(action="organisation.unattended", organisation=unit, obj=unit,
                     detail={"waiting": waiting, "notified": len(people)})
        flags.append(flag)
    return flags
