"""单位注册 (unit registration) on the case engine, business code ``unit_registration``.

A person acting for a unit (the 经办人, who becomes its first administrator) fills in the unit's
name, 统一社会信用代码 (GB 32100 check character), region, type, whether it holds personnel
files, its supervising unit, a contact and the scanned 单位授权委托书, saves and submits. The
route has one step: the supervising unit (for a 人才市场 or 非公申报点: the HR bureau of the region)
approves (the unit is created, the 经办人 is its administrator) or returns it with a reason.

The credit code's region digits (3rd–8th, the registration authority's region) must be the
chosen region: an enterprise (first character 9, licensed by 市场监督管理部门) registers in the
region of the bureau that licensed it (e.g. a 禅城区 enterprise licensed by the 禅城区
market-regulation bureau registers in 禅城区). Only an HR bureau, creating a unit itself
(``zhicheng.orgs.services.unit_create``), may override that with a recorded reason.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from zhicheng.audit.services import audit_record
from zhicheng.cases.constants import CaseStatus
from zhicheng.cases.models import Case
from zhicheng.cases.registry import BusinessType, RouteStep, business_type_register
from zhicheng.cases.services import case_create, case_link_object, case_submit, case_summary_set
from zhicheng.cases.workflow import CasePermissionDenied, RouteError, TransitionNotAllowed
from zhicheng.common.uploads import ALLOWED_UPLOAD_TYPES, attachment_check
from zhicheng.common.validators import normalize_identifier, normalize_phone, validate_credit_code, validate_mobile

from .constants import OrgKind, Role
from .models import Membership, Organisation, Region, UnitRegistration, UnitType

BUSINESS = "unit_registration"
LETTER_KIND = "unit_authorisation_letter"


def credit_code_region_problem(*, credit_code: str, region: Region) -> str:
    """A Chinese sentence when the region digits (3rd–8th) of ``credit_code`` (a valid GB 32100 code) are
    not ``region``'s 6-digit code, else "". Rule: an enterprise registers in the region of its
    registration authority (issue 19); the sentence names that region when it is known. Raises nothing."""
    digits = credit_code[2:8]
    if digits == region.code:
        return ""
    authority = Region.objects.filter(code=digits).select_related("parent").first()
    where = f"{authority.full_name}（{digits}）" if authority else digits
    if credit_code[:1] == "9":
        return (f"该统一社会信用代码的登记机关在{where}，与所选区划“{region.full_name}”不一致。"
                f"企业应在颁发营业执照的市场监督管理部门所在区划注册，请选择{where}。")
    return f"该统一社会信用代码的登记机关在{where}，与所选区划“{region.full_name}”不一致，请选择登记机关所在的区划。"


def supervising_units_for(*, region: Region | None = None):
    """Active supervising units a unit of ``region`` may belong to: those of the region, its city and the
    province (all of them when ``region`` is None), by region then pinyin. A queryset."""
    qs = Organisation.objects.filter(kind=OrgKind.SUPERVISING_UNIT, is_active=True).select_related("region__parent")
    if region is not None:
        codes = {region.code, region.code[:4] + "00", "440000"}
        qs = qs.filter(region_id__in=codes)
    return qs.order_by("region_id", "name_pinyin")


def _reviewing_unit(reg: UnitRegistration) -> Organisation:
    if reg.unit_type in (UnitType.TALENT_MARKET, UnitType.NONPUBLIC_POINT):
        bureau = Organisation.objects.filter(kind=OrgKind.HR_BUREAU, region_id=reg.region_id, is_active=True).first()
        if bureau is None:
            raise RouteError("该区划没有人社部门，无法办理。")
        return bureau
    if reg.supervising_unit is None or not reg.supervising_unit.is_active:
        raise RouteError("请选择主管单位。")
    return reg.supervising_unit


def _registration_open(*, actor, case: Case | None) -> tuple[Case | None, UnitRegistration | None]:
    """The case (locked) and its registration when ``actor`` edits their own draft; (None, None) for
    a new one. Raises ``CasePermissionDenied`` (not theirs) or ``TransitionNotAllowed`` (not editable)."""
    if case is None:
        return None, None
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.applicant_id != actor.pk or case.business_type != BUSINESS:
        raise CasePermissionDenied()
    if not case.is_editable:
        raise TransitionNotAllowed("该注册申请正在审核或已办结，不能修改。")
    return case, UnitRegistration.objects.get(case=case)


def _unit_identity_check(*, data: dict, case: Case | None, errors: dict[str, str]) -> tuple[str, str, Region | None]:
    """The unit's name, credit code (GB 32100, not registered, not under review, matching the region)
    and region; problems go into ``errors`` by field."""
    name = " ".join((data.get("name") or "").split())
    if not name:
        errors["name"] = "请填写单位名称（与营业执照或登记证书一致）。"
    code = normalize_identifier(data.get("credit_code") or "")
    try:
        validate_credit_code(code)
    except ValidationError as exc:
        errors["credit_code"] = exc.messages[0]
    region: Region | None = data.get("region")
    if region is None:
        errors["region"] = "请选择单位所在的行政区划。"
    if "credit_code" not in errors:
        if Organisation.objects.filter(credit_code=code).exists():
            errors["credit_code"] = "该统一社会信用代码的单位已在本系统注册。如需管理员账号，请联系该单位现有管理员。"
        elif UnitRegistration.objects.filter(credit_code=code, case__status=CaseStatus.SUBMITTED).exclude(
                case=case).exists():
            errors["credit_code"] = "该单位已有一份注册申请正在审核中。"
        elif region is not None:
            problem = credit_code_region_problem(credit_code=code, region=region)
            if problem:
                errors["region"] = problem
    return name, code, region


def _supervisor_check(*, data: dict, region: Region | None, errors: dict[str, str]) -> tuple[str, Organisation | None]:
    """The unit type and, for an employer, its supervising unit (in the region, its city or the
    province); problems go into ``errors``."""
    unit_type = data.get("unit_type") or UnitType.EMPLOYER
    supervisor = data.get("supervising_unit")
    if unit_type == UnitType.EMPLOYER:
        if supervisor is None:
            errors["supervising_unit"] = "请选择主管单位。"
        elif region is not None and not supervising_units_for(region=region).filter(pk=supervisor.pk).exists():
            errors["supervising_unit"] = "所选主管单位不在本区划、所在市或省级，请重新选择。"
    else:
        supervisor = None
    return unit_type, supervisor


def _contact_check(*, data: dict, errors: dict[str, str]) -> tuple[str, str]:
    """The contact person's name and mobile number; problems go into ``errors``."""
    contact_name = " ".join((data.get("contact_name") or "").split())
    if not contact_name:
        errors["contact_name"] = "请填写联系人姓名。"
    phone = normalize_phone(data.get("contact_phone") or "")
    try:
        validate_mobile(phone)
    except ValidationError as exc:
        errors["contact_phone"] = exc.messages[0]
    return contact_name, phone


