"""Writes of the integrity records: record a finding (and its computed effects), lodge and resolve an
objection. Every step is audited; effects are applied by the services of the apps that own them
(``certificates.services.certificate_revoke`` / ``certificate_reinstate``,
``committees.services.experts_remove_everywhere``) inside the same transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhicheng.audit.services import audit_record
from zhicheng.catalog.eligibility import anniversary
from zhicheng.certificates.models import Certificate
from zhicheng.certificates.numbering import certificate_number_grouped
from zhicheng.certificates.services import certificate_reinstate, certificate_revoke
from zhicheng.committees.services import experts_remove_everywhere
from zhicheng.common.exceptions import ServiceError
from zhicheng.common.uploads import ALLOWED_UPLOAD_TYPES, attachment_check
from zhicheng.orgs.constants import OrgKind, Role
from zhicheng.orgs.models import Membership, Organisation

from .models import (
    DEFAULT_BAR_YEARS,
    DEFAULT_RULE,
    FindingKind,
    FindingStatus,
    IntegrityFinding,
    IntegrityObjection,
    ObjectionStatus,
    SubjectRole,
)
from .selectors import date_zh, recording_offices, revocable_certificates


class IntegrityRecordError(ServiceError):
    """An integrity-record step that cannot be done (not allowed, wrong state)."""

    default_message = "无法办理该诚信档案事项。"


class NotAllowed(IntegrityRecordError):
    def __init__(self, message: str = "您无权办理此事项。"):
        super().__init__(message)


def bar_ends(*, decided_on: dt.date, years: int) -> dt.date:
    """The first day after the bar: the anniversary ``years`` after ``decided_on`` (29 February falls
    back to the month's last day, ``catalog.eligibility.anniversary``). 记录期限为3年 (人社部令第40号)."""
    return anniversary(decided_on, years)


def revocation_reason(*, kind: str, rule: str) -> str:
    """The public reason of a revocation (shown on verification): what was found and the rule, no personal data."""
    return f"经查实{FindingKind(kind).label}，依据{rule}撤销。"[:200]


def _check_text(value: str, field: str, label: str, limit: int = 2000) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: f"请填写{label}。"})
    if len(value) > limit:
        raise ValidationError({field: f"{label}不能超过{limit}字。"})
    return value


@transaction.atomic
def finding_record(
    *, actor, office: Organisation, subject, kind: str, facts: str, evidence, rule: str = DEFAULT_RULE,
    decided_on: dt.date | None = None, bar_years: int = DEFAULT_BAR_YEARS,
    subject_role: str = SubjectRole.APPLICANT, certificates: Sequence[Certificate] = (), case=None,
) -> IntegrityFinding:
    """Record a finding in ``subject``'s integrity record (诚信档案) for ``office`` and apply its effects.

    Args:
        actor: staff of ``office``; office: an HR bureau or committee organisation that may record about
            ``subject`` (:func:`.selectors.recording_offices`), else :class:`NotAllowed`.
        kind: a ``FindingKind`` value; facts: what was found (≤2000); evidence: an uploaded PDF/JPG/PNG
            (``common.uploads.attachment_check``); rule: the rule cited (default 第40号令); decided_on: the
            decision's date (default today, not in the future); bar_years: 1–10 (default 3).
        subject_role: "applicant" or "expert"; certificates: certificates obtained by it, each revocable
            by ``office`` (:func:`.selectors.revocable_certificates`); case: the case it was found in.

    Effects (computed): ``bar_ends_on`` = anniversary of ``decided_on``; each certificate revoked with the
    public reason :func:`revocation_reason`; the person leaves every expert pool. Audited
    ``integrity.finding_record`` (and each effect by its own service). Field errors: ``ValidationError``.
    """
    if office not in recording_offices(actor=actor, subject=subject):
        raise NotAllowed()
    errors = {}
    if kind not in FindingKind.values:
        errors["kind"] = "请选择失信情形。"
    if subject_role not in SubjectRole.values:
        errors["subject_role"] = "请选择当事人身份。"
    today = timezone.localdate()
    decided_on = decided_on or today
    if decided_on > today:
        errors["decided_on"] = "处理决定日期不能晚于今天。"
    try:
        content_type = attachment_check(evidence)
    except ValidationError as exc:
        errors["evidence"] = exc.messages[0]
    try:
        facts = _check_text(facts, "facts", "查实的事实")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        rule = _check_text(rule, "rule", "处理依据", 200)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    allowed = {c.pk for c in revocable_certificates(office=office, subject=subject)}
    if any(c.pk not in allowed for c in certificates):
        errors["certificates"] = "所选证书不属于当事人的有效证书，或不由本单位撤销。"
    if errors:
        raise ValidationError(errors)
    data = b"".join(evidence.chunks())
    finding = IntegrityFinding(
        subject=subject, subject_role=subject_role, kind=kind, facts=facts, rule=rule, decided_on=decided_on,
        bar_years=int(bar_years), bar_ends_on=bar_ends(decided_on=decided_on, years=int(bar_years) or 1),
        case=case, organisation=office, recorded_by=actor, status=FindingStatus.IN_FORCE,
        evidence_name=(evidence.name or "证据材料")[-200:], evidence_type=content_type,
        evidence_sha256=hashlib.sha256(data).hexdigest(),
    )
    finding.evidence.save(ALLOWED_UPLOAD_TYPES[content_type], ContentFile(data), save=False)
    finding.full_clean()
    finding.save()
    finding.certificates.set(certificates)
    audit_record(
        action="integrity.finding_record", actor=actor, organisation=office, obj=finding,
        object_label=finding.audit_label,
        detail={"subject": subject.audit_label, "role": subject_role, "kind": kind, "rule": rule,
                "decided_on": decided_on.isoformat(), "bar_years": finding.bar_years,
                "bar_ends_on": finding.bar_ends_on.isoformat(), "evidence_sha256": finding.evidence_sha256,
                "certificates": [certificate_number_grouped(c.number) for c in certificates],
                "case": case.pk if case is not None else None},
    )
    reason = revocation_reason(kind=kind, rule=rule)
    for certificate in certificates:
        certificate_revoke(certificate=certificate, reason=reason, actor=actor, organisation=office,
                           detail={"finding": finding.pk})
    experts_remove_everywhere(
        user=subject,
        actor=actor,
        organisation=office,
        reason=f"记入诚信档案（记录 {finding.pk}），{date_zh(finding.bar_ends_on)}前不得担任评审专家",
    )
    return finding


