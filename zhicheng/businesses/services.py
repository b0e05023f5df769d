"""Writes of the businesses (评审申请, 考核认定申请, 人事管理单位变更申请, 证书补换发, 省外来粤资格确认).

Each business is a business object beside its :class:`~zhicheng.cases.models.Case`:

* ``<business>_save`` creates the draft case with its object (``case_create``) or updates the
  object while the case is a draft or returned;
* ``<business>_submit`` checks what must hold at submission (stored profile, pledge, open plan…),
  freezes what the reviewers must see (pre-check result, profile version) and calls
  ``case_submit``; the engine resolves the route with the ``*_route`` builder below;
* the engine calls the ``*_accepted`` / ``*_finished`` hooks inside the deciding transaction.

Every business requires the applicant's personal information to be stored (入库): the services
refuse otherwise (:class:`NotStored`), whatever the pages do.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhicheng.audit.services import audit_record
from zhicheng.cases.constants import StepLabel
from zhicheng.cases.models import Case
from zhicheng.cases.registry import RouteStep
from zhicheng.cases.routes import chain_route
from zhicheng.cases.services import (
    case_create,
    case_link_object,
    case_save,
    case_submit,
    case_summary_set,
    case_withdraw,
    notification_send,
)
from zhicheng.cases.workflow import CaseError, RouteError, TransitionNotAllowed
from zhicheng.catalog.constants import TitleLevel
from zhicheng.catalog.models import Committee, Qualification, Series, Specialty
from zhicheng.catalog.selectors import plan_accepting, plan_refusal_reason
from zhicheng.certificates.models import Certificate, CertificateStatus
from zhicheng.certificates.numbering import certificate_number_grouped
from zhicheng.certificates.services import certificate_issue, certificate_replace
from zhicheng.common.uploads import ALLOWED_UPLOAD_TYPES, attachment_check
from zhicheng.orgs.constants import OrgKind, Role
from zhicheng.orgs.models import Organisation
from zhicheng.profiles.selectors import StoredChain, profile_stored_chain

from .constants import PROVINCES_OUTSIDE, RECOGNITION_LEVELS, BusinessCode
from .models import (
    CertificateReplacementApplication,
    EvaluationApplication,
    ExternalTitleConfirmation,
    RecognitionApplication,
    ReplacementReason,
    ReturnedContent,
    SignedPledge,
    UnitChangeApplication,
)
from .selectors import (
    achievements_of,
    application_bar_of,
    application_snapshot,
    external_scan_meta,
    final_step_for,
    held_title_refusal,
    pledge_digest,
    precheck,
    precheck_as_json,
    recognition_bureau_for,
    replacement_open_for,
)

COMMITTEE_OFFICE_LABEL = str(StepLabel.COMMITTEE_OFFICE.label)
HR_BUREAU_LABEL = str(StepLabel.HR_BUREAU.label)


class NotStored(CaseError):
    default_message = (
        "您的个人基本信息尚未入库。请先填写个人基本信息，经人事管理单位、主管单位审核入库后，再办理职称业务。"
    )


class PledgeRequired(CaseError):
    default_message = "请阅读并勾选诚信承诺后再提交。"


# -- shared ---------------------------------------------------------------------------------------
def _require_stored(user) -> StoredChain:
    chain = profile_stored_chain(user)
    if not chain.is_stored:
        raise NotStored()
    return chain


def _editable(case: Case, actor, business_type: str) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.applicant_id != actor.pk or case.business_type != business_type:
        raise CaseError("只能修改本人的业务。")
    if not case.is_editable:
        raise TransitionNotAllowed("该业务已提交，正在审核中，不能修改。如需修改，请在人事管理单位审核前撤回。")
    return case


def _pledged_to_submit(*, case: Case, actor, business_type: str, model, on_date: dt.date | None):
    """What submitting an application with a pledge starts from: (chain, case, application, on_date).

    The stored profile (``NotStored``), the case editable by ``actor`` and locked (``_editable``), its
    application of ``model`` locked, the pledge ticked (``PledgeRequired``) and no bar on applying in
    force on ``on_date`` (default today; ``ApplicationBarred``)."""
    chain = _require_stored(actor)
    case = _editable(case, actor, business_type)
    app = model.objects.select_for_update().get(case=case)
    if not app.pledge_confirmed:
        raise PledgeRequired()
    on_date = on_date or timezone.localdate()
    _refuse_barred(actor=actor, on_date=on_date)
    return chain, case, app, on_date


def _summary_set(case: Case, summary: str) -> None:
    case_summary_set(case=case, summary=summary)


def _start_or_save(*, actor, case: Case | None, business_type: str, summary: str):
    """The draft case: created now (history 保存), or the existing editable one (history 保存)."""
    if case is None:
        return case_create(applicant=actor, business_type=business_type, summary=summary), True
    case = _editable(case, actor, business_type)
    case_save(case=case, actor=actor)
    _summary_set(case, summary)
    return case, False


def _link(case: Case, obj) -> None:
    case_link_object(case=case, business_object=obj)


def _check_title(*, series: Series, specialty: Specialty, level: int, qualification: Qualification) -> None:
    errors = {}
    if specialty.series_id != series.pk:
        errors["specialty"] = "所选专业不属于该系列。"
    if qualification.series_id != series.pk or qualification.level != int(level):
        errors["qualification"] = "所选资格名称与系列、级别不符。"
    if errors:
        raise ValidationError(errors)


class ApplicationBarred(CaseError):
    """A bar on applying is in force (诚信档案): the message says why and the day it ends."""


def _refuse_barred(*, actor, on_date: dt.date) -> None:
    """Raise :class:`ApplicationBarred` when a bar on applying is in force for ``actor`` on ``on_date``
    (:func:`.selectors.application_bar_of`; 《职称评审管理暂行规定》人社部令第40号: a person recorded in
    the integrity record for fraud may not apply for the period of the record, by default 3 years)."""
    message = application_bar_of(user=actor, on_date=on_date)
    if message:
        raise ApplicationBarred(message)


def _refuse_held_title(*, actor, qualification: Qualification, level: int) -> None:
    """Raise ``CaseError`` when the title may not be applied for (:func:`.selectors.held_title_refusal`:
    held already, or below the current title; issue 17, finding 3)."""
    reason = held_title_refusal(user=actor, qualification=qualification, level=level)
    if reason:
        raise CaseError(reason)


def application_returned(*, case: Case, actor) -> None:
    """The engine's ``on_return`` hook of every business: keep the content as it was returned
    (``ReturnedContent``, replaced at each return), so that the reviewers of the resubmission see
    each difference marked (issue 17). Runs inside the return's transaction, which audits it."""
    ReturnedContent.objects.update_or_create(
        case=case, defaults={"data": application_snapshot(case), "returned_at": timezone.now()})