def _letter_check(*, uploaded, existing: UnitRegistration | None, errors: dict[str, str]) -> str | None:
    """The authorisation letter's content type (required the first time); problems go into ``errors``."""
    if uploaded is None and existing is None:
        errors["file"] = "请上传加盖单位公章的单位授权委托书扫描件（PDF、JPG 或 PNG）。"
    elif uploaded is not None:
        try:
            return attachment_check(uploaded)
        except ValidationError as exc:
            errors["file"] = exc.messages[0]
    return None


def _letter_store(*, reg: UnitRegistration, uploaded, content_type: str) -> None:
    blob = b"".join(uploaded.chunks())
    reg.sha256 = hashlib.sha256(blob).hexdigest()
    reg.content_type, reg.size = content_type, len(blob)
    reg.original_name = (uploaded.name or "单位授权委托书")[-200:]
    reg.file.save(ALLOWED_UPLOAD_TYPES[content_type], ContentFile(blob), save=False)


@transaction.atomic
def registration_save(*, actor, case: Case | None = None, data: dict, uploaded=None) -> UnitRegistration:
    """Create or update the draft registration of ``actor`` (``case`` None for a new one). ``data``: name,
    credit_code, region (Region), unit_type, holds_personnel_files, supervising_unit (Organisation or
    None), scope_note, contact_name, contact_phone. ``uploaded``: the authorisation letter (PDF/JPG/PNG;
    required the first time).

    Returns the ``UnitRegistration`` (its case created on first save). Raises ``CasePermissionDenied``
    (not the applicant's registration), ``TransitionNotAllowed`` (under review or finished) and
    ``ValidationError`` with a Chinese message per field: the GB 32100 check, a code already registered
    or under review, the region rule (``credit_code_region_problem``), a supervising unit outside the
    region, the contact's mobile number, the letter's type. Audited (unit_registration.save).
    """
    case, existing = _registration_open(actor=actor, case=case)
    errors: dict[str, str] = {}
    name, code, region = _unit_identity_check(data=data, case=case, errors=errors)
    unit_type, supervisor = _supervisor_check(data=data, region=region, errors=errors)
    contact_name, phone = _contact_check(data=data, errors=errors)
    content_type = _letter_check(uploaded=uploaded, existing=existing, errors=errors)
    if errors:
        raise ValidationError(errors)

    if case is None:
        case = case_create(applicant=actor, business_type=BUSINESS, summary=f"{name}单位注册")
    else:
        case_summary_set(case=case, summary=f"{name}单位注册")
    reg = existing or UnitRegistration(case=case, applicant=actor)
    reg.name, reg.credit_code, reg.region, reg.unit_type = name, code, region, unit_type
    reg.holds_personnel_files = bool(data.get("holds_personnel_files")) or unit_type == UnitType.TALENT_MARKET
    reg.supervising_unit, reg.scope_note = supervisor, (data.get("scope_note") or "").strip()[:200]
    reg.contact_name, reg.contact_phone = contact_name, phone
    if uploaded is not None:
        _letter_store(reg=reg, uploaded=uploaded, content_type=content_type)
    reg.full_clean(exclude=["case"])
    reg.save()
    if existing is None:
        case_link_object(case=case, business_object=reg)
    audit_record(action="unit_registration.save", actor=actor, obj=case,
                 detail={"name": name, "credit_code": code, "region": region.code, "unit_type": unit_type})
    return reg


