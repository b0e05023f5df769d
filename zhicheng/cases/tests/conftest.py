"""A test business type with a final 受理 step, and helpers shared by the case tests."""

from __future__ import annotations

import pytest

from zhicheng.cases.constants import StepLabel
from zhicheng.cases.registry import BusinessType, RouteStep, business_type_register
from zhicheng.cases.routes import chain_route, hr_bureau_of
from zhicheng.orgs.constants import Role
from zhicheng.orgs.models import Organisation

TEST_BUSINESS = "test_recognition"
HOOK_CALLS: list[tuple[str, int]] = []


def _route(case):
    unit = Organisation.objects.get(name="龙川县人民医院")
    return chain_route(
        unit, final=RouteStep(hr_bureau_of(unit), StepLabel.HR_BUREAU.label, Role.REVIEWER, is_final=True)
    )


business_type_register(
    BusinessType(
        code=TEST_BUSINESS,
        label="测试认定",
        route_builder=_route,
        on_accept=lambda *, case, actor: HOOK_CALLS.append(("accept", case.pk)),
        on_refuse=lambda *, case, actor: HOOK_CALLS.append(("refuse", case.pk)),
    )
)


@pytest.fixture
def hook_calls():
    HOOK_CALLS.clear()
    return HOOK_CALLS


@pytest.fixture
def hr_reviewer_lc(cast):
    """A reviewer at 河源市龙川县人力资源和社会保障局 (the HR bureau of 龙川县人民医院's region)."""
    return cast["county_hr_reviewer"]