def business_withdraw(*, case: Case, actor) -> Case:
    """撤回 one of the applicant's own business cases (only before the first reviewer acts)."""
    if case.business_type not in BusinessCode.values:
        raise CaseError("无法撤回该业务。")
    return case_withdraw(case=case, actor=actor)


def _last_step_org(case: Case) -> Organisation:
    return case.steps.select_related("organisation").order_by("-order").first().organisation


# -- 评审申请 ----------------------------------------------------------------------------------------
@transaction.atomic
def evaluation_save(
    *, actor, case: Case | None = None, series: Series, specialty: Specialty, level: int,
    qualification: Qualification, committee: Committee, selected_achievement_ids: list[int] | None = None,
    materials: str = "", pledge_confirmed: bool = False, on_date: dt.date | None = None,
) -> EvaluationApplication:
    """Create or update the draft 评审申请 (职称评审) of ``actor`` (history 保存 on ``case``).

    Args:
        actor: the applicant, whose profile must be stored (入库); case: the draft to update, None to start one.
        series, specialty, level (``TitleLevel``, 1 正高级 … 5 员级), qualification: the title applied for,
            consistent with each other; committee: the evaluation committee chosen, which must accept this
            specialty and level on ``on_date`` (default today) for the applicant's region (its published plan).
        selected_achievement_ids: ids of the stored profile's achievements to attach (unknown ids dropped);
        materials: free text; pledge_confirmed: whether the 诚信承诺 box is ticked (required only to submit).

    Returns the saved ``EvaluationApplication`` (with its plan). Raises ``NotStored`` (a ``CaseError``)
    without a stored profile, ``ValidationError`` for an inconsistent title or a committee that does not
    accept it (on ``committee``, the reason of ``plan_refusal_reason``), ``CaseError`` when ``case`` is not
    the actor's editable case. Audited as ``business.evaluation.save``."""
    chain = _require_stored(actor)
    on_date = on_date or timezone.localdate()
    _check_title(series=series, specialty=specialty, level=level, qualification=qualification)
    reason = plan_refusal_reason(
        committee=committee, specialty=specialty, level=int(level), on_date=on_date,
        region_code=chain.personnel_unit.region_id,
    )
    if reason:
        raise ValidationError({"committee": reason + "。"})
    plan = plan_accepting(committee=committee, specialty=specialty, level=int(level), on_date=on_date)
    known = {a["id"] for a in achievements_of(user=actor)}
    ids = [int(i) for i in (selected_achievement_ids or []) if int(i) in known]
    summary = f"{qualification.name}（{series.name}·{specialty.name}）· {committee.name}"
    case, created = _start_or_save(actor=actor, case=case, business_type=BusinessCode.EVALUATION, summary=summary)
    app = EvaluationApplication.objects.filter(case=case).first() or EvaluationApplication(case=case, applicant=actor)
    app.series, app.specialty, app.level, app.qualification = series, specialty, int(level), qualification
    app.committee, app.plan = committee, plan
    app.selected_achievement_ids = ids
    app.materials = (materials or "").strip()
    app.pledge_confirmed = bool(pledge_confirmed)
    app.full_clean()
    app.save()
    if created:
        _link(case, app)
    audit_record(action="business.evaluation.save", actor=actor, obj=case,
                 detail={"qualification": qualification.name, "committee": committee.name, "achievements": ids})
    return app


