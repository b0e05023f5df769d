"""A stored applicant (王建国, applicant C, made through the profile demo's services) and helpers."""

from __future__ import annotations

import pytest

from tests.world.cast import HEYUAN_ENG_COMMITTEE
from zhicheng.catalog.constants import TitleLevel
from zhicheng.catalog.models import Committee, Qualification, Series, Specialty


@pytest.fixture
def stored_c(cast):
    from tests.world.profiles import profiles_load

    profiles_load()
    return cast["applicant_c"]


def title(level=TitleLevel.INTERMEDIATE, specialty="建筑工程"):
    series = Series.objects.get(code="engineering")
    return {
        "series": series,
        "specialty": Specialty.objects.get(series=series, name=specialty),
        "level": int(level),
        "qualification": Qualification.objects.get(series=series, level=level, track=""),
    }


def heyuan_committee() -> Committee:
    return Committee.objects.get(organisation__name=HEYUAN_ENG_COMMITTEE)


def title_in_another_series(level=TitleLevel.ASSISTANT):
    """A qualification of ``level`` outside 工程 (王建国 holds 助理工程师: he may not apply for it again)."""
    qualification = (Qualification.objects.filter(level=level, track="").exclude(series__code="engineering")
                     .select_related("series").order_by("series__code", "id").first())
    return {"series": qualification.series, "specialty": Specialty.objects.filter(series=qualification.series).first(),
            "level": int(level), "qualification": qualification}
