import datetime as dt

import pytest

from zhicheng.catalog.models import Committee, Qualification, Specialty
from zhicheng.orgs.constants import OrgKind
from zhicheng.orgs.models import Organisation


@pytest.fixture(autouse=True)
def kept_media(settings, tmp_path):
    """Kept PDFs (decision 0025) and uploads of these tests go to a directory of their own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def bureau(region_code: str) -> Organisation:
    return Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id=region_code)


def qualification(name: str) -> Qualification:
    return Qualification.objects.select_related("series").get(name=name)


def specialty(series_code: str, name: str) -> Specialty:
    return Specialty.objects.get(series__code=series_code, name=name)


def issue(cast_or_user, **kwargs):
    """Issue a certificate with sensible defaults (河源市人社局, 助理工程师 考核认定)."""
    from zhicheng.certificates.services import certificate_issue

    heyuan = bureau("441600")
    defaults = {
        "qualification": qualification("助理工程师"),
        "specialty": specialty("engineering", "建筑工程"),
        "committee": None,
        "issuer": heyuan,
        "issued_on": dt.date(2030, 6, 1),
        "actor": None,
    }
    defaults.update(kwargs)
    return certificate_issue(holder=cast_or_user, **defaults)


@pytest.fixture
def heyuan_bureau(db):
    return bureau("441600")


@pytest.fixture
def heyuan_committee(db):
    return Committee.objects.get(organisation__name="河源市工程技术人才中级职称评审委员会")