PLEDGE_CHANGED_MESSAGE = "诚信承诺书的内容已更新，请重新阅读后再勾选确认。"


@transaction.atomic
def evaluation_submit(
    *, case: Case, actor, on_date: dt.date | None = None, client_ip: str = "", pledge_shown_digest: str | None = None,
) -> Case:
    """提交 a 评审申请 and sign its 诚信承诺书.

    The pledge signed is the accepting plan's ``pledge_text`` at this moment; it is stored as a
    ``SignedPledge`` (text, time, account, ``client_ip`` from ``zhicheng.common.net.client_ip``) that
    no later change of the plan reaches, and audited (``business.evaluation.pledge_signed``).
    ``pledge_shown_digest`` is ``pledge_digest`` of the text the form showed: if the plan's text
    changed since, nothing is signed and ``ValidationError({"pledge": …})`` asks to read it again.
    Raises ``PledgeRequired`` when the pledge is not confirmed, ``ApplicationBarred`` while a bar on
    applying is in force (诚信档案), ``CaseError`` when no plan accepts the case (人社部令第40号: the
    applicant answers for the truth of what is submitted).
    """
    chain, case, app, on_date = _pledged_to_submit(
        case=case, actor=actor, business_type=BusinessCode.EVALUATION, model=EvaluationApplication, on_date=on_date
    )
    reason = plan_refusal_reason(
        committee=app.committee, specialty=app.specialty, level=app.level, on_date=on_date,
        region_code=chain.personnel_unit.region_id,
    )
    if reason:
        raise CaseError(reason + "。")
    app.plan = plan_accepting(committee=app.committee, specialty=app.specialty, level=app.level, on_date=on_date)
    _refuse_held_title(actor=actor, qualification=app.qualification, level=app.level)
    text = app.plan.pledge_text
    if pledge_shown_digest is not None and pledge_shown_digest != pledge_digest(text):
        raise ValidationError({"pledge": PLEDGE_CHANGED_MESSAGE})
    result = precheck(user=actor, level=app.level, series=app.series, committee=app.committee, specialty=app.specialty,
                      on_date=on_date)
    app.eligibility = precheck_as_json(result, on_date=on_date)
    app.profile_version = chain.version
    app.full_clean()
    app.save()
    case = case_submit(case=case, actor=actor)
    pledge = SignedPledge.objects.create(
        case=case, signer=actor, text=text, signed_at=timezone.now(), ip_address=(client_ip or "")[:64],
    )
    audit_record(action="business.evaluation.pledge_signed", actor=actor, obj=case,
                 detail={"pledge": pledge.pk, "plan": app.plan.pk, "digest": pledge_digest(text),
                         "ip": pledge.ip_address})
    return case


