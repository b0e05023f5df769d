import datetime as dt

import pytest

from zhicheng.catalog.models import Committee, Specialty

TODAY = dt.date(2026, 6, 15)


def committee(name: str) -> Committee:
    return Committee.objects.select_related("organisation").get(organisation__name=name)


@pytest.fixture
def building(db) -> Committee:
    return committee("广东省建筑工程技术人才职称评审委员会")


@pytest.fixture
def heyuan(db) -> Committee:
    return committee("河源市工程技术人才中级职称评审委员会")


@pytest.fixture
def specialty(db):
    def get(name: str, series: str = "engineering") -> Specialty:
        return Specialty.objects.get(series__code=series, name=name)

    return get


@pytest.fixture(autouse=True)
def no_plans(request):
    """Each test starts without plans, whether or not the demo data loaded some (it may, via demo_load)."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        from zhicheng.catalog.models import EvaluationPlan

        request.getfixturevalue("db")
        EvaluationPlan.objects.all().delete()
