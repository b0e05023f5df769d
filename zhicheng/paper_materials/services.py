"""Writes and reads of the paper materials on a case (纸质材料登记).

Who records: active reviewers (or committee office staff) of the organisation where the case is
now (``Case.current_organisation``) — the unit that has the applicant's papers in hand. Everyone
who sees the case (``zhicheng.cases.selectors.cases_visible_to``: the applicant and the staff of
each organisation on its route) sees the record. Every change is audited (``paper.record``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhicheng.audit.services import audit_record
from zhicheng.cases.models import Case
from zhicheng.cases.permissions import staff_can_act_at
from zhicheng.cases.selectors import CASE_ROLES

from .models import PaperMaterial, PaperStep

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