def evaluation_route(case: Case) -> list[RouteStep]:
    """The route of a 评审申请: 人事管理单位 → 主管单位 → the chosen committee's office (``final_step_for``).
    Raises ``RouteError`` when no committee is chosen (or the unit chain is broken, ``chain_route``)."""
    app = EvaluationApplication.objects.select_related("committee__organisation").get(case=case)
    chain = profile_stored_chain(case.applicant)
    final = final_step_for(code=BusinessCode.EVALUATION, personnel_unit=chain.personnel_unit, committee=app.committee)
    if final is None:
        raise RouteError("请选择评审委员会。")
    return chain_route(chain.personnel_unit, final=final)


def evaluation_plans_of(case_ids: list[int]) -> dict:
    """{case id: EvaluationPlan} — the plan whose stage deadlines and correction period apply (one query)."""
    rows = EvaluationApplication.objects.filter(case_id__in=case_ids).select_related("plan")
    return {row.case_id: row.plan for row in rows}


# -- 考核认定申请 ------------------------------------------------------------------------------------
@transaction.atomic
def recognition_save(
    *, actor, case: Case | None = None, series: Series, specialty: Specialty, level: int,
    qualification: Qualification, materials: str = "", pledge_confirmed: bool = False,
) -> RecognitionApplication:
    """Create or update the draft 考核认定 application of ``actor`` (history 保存 on ``case``).

    Args: actor (stored profile required), case (None to start one), series, specialty, level,
    qualification (consistent with each other), materials (free text), pledge_confirmed.

    Only 中级, 助理级 and 员级 may be recognised (``RECOGNITION_LEVELS``); ``ValidationError`` on
    ``level`` otherwise, or for an inconsistent title. Raises ``NotStored`` without a stored profile.
    Returns the saved ``RecognitionApplication``. Audited as ``business.recognition.save``."""
    _require_stored(actor)
    if int(level) not in RECOGNITION_LEVELS:
        raise ValidationError({"level": "考核认定只适用于员级、助理级和中级职称。"})
    _check_title(series=series, specialty=specialty, level=level, qualification=qualification)
    summary = f"{qualification.name}（{series.name}·{specialty.name}）· 考核认定"
    case, created = _start_or_save(actor=actor, case=case, business_type=BusinessCode.RECOGNITION, summary=summary)
    app = RecognitionApplication.objects.filter(case=case).first() or RecognitionApplication(case=case, applicant=actor)
    app.series, app.specialty, app.level, app.qualification = series, specialty, int(level), qualification
    app.materials = (materials or "").strip()
    app.pledge_confirmed = bool(pledge_confirmed)
    app.full_clean()
    app.save()
    if created:
        _link(case, app)
    audit_record(
        action="business.recognition.save", actor=actor, obj=case, detail={"qualification": qualification.name}
    )
    return app