def _letter_meta(reg: UnitRegistration) -> dict:
    return {"name": reg.file.name, "original_name": reg.original_name, "content_type": reg.content_type,
            "size": reg.size, "sha256": reg.sha256}


@transaction.atomic
def registration_submit(*, case: Case, actor) -> Case:
    """Submit the registration of ``case`` to the supervising unit (or HR bureau); the letter submitted is
    frozen (what reviewers download). Returns the ``Case``. Raises ``CasePermissionDenied`` (``actor``
    is not the applicant), ``TransitionNotAllowed`` (the credit code was registered meanwhile) and the
    ``CaseError`` subclasses of ``cases.services.case_submit``."""
    reg = UnitRegistration.objects.select_for_update().get(case=case)
    if reg.applicant_id != actor.pk:
        raise CasePermissionDenied()
    if Organisation.objects.filter(credit_code=reg.credit_code).exists():
        raise TransitionNotAllowed("该统一社会信用代码的单位已在本系统注册。")
    reg.submitted_letter = _letter_meta(reg)
    reg.save(update_fields=["submitted_letter", "updated_at"])
    return case_submit(case=case, actor=actor)


def registration_route(case: Case) -> list[RouteStep]:
    """The route of a 单位注册 case (the business type's route builder): one step at the reviewing unit — the
    region's HR bureau for a 人才市场 or 非公申报点, else the supervising unit — for its reviewers. Returns a
    list of one ``RouteStep``. Raises ``RouteError`` when the region has no HR bureau or no active
    supervising unit is chosen."""
    reg = UnitRegistration.objects.select_related("supervising_unit").get(case=case)
    unit = _reviewing_unit(reg)
    label = "人社部门" if unit.kind == OrgKind.HR_BUREAU else "主管单位"
    return [RouteStep(unit, label, Role.REVIEWER)]


