"""The 单位注册 card showed on the workbench of staff who already belong to a unit (a newcomer's walk): it is
offered only to accounts without a membership in force."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_unit_registration_is_offered_to_people_without_a_unit_only(client, crew):
    client.force_login(crew.applicant)
    assert 'id="unit-registration-card"' in client.get("/").content.decode()
    for staff in (crew.unit_reviewer, crew.unit_admin, crew.supervisor_reviewer):
        client.force_login(staff)
        assert 'id="unit-registration-card"' not in client.get("/").content.decode()