@transaction.atomic
def recognition_submit(*, case: Case, actor, on_date: dt.date | None = None) -> Case:
    """Submit a 考核认定 application: the pledge must be ticked (``PledgeRequired``), no bar on applying in
    force on ``on_date`` (default today; ``ApplicationBarred``, 人社部令第40号 诚信档案), the title not held
    already nor below the current one (``CaseError``). The eligibility precheck is recorded as it stood
    (``precheck_as_json``), with the stored profile version and the recognising bureau
    (``recognition_bureau_for``). Returns the case, submitted (``case_submit``; its errors too)."""
    chain, case, app, on_date = _pledged_to_submit(
        case=case, actor=actor, business_type=BusinessCode.RECOGNITION, model=RecognitionApplication, on_date=on_date
    )
    _refuse_held_title(actor=actor, qualification=app.qualification, level=app.level)
    result = precheck(user=actor, level=app.level, series=app.series, specialty=app.specialty, on_date=on_date)
    app.eligibility = precheck_as_json(result, on_date=on_date)
    app.profile_version = chain.version
    app.bureau = recognition_bureau_for(unit=chain.personnel_unit, level=app.level)
    app.full_clean()
    app.save()
    return case_submit(case=case, actor=actor)


def recognition_route(case: Case) -> list[RouteStep]:
    """The route of a 考核认定: 人事管理单位 → 主管单位 → the bureau that recognises the level
    (``recognition_bureau_for``). Raises ``RouteError`` while the profile is not stored."""
    app = RecognitionApplication.objects.get(case=case)
    chain = profile_stored_chain(case.applicant)
    if chain.personnel_unit is None:
        raise RouteError("个人基本信息尚未入库。")
    final = final_step_for(code=BusinessCode.RECOGNITION, personnel_unit=chain.personnel_unit, level=app.level)
    return chain_route(chain.personnel_unit, final=final)


def recognition_granted(*, case: Case, actor) -> None:
    """认定通过 (after 受理, confirmed on its own screen): issue the certificate in the deciding
    transaction and tell the applicant its number. 受理 alone issues nothing (issue 17)."""
    app = RecognitionApplication.objects.select_for_update().select_related("qualification", "specialty").get(case=case)
    bureau = _last_step_org(case)
    certificate = certificate_issue(
        holder=case.applicant, qualification=app.qualification, specialty=app.specialty, committee=None,
        issuer=bureau, recognising_bureau=bureau, issued_on=timezone.localdate(), actor=actor, case_id=case.pk,
    )
    app.bureau = bureau
    app.certificate = certificate
    app.full_clean()
    app.save()
    number = certificate.number
    notification_send(
        user=case.applicant, case=case, title="您的职称已考核认定",
        body=f"{bureau.name}已认定您的{app.qualification.name}资格，证书编号 {number}，可在“我的证书”下载电子证书。",
    )


# -- 人事管理单位变更申请 ------------------------------------------------------------------------------
@transaction.atomic
def unit_change_save(*, actor, case: Case | None = None, to_unit: Organisation, reason: str) -> UnitChangeApplication:
    """Create or update the draft 人事管理单位变更 of ``actor``: from the stored unit to ``to_unit``.

    ``to_unit`` must be an active personnel unit other than the current one, ``reason`` is required
    (``ValidationError`` on ``unit`` / ``reason``). One open change per applicant: ``CaseError`` when
    another is open (also when two are saved at once: the unique constraint). Raises ``NotStored``
    without a stored profile. Returns the saved ``UnitChangeApplication``. Audited as
    ``business.unit_change.save``."""
    chain = _require_stored(actor)
    if to_unit.kind != OrgKind.PERSONNEL_UNIT or not to_unit.is_active:
        raise ValidationError({"unit": "请选择有效的人事管理单位。"})
    if to_unit.pk == chain.personnel_unit.pk:
        raise ValidationError({"unit": "新人事管理单位与现在的人事管理单位相同，请选择其他单位。"})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写变更原因。"})
    if case is None:
        existing = UnitChangeApplication.objects.filter(applicant=actor, is_open=True).first()
        if existing is not None:
            raise CaseError("您已有一件正在办理的人事管理单位变更申请，请先办完或修改该申请。")
    summary = f"{chain.personnel_unit.name} → {to_unit.name}"
    case, created = _start_or_save(actor=actor, case=case, business_type=BusinessCode.UNIT_CHANGE, summary=summary)
    app = UnitChangeApplication.objects.filter(case=case).first() or UnitChangeApplication(case=case, applicant=actor)
    app.from_unit, app.to_unit, app.reason = chain.personnel_unit, to_unit, reason
    app.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            app.save()
    except IntegrityError:
        raise CaseError("您已有一件正在办理的人事管理单位变更申请，请先办完或修改该申请。") from None
    if created:
        _link(case, app)
    audit_record(action="business.unit_change.save", actor=actor, obj=case,
                 detail={"from": chain.personnel_unit.name, "to": to_unit.name})
    return app


