"""Writes and reads of the paper materials on a case (纸质材料登记).

Also the unit's 纸质材料审核 (:class:`~zhicheng.paper_materials.models.PaperReview`) and the one rule that
uses it, :func:`paper_first_approval_check` — registered with the case engine as an approval check
(decision 0032): on a plan marked 先交纸质材料，后补网上信息 the personnel unit may pass a case whose
required online attachments are missing when its paper review lists them as checked.

Who records: active reviewers (or committee office staff) of the organisation where the case is
now (``Case.current_organisation``) — the unit that has the applicant's papers in hand. Everyone
who sees the case (``zhicheng.cases.selectors.cases_visible_to``: the applicant and the staff of
each organisation on its route) sees the record. Every change is audited (``paper.record``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhicheng.audit.services import audit_record
from zhicheng.cases.models import Case
from zhicheng.cases.permissions import staff_can_act_at
from zhicheng.cases.registry import business_type_get
from zhicheng.cases.selectors import CASE_ROLES

from .models import PaperConclusion, PaperMaterial, PaperReview, PaperStep

#: The step each step needs first (收到 before 已核, 已核 before 已盖章, 收到 before 退还).
REQUIRES = {PaperStep.CHECKED: PaperStep.RECEIVED, PaperStep.STAMPED: PaperStep.CHECKED,
            PaperStep.RETURNED: PaperStep.RECEIVED}


def paper_declared_names(*, case: Case) -> list[str]:
    """The materials the applicant declared (提交资料清单, one per line) on the case's business
    object (评审申请, 考核认定申请); [] for a business without such a list."""
    obj = case.business_object if case.object_id else None
    text = getattr(obj, "materials", "") or ""
    return list(dict.fromkeys(line.strip()[:200] for line in text.splitlines() if line.strip()))


def can_record_paper(*, user, case: Case) -> bool:
    """Whether ``user`` records paper materials on ``case`` now: staff of its current organisation."""
    if case.current_organisation_id is None:
        return False
    return any(staff_can_act_at(user=user, organisation_id=case.current_organisation_id, role=role)
               for role in CASE_ROLES)


@dataclass
class PaperRow:
    """One line of the record: a saved row, or a declared material nobody has recorded yet."""

    name: str
    declared: bool
    material: PaperMaterial | None = None


def paper_record_of(*, case: Case) -> list[PaperRow]:
    """The case's paper record: the declared materials in the applicant's order (recorded or not),
    then the others staff added. Two queries (the rows, the business object)."""
    rows = {m.name: m for m in case.paper_materials.select_related(
        "organisation", "received_by", "checked_by", "stamped_by", "returned_by").order_by("id")}
    declared = paper_declared_names(case=case)
    out = [PaperRow(name=n, declared=True, material=rows.pop(n, None)) for n in declared]
    out += [PaperRow(name=m.name, declared=m.declared, material=m) for m in rows.values()]
    return out


@transaction.atomic
def paper_material_record(*, case: Case, actor, name: str, step: str, copies: int = 1, note: str = "") -> PaperMaterial:
    """Record that the paper material ``name`` of ``case`` was received, checked, stamped or
    returned (``step``: a ``PaperStep`` value) by ``actor`` now.

    The first step of a material must be 收到; 已核 needs 收到, 已盖章 needs 已核, 退还 needs 收到; a
    step is recorded once. A material not on the applicant's list may be added (``declared``
    false). Raises ``PermissionDenied`` unless ``actor`` is staff of the case's current
    organisation, ``ValidationError`` (Chinese message) for an empty name, an unknown step or a
    step out of order. Audited (``paper.record``) with the organisation, the material and the step.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not can_record_paper(user=actor, case=case):
        raise PermissionDenied("只有业务当前所在单位的审核人员可以登记纸质材料。")
    name = " ".join((name or "").split())[:200]
    if not name:
        raise ValidationError({"name": "请填写材料名称。"})
    if step not in PaperStep.values:
        raise ValidationError({"step": "请选择登记的环节。"})
    material = PaperMaterial.objects.select_for_update().filter(case=case, name=name).first()
    if material is None:
        if step != PaperStep.RECEIVED:
            raise ValidationError({"step": f"“{name}”尚未登记收到。"})
        material = PaperMaterial(case=case, name=name, organisation_id=case.current_organisation_id,
                                 declared=name in paper_declared_names(case=case))
    if getattr(material, f"{step}_at"):
        raise ValidationError({"step": f"“{name}”已登记{PaperStep(step).label}。"})
    needed = REQUIRES.get(step)
    if needed and not getattr(material, f"{needed}_at"):
        raise ValidationError({"step": f"“{name}”须先登记{PaperStep(needed).label}。"})
    if material.returned_at:
        raise ValidationError({"step": f"“{name}”已退还申报人。"})
    now = timezone.now()
    setattr(material, f"{step}_at", now)
    setattr(material, f"{step}_by", actor)
    if step == PaperStep.RECEIVED:
        material.copies = max(1, min(int(copies or 1), 99))
    if note:
        material.note = note.strip()[:200]
    material.full_clean()
    material.save()
    audit_record(
        action="paper.record", actor=actor, organisation=case.current_organisation, obj=case,
        detail={"material": material.name, "step": step, "declared": material.declared, "copies": material.copies,
                "note": material.note},
    )
    return material


