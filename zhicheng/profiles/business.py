"""Registers the profile business (个人基本信息审核) with the case engine."""

from __future__ import annotations

from django.urls import reverse

from zhicheng.cases.models import PROFILE_BUSINESS
from zhicheng.cases.registry import BusinessType, business_type_register


def _detail_context(case, viewer=None) -> dict:
    from .models import Attachment, ProfileVersion

    version = ProfileVersion.objects.filter(case=case).first()
    data = version.data if version else {}
    ctx = {"version": version, "data": data}
    if viewer is not None and viewer.pk != case.applicant_id:
        # Staff never download a file the applicant removed (zhicheng.cases.files): no dead link.
        ids = [row.get("id") for row in data.get("attachments", [])]
        ctx["withdrawn_attachment_ids"] = set(
            Attachment.objects.filter(pk__in=ids, removed_at__isnull=False).values_list("pk", flat=True)
        )
    return ctx


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
            detail_template="profiles/includes/version_detail.html",
            detail_context=_detail_context,
            applicant_url=lambda case: reverse("profiles:dashboard"),
            finished_label="已入库",
            submitted_files=profile_case_files,
        )
    )