@transaction.atomic
def unit_change_submit(*, case: Case, actor) -> Case:
    """Submit a 人事管理单位变更. The unit that must release the applicant is the one stored now (it is
    re-read); ``CaseError`` if that is already the new unit. Returns the case, submitted (``case_submit``)."""
    chain = _require_stored(actor)
    case = _editable(case, actor, BusinessCode.UNIT_CHANGE)
    app = UnitChangeApplication.objects.select_for_update().get(case=case)
    if app.to_unit_id == chain.personnel_unit.pk:
        raise CaseError("新人事管理单位与现在的人事管理单位相同。")
    app.from_unit = chain.personnel_unit  # the unit that must release is the one in force now
    app.full_clean(validate_constraints=False)
    app.save()
    return case_submit(case=case, actor=actor)


def unit_change_route(case: Case) -> list[RouteStep]:
    """The route of a 人事管理单位变更: the releasing unit (the current one) → the receiving unit → the
    receiving unit's supervising unit. Raises ``RouteError`` when the new unit has no supervising unit."""
    app = UnitChangeApplication.objects.select_related("from_unit", "to_unit__supervising_unit").get(case=case)
    new_supervisor = app.to_unit.supervising_unit
    if new_supervisor is None:
        raise RouteError("新人事管理单位没有主管单位，请联系当地人社部门。")
    return [
        RouteStep(app.from_unit, str(StepLabel.RELEASING_UNIT.label), Role.REVIEWER),
        RouteStep(app.to_unit, str(StepLabel.RECEIVING_UNIT.label), Role.REVIEWER),
        RouteStep(new_supervisor, "新主管单位", Role.REVIEWER),
    ]


def unit_change_finished(*, case: Case, actor) -> None:
    """The new supervising unit approved: the applicant's chain switches to the new unit."""
    from zhicheng.profiles.services import profile_personnel_unit_switch

    app = UnitChangeApplication.objects.select_for_update().select_related("to_unit").get(case=case)
    profile_personnel_unit_switch(user=case.applicant, unit=app.to_unit, actor=actor, case=case)
    app.is_open = False
    app.switched_at = timezone.now()
    app.full_clean(validate_constraints=False)
    app.save()


# -- 证书补换发 ----------------------------------------------------------------------------------------
@transaction.atomic
def replacement_save(
    *, actor, case: Case | None = None, certificate: Certificate, reason: str, explanation: str
) -> CertificateReplacementApplication:
    """Create or update the draft 证书补换发 application of ``actor`` for ``certificate``.

    The certificate must be the actor's own and valid, with no other open replacement application;
    ``reason`` one of ``ReplacementReason`` (遗失 or 损毁); ``explanation`` required (``ValidationError``
    on the field otherwise). Raises ``NotStored`` without a stored profile. Returns the saved
    ``CertificateReplacementApplication``. Audited as ``business.replacement.save`` (the number grouped)."""
    _require_stored(actor)
    if certificate.holder_id != actor.pk or certificate.status != CertificateStatus.VALID:
        raise ValidationError({"certificate": "请选择本人的有效证书。"})
    if replacement_open_for(certificate=certificate, exclude_case=case):
        raise ValidationError({"certificate": "该证书已有正在办理的补换发申请。"})
    if reason not in ReplacementReason.values:
        raise ValidationError({"reason": "请选择补换发原因。"})
    explanation = (explanation or "").strip()
    if not explanation:
        raise ValidationError({"explanation": "请说明证书遗失或损毁的情况。"})
    summary = f"{certificate.qualification.name} 证书{ReplacementReason(reason).label}补换发"
    case, created = _start_or_save(actor=actor, case=case, business_type=BusinessCode.REPLACEMENT, summary=summary)
    app = (CertificateReplacementApplication.objects.filter(case=case).first()
           or CertificateReplacementApplication(case=case, applicant=actor))
    app.certificate, app.reason, app.explanation = certificate, reason, explanation
    app.full_clean()
    app.save()
    if created:
        _link(case, app)
    audit_record(action="business.replacement.save", actor=actor, obj=case,
                 detail={"certificate": certificate_number_grouped(certificate.number), "reason": reason})
    return app


