"""Who may act on a case: the applicant for save/submit/withdraw; active staff holding the
step's role at the organisation of the current step for approve/return/accept/refuse."""

from __future__ import annotations

from zhicheng.orgs.models import Membership


def staff_can_act_at(*, user, organisation_id: int, role: str) -> bool:
    if user is None or not user.is_active or not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user, organisation_id=organisation_id, role=role, is_active=True
    ).exists()


def is_applicant(*, user, case) -> bool:
    return user is not None and user.is_authenticated and user.is_active and case.applicant_id == user.pk
