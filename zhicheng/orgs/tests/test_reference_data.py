import pytest
from django.core.management import call_command

from tests.world.load import world_load
from zhicheng.catalog.constants import RunsOn
from zhicheng.catalog.models import Committee, Qualification, Series
from zhicheng.common.validators import validate_credit_code
from zhicheng.orgs.constants import OrgKind, RegionLevel
from zhicheng.orgs.models import Organisation, Region

pytestmark = pytest.mark.django_db


def test_region_counts_and_known_codes():
    assert Region.objects.filter(level=RegionLevel.PROVINCE).count() == 1
    assert Region.objects.filter(level=RegionLevel.CITY).count() == 21
    assert Region.objects.filter(level=RegionLevel.COUNTY).count() == 122
    known = {"440000": "广东省", "441800": "清远市", "441622": "龙川县", "440604": "禅城区", "441400": "梅州市"}
    for code, name in known.items():
        assert Region.objects.get(code=code).name == name
    assert Region.objects.get(code="441622").parent.name == "河源市"
    assert Region.objects.get(code="441622").full_name == "河源市龙川县"


def test_loading_twice_changes_nothing():
    before = (Region.objects.count(), Organisation.objects.count(), Qualification.objects.count())
    call_command("load_reference_data", verbosity=0)
    world_load()
    assert (Region.objects.count(), Organisation.objects.count(), Qualification.objects.count()) == before


def test_every_region_has_its_hr_bureau():
    assert Organisation.objects.filter(kind=OrgKind.HR_BUREAU).count() == Region.objects.count()
    assert Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id="440000").name == "广东省人力资源和社会保障厅"


def test_every_city_has_talent_market_and_nonpublic_point():
    for city in Region.objects.filter(level=RegionLevel.CITY):
        assert Organisation.objects.filter(region=city, is_talent_market=True).count() == 1
        point = Organisation.objects.get(region=city, is_nonpublic_point=True)
        assert point.supervising_unit.kind == OrgKind.HR_BUREAU


def test_provincial_construction_point_and_employers():
    point = Organisation.objects.get(name="广东省建设教育协会")
    assert point.is_nonpublic_point and point.region_id == "440000"
    assert point.supervising_unit.name == "广东省住房和城乡建设厅"
    employers = Organisation.objects.filter(
        kind=OrgKind.PERSONNEL_UNIT, is_talent_market=False, is_nonpublic_point=False
    )
    assert employers.count() >= 30
    assert employers.values("region__parent").distinct().count() >= 5
    assert all(e.supervising_unit_id for e in employers)


def test_all_credit_codes_valid():
    for code in Organisation.objects.values_list("credit_code", flat=True):
        assert validate_credit_code(code) == code


def test_catalogue_series_and_levels():
    for name in ["工程", "卫生", "中小学教师", "经济", "会计"]:
        assert Series.objects.filter(name=name).exists()
    engineering = Series.objects.get(code="engineering")
    assert list(engineering.qualifications.order_by("level").values_list("name", flat=True)) == [
        "正高级工程师", "高级工程师", "工程师", "助理工程师", "技术员",
    ]


def test_committees_include_external_systems():
    external = Committee.objects.filter(runs_on=RunsOn.EXTERNAL)
    names = " ".join(c.organisation.name for c in external)
    for word in ["广州", "深圳", "卫生", "电力"]:
        assert word in names
    assert Committee.objects.filter(runs_on=RunsOn.THIS_SYSTEM, organisation__region_id="440000").exists()
    assert Committee.objects.exclude(organisation__region_id="440000").exists()


def test_pinyin_initials_find_talent_market():
    org = Organisation.objects.get(name="清远市人才市场")
    assert org.name_initials == "qysrcsc"
    assert org.name_pinyin == "qingyuanshirencaishichang"