def registration_finished(*, case: Case, actor) -> None:
    """The case was approved (the business type's ``on_finish``): create the unit (flags from its type;
    talent markets and non-public points under the HR bureau) and make the applicant its first
    administrator (a role in force, invited by ``actor``). Returns nothing. Audited
    (organisation.register)."""
    reg = UnitRegistration.objects.select_for_update().select_related("region").get(case=case)
    supervisor = _reviewing_unit(reg) if reg.unit_type != UnitType.EMPLOYER else reg.supervising_unit
    org = Organisation(
        name=reg.name, credit_code=reg.credit_code, region=reg.region, kind=OrgKind.PERSONNEL_UNIT,
        is_talent_market=reg.unit_type == UnitType.TALENT_MARKET,
        is_nonpublic_point=reg.unit_type == UnitType.NONPUBLIC_POINT,
        holds_personnel_files=reg.holds_personnel_files, supervising_unit=supervisor, scope_note=reg.scope_note,
    )
    org.full_clean()
    org.save()
    reg.organisation = org
    reg.save(update_fields=["organisation", "updated_at"])
    from django.utils import timezone

    Membership.objects.create(user=reg.applicant, organisation=org, role=Role.ORG_ADMIN, is_active=True,
                              invited_by=actor, accepted_at=timezone.now())
    audit_record(action="organisation.register", actor=actor, organisation=supervisor, obj=org,
                 detail={"name": org.name, "credit_code": org.credit_code, "region": org.region_id,
                         "supervising_unit": supervisor.name, "first_admin": reg.applicant.audit_label})


def letter_owned(pk: int):
    """The authorisation letter of the registration ``pk`` as an ``OwnedFile`` (owner: the applicant; the
    current file), or None when there is no such registration or letter; for ``cases.files`` downloads."""
    from zhicheng.cases.files import CaseFile, OwnedFile

    reg = UnitRegistration.objects.filter(pk=pk).first()
    if reg is None or not reg.file:
        return None
    meta = _letter_meta(reg)
    return OwnedFile(owner_id=reg.applicant_id, current=CaseFile(kind=LETTER_KIND, pk=reg.pk, storage=reg.file.storage,
                                                                 **meta))


def submitted_files(case: Case) -> list:
    """The files frozen at submission of ``case``'s registration: a list with the authorisation letter as a
    ``CaseFile``, or empty. For the reviewers' downloads."""
    from zhicheng.cases.files import CaseFile

    reg = UnitRegistration.objects.filter(case=case).first()
    if reg is None or not reg.submitted_letter:
        return []
    return [CaseFile(kind=LETTER_KIND, pk=reg.pk, storage=reg.file.storage, **reg.submitted_letter)]


def detail_context(case: Case, viewer=None) -> dict:
    """The template context of the case page for ``case``: ``{"registration": UnitRegistration or None}``.
    ``viewer`` is unused (the case page already decided who may see it)."""
    return {"registration": UnitRegistration.objects.select_related("region__parent", "supervising_unit",
                                                                    "organisation").filter(case=case).first()}


def register() -> None:
    """Register the 单位注册 business type (route, finish, detail page, applicant URL, files) and the letter's
    file kind with the case engine; called once from ``OrgsConfig.ready``. Returns nothing."""
    from zhicheng.cases.files import uploaded_file_kind_register

    uploaded_file_kind_register(LETTER_KIND, letter_owned)
    business_type_register(BusinessType(
        code=BUSINESS, label="单位注册", route_builder=registration_route, on_finish=registration_finished,
        detail_template="orgs/registration_detail.html", detail_context=detail_context,
        applicant_url=lambda case: reverse("orgs:registration", args=[case.pk]),
        finished_label="已通过，单位已注册", submitted_files=submitted_files,
    ))
