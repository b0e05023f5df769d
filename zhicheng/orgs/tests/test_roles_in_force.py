"""A role past its end date counts nowhere, the same day, before ``memberships_expire`` runs.

Each role question used to filter ``is_active`` alone (the end date was honoured only by the
navigation), so a reviewer whose role ended yesterday still saw and decided cases until the daily
command ran. ``Membership.objects.in_force()`` / ``in_force_q`` is now the one answer (issue 15, 19).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zhicheng.accounts.selectors import window_organisations_for
from zhicheng.cases.selectors import memberships_with_waiting_counts, staff_membership
from zhicheng.catalog.selectors import committees_managed_by
from zhicheng.certificates.selectors import managing_bureau_ids
from zhicheng.committees.selectors import bureaus_confirming
from zhicheng.documents.selectors import plans_visible_to as summary_plans_visible_to
from zhicheng.orgs.models import Membership
from zhicheng.orgs.selectors import organisations_managed_by

# (cast key, what the role opens) — each must be non-empty in force and empty once ended.
QUESTIONS = {
    "unit_reviewer": lambda u: memberships_with_waiting_counts(user=u)
    + ([1] if staff_membership(user=u, organisation_id=Membership.objects.get(user=u).organisation_id) else []),
    "committee_office": lambda u: list(committees_managed_by(user=u)),
    "hr_reviewer": lambda u: list(bureaus_confirming(user=u)) + managing_bureau_ids(user=u),
    "window_staff": lambda u: list(window_organisations_for(user=u)),
}


def _end(user, *, on: dt.date) -> None:
    Membership.objects.filter(user=user).update(ends_on=on)  # is_active stays true: the daily task has not run


@pytest.mark.parametrize("key", sorted(QUESTIONS))
def test_a_role_counts_through_its_last_day_and_not_after(cast, key):
    user = cast[key]
    today = timezone.localdate()
    _end(user, on=today)
    user.refresh_from_db()
    assert QUESTIONS[key](user), "in force through its last day"
    _end(user, on=today - dt.timedelta(days=1))
    user = type(user).objects.get(pk=user.pk)  # a new request: nothing cached on the instance
    assert not QUESTIONS[key](user), "out of force the day after, before memberships_expire"


def test_the_committee_offices_plans_and_the_unit_administrators_units_end_too(cast):
    office = cast["committee_office"]
    assert summary_plans_visible_to(user=office).exists() or committees_managed_by(user=office).exists()
    _end(office, on=timezone.localdate() - dt.timedelta(days=1))
    office = type(office).objects.get(pk=office.pk)
    assert not summary_plans_visible_to(user=office).exists()
    admin = Membership.objects.filter(role="org_admin").select_related("user").first().user
    assert organisations_managed_by(user=admin).exists()
    _end(admin, on=timezone.localdate() - dt.timedelta(days=1))
    assert not organisations_managed_by(user=type(admin).objects.get(pk=admin.pk)).exists()
