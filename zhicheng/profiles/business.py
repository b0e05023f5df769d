"""Registers the profile business (个人基本信息审核) with the case engine."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from zhicheng.cases.models import PROFILE_BUSINESS
from zhicheng.cases.registry import BusinessType, business_type_register


def _record(case, viewer=None) -> dict:
    """The record of a profile case for its reviewers: the version it submitted, marked against the
    version as it was returned (a resubmission) or else against the stored version it would replace."""
    from .record import record_change_count
    from .selectors import case_record_context

    version = _version_of(case)
    if version is None:
        return {}
    base, base_label = None, ""
    if version.returned_data is not None and version.stored_at is None:
        base, base_label = version.returned_data, "与退回时提交的内容相比"
    elif version.profile.stored_version_id is not None:  # never stored: no earlier stored version to compare with
        previous = version.profile.versions.filter(stored_at__isnull=False).exclude(pk=version.pk) \
            .filter(number__lt=version.number if version.number else 10**9).order_by("-number").first()
        if previous is not None:
            base, base_label = previous.data, f"与第 {previous.number} 版入库信息相比"
    ctx = case_record_context(case=case, version=version, base=base, base_label=base_label)
    ctx["change_count"] = record_change_count(ctx["sections"]) if base is not None else 0
    return ctx


def _version_of(case):
    from .models import ProfileVersion

    return ProfileVersion.objects.filter(case=case).select_related("profile").first()


def _returned(*, case, actor) -> None:
    """On return: keep the submitted content, so that the resubmission is shown marked against it."""
    from .models import ProfileVersion

    ProfileVersion.objects.filter(case=case, stored_at__isnull=True).update(returned_data=models.F("data"))


def register() -> None:
    from zhicheng.cases.files import uploaded_file_kind_register

    from .selectors import ATTACHMENT_KIND, attachment_owned, profile_case_files
    from .services import profile_case_finished, profile_case_route

    uploaded_file_kind_register(ATTACHMENT_KIND, attachment_owned)

    business_type_register(
        BusinessType(
            code=PROFILE_BUSINESS,
            label="个人基本信息",
            route_builder=profile_case_route,
            on_finish=profile_case_finished,
            record_of=_record,
            on_return=_returned,
            applicant_url=lambda case: reverse("profiles:dashboard"),
            finished_label="已入库",
            submitted_files=profile_case_files,
        )
    )