# -- 纸质材料审核 and 先交纸质材料，后补网上信息 (decision 0032) ------------------------------------------
def case_plan(*, case: Case):
    """The plan ``case`` runs under (``BusinessType.plans_of``: an 评审申请's ``EvaluationPlan``), or None."""
    business = business_type_get(case.business_type)
    return business.plans_of([case.pk]).get(case.pk) if business.plans_of else None


def online_attachment_gaps(*, case: Case, plan=None) -> list[str]:
    """The attachment kinds ``plan`` requires online (``EvaluationPlan.online_attachments_required``, labels
    such as 居民身份证) that the record ``case`` was submitted with does not carry: the kinds listed in the
    frozen profile version of its business object (评审申请, 考核认定申请). [] without a plan or requirement."""
    plan = plan if plan is not None else case_plan(case=case)
    required = list(getattr(plan, "online_attachments_required", None) or [])
    if not required:
        return []
    obj = case.business_object if case.object_id else None
    version = getattr(obj, "profile_version", None)
    present = {row.get("kind") for row in ((version.data or {}).get("attachments", []) if version else [])}
    return [kind for kind in required if kind not in present]


def paper_review_choices(*, case: Case, plan=None) -> list[str]:
    """What a paper review may list as checked: the attachment kinds the plan requires online, then the
    materials the applicant declared (提交资料清单)."""
    plan = plan if plan is not None else case_plan(case=case)
    required = list(getattr(plan, "online_attachments_required", None) or [])
    return list(dict.fromkeys(required + paper_declared_names(case=case)))


def paper_reviews_of(*, case: Case) -> list[PaperReview]:
    """Every paper review recorded on ``case``, newest first (one query)."""
    return list(case.paper_reviews.select_related("organisation", "reviewer").order_by("-created_at", "-id"))


def paper_review_current(*, case: Case, organisation_id: int) -> PaperReview | None:
    """The newest paper review ``organisation_id`` recorded on ``case`` since its latest submission (a review
    before a return and resubmission checked other papers), or None."""
    qs = case.paper_reviews.filter(organisation_id=organisation_id).select_related("reviewer")
    if case.submitted_at:
        qs = qs.filter(created_at__gte=case.submitted_at)
    return qs.order_by("-created_at", "-id").first()


