"""Registers the profile business (个人基本信息审核) with the case engine."""

from __future__ import annotations

from django.urls import reverse

from zhicheng.cases.models import PROFILE_BUSINESS
from zhicheng.cases.registry import BusinessType, business_type_register


def _detail_context(case, viewer=None) -> dict:
    from .models import ProfileVersion

    version = ProfileVersion.objects.filter(case=case).first()
    return {"version": version, "data": version.data if version else {}}


def register() -> None:
    from .services import profile_case_finished, profile_case_route

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
        )
    )