@transaction.atomic
def objection_lodge(*, finding: IntegrityFinding, actor, text: str) -> IntegrityObjection:
    """The person lodges an objection (异议) to their own finding, while it is in force (one objection per
    finding: a rejected one leaves the finding upheld). ``text``: the grounds (≤2000). The finding becomes
    ``objection_pending``; its effects stay until the office resolves it. Audited ``integrity.objection_lodge``.
    Raises :class:`NotAllowed` for anyone but the person, :class:`IntegrityRecordError` in another state."""
    finding = IntegrityFinding.objects.select_for_update().get(pk=finding.pk)
    if actor is None or finding.subject_id != actor.pk:
        raise NotAllowed()
    if finding.status != FindingStatus.IN_FORCE:
        raise IntegrityRecordError(f"该记录当前状态为“{finding.get_status_display()}”，不能再提出异议。")
    text = _check_text(text, "text", "异议理由")
    objection = IntegrityObjection.objects.create(finding=finding, lodged_by=actor, text=text)
    finding.status = FindingStatus.OBJECTION_PENDING
    finding.save(update_fields=["status"])
    audit_record(action="integrity.objection_lodge", actor=actor, organisation=finding.organisation, obj=finding,
                 object_label=finding.audit_label, detail={"objection": objection.pk, "text": text[:200]})
    return objection


def may_resolve(*, user, finding: IntegrityFinding) -> bool:
    """Staff of the recording office (a bureau's reviewer or the committee's office) resolve objections."""
    role = Role.REVIEWER if finding.organisation.kind == OrgKind.HR_BUREAU else Role.COMMITTEE_OFFICE
    return bool(getattr(user, "is_authenticated", False)) and user.pk != finding.subject_id and \
        Membership.objects.in_force().filter(user=user, organisation_id=finding.organisation_id, role=role).exists()


@transaction.atomic
def objection_resolve(*, objection: IntegrityObjection, actor, upheld: bool, resolution: str) -> IntegrityObjection:
    """The recording office resolves a pending objection. ``upheld`` (异议成立): the finding is withdrawn —
    the bar is gone and each certificate it revoked is reinstated (``certificate_reinstate``); otherwise
    the finding is upheld (维持) and keeps its effects. ``resolution`` (≤2000) is required and shown to the
    person. Audited ``integrity.objection_resolve``. Raises :class:`NotAllowed`, :class:`IntegrityRecordError`
    when already resolved, ``ValidationError({"resolution": …})``."""
    objection = (
        IntegrityObjection.objects.select_for_update().select_related("finding__organisation").get(pk=objection.pk)
    )
    finding = IntegrityFinding.objects.select_for_update().get(pk=objection.finding_id)
    if not may_resolve(user=actor, finding=finding):
        raise NotAllowed()
    if objection.status != ObjectionStatus.PENDING:
        raise IntegrityRecordError("该异议已处理。")
    resolution = _check_text(resolution, "resolution", "处理意见")
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.REJECTED
    objection.resolution, objection.resolved_by, objection.resolved_at = resolution, actor, timezone.now()
    objection.full_clean()
    objection.save()
    finding.status = FindingStatus.WITHDRAWN if upheld else FindingStatus.UPHELD
    finding.save(update_fields=["status"])
    audit_record(action="integrity.objection_resolve", actor=actor, organisation=finding.organisation, obj=finding,
                 object_label=finding.audit_label,
                 detail={"objection": objection.pk, "upheld": bool(upheld), "resolution": resolution[:200],
                         "status": finding.status})
    if upheld:
        for certificate in finding.certificates.filter(status="revoked"):
            certificate_reinstate(
                certificate=certificate,
                reason=f"诚信档案记录 {finding.pk} 经异议处理已撤销，恢复证书。",
                actor=actor,
                organisation=finding.organisation,
                detail={"finding": finding.pk},
            )
    return objection