@transaction.atomic
def paper_review_record(*, case: Case, actor, reference: str, reviewed_on: dt.date, conclusion: str,
                        materials_checked: list[str], note: str = "") -> PaperReview:
    """Record the 纸质材料审核 of ``case`` by its current organisation, ``actor`` as the reviewer.

    Args: ``reference`` the unit's own number for it (1–60 characters); ``reviewed_on`` the day, not after
    today; ``conclusion`` a ``PaperConclusion`` value; ``materials_checked`` names among
    :func:`paper_review_choices` (the plan's required attachment kinds, the declared materials).
    Raises ``PermissionDenied`` unless ``actor`` is staff of the case's current organisation, and
    ``ValidationError`` by field (Chinese messages). Audited (``paper.review``).
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not can_record_paper(user=actor, case=case):
        raise PermissionDenied("只有业务当前所在单位的审核人员可以登记纸质材料审核。")
    errors: dict[str, str] = {}
    reference = " ".join((reference or "").split())
    if not reference:
        errors["reference"] = "请填写纸质审核编号。"
    elif len(reference) > 60:
        errors["reference"] = "纸质审核编号不超过 60 个字。"
    if reviewed_on is None:
        errors["reviewed_on"] = "请填写审核日期。"
    elif reviewed_on > timezone.localdate():
        errors["reviewed_on"] = "审核日期不能晚于今天。"
    if conclusion not in PaperConclusion.values:
        errors["conclusion"] = "请选择审核结论。"
    offered = paper_review_choices(case=case)
    checked = [m for m in offered if m in set(materials_checked or [])]
    unknown = [m for m in (materials_checked or []) if m not in offered]
    if unknown:
        errors["materials_checked"] = f"不在可选范围内：{'、'.join(unknown)}。"
    if errors:
        raise ValidationError(errors)
    review = PaperReview(case=case, organisation_id=case.current_organisation_id, reference=reference,
                         reviewed_on=reviewed_on, reviewer=actor, conclusion=conclusion, materials_checked=checked,
                         note=(note or "").strip()[:500])
    review.full_clean()
    review.save()
    audit_record(
        action="paper.review", actor=actor, organisation=case.current_organisation, obj=case,
        detail={"reference": reference, "reviewed_on": reviewed_on.isoformat(), "conclusion": conclusion,
                "materials_checked": checked, "note": review.note},
    )
    return review


def paper_first_approval_check(*, case: Case, step) -> str | None:
    """The approval check of the case engine (``zhicheng.cases.registry.approval_check_register``) for the
    online attachments a plan requires — the one place the rule of decision 0032 is written:

    * at the personnel unit's step (the route's first) of a case whose plan requires attachment kinds
      online (``EvaluationPlan.online_attachments_required``), each must be in the submitted record;
    * on a plan marked 先交纸质材料，后补网上信息 (``paper_first``), the missing ones are allowed when the
      unit's paper review since the latest submission (:func:`paper_review_current`) concludes that the
      papers meet the requirements and lists each of them as checked. Nothing else is relaxed: the
      supervising unit and the committee office approve as before, and a complete record needs no review.

    Returns None when the approval may go ahead, else the reason in Chinese naming what is missing (the
    engine raises it as ``TransitionNotAllowed``). At most four queries (plan, business object, version,
    review)."""
    if step is None or step.order != 0:
        return None
    plan = case_plan(case=case)
    gaps = online_attachment_gaps(case=case, plan=plan)
    if not gaps:
        return None
    missing = "、".join(gaps)
    if not plan.paper_first:
        return f"网上材料不全：本评审计划要求上传的附件缺少{missing}。请退回申报人补充后再审核通过。"
    review = paper_review_current(case=case, organisation_id=step.organisation_id)
    if review is None:
        return (f"网上材料缺少{missing}。本计划先交纸质材料，后补网上信息：请先登记纸质材料审核，"
                "列明已核对的材料，再审核通过。")
    if not review.meets:
        return (f"纸质材料审核（编号 {review.reference}）的结论为“{review.get_conclusion_display()}”，"
                f"不能凭此审核通过；网上材料缺少{missing}。")
    uncovered = [g for g in gaps if g not in review.materials_checked]
    if uncovered:
        return (f"纸质材料审核（编号 {review.reference}）未列明已核对：{'、'.join(uncovered)}。"
                "请补登纸质材料审核，或退回申报人在网上补充。")
    return None