@transaction.atomic
def replacement_submit(*, case: Case, actor) -> Case:
    """Submit a 证书补换发 application; ``CaseError`` if the certificate is no longer valid (voided or
    revoked since it was saved). Returns the case, submitted (``case_submit``)."""
    _require_stored(actor)
    case = _editable(case, actor, BusinessCode.REPLACEMENT)
    app = CertificateReplacementApplication.objects.select_related("certificate").get(case=case)
    if app.certificate.status != CertificateStatus.VALID:
        raise CaseError("该证书已不是有效证书，不能申请补换发。")
    return case_submit(case=case, actor=actor)


def replacement_route(case: Case) -> list[RouteStep]:
    """The route of a 证书补换发: 人事管理单位 → 主管单位 → the certificate's issuing bureau
    (``final_step_for``). Raises ``RouteError`` when the chain is broken (``chain_route``)."""
    app = CertificateReplacementApplication.objects.select_related("certificate__issuer").get(case=case)
    chain = profile_stored_chain(case.applicant)
    final = final_step_for(code=BusinessCode.REPLACEMENT, personnel_unit=chain.personnel_unit,
                           certificate=app.certificate)
    return chain_route(chain.personnel_unit, final=final)


def replacement_granted(*, case: Case, actor) -> None:
    """同意补发 (after 受理): the new certificate replaces the original, in the deciding transaction."""
    app = CertificateReplacementApplication.objects.select_for_update().select_related("certificate").get(case=case)
    reason = f"{ReplacementReason(app.reason).label}：{app.explanation}"[:200]
    replacement = certificate_replace(certificate=app.certificate, actor=actor, reason=reason)
    app.replacement = replacement
    app.full_clean()
    app.save()
    notification_send(
        user=case.applicant, case=case, title="您的职称证书已补换发",
        body=f"新证书编号 {replacement.number}，原证书 {app.certificate.number} 已失效。可在“我的证书”下载电子证书。",
    )


