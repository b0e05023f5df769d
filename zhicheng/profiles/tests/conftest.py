from __future__ import annotations

import datetime as dt

import pytest

from tests.world.profiles import profile_fill
from zhicheng.catalog.constants import Education
from zhicheng.orgs.models import Organisation
from zhicheng.profiles.models import EducationRecord, WorkRecord


def fill_profile(user, unit_name: str = "龙川县人民医院"):
    unit = Organisation.objects.get(name=unit_name)
    rows = {
        EducationRecord: [{"school": "嘉应学院", "major": "临床医学", "education": Education.BACHELOR,
                           "start_date": dt.date(2008, 9, 1), "end_date": dt.date(2013, 7, 1)}],
        WorkRecord: [{"unit_name": unit_name, "post": "医师", "start_date": dt.date(2013, 8, 1)}],
    }
    return profile_fill(user=user, unit=unit, rows=rows)


@pytest.fixture
def filled_profile(cast):
    return fill_profile(cast["applicant_a"])
