"""Who may act on a case: the applicant for save/submit/withdraw; active staff holding the
step's role at the organisation of the current step for approve/return/accept/refuse."""

from __future__ import annotations


def staff_can_act_at(*, user, organisation_id: int, role: str) -> bool:
    """Whether ``user`` (active, signed in) holds ``role`` at organisation ``organisation_id`` with a
    membership in force today; read from the memberships loaded once per request
    (``User.active_membership_rows``), not a query per check."""
    if user is None or not user.is_active or not user.is_authenticated:
        return False
    # The memberships read once per request (User.active_membership_rows), not a query per check.
    return any(org == organisation_id and held == role for org, held, _ in user.active_membership_rows)


def is_applicant(*, user, case) -> bool:
    """Whether ``user`` (active, signed in) is the applicant of ``case``."""
    return user is not None and user.is_authenticated and user.is_active and case.applicant_id == user.pk
