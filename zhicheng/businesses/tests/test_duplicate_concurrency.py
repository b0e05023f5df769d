"""Two submissions of the same 考核认定 at the same moment: exactly one wins (the database constraint)."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.race import race
from zhicheng.businesses import services
from zhicheng.cases.models import Case
from zhicheng.cases.workflow import CaseError
from zhicheng.catalog.constants import TitleLevel

from .conftest import title

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"),
]


def test_two_submissions_at_once_exactly_one_wins(world):
    from tests.world.profiles import profiles_load

    profiles_load()
    user = world["applicant_c"]
    drafts = [services.recognition_save(actor=user, **title(TitleLevel.INTERMEDIATE), pledge_confirmed=True).case
              for _ in range(2)]
    outcomes = race(drafts, lambda case: services.recognition_submit(case=case, actor=user), refused=CaseError)
    assert sorted(o.split(":")[0] for o in outcomes) == ["refused", "won"], outcomes
    assert any("业务编号" in o for o in outcomes)
    assert Case.objects.filter(pk__in=[c.pk for c in drafts], status="submitted").count() == 1