# -- 省外来粤资格确认 --------------------------------------------------------------------------------
@transaction.atomic
def external_save(
    *, actor, case: Case | None = None, province: str, issuing_authority: str, qualification: Qualification,
    document_number: str, obtained_on: dt.date, uploaded=None,
) -> ExternalTitleConfirmation:
    """Create or update the draft 省外来粤职称确认 (a title obtained outside Guangdong) of ``actor``.

    Args:
        province: one of ``PROVINCES_OUTSIDE``; issuing_authority, document_number: required text;
        qualification: the equivalent qualification (its series and level are copied);
        obtained_on: a date not after today; uploaded: the certificate's scan (PDF, JPG or PNG, judged by
            its bytes, ``attachment_check``), required the first time, kept when None afterwards.

    Raises ``ValidationError`` with every bad field at once, ``NotStored`` without a stored profile.
    Returns the saved ``ExternalTitleConfirmation`` (the file's SHA-256, type and size recorded).
    Audited as ``business.external.save``."""
    _require_stored(actor)
    errors = {}
    if province not in PROVINCES_OUTSIDE:
        errors["province"] = "请选择取得职称的省份（广东省以外）。"
    if not (issuing_authority or "").strip():
        errors["issuing_authority"] = "请填写发证机关。"
    if not (document_number or "").strip():
        errors["document_number"] = "请填写证书（文件）编号。"
    if obtained_on and obtained_on > timezone.localdate():
        errors["obtained_on"] = "取得时间不能晚于今天。"
    existing = ExternalTitleConfirmation.objects.filter(case=case).first() if case else None
    if uploaded is None and existing is None:
        errors["file"] = "请上传职称证书扫描件（PDF、JPG 或 PNG）。"
    content_type = None
    if uploaded is not None:
        try:
            content_type = attachment_check(uploaded)
        except ValidationError as exc:
            errors["file"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    summary = f"{province}{qualification.name}资格确认"
    case, created = _start_or_save(actor=actor, case=case, business_type=BusinessCode.EXTERNAL, summary=summary)
    app = existing or ExternalTitleConfirmation(case=case, applicant=actor)
    app.province, app.issuing_authority = province, issuing_authority.strip()
    app.qualification, app.series, app.level = qualification, qualification.series, qualification.level
    app.document_number, app.obtained_on = document_number.strip(), obtained_on
    if uploaded is not None:
        data = b"".join(uploaded.chunks())
        app.sha256 = hashlib.sha256(data).hexdigest()
        app.content_type, app.size = content_type, len(data)
        app.original_name = (uploaded.name or "证书扫描件")[-200:]
        app.file.save(ALLOWED_UPLOAD_TYPES[content_type], ContentFile(data), save=False)
    app.full_clean()
    app.save()
    if created:
        _link(case, app)
    audit_record(action="business.external.save", actor=actor, obj=case,
                 detail={"province": province, "qualification": qualification.name, "sha256": app.sha256})
    return app


@transaction.atomic
def external_submit(*, case: Case, actor) -> Case:
    """Submit the confirmation; the scan it is submitted with is recorded (``submitted_scan``):
    staff on the route see that one, not a later upload (zhicheng.cases.files)."""
    _require_stored(actor)
    case = _editable(case, actor, BusinessCode.EXTERNAL)
    app = ExternalTitleConfirmation.objects.select_for_update().get(case=case)
    app.submitted_scan = external_scan_meta(app)
    app.save(update_fields=["submitted_scan", "updated_at"])
    return case_submit(case=case, actor=actor)


def external_route(case: Case) -> list[RouteStep]:
    """The route of a 省外来粤职称确认: 人事管理单位 → 主管单位 → the unit's HR bureau
    (``final_step_for``). Raises ``RouteError`` while the profile is not stored."""
    chain = profile_stored_chain(case.applicant)
    if chain.personnel_unit is None:
        raise RouteError("个人基本信息尚未入库。")
    final = final_step_for(code=BusinessCode.EXTERNAL, personnel_unit=chain.personnel_unit)
    return chain_route(chain.personnel_unit, final=final)


def external_granted(*, case: Case, actor) -> None:
    """确认 (after 受理): the out-of-province title is recorded as confirmed by the deciding bureau."""
    app = ExternalTitleConfirmation.objects.select_for_update().get(case=case)
    app.bureau = _last_step_org(case)
    app.confirmed_at = timezone.now()
    app.confirmed_by = actor
    app.full_clean()
    app.save()
    audit_record(action="business.external.confirm", actor=actor, organisation=app.bureau, obj=case,
                 detail={"province": app.province, "qualification": app.qualification.name,
                         "level": str(TitleLevel(app.level).label)})


# -- one open application per plan / qualification (issue 17) ----------------------------------------
def evaluation_open_key(case: Case) -> tuple[str, str]:
    """``BusinessType.open_key`` of 评审申请: one open application per person and evaluation plan."""
    app = EvaluationApplication.objects.select_related("plan").get(case=case)
    return f"plan:{app.plan_id}", f"该评审计划（{app.plan.title}）"


def recognition_open_key(case: Case) -> tuple[str, str]:
    """``BusinessType.open_key`` of 考核认定申请: one open application per person and qualification."""
    app = RecognitionApplication.objects.select_related("qualification").get(case=case)
    return f"qualification:{app.qualification_id}", f"“{app.qualification.name}”资格"
