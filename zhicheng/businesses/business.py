"""Registers this app's business types with the case engine (called from ``AppConfig.ready``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from zhicheng.cases.registry import BusinessType, business_type_register

from .constants import BUSINESS_BY_CODE, BusinessCode


def _applicant_url(case) -> str:
    return reverse("businesses:case", args=[case.pk])


def detail_context(case, viewer=None) -> dict:
    """What the business-specific part of a case page shows (staff detail and the applicant's page)."""
    from zhicheng.catalog.constants import TitleLevel

    from .selectors import business_object_of, signed_pledge_of

    obj = business_object_of(case=case)
    ctx: dict = {"app": obj}
    if obj is None:
        return ctx
    if case.business_type == BusinessCode.EVALUATION:
        version = obj.profile_version
        data = version.data if version else {}
        if not data:
            from zhicheng.profiles.selectors import profile_stored_chain

            chain = profile_stored_chain(case.applicant)
            data = chain.version.data if chain.is_stored else {}
        chosen = set(obj.selected_achievement_ids or [])
        ctx["achievements"] = [a for a in data.get("achievements", []) if a.get("id") in chosen]
        ctx["signed_pledge"] = signed_pledge_of(case=case)
    if case.business_type in (BusinessCode.EVALUATION, BusinessCode.RECOGNITION):
        ctx["level_label"] = TitleLevel(obj.level).label
        if viewer is not None and viewer.pk != case.applicant_id and case.is_open:
            # The pre-check at submission beside the same check run now (issue 17): a reviewer sees
            # whether time or a newer stored record changed the answer.
            from .selectors import precheck, precheck_as_json

            result = precheck(user=case.applicant, level=obj.level, series=obj.series,
                              committee=getattr(obj, "committee", None), specialty=obj.specialty,
                              qualification=obj.qualification)
            ctx["precheck_now"] = precheck_as_json(result) if result else None
    return ctx


def record_of(case, viewer=None) -> dict:
    """The record a reviewer reads on the case page: for 评审申请 and 考核认定, the stored profile version
    the case was submitted with, attachments inline; for the other businesses, the applicant's stored
    profile as it is now (they do not freeze one), listed without files (not submitted with them).

    A case resubmitted after a return is marked against the content as returned
    (``ReturnedContent``): the application's fields and chosen achievements (``application_sections``)
    and, when the applicant's profile version changed in between, every section of the profile —
    all through the one diff, :func:`zhicheng.profiles.record.snapshot_record`.
    """
    from zhicheng.profiles.models import ProfileVersion
    from zhicheng.profiles.record import record_change_count, snapshot_record
    from zhicheng.profiles.selectors import case_record_context, profile_stored_chain

    from .selectors import application_sections, application_snapshot, business_object_of, returned_content_of

    obj = business_object_of(case=case)
    version = getattr(obj, "profile_version", None)
    with_files, note = (
        True,
        f"提交时的入库信息（第 {version.number} 版）" if version is not None and version.number else "",
    )
    if version is None:
        chain = profile_stored_chain(case.applicant)
        if not chain.is_stored:
            return {}
        version, with_files = chain.version, False
        note = f"申报人当前的入库信息（第 {version.number} 版）；附件随个人基本信息审核提交，本业务未附"
    returned = returned_content_of(case)
    if returned is None:
        return case_record_context(case=case, version=version, with_files=with_files, note=note)
    base_version_id = returned.data.get("profile_version")
    base = version.data
    if base_version_id and base_version_id != version.pk:
        base = ProfileVersion.objects.filter(pk=base_version_id).values_list("data", flat=True).first() or version.data
    when = timezone.localtime(returned.returned_at)
    ctx = case_record_context(case=case, version=version, with_files=with_files, note=note, base=base,
                              base_label=f"与 {when:%Y-%m-%d %H:%M} 退回时提交的内容相比")
    field_sections, item_sections = application_sections(case.business_type)
    ctx["application_sections"] = snapshot_record(application_snapshot(case), returned.data,
                                                  field_sections=field_sections, item_sections=item_sections)
    ctx["change_count"] = record_change_count(ctx["sections"]) + record_change_count(ctx["application_sections"])
    return ctx


#: The sections of each application a returning reviewer may tick (issue 17), besides the record's.
RETURN_PARTS: dict[str, list[tuple[str, str]]] = {
    BusinessCode.EVALUATION: [
        ("application:title", "申报职称（系列、专业、级别、资格名称）"), ("application:committee", "评审委员会"),
        ("application:achievements", "代表性业绩成果的选择"), ("application:materials", "申报材料说明"),
    ],
    BusinessCode.RECOGNITION: [
        ("application:title", "申报职称（系列、专业、级别、资格名称）"), ("application:materials", "申报材料说明"),
    ],
    BusinessCode.UNIT_CHANGE: [("application:unit", "新人事管理单位"), ("application:reason", "变更原因")],
    BusinessCode.REPLACEMENT: [
        ("application:certificate", "申请补换发的证书"), ("application:reason", "补换发原因及说明"),
    ],
    BusinessCode.EXTERNAL: [
        ("application:certificate", "外省职称信息（省份、发证机关、资格名称、文号、取得时间）"),
        ("application:scan", "附件：职称证书扫描件"),
    ],
}


def return_parts(case) -> list[tuple[str, str]]:
    """``BusinessType.return_parts``: the application's own sections, by business."""
    return list(RETURN_PARTS.get(case.business_type, []))


def register() -> None:
    from zhicheng.cases.files import uploaded_file_kind_register

    from . import services
    from .selectors import (
        EXTERNAL_SCAN_KIND,
        business_case_files,
        external_scan_owned,
        grant_preview_external,
        grant_preview_recognition,
        grant_preview_replacement,
    )

    uploaded_file_kind_register(EXTERNAL_SCAN_KIND, external_scan_owned)
    common = {"detail_context": detail_context, "applicant_url": _applicant_url, "record_of": record_of,
              "submitted_files": business_case_files, "on_return": services.application_returned,
              "return_parts": return_parts}

    def template(code: str) -> str:
        return BUSINESS_BY_CODE[code].detail_template

    business_type_register(BusinessType(
        code=BusinessCode.EVALUATION.value, label="评审申请", route_builder=services.evaluation_route,
        detail_template=template(BusinessCode.EVALUATION), plans_of=services.evaluation_plans_of,
        open_key=services.evaluation_open_key,
        accept_note="进入评委会评审", **common,
    ))
    business_type_register(BusinessType(
        code=BusinessCode.RECOGNITION.value, label="考核认定申请", route_builder=services.recognition_route,
        on_grant=services.recognition_granted, detail_template=template(BusinessCode.RECOGNITION),
        open_key=services.recognition_open_key,
        accept_note="收件审查，不颁发证书", grant_label="认定通过", deny_label="不予认定",
        grant_note="颁发证书", grant_preview=grant_preview_recognition, **common,
    ))
    business_type_register(BusinessType(
        code=BusinessCode.UNIT_CHANGE.value, label="人事管理单位变更申请", route_builder=services.unit_change_route,
        on_finish=services.unit_change_finished, detail_template=template(BusinessCode.UNIT_CHANGE),
        finished_label="已办结，人事管理单位已变更", **common,
    ))
    business_type_register(BusinessType(
        code=BusinessCode.REPLACEMENT.value, label="证书补换发", route_builder=services.replacement_route,
        on_grant=services.replacement_granted, detail_template=template(BusinessCode.REPLACEMENT),
        accept_note="收件审查，不颁发证书", grant_label="同意补发", deny_label="不予补发",
        grant_note="颁发新证书，原证书失效", grant_preview=grant_preview_replacement, **common,
    ))
    business_type_register(BusinessType(
        code=BusinessCode.EXTERNAL.value, label="省外来粤资格确认", route_builder=services.external_route,
        on_grant=services.external_granted, detail_template=template(BusinessCode.EXTERNAL),
        accept_note="收件审查", grant_label="确认", deny_label="不予确认", grant_note="在本省有效",
        grant_preview=grant_preview_external, **common,
    ))
