"""Route builders shared by businesses: the chain 人事管理单位 → 主管单位 (→ a final step)."""

from __future__ import annotations

from zhicheng.orgs.constants import OrgKind, Role
from zhicheng.orgs.models import Organisation

from .constants import StepLabel
from .registry import RouteStep
from .workflow import RouteError


def chain_route(
    personnel_unit: Organisation | None, *, final: RouteStep | None = None
) -> list[RouteStep]:
    """人事管理单位 → 主管单位, then ``final`` (e.g. the committee office, or the HR bureau)."""
    if personnel_unit is None or personnel_unit.kind != OrgKind.PERSONNEL_UNIT:
        raise RouteError("请先选择人事管理单位。")
    if not personnel_unit.is_active:
        raise RouteError("所选人事管理单位已停用，请重新选择。")
    steps = [RouteStep(personnel_unit, str(StepLabel.PERSONNEL_UNIT.label), Role.REVIEWER)]
    supervisor = personnel_unit.supervising_unit
    if supervisor is None:
        raise RouteError("所选人事管理单位没有主管单位，请联系当地人社部门。")
    # A talent market or non-public point is supervised by its HR bureau, which then acts as 主管单位.
    steps.append(RouteStep(supervisor, str(StepLabel.SUPERVISING_UNIT.label), Role.REVIEWER))
    if final is not None:
        steps.append(final)
    return steps


def hr_bureau_of(organisation: Organisation) -> Organisation:
    """The HR bureau of an organisation's region."""
    return Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id=organisation.region_id)
